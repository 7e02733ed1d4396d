from django.urls import path

from complaintdesk.console import exports, responsibility_views, triage_views, views

app_name = "console"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.queue, name="queue"),
    path("complaints.csv", exports.queue_csv, name="queue_csv"),
    path("complaints/new/", views.new_complaint, name="new_complaint"),
    path("complaints/<str:reference>/", views.complaint_page, name="complaint"),
    path("complaints/<str:reference>/edit/", views.edit_complaint, name="edit"),
    path("complaints/<str:reference>/notes/", views.add_note, name="note"),
    path("complaints/<str:reference>/replies/", views.reply, name="reply"),
    path("complaints/<str:reference>/actions/<str:action>/", views.take_action, name="action"),
    path("complaints/<str:reference>/assessment/", triage_views.correct, name="correct"),
    path("complaints/<str:reference>/take/", responsibility_views.take, name="take"),
    path("complaints/<str:reference>/reassign/", responsibility_views.reassign, name="reassign"),
    path("complaints/<str:reference>/tasks/", responsibility_views.add_task, name="add_task"),
    path(
        "complaints/<str:reference>/tasks/<int:task_id>/<str:kind>/",
        responsibility_views.finish_task,
        name="finish_task",
    ),
    path(
        "complaints/<str:reference>/files/<int:attachment_id>/",
        views.attachment_file,
        name="attachment",
    ),
]
