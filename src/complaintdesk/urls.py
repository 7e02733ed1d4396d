from django.contrib import admin
from django.urls import include, path

from complaintdesk.api import api, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("account/", include("complaintdesk.accounts.urls")),
    path("privacy/", include("complaintdesk.privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("track/", include("complaintdesk.portal.urls")),
    path("complain/", include("complaintdesk.portal.webform_urls")),
    path("", include("complaintdesk.console.urls")),
]
