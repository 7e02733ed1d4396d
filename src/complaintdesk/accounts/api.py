from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle

from complaintdesk.accounts import request_rate
from complaintdesk.accounts.models import User, hash_token
from complaintdesk.accounts.selectors import user_for_token
from complaintdesk.accounts.throttling import keyed


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


def api_user(request: HttpRequest) -> User:
    """The caller BearerOrSession let in: the token's user, or the session's."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


class _SessionCheck(APIKeyCookie):
    """Reuses django-ninja's cookie authentication for its CSRF check."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated else None  # type: ignore[return-value]


class PerTokenRate(BaseThrottle):
    """Each API token, or each signed-in browser, may make API_REQUESTS_PER_MINUTE requests a
    minute; more are answered 429 with Retry-After. Counted in the database
    (accounts.request_rate), so the limit holds across every web server process and machine."""

    def __init__(self) -> None:
        # What the last refusal said to wait, per thread (django-ninja asks for it afterwards).
        self._refusal = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        ident = self.ident(request)
        if ident is None:
            return True
        # The setting is read at each request, so a change (or a test) takes effect at once.
        wait = request_rate.take(
            keyed("api_request", ident), limit=settings.API_REQUESTS_PER_MINUTE
        )
        self._refusal.wait = wait
        return wait is None

    def wait(self) -> float | None:
        return getattr(self._refusal, "wait", None)

    @staticmethod
    def ident(request: HttpRequest) -> str | None:
        header = request.headers.get("Authorization", "")
        if header:
            return f"token-{hash_token(header)}"
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return f"session-user-{request.user.pk}"
        return None
