from django.urls import path

from complaintdesk.console import views

app_name = "console"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.queue, name="queue"),
]
