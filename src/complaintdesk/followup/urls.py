from django.urls import path

from complaintdesk.followup import views

app_name = "followup"
urlpatterns = [
    path("survey/<str:token>/", views.survey, name="survey"),
    path("position/<str:token>/", views.final_position, name="final_position"),
    path("complaints/<str:reference>/reply-template/", views.reply_template, name="reply_template"),
]
