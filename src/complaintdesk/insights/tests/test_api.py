"""GET /api/v1/insights/dashboard: the same figures as JSON, within the caller's scope."""

from __future__ import annotations

import pytest

from complaintdesk.accounts.services import issue_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/insights/dashboard"


def _bearer(user) -> dict[str, str]:
    _token, raw = issue_token(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def test_the_api_gives_the_figures_of_a_month(client, november, quality_manager):
    response = client.get(URL, {"period": "2026-11"}, headers=_bearer(quality_manager))
    body = response.json()
    assert response.status_code == 200
    assert (body["total"], body["previous_total"]) == (5, 1)
    assert body["first_response"]["median_hours"] == 4.0
    assert body["first_response"]["p90_hours"] == 30.0
    assert {d["name"] for d in body["departments"]} == {"Billing", "Delivery"}


def test_a_department_handler_gets_only_their_departments_figures(client, november, handler):
    body = client.get(URL, {"period": "2026-11"}, headers=_bearer(handler)).json()
    assert body["total"] == 4
    assert [d["name"] for d in body["departments"]] == ["Billing"]


def test_a_bad_period_is_refused_with_422_naming_the_field(client, quality_manager):
    response = client.get(URL, {"period": "November"}, headers=_bearer(quality_manager))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "period"


def test_an_end_before_the_start_is_refused_naming_the_end(client, quality_manager):
    response = client.get(
        URL, {"start": "2026-11-10", "end": "2026-11-01"}, headers=_bearer(quality_manager)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "end"


def test_without_credentials_the_answer_is_401(client):
    assert client.get(URL).status_code == 401


def test_a_start_before_the_year_2000_is_refused_naming_it(client, quality_manager):
    # Found by the fuzzer: the previous period of 0143-05-12 has no date (a 500).
    response = client.get(URL, {"start": "0143-05-12"}, headers=_bearer(quality_manager))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "start"
