"""The response headers Django's own middleware does not set.

Django sets the rest from settings: Content-Security-Policy (SECURE_CSP, through its CSP
middleware), nosniff, the referrer policy, HSTS behind TLS and the opener policy
(SecurityMiddleware), and X-Frame-Options (XFrameOptionsMiddleware)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# No page of ours uses these; a script injected despite everything gets none of them.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


class SecurityHeaders:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Our pages and files are not for other sites to embed or load.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # What staff see is never kept by a shared cache or the browser's back button
            # after signing out.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
