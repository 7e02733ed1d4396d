"""The whole JSON API fuzzed from its own OpenAPI document (schemathesis), in-process through
WSGI: whatever is sent, no answer is a server error and every answer matches the document
(its status code, content type and body).

Half the generated requests name a real complaint the caller may see, so bodies are tried on
the endpoints behind the reference, not only on its 404."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from complaintdesk.accounts.services import issue_token
from complaintdesk.complaints.models import Status
from complaintdesk.wsgi import application
from tests.api.clients import bearer
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _connection_kept_open_between_requests():
    """As Django's test client does: the WSGI handler would close the test's connection, and
    its transaction with it, at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def caller(supervisor, billing):
    """A supervisor of billing, who may use every operation, and one of billing's complaints."""
    complaint = complaint_in(Status.INVESTIGATING, actor=supervisor, department=billing)
    _token, raw = issue_token(user=supervisor, name="fuzz")
    return {"Authorization": f"Bearer {raw}"}, complaint.reference


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_to_the_api_gets_a_server_error_or_an_answer_outside_its_schema(case, caller):
    headers, reference = caller
    if "reference" in (case.path_parameters or {}) and hash(str(case.body)) % 2:
        case.path_parameters["reference"] = reference

    case.call_and_validate(headers=headers, checks=CHECKS)


# What the fuzzer found, kept as plain regression tests.


def test_a_time_with_an_offset_postgresql_cannot_hold_is_read_in_utc(agent):
    # Found by the fuzzer: "-16:21" made PostgreSQL fail the query (a 500).
    response = bearer(agent).get(
        "/api/v1/complaints", {"received_from": "0574-11-30T15:09:01-16:21"}
    )

    assert response.status_code == 200


def test_a_time_with_no_utc_equivalent_is_refused_naming_the_field(agent):
    response = bearer(agent).get("/api/v1/complaints", {"received_to": "0001-01-01T00:00:00+10:00"})

    assert (response.status_code, response.json()["errors"][0]["field"]) == (
        422,
        "received_to",
    )
