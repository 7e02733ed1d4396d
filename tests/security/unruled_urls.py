"""A URL configuration with a page and an API operation nobody gave a rule, to show that both
are refused (test_url_walk.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI

from complaintdesk.accounts.api import BearerOrSession
from complaintdesk.accounts.permissions import guard_api

forgotten_api = NinjaAPI(urls_namespace="forgotten-api", auth=BearerOrSession())


@forgotten_api.get("/secrets", operation_id="read_secrets_nobody_ruled_on")
def read_secrets(request: HttpRequest) -> dict[str, str]:
    return {"secret": "exposed"}


guard_api(forgotten_api)


def forgotten_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("exposed")


urlpatterns = [
    path("forgotten/", forgotten_page, name="forgotten"),
    path("forgotten-api/", forgotten_api.urls),
    path("", include("complaintdesk.urls")),
]
