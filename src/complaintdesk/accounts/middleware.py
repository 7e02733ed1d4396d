"""Applied to every request: the permission gate (accounts.permissions.URL_RULES, failing
closed) and the expiry of staff sessions."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from complaintdesk.accounts import signin, throttling
from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import NO_RULE, Access, Rule, rule_for

logger = logging.getLogger(__name__)
# Writing the last-seen time on every request would turn every page view into a write.
SEEN_RESOLUTION_SECONDS = 60


def staff_user(request: HttpRequest) -> User:
    """The signed-in user of a staff page: the gate (or login_required) let only them in."""
    user = request.user
    assert isinstance(user, User)
    return user


class PermissionGate:
    """Every view runs only if its URL has a rule and the caller passes it. A URL without a
    rule is refused (403) and logged: forgetting a rule closes the page, never opens it.

    The tracking pages are throttled here too: a client whose links keep leading nowhere is
    refused for a while, so guessing links is pointless."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        rule: Rule | None = getattr(request, "_permission_rule", None)
        if rule is not None and rule.access == Access.TRACKING_LINK and response.status_code == 404:
            limit = throttling.tracking_lookup_limit()
            throttling.count(limit, throttling.client_key(request, limit.kind))
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        rule = rule_for(match) if match is not None else NO_RULE
        if rule.access == Access.NOBODY:
            logger.error(
                "refused %s: its URL %r has no permission rule in accounts.permissions",
                request.path,
                match.view_name if match is not None else None,
            )
            raise PermissionDenied(_("This page is not open to anyone yet."))
        request._permission_rule = rule  # type: ignore[attr-defined]
        if rule.access == Access.TRACKING_LINK:
            limit = throttling.tracking_lookup_limit()
            wait = throttling.refused_for(limit, throttling.client_key(request, limit.kind))
            if wait is not None:
                response = render(
                    request,
                    "accounts/too_many_lookups.html",
                    {"minutes": throttling.minutes(wait)},
                    status=429,
                )
                response["Retry-After"] = str(int(wait.total_seconds()) + 1)
                return response
        if not rule.needs_sign_in:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return redirect_to_login(request.get_full_path())
        if not rule.admits(user):
            raise PermissionDenied(_("Your role does not give access to this page."))
        return None


class SessionExpiry:
    """A staff session ends SESSION_COOKIE_AGE after signing in, however busy, and after
    SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = time.time()
            signed_in_at = session.get(signin.SIGNED_IN_AT)
            seen_at = session.get(signin.SEEN_AT)
            idle = settings.SESSION_IDLE_MINUTES * 60
            if (signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE) or (
                seen_at is not None and now - seen_at > idle
            ):
                logout(request)
            else:
                if signed_in_at is None:
                    session[signin.SIGNED_IN_AT] = now
                if seen_at is None or now - seen_at > SEEN_RESOLUTION_SECONDS:
                    session[signin.SEEN_AT] = now
        return self.get_response(request)
