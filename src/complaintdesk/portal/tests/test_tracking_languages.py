"""The tracking page speaks the complaint's language unless the customer chooses another."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from complaintdesk.complaints import tracking
from tests.factories import file

pytestmark = pytest.mark.django_db


def url(complaint):
    return reverse(
        "portal:track", args=[tracking.token_for(complaint.reference, complaint.tracking_salt)]
    )


@pytest.mark.parametrize(
    ("language", "translated"),
    [
        ("es", "Dónde está"),
        ("fr", "Où en est"),
        ("zh-hans", "当前进展"),
    ],
)
def test_the_page_is_in_the_complaints_language(client, language, translated):
    complaint = file(language=language)

    response = client.get(url(complaint))

    assert translated in response.content.decode()
    assert response["Content-Language"] == language


def test_the_customers_chosen_language_wins(client):
    complaint = file(language="es")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(url(complaint))

    assert "Où en est" in response.content.decode()


def test_the_language_switcher_returns_to_the_tracking_page(client):
    complaint = file()

    response = client.post(reverse("set_language"), {"language": "fr", "next": url(complaint)})

    assert response["Location"] == url(complaint)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
