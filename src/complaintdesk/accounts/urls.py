from django.urls import path

from complaintdesk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/code/", views.second_factor_step, name="second_factor"),
    path("two-step/", views.two_factor, name="two_factor"),
]
