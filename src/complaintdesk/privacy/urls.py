from django.urls import path

from complaintdesk.privacy import views

app_name = "privacy"
urlpatterns = [
    path("customers/", views.customers, name="customers"),
    path("customers/<int:customer_id>/export/", views.export, name="export"),
    path("customers/<int:customer_id>/erase/", views.erase, name="erase"),
    path("reads/", views.reads, name="reads"),
]
