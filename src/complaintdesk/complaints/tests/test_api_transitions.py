"""POST /api/v1/complaints/{reference}/transitions: lifecycle actions and their refusals."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Status
from tests.api.clients import bearer, send
from tests.factories import CategoryFactory, complaint_in, file, ready_for


def _act(user, complaint, action: str, **fields):
    body = {"action": action, **fields}
    return send(bearer(user), "post", f"/complaints/{complaint.reference}/transitions", body)


@pytest.fixture
def investigating(agent, billing):
    return complaint_in(Status.INVESTIGATING, actor=agent, department=billing)


def test_an_action_answers_with_the_complaint_in_its_new_state(agent, investigating):
    ready_for("resolve", investigating, actor=agent, outcome="upheld")  # its root cause
    response = _act(
        agent, investigating, "resolve", resolution_summary="Refunded.", outcome="upheld"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"]) == ("resolved", "upheld")
    assert body["allowed_actions"] == lifecycle.allowed_actions(
        Complaint.objects.get(pk=investigating.pk), agent
    )


def test_triage_takes_the_category_department_and_owner_by_id(agent, handler, billing):
    complaint = file()
    category = CategoryFactory(code="billing")

    body = _act(
        agent,
        complaint,
        "triage",
        category=category.pk,
        severity="high",
        department=billing.pk,
        owner=handler.pk,
        priority="p2",
    ).json()

    assert (body["status"], body["category"]["code"], body["owner"]["username"]) == (
        "triaged",
        "billing",
        "hugo",
    )


def test_triage_with_an_unknown_department_is_refused_naming_it(agent):
    complaint = file()

    response = _act(agent, complaint, "triage", severity="high", department=424242)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "department", "message": "no department has this id"}
    ]


def test_an_action_the_state_does_not_allow_is_refused_with_the_allowed_actions(
    agent, investigating
):
    response = _act(agent, investigating, "triage")

    assert response.status_code == 409
    assert response.json()["allowed_actions"] == lifecycle.allowed_actions(investigating, agent)


def test_an_action_missing_its_fields_is_refused_naming_them_with_the_allowed_actions(
    agent, investigating
):
    response = _act(agent, investigating, "resolve")

    assert response.status_code == 409
    body = response.json()
    assert {error["field"] for error in body["errors"]} == {"resolution_summary", "outcome"}
    assert "resolve" in body["allowed_actions"]
    assert Complaint.objects.get(pk=investigating.pk).status == Status.INVESTIGATING


def test_an_action_that_needs_a_note_is_refused_without_one(agent, investigating):
    response = _act(agent, investigating, "request_information")

    assert response.status_code == 409
    assert [error["field"] for error in response.json()["errors"]] == ["note"]


def test_an_unknown_action_is_refused_naming_the_action(agent, investigating):
    response = _act(agent, investigating, "escalate_to_ceo")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "action"


def test_a_field_the_action_does_not_take_is_refused_by_name(agent, investigating):
    response = _act(
        agent, investigating, "request_information", note="Which card?", remedy_plan="Refund."
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["remedy_plan"]


def test_a_field_no_action_takes_is_refused_by_name(agent, investigating):
    response = _act(agent, investigating, "resolve", status="closed")

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["status"]


def test_an_outcome_outside_the_choices_is_refused_naming_it(agent, investigating):
    response = _act(agent, investigating, "resolve", resolution_summary="Done.", outcome="maybe")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "outcome"


@pytest.mark.parametrize("persona", ["auditor", "admin_user"])
def test_a_role_outside_the_lifecycle_table_is_forbidden(request, investigating, persona):
    response = _act(request.getfixturevalue(persona), investigating, "start_follow_up")

    assert response.status_code == 403


def test_an_action_on_an_old_version_is_refused_with_the_current_version(agent, investigating):
    events_before = Event.objects.filter(complaint=investigating).count()

    response = _act(agent, investigating, "request_information", note="Which card?", version=1)

    assert response.status_code == 409
    assert response.json()["current_version"] == investigating.version
    assert Event.objects.filter(complaint=investigating).count() == events_before


def test_an_action_on_the_current_version_succeeds(agent, investigating):
    response = _act(
        agent,
        investigating,
        "request_information",
        note="Which card?",
        version=investigating.version,
    )

    assert response.json()["status"] == Status.WAITING_ON_CUSTOMER


def test_a_complaint_outside_the_callers_scope_is_not_found(outsider, investigating):
    assert _act(outsider, investigating, "start_follow_up").status_code == 404
