from __future__ import annotations

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from complaintdesk.accounts.models import User
from complaintdesk.accounts.selectors import user_for_token


class BearerOrSession(HttpBearer):
    """API callers send `Authorization: Bearer <token>`; the browser console, already logged
    in, may use its session (CSRF-checked by django-ninja for unsafe methods)."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        if request.headers.get("Authorization"):
            return super().__call__(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return _SessionCheck()(request)
        return None

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class _SessionCheck(APIKeyCookie):
    """Reuses django-ninja's cookie authentication for its CSRF check."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated else None  # type: ignore[return-value]
