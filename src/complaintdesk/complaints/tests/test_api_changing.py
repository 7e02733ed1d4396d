"""PATCH /api/v1/complaints/{reference}: the assessment, the department and the owner."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Status
from tests.api.clients import bearer, send
from tests.factories import CategoryFactory, DepartmentFactory, complaint_in


@pytest.fixture
def complaint(agent, billing):
    return complaint_in(Status.TRIAGED, actor=agent, department=billing)


def _patch(user, complaint, **body):
    body.setdefault("version", complaint.version)
    return send(bearer(user), "patch", f"/complaints/{complaint.reference}", body)


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_the_priority_is_changed_and_the_version_grows(agent, complaint):
    response = _patch(agent, complaint, priority="p2")

    assert response.status_code == 200
    assert (response.json()["priority"], response.json()["version"]) == (
        "p2",
        complaint.version + 1,
    )


def test_the_reason_for_a_change_is_kept_in_the_audit_trail(agent, complaint):
    _patch(agent, complaint, severity="high", note="Second customer with the same fault.")

    event = Event.objects.filter(complaint=complaint).latest("id")
    assert (event.action, event.note) == (
        "complaint.updated",
        "Second customer with the same fault.",
    )
    assert event.changes["severity"] == ["medium", "high"]


def test_the_owner_and_department_are_given_by_id(agent, handler, complaint):
    delivery = DepartmentFactory(code="delivery")

    body = _patch(
        agent, complaint, owner=handler.pk, department=delivery.pk, note="Delivery's matter."
    ).json()

    assert (body["owner"]["username"], body["department"]["code"]) == ("hugo", "delivery")
    assert Event.objects.filter(complaint=complaint).latest("id").action == "complaint.reassigned"


def test_the_category_is_given_by_id(agent, complaint):
    category = CategoryFactory(code="delivery-damage")

    body = _patch(agent, complaint, category=category.pk).json()

    assert body["category"]["code"] == "delivery-damage"


def test_a_null_owner_unassigns_the_complaint(agent, handler, complaint):
    _patch(agent, complaint, owner=handler.pk)
    complaint.refresh_from_db()

    body = _patch(agent, complaint, owner=None).json()

    assert body["owner"] is None


@pytest.mark.parametrize("field", ["category", "department", "owner"])
def test_an_id_that_names_nothing_is_refused_naming_the_field(agent, complaint, field):
    assert field in _errors(_patch(agent, complaint, **{field: 987654}))


def test_an_owner_who_may_not_handle_complaints_is_refused(agent, auditor, complaint):
    assert "owner" in _errors(_patch(agent, complaint, owner=auditor.pk))


def test_an_inactive_category_is_refused(agent, complaint):
    retired = CategoryFactory(code="retired", active=False)

    assert "category" in _errors(_patch(agent, complaint, category=retired.pk))


@pytest.mark.parametrize(
    ("field", "value"), [("owner", "hugo"), ("department", 0), ("category", 10**30)]
)
def test_an_id_that_is_not_a_possible_id_is_refused_naming_the_field(
    agent, complaint, field, value
):
    assert field in _errors(_patch(agent, complaint, **{field: value}))


@pytest.mark.parametrize("field", ["category", "department", "severity"])
def test_a_needed_assessment_field_cannot_be_emptied(agent, complaint, field):
    assert field in _errors(_patch(agent, complaint, **{field: None}))


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "closed"), ("resolution_summary", "Done."), ("reference", "CD-0000-0000")],
)
def test_a_field_that_may_not_be_set_here_is_refused_by_name(agent, complaint, field, value):
    assert field in _errors(_patch(agent, complaint, **{field: value}))
    complaint.refresh_from_db()
    assert complaint.status == Status.TRIAGED


def test_a_change_without_the_version_it_was_made_on_is_refused(agent, complaint):
    response = send(
        bearer(agent), "patch", f"/complaints/{complaint.reference}", {"priority": "p1"}
    )

    assert "version" in _errors(response)


def test_a_change_made_on_an_old_version_is_refused_with_the_current_version(agent, complaint):
    _patch(agent, complaint, priority="p2")

    response = _patch(agent, complaint, priority="p3")

    assert response.status_code == 409
    assert response.json()["current_version"] == complaint.version + 1
    assert Complaint.objects.get(pk=complaint.pk).priority == "p2"


@pytest.mark.parametrize("persona", ["quality_manager", "auditor", "admin_user"])
def test_roles_that_only_read_may_not_change_a_complaint(request, complaint, persona):
    response = _patch(request.getfixturevalue(persona), complaint, priority="p1")

    assert response.status_code == 403


def test_a_complaint_outside_the_callers_scope_is_not_found(outsider, complaint):
    assert _patch(outsider, complaint, priority="p1").status_code == 404


def test_a_closed_complaint_cannot_be_changed_and_the_answer_says_what_can_be_done(agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)

    response = _patch(agent, closed, priority="p1")

    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["reopen"]
