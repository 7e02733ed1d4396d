"""The JSON API: one NinjaAPI that mounts each app's router and turns domain refusals into
HTTP answers (404 outside scope, 403 wrong role, 409 wrong state or stale version, 422 bad
input)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from complaintdesk.accounts.api import BearerOrSession, PerTokenRate
from complaintdesk.accounts.permissions import PermissionRefused, guard_api
from complaintdesk.complaints.api import router as complaints_router
from complaintdesk.complaints.lifecycle import (
    ActionNotAllowed,
    GuardFailed,
    InvalidFields,
    RoleNotAllowed,
    StaleVersion,
    UnknownAction,
)
from complaintdesk.followup.api import router as followup_router
from complaintdesk.insights.api import router as insights_router
from complaintdesk.intake.api import router as intake_router
from complaintdesk.privacy.api import router as privacy_router
from complaintdesk.relations.api import router as relations_router
from complaintdesk.resolution.api import approvals_router as compensation_router
from complaintdesk.resolution.api import router as resolution_router
from complaintdesk.routing.api import router as routing_router


class DecimalJsonParser(Parser):
    """JSON bodies with numbers that have a fraction read as Decimal, never as float, so an
    amount such as 0.10 arrives exactly as sent."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return json.loads(request.body, parse_float=Decimal)  # type: ignore[no-any-return]


api = NinjaAPI(
    title="Complaintdesk API",
    version="1",
    urls_namespace="api",
    auth=BearerOrSession(),
    throttle=[PerTokenRate()],
    docs_url="/docs",
    parser=DecimalJsonParser(),
)
api.add_router("/complaints", complaints_router)
api.add_router("/complaints", routing_router)
api.add_router("/complaints", resolution_router)
api.add_router("/compensation", compensation_router)
api.add_router("/complaints", followup_router)
api.add_router("/complaints", relations_router)
api.add_router("/intake", intake_router)
api.add_router("/insights", insights_router)
api.add_router("/privacy", privacy_router)


def _errors(errors: dict[str, str]) -> list[dict[str, str]]:
    return [{"field": name, "message": message} for name, message in errors.items()]


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not found")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Authentication required: send Authorization: Bearer <token>")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


# Endpoints name their body parameter `payload` and their query schema `filters`; neither is
# part of the field's name as the caller knows it.
PARAMETER_NAMES = {("body", "payload"), ("query", "filters")}


def _field_of(location: tuple[Any, ...] | list[Any]) -> str:
    """`customer.email` from ninja's ("body", "payload", "customer", "email")."""
    source = str(location[0]) if location else "body"
    parts = [str(part) for part in location[1:]]
    if parts and (source, parts[0]) in PARAMETER_NAMES:
        parts = parts[1:]
    return ".".join(parts) or source


def _message_of(error: dict[str, Any]) -> str:
    if error.get("type") == "extra_forbidden":
        return _("is not a field this endpoint accepts")
    # Our own validators' messages, without pydantic's "Value error, " in front.
    return str(error.get("msg", "")).removeprefix("Value error, ")


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_of(error.get("loc", ())), "message": _message_of(error)}
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": _("Invalid input"), "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja answers 400 to a body it cannot parse; like every other bad input, that is a
    # 422 naming what is wrong.
    if exc.status_code == 400 and exc.__cause__ is not None:
        return api.create_response(
            request,
            {
                "detail": _("Invalid input"),
                "errors": [{"field": "body", "message": _("is not valid JSON")}],
            },
            status=422,
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(InvalidFields)
def invalid_fields(request: HttpRequest, exc: InvalidFields) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Invalid input"), "errors": _errors(exc.errors)}, status=422
    )


@api.exception_handler(UnknownAction)
def unknown_action(request: HttpRequest, exc: UnknownAction) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": exc.message,
            "errors": [{"field": "action", "message": exc.message}],
            "allowed_actions": exc.allowed_actions,
        },
        status=422,
    )


@api.exception_handler(RoleNotAllowed)
def role_not_allowed(request: HttpRequest, exc: RoleNotAllowed) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "allowed_actions": exc.allowed_actions}, status=403
    )


@api.exception_handler(PermissionRefused)
def permission_refused(request: HttpRequest, exc: PermissionRefused) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "allowed_actions": []}, status=403)


@api.exception_handler(ActionNotAllowed)
def action_not_allowed(request: HttpRequest, exc: ActionNotAllowed) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "allowed_actions": exc.allowed_actions}, status=409
    )


@api.exception_handler(GuardFailed)
def guard_failed(request: HttpRequest, exc: GuardFailed) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": exc.message,
            "errors": _errors(exc.errors),
            "allowed_actions": exc.allowed_actions,
        },
        status=409,
    )


@api.exception_handler(StaleVersion)
def stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "current_version": exc.current_version}, status=409
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, 503 otherwise (for load balancers and `make run`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


# Last, once every router is mounted: each operation answers to its rule in
# accounts.permissions.API_RULES, and one without a rule stops start-up.
guard_api(api)
