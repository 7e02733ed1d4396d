from django.urls import path

from complaintdesk.portal import new_link, views

app_name = "portal"
urlpatterns = [
    # Before the link pattern, which would take "new-link" for a token.
    path("new-link/", new_link.new_link, name="new_link"),
    path("<str:token>/", views.track, name="track"),
    path("<str:token>/information/", views.add_information, name="add_information"),
    path("<str:token>/answers/<str:action>/", views.respond, name="respond"),
    path("<str:token>/files/<int:attachment_id>/", views.customer_file, name="file"),
]
