"""Sending the public web form as a browser does: show it, then post it with its form key."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

COMPLAIN = reverse("webform:complain")
RECEIVED = reverse("webform:received")
FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')

VALID: dict[str, Any] = {
    "name": "Dana Customer",
    "email": "dana@example.com",
    "description": "My parcel arrived with the jug cracked in two.",
    "occurred_on": "2024-03-01",
    "location": "Online shop",
    "product_reference": "Order 1001",
    "remedy_sought": ["replacement", "compensation"],
    "claimed_amount": "15.00",
    "claimed_currency": "eur",
    "consent": "on",
}


def in_language(client: Client, language: str) -> Client:
    """What the language switcher does: remember the choice in a cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def send(client: Client, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """Show the form, then post it (with `data` instead of VALID if given)."""
    shown = client.get(COMPLAIN, **kwargs)
    key = FORM_KEY.search(shown.content.decode())
    assert key is not None, "the form carries its key"
    return client.post(
        COMPLAIN, {**(VALID if data is None else data), "form_key": key[1]}, **kwargs
    )
