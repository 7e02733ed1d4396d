"""The headers that make injected markup harmless and keep pages out of other sites' frames:
a CSP without inline script, frame-ancestors 'none', nosniff, a referrer policy, HSTS behind
TLS, and cookies browsers keep from scripts and other sites."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    pairs = (part.strip().partition(" ") for part in policy.split(";") if part.strip())
    return {name: value for name, _space, value in pairs}


@pytest.mark.parametrize(
    "path", [reverse("console:login"), reverse("webform:complain"), "/api/v1/docs"]
)
def test_every_page_forbids_inline_script_framing_and_other_sites_scripts(client, path):
    directives = _directives(client.get(path))

    assert (directives["script-src"], directives["frame-ancestors"]) == ("'self'", "'none'")
    assert "unsafe-inline" not in " ".join(directives.values())


def test_pages_tell_browsers_not_to_sniff_to_keep_the_referrer_and_not_to_be_framed(client):
    response = client.get(reverse("console:login"))

    assert (
        response["X-Content-Type-Options"],
        response["Referrer-Policy"],
        response["X-Frame-Options"],
    ) == ("nosniff", "same-origin", "DENY")


def test_hsts_is_sent_behind_tls(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000

    response = client.get(reverse("console:login"), secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_session_cookie_is_kept_from_scripts_and_from_other_sites(client, agent):
    response = client.post(reverse("console:login"), {"username": "alice", "password": PASSWORD})

    cookie = response.cookies["sessionid"]
    assert (bool(cookie["httponly"]), cookie["samesite"]) == (True, "Lax")


def test_staff_pages_are_not_kept_by_caches_after_signing_out(client, agent):
    client.force_login(agent)

    response = client.get(reverse("console:queue"))

    assert "no-store" in response["Cache-Control"]
