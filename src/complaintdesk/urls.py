from django.contrib import admin
from django.urls import include, path

from complaintdesk.api import api, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("track/", include("complaintdesk.portal.urls")),
    path("", include("complaintdesk.console.urls")),
]
