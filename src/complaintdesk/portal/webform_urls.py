"""The public web form, mounted at /complain/."""

from django.urls import path

from complaintdesk.portal import views

app_name = "webform"
urlpatterns = [
    path("", views.complain, name="complain"),
    path("received/", views.complaint_received, name="received"),
    path("privacy/", views.privacy_notice, name="privacy"),
]
