"""Who may call the API: a bearer token, or the console's session with its CSRF token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from complaintdesk.accounts.services import issue_token, revoke_token
from tests.api.clients import BASE, NEW_COMPLAINT


def test_a_request_without_credentials_is_refused_with_401(db):
    response = Client().get(f"{BASE}/complaints")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer cdk_not-a-real-token", "Basic YWxpY2U6c2VjcmV0", "cdk_abc"]
)
def test_a_wrong_or_malformed_token_is_refused_with_401(agent, header):
    response = Client(headers={"Authorization": header}).get(f"{BASE}/complaints")

    assert response.status_code == 401


def test_a_revoked_token_is_refused_with_401(agent):
    token, raw = issue_token(user=agent, name="laptop")
    revoke_token(token=token)

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(f"{BASE}/complaints")

    assert response.status_code == 401


def test_the_token_of_a_deactivated_user_is_refused_with_401(agent):
    _token, raw = issue_token(user=agent, name="laptop")
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(f"{BASE}/complaints")

    assert response.status_code == 401


def test_a_valid_token_is_accepted(agent):
    _token, raw = issue_token(user=agent, name="laptop")

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(f"{BASE}/complaints")

    assert response.status_code == 200


def test_the_console_session_may_read_without_a_token(agent):
    client = Client()
    client.force_login(agent)

    assert client.get(f"{BASE}/complaints").status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post(
        f"{BASE}/complaints", json.dumps(NEW_COMPLAINT), content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_session_write_with_the_csrf_token_is_accepted(agent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    # What the console's pages hold: the CSRF cookie, echoed in a header by its scripts.
    csrf = "k" * 32
    client.cookies["csrftoken"] = csrf

    response = client.post(
        f"{BASE}/complaints",
        json.dumps(NEW_COMPLAINT),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 201
