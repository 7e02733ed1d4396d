from django.contrib import admin
from django.urls import include, path

from complaintdesk.api import api, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("account/", include("complaintdesk.accounts.urls")),
    path("privacy/", include("complaintdesk.privacy.urls")),
    path("insights/", include("complaintdesk.insights.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("resolution/", include("complaintdesk.resolution.urls")),
    path("track/", include("complaintdesk.portal.urls")),
    path("followup/", include("complaintdesk.followup.urls")),
    path("complain/", include("complaintdesk.portal.webform_urls")),
    path("", include("complaintdesk.relations.urls")),
    path("", include("complaintdesk.console.urls")),
]
# A database or disk failure outside any view answers 503/507, not 500 (availability.py).
handler500 = "complaintdesk.availability.server_error"
