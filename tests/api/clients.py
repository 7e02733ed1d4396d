"""Clients for the JSON API, as an integrator holds them: a bearer token in every request."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from complaintdesk.accounts.models import User
from complaintdesk.accounts.services import issue_token

BASE = "/api/v1"


def bearer(user: User) -> Client:
    """A client that sends a fresh API token of `user` with every request."""
    _token, raw = issue_token(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def send(client: Client, method: str, path: str, body: Any) -> Any:
    """POST or PATCH `body` as JSON to BASE + path."""
    return getattr(client, method)(
        BASE + path, data=json.dumps(body), content_type="application/json"
    )


NEW_COMPLAINT: dict[str, Any] = {
    "customer": {"name": "Dana Customer", "email": "dana@example.com", "language": "en"},
    "subject": "Charged twice for one order",
    "description": "My card was charged twice for order 1001 on Monday.",
    "remedy_sought": ["refund"],
    "claimed_amount": "49.90",
    "claimed_currency": "eur",
}
