"""Open redirect: the `next` of signing in, and the return address of the language switcher,
only ever lead to our own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ELSEWHERE = (
    "https://attacker.example/phish",
    "//attacker.example/phish",
    "/\\attacker.example/phish",
    "javascript:alert(1)",
)


@pytest.mark.parametrize("target", ELSEWHERE)
def test_open_redirect_after_signing_in_leads_to_the_queue_instead(client, agent, target):
    response = client.post(
        reverse("console:login") + "?next=" + target, {"username": "alice", "password": PASSWORD}
    )

    assert response["Location"] == reverse("console:queue")


def test_signing_in_still_returns_to_our_own_page(client, agent):
    page = reverse("console:complaint", args=["CD-0000-0001"])

    response = client.post(
        reverse("console:login") + "?next=" + page, {"username": "alice", "password": PASSWORD}
    )

    assert response["Location"] == page


@pytest.mark.parametrize("target", ELSEWHERE)
def test_open_redirect_through_the_language_switcher_stays_on_our_site(client, target):
    response = client.post(reverse("set_language"), {"language": "fr", "next": target})

    assert response["Location"] == "/"


def test_the_admin_sites_sign_in_is_the_consoles_so_the_same_checks_apply(client):
    response = client.get(reverse("admin:login") + "?next=/admin/complaints/")

    assert response["Location"] == reverse("console:login") + "?next=/admin/complaints/"
