from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import SimpleRateThrottle

from complaintdesk.accounts.models import User, hash_token
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


def api_user(request: HttpRequest) -> User:
    """The caller BearerOrSession let in: the token's user, or the session's."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


class _SessionCheck(APIKeyCookie):
    """Reuses django-ninja's cookie authentication for its CSRF check."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated else None  # type: ignore[return-value]


class PerTokenRate(SimpleRateThrottle):
    """Each API token, or each signed-in browser, may make API_REQUESTS_PER_MINUTE requests a
    minute; more are answered 429 with Retry-After. Counted in Django's cache: per worker
    process unless CACHES names a shared one."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(rate=f"{settings.API_REQUESTS_PER_MINUTE}/min")

    def allow_request(self, request: HttpRequest) -> bool:
        # The setting is read at each request, so a change (or a test) takes effect at once.
        self.num_requests = settings.API_REQUESTS_PER_MINUTE
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        header = request.headers.get("Authorization", "")
        if header:
            ident = hash_token(header)
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            ident = f"session-user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}
