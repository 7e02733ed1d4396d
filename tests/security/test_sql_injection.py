"""SQL injection: search text and filters reach the database as values, never as SQL; an
attempt finds nothing it should not and breaks nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.clients import bearer

pytestmark = pytest.mark.django_db

ATTEMPTS = (
    "' OR '1'='1",
    "x%' OR 1=1 --",
    "1; DROP TABLE complaints_complaint; --",
    "\\'; SELECT pg_sleep(5); --",
)


@pytest.mark.parametrize("text", ATTEMPTS)
def test_sql_injection_through_the_api_search_finds_nothing_outside_scope(
    outsider, billing_complaint, text
):
    response = bearer(outsider).get("/api/v1/complaints", {"q": text, "owner": text})

    assert (response.status_code, response.json().get("total", 0)) in {(200, 0), (422, 0)}


@pytest.mark.parametrize("text", ATTEMPTS)
def test_sql_injection_through_the_queue_search_finds_nothing_outside_scope(
    client, outsider, billing_complaint, text
):
    client.force_login(outsider)

    response = client.get(reverse("console:queue"), {"q": text, "status": "all"})

    assert (response.status_code, 'data-total="0"' in response.content.decode()) == (200, True)
