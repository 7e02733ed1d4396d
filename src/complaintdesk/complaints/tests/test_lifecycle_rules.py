"""Guards, roles, versions and the audit trail of lifecycle.perform()."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Outcome, Status
from tests.factories import CategoryFactory, complaint_in, file


def test_triage_without_category_severity_and_department_is_refused_naming_each(agent):
    complaint = file()
    with pytest.raises(lifecycle.GuardFailed) as refusal:
        lifecycle.perform(complaint, "triage", actor=agent)
    assert set(refusal.value.errors) == {"category", "severity", "department"}
    assert "triage" in refusal.value.allowed_actions


def test_a_refused_guard_leaves_the_complaint_and_its_trail_untouched(agent, billing):
    complaint = file()
    events = Event.objects.filter(complaint=complaint).count()
    with pytest.raises(lifecycle.GuardFailed):
        lifecycle.perform(complaint, "triage", actor=agent, department=billing, severity="low")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.department, complaint.severity) == (
        Status.ACKNOWLEDGED,
        None,
        "",
    )
    assert Event.objects.filter(complaint=complaint).count() == events


def test_resolving_without_a_summary_is_refused_with_the_allowed_actions(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    with pytest.raises(lifecycle.GuardFailed) as refusal:
        lifecycle.perform(complaint, "resolve", actor=agent, outcome=Outcome.NOT_UPHELD)
    assert set(refusal.value.errors) == {"resolution_summary"}
    assert "resolve" in refusal.value.allowed_actions


def test_resolving_with_an_outcome_outside_the_list_is_refused(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    with pytest.raises(lifecycle.GuardFailed) as refusal:
        lifecycle.perform(
            complaint, "resolve", actor=agent, resolution_summary="Done.", outcome="maybe"
        )
    assert set(refusal.value.errors) == {"outcome"}


def test_closing_straight_after_resolution_needs_a_recorded_reason(agent, supervisor, billing):
    complaint = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    with pytest.raises(lifecycle.GuardFailed) as refusal:
        lifecycle.perform(complaint, "close", actor=supervisor)
    assert set(refusal.value.errors) == {"close_reason"}
    lifecycle.perform(
        complaint, "close", actor=supervisor, close_reason="Customer confirmed by phone."
    )
    assert complaint.status == Status.CLOSED


def test_after_the_follow_up_a_supervisor_closes_only_with_a_reason(agent, supervisor, billing):
    complaint = complaint_in(Status.FOLLOW_UP, actor=agent, department=billing)
    with pytest.raises(lifecycle.GuardFailed) as refusal:
        lifecycle.perform(complaint, "close", actor=supervisor)
    assert set(refusal.value.errors) == {"close_reason"}
    lifecycle.perform(complaint, "close", actor=supervisor, close_reason="Refund confirmed.")
    assert complaint.status == Status.CLOSED
    assert complaint.closed_at is not None


def test_the_handler_does_not_close_the_complaint_the_customers_answer_or_a_supervisor_does(
    agent, billing
):
    complaint = complaint_in(Status.FOLLOW_UP, actor=agent, department=billing)
    with pytest.raises(lifecycle.RoleNotAllowed):
        lifecycle.perform(complaint, "close", actor=agent, close_reason="I think it is fine.")


def test_reopening_needs_a_note_and_clears_the_old_outcome(agent, billing):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)
    with pytest.raises(lifecycle.GuardFailed):
        lifecycle.perform(complaint, "reopen", actor=agent)
    lifecycle.perform(complaint, "reopen", actor=agent, note="The refund never arrived.")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.closed_at) == (
        Status.REOPENED,
        "",
        None,
    )
    event = Event.objects.filter(complaint=complaint).latest("id")
    assert event.changes["outcome"] == ["upheld", ""]
    assert event.note == "The refund never arrived."


def test_an_auditor_may_not_take_any_action(auditor, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    with pytest.raises(lifecycle.RoleNotAllowed):
        lifecycle.perform(
            complaint, "resolve", actor=auditor, resolution_summary="x", outcome="upheld"
        )
    assert lifecycle.allowed_actions(complaint, auditor) == []


def test_the_customer_may_accept_a_proposed_remedy(customer, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)
    lifecycle.perform(complaint, "accept_remedy", actor=customer)
    event = Event.objects.filter(complaint=complaint).latest("id")
    assert (complaint.status, event.actor, event.actor_label) == (
        Status.IN_REMEDY,
        None,
        "Dana Customer",
    )


def test_the_customer_may_not_resolve_their_own_complaint(customer, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    with pytest.raises(lifecycle.RoleNotAllowed):
        lifecycle.perform(
            complaint, "resolve", actor=customer, resolution_summary="x", outcome="upheld"
        )


def test_an_unknown_action_is_refused_with_the_allowed_actions(agent):
    complaint = file()
    with pytest.raises(lifecycle.UnknownAction) as refusal:
        lifecycle.perform(complaint, "teleport", actor=agent)
    assert "triage" in refusal.value.allowed_actions


def test_fields_an_action_does_not_take_are_refused_by_name(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    with pytest.raises(lifecycle.InvalidFields) as refusal:
        lifecycle.perform(
            complaint,
            "resolve",
            actor=agent,
            resolution_summary="Done.",
            outcome="upheld",
            priority="p1",
        )
    assert set(refusal.value.errors) == {"priority"}


def test_a_stale_version_is_refused_and_the_fresher_write_survives(agent, supervisor, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    seen_by_agent = complaint.version
    lifecycle.perform(complaint, "request_information", actor=supervisor, note="Which card?")
    stale_copy = type(complaint).objects.get(pk=complaint.pk)
    stale_copy.status = Status.INVESTIGATING
    with pytest.raises(lifecycle.StaleVersion) as refusal:
        lifecycle.perform(
            stale_copy,
            "resolve",
            actor=agent,
            expected_version=seen_by_agent,
            resolution_summary="Done.",
            outcome="not_upheld",
        )
    assert refusal.value.current_version == seen_by_agent + 1
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING_ON_CUSTOMER


def test_every_changed_field_is_recorded_with_old_and_new_value(agent, billing):
    complaint = file()
    category = CategoryFactory(code="billing", name="Billing")
    lifecycle.perform(
        complaint, "triage", actor=agent, category=category, severity="high", department=billing
    )
    event = Event.objects.filter(complaint=complaint).latest("id")
    assert event.changes["severity"] == ["", "high"]
    assert event.changes["category"] == [None, f"Billing (#{category.pk})"]
    assert event.changes["department"] == [None, f"Billing (#{billing.pk})"]
    assert event.actor == agent


def test_waiting_remembers_where_the_complaint_returns(agent, billing):
    complaint = complaint_in(Status.IN_REMEDY, actor=agent, department=billing)
    lifecycle.perform(complaint, "request_information", actor=agent, note="Delivery address?")
    assert complaint.resume_status == Status.IN_REMEDY
    lifecycle.perform(complaint, "customer_replied", actor=agent)
    assert complaint.status == Status.IN_REMEDY
