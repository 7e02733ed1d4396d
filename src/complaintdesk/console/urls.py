from django.urls import path

from complaintdesk.console import views

app_name = "console"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.queue, name="queue"),
    path("complaints/new/", views.new_complaint, name="new_complaint"),
    path("complaints/<str:reference>/", views.complaint_page, name="complaint"),
    path("complaints/<str:reference>/edit/", views.edit_complaint, name="edit"),
    path("complaints/<str:reference>/notes/", views.add_note, name="note"),
    path("complaints/<str:reference>/replies/", views.reply, name="reply"),
    path("complaints/<str:reference>/actions/<str:action>/", views.take_action, name="action"),
]
