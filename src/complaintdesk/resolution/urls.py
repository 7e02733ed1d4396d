from django.urls import path

from complaintdesk.resolution import views

app_name = "resolution"
urlpatterns = [
    path("complaints/<str:reference>/<str:what>/", views.write, name="write"),
    path("approvals/", views.approvals, name="approvals"),
    path("track/<str:token>/comment/", views.comment, name="comment"),
]
