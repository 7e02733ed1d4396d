"""The JSON API: one NinjaAPI that mounts each app's router and turns domain refusals into
HTTP answers (404 outside scope, 403 wrong role, 409 wrong state or stale version, 422 bad
input)."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from complaintdesk.accounts.api import BearerOrSession
from complaintdesk.complaints.api import router as complaints_router
from complaintdesk.complaints.lifecycle import (
    ActionNotAllowed,
    GuardFailed,
    InvalidFields,
    RoleNotAllowed,
    StaleVersion,
    UnknownAction,
)

api = NinjaAPI(
    title="Complaintdesk API",
    version="1",
    urls_namespace="api",
    auth=BearerOrSession(),
    docs_url="/docs",
)
api.add_router("/complaints", complaints_router)


def _errors(errors: dict[str, str]) -> list[dict[str, str]]:
    return [{"field": name, "message": message} for name, message in errors.items()]


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Authentication required: send Authorization: Bearer <token>"},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        errors.append({"field": ".".join(location) or "body", "message": error.get("msg", "")})
    return api.create_response(request, {"detail": "Invalid input", "errors": errors}, status=422)


@api.exception_handler(InvalidFields)
def invalid_fields(request: HttpRequest, exc: InvalidFields) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Invalid input", "errors": _errors(exc.errors)}, status=422
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
