"""GET /api/v1/complaints/{reference}, its /events and its /messages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from complaintdesk.complaints import lifecycle, services
from complaintdesk.complaints.models import Status
from tests.api.clients import BASE, bearer
from tests.factories import complaint_in


@pytest.fixture
def complaint(agent, billing):
    return complaint_in(Status.INVESTIGATING, actor=agent, department=billing)


def _get(user, path: str):
    return bearer(user).get(BASE + path)


def test_a_complaint_is_read_with_its_version_customer_and_due_times(agent, complaint):
    body = _get(agent, f"/complaints/{complaint.reference}").json()

    assert body["version"] == complaint.version
    assert body["customer"]["email"] == "dana@example.com"
    # JSON times carry milliseconds.
    due = datetime.fromisoformat(body["first_response_due"])
    assert abs(due - complaint.first_response_due) < timedelta(milliseconds=1)
    assert body["department"] == {
        "id": complaint.department.pk,
        "code": "billing",
        "name": "Billing",
    }
    assert body["category"]["code"] == "billing"


def test_a_complaint_says_what_the_caller_may_do_next(agent, complaint):
    body = _get(agent, f"/complaints/{complaint.reference}").json()

    assert body["allowed_actions"] == lifecycle.allowed_actions(complaint, agent)
    assert "resolve" in body["allowed_actions"]


def test_an_auditor_reads_a_complaint_but_may_do_nothing_to_it(auditor, complaint):
    body = _get(auditor, f"/complaints/{complaint.reference}").json()

    assert body["allowed_actions"] == []


def test_the_reference_may_be_given_in_lower_case(agent, complaint):
    response = _get(agent, f"/complaints/{complaint.reference.lower()}")

    assert response.json()["reference"] == complaint.reference


def test_the_owner_is_shown_by_id_username_and_name(agent, handler, complaint):
    services.update_complaint(
        complaint=complaint,
        actor=agent,
        expected_version=None,
        fields={"owner": handler},
        note="Hugo knows the case.",
    )

    body = _get(agent, f"/complaints/{complaint.reference}").json()

    assert body["owner"] == {"id": handler.pk, "username": "hugo", "name": "Hugo"}


def test_a_complaint_outside_the_callers_scope_is_not_found(outsider, complaint):
    response = _get(outsider, f"/complaints/{complaint.reference}")

    assert response.status_code == 404


def test_an_unknown_reference_is_not_found(agent):
    assert _get(agent, "/complaints/CD-0000-0000").status_code == 404


@pytest.mark.parametrize("reference", ["x" * 500, "%00", "CD-%E2%9C%93"])
def test_a_reference_that_cannot_exist_is_not_found(agent, reference):
    assert _get(agent, f"/complaints/{reference}").status_code == 404


def test_the_events_are_the_complaints_audit_trail_in_order(agent, complaint):
    events = _get(agent, f"/complaints/{complaint.reference}/events").json()

    assert [event["action"] for event in events] == [
        "complaint.received",
        "complaint.acknowledged",
        "complaint.assessed",
        "complaint.triaged",
        "complaint.investigation_started",
    ]
    triaged = events[3]
    assert (triaged["actor"], triaged["status_before"], triaged["status_after"]) == (
        "Alice",
        "acknowledged",
        "triaged",
    )
    assert triaged["changes"]["severity"] == ["", "medium"]


def test_the_events_of_a_complaint_outside_the_callers_scope_are_not_found(outsider, complaint):
    assert _get(outsider, f"/complaints/{complaint.reference}/events").status_code == 404


def test_staff_see_internal_notes_among_the_messages(agent, complaint):
    services.add_internal_note(complaint=complaint, actor=agent, body="Card issuer called back.")

    messages = _get(agent, f"/complaints/{complaint.reference}/messages").json()

    assert [(m["visibility"], m["author"]) for m in messages] == [
        ("customer", "Complaintdesk"),  # the acknowledgement
        ("internal", "Alice"),
    ]
    assert messages[1]["body"] == "Card issuer called back."


def test_the_messages_of_a_complaint_outside_the_callers_scope_are_not_found(outsider, complaint):
    assert _get(outsider, f"/complaints/{complaint.reference}/messages").status_code == 404
