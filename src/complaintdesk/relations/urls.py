from django.urls import path

from complaintdesk.relations import views

app_name = "relations"
urlpatterns = [
    path("complaints/<str:reference>/relations/", views.panel, name="panel"),
    path("complaints/<str:reference>/relations/link/", views.link, name="link"),
    path(
        "complaints/<str:reference>/relations/links/<int:link_id>/unlink/",
        views.unlink,
        name="unlink",
    ),
    path("complaints/<str:reference>/relations/merge/", views.merge, name="merge"),
    path("complaints/<str:reference>/relations/split/", views.split, name="split"),
]
