from django.urls import path

from complaintdesk.portal import views

app_name = "portal"
urlpatterns = [
    path("<str:token>/", views.track, name="track"),
    path("<str:token>/information/", views.add_information, name="add_information"),
    path("<str:token>/answers/<str:action>/", views.respond, name="respond"),
]
