"""Bad input is answered with a 4xx that names what is wrong, never with a 500."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Status
from tests.api.clients import BASE, bearer
from tests.factories import complaint_in


@pytest.fixture
def client(agent):
    return bearer(agent)


@pytest.fixture
def reference(agent, billing):
    return complaint_in(Status.INVESTIGATING, actor=agent, department=billing).reference


def _fields(response) -> list[str]:
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == "Invalid input"
    return [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    "body", [b"{not json", b'{"customer": ', b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000]
)
def test_a_body_that_is_not_json_is_refused_naming_the_body(client, body):
    response = client.post(f"{BASE}/complaints", body, content_type="application/json")

    assert _fields(response) == ["body"]


@pytest.mark.parametrize("body", [b"[]", b'"complaint"', b"42", b"null"])
def test_json_that_is_not_an_object_is_refused_naming_the_body(client, body):
    response = client.post(f"{BASE}/complaints", body, content_type="application/json")

    assert _fields(response) == ["body"]


def test_an_empty_body_is_refused_as_missing(client):
    response = client.post(f"{BASE}/complaints", b"", content_type="application/json")

    assert _fields(response) == ["body"]
    assert response.json()["errors"][0]["message"] == "Field required"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"customer": "Dana", "description": "x"}, "customer"),
        ({"customer": {"name": 7, "email": "d@example.com"}, "description": "x"}, "customer.name"),
        (
            {"customer": {"name": "Dana", "email": "d@example.com"}, "description": []},
            "description",
        ),
        (
            {
                "customer": {"name": "Dana", "email": "d@example.com"},
                "description": "x",
                "occurred_at": "yesterday",
            },
            "occurred_at",
        ),
        (
            {
                "customer": {"name": "Dana", "email": "d@example.com"},
                "description": "x",
                "remedy_sought": "refund",
            },
            "remedy_sought",
        ),
        (
            {
                "customer": {"name": "Dana", "email": "d@example.com"},
                "description": "x",
                "claimed_amount": "NaN",
                "claimed_currency": "EUR",
            },
            "claimed_amount",
        ),
        (
            {
                "customer": {"name": "Dana", "email": "d@example.com"},
                "description": "x",
                "claimed_amount": "1e400",
                "claimed_currency": "EUR",
            },
            "claimed_amount",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_its_field(client, body, field):
    response = client.post(f"{BASE}/complaints", body, content_type="application/json")

    assert field in _fields(response)


def test_a_nul_character_is_refused_naming_its_field(client):
    body = {"customer": {"name": "Da\x00na", "email": "d@example.com"}, "description": "x"}

    response = client.post(f"{BASE}/complaints", body, content_type="application/json")

    assert _fields(response) == ["customer.name"]


@pytest.mark.parametrize(
    "query",
    [
        "?q=%00",
        "?category=%00",
        "?abnormal=perhaps",
        "?received_from=last+week",
        "?page_size=-1",
        "?page=99999999999999999999999999999999999999999999999999999999999999",
    ],
)
def test_a_bad_query_parameter_is_answered_without_a_server_error(client, query):
    response = client.get(f"{BASE}/complaints{query}")

    assert response.status_code in {200, 422}


@pytest.mark.parametrize(
    "body",
    [
        {"action": "resolve", "version": "latest"},
        {"action": "resolve", "version": 10**40},
        {"action": 12},
        {"action": "triage", "owner": "hugo"},
        {"action": "triage", "category": -3},
        {"action": "triage", "category": None},
        {"action": "resolve", "outcome": None},
        {"note": "no action"},
    ],
)
def test_a_transition_with_bad_values_is_refused_with_422(client, reference, body):
    response = client.post(
        f"{BASE}/complaints/{reference}/transitions", body, content_type="application/json"
    )

    assert response.status_code == 422


def test_a_transition_body_that_is_not_json_is_refused_naming_the_body(client, reference):
    response = client.post(
        f"{BASE}/complaints/{reference}/transitions", b"action=resolve", content_type="text/plain"
    )

    assert _fields(response) == ["body"]
