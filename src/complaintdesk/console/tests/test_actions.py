"""Taking lifecycle actions from the complaint page: every step through the table, every
refusal shown on the page instead of an error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.services import update_complaint
from complaintdesk.resolution.models import PlanStep, RemedyPlan, RootCauseCategory
from tests.factories import CategoryFactory, complaint_in, file

pytestmark = pytest.mark.django_db


def act(client, complaint, action, *, version=None, **fields):
    complaint.refresh_from_db()
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data[f"{action}-version"] = complaint.version if version is None else version
    return client.post(reverse("console:action", args=[complaint.reference, action]), data)


def _panel(client, complaint, what, **fields):
    data = {f"{what}-{name}": value for name, value in fields.items()}
    response = client.post(reverse("resolution:write", args=[complaint.reference, what]), data)
    assert response.status_code == 302, what


def propose_a_plan(client, complaint):
    _panel(client, complaint, "plan", objectives="Refund.", remedy_types="refund",
           needs_confirmation="on")  # fmt: skip
    plan = RemedyPlan.objects.get(complaint=complaint)
    due = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    _panel(client, complaint, "step", plan=plan.pk, description="Refund the charge.", due_at=due)
    _panel(client, complaint, "propose", plan=plan.pk)


def finish_the_plan(client, complaint):
    step = PlanStep.objects.get(plan__complaint=complaint)
    _panel(client, complaint, "step-status", plan=step.plan_id, step=step.pk, status="done")
    category, _ = RootCauseCategory.objects.get_or_create(
        code="process", defaults={"name": "Process"}
    )
    _panel(client, complaint, "cause", category=category.pk, explanation="Captured twice.")


def test_a_complaint_is_walked_from_acknowledged_to_closed_each_step_recorded(
    client, agent, supervisor, billing
):
    complaint = file()
    category = CategoryFactory(code="billing")
    client.force_login(agent)
    steps = [
        ("triage", {"category": category.pk, "severity": "medium", "department": billing.pk}),
        ("start_investigation", {}),
        ("propose_remedy", {"remedy_plan": "Refund the second charge."}),
        ("accept_remedy", {"note": "Customer agreed on the phone."}),
        ("resolve", {"resolution_summary": "Refunded.", "outcome": "upheld"}),
        ("start_follow_up", {}),
        ("close", {"close_reason": "Settled with the customer by phone."}),
    ]

    for action, fields in steps:
        if action == "close":
            # Closing before the survey's answer is a supervisor's decision.
            client.force_login(supervisor)
        if action == "propose_remedy":
            # Proposed from a plan with a step (the resolution panel), not a bare button.
            propose_a_plan(client, complaint)
            continue
        if action == "resolve":
            finish_the_plan(client, complaint)
        response = act(client, complaint, action, **fields)
        assert response.status_code == 302, (action, response.content.decode()[:2000])

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    recorded = list(
        Event.objects.filter(
            complaint=complaint, actor__in=[agent, supervisor], action__startswith="complaint."
        ).values_list("action", "actor__username")
    )
    assert recorded == [
        ("complaint.triaged", agent.username),
        ("complaint.investigation_started", agent.username),
        ("complaint.remedy_proposed", agent.username),
        ("complaint.remedy_accepted", agent.username),
        ("complaint.resolved", agent.username),
        ("complaint.follow_up_started", agent.username),
        ("complaint.closed", supervisor.username),
    ]


def test_a_stale_version_is_refused_with_a_message_and_the_fresh_data(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    seen = complaint.version
    update_complaint(
        complaint=complaint, actor=agent, expected_version=None, fields={"severity": "high"}
    )
    client.force_login(agent)

    response = act(
        client,
        complaint,
        "resolve",
        version=seen,
        resolution_summary="Refunded.",
        outcome="not_upheld",
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="complaint-alert"' in html
    assert "Someone else changed this complaint" in html
    assert "High" in html
    assert Complaint.objects.get(pk=complaint.pk).status == Status.INVESTIGATING


def test_the_stale_refusal_keeps_what_was_typed_in_view(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    seen = complaint.version
    update_complaint(
        complaint=complaint, actor=agent, expected_version=None, fields={"severity": "high"}
    )
    client.force_login(agent)

    response = act(
        client,
        complaint,
        "resolve",
        version=seen,
        resolution_summary="Refunded.",
        outcome="not_upheld",
    )

    assert ("Resolution summary", "Refunded.") in [
        (str(label), value) for label, value in response.context["lost"]
    ]


def test_resolving_without_a_summary_names_the_missing_field(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)

    response = act(client, complaint, "resolve", outcome="upheld")

    assert response.status_code == 422
    assert 'id="id_resolve-resolution_summary_error"' in response.content.decode()
    assert response.context["open_form"] == "resolve"


def test_asking_the_customer_without_a_note_is_refused_next_to_the_note(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)

    response = act(client, complaint, "request_information", note="  ")

    assert response.status_code == 422
    assert 'id="id_request_information-note_error"' in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == Status.INVESTIGATING


def test_an_action_the_state_does_not_allow_is_refused_with_a_message(client, agent, billing):
    complaint = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    client.force_login(agent)

    response = act(client, complaint, "accept_remedy")

    assert response.status_code == 409
    assert 'id="complaint-alert"' in response.content.decode()


def test_an_action_the_role_does_not_allow_is_refused(client, agent, quality_manager, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(quality_manager)

    response = act(client, complaint, "start_investigation")

    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).status == Status.INVESTIGATING


def test_an_unknown_action_is_not_found(client, agent):
    complaint = file()
    client.force_login(agent)

    assert act(client, complaint, "teleport").status_code == 404


def test_an_action_on_a_complaint_outside_the_scope_is_not_found(client, agent, outsider, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(outsider)

    assert act(client, complaint, "start_investigation").status_code == 404


def test_a_supervisor_reopens_a_closed_complaint_with_a_reason(client, agent, supervisor, billing):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)
    client.force_login(supervisor)

    act(client, complaint, "reopen", note="The refund never arrived.")

    assert Complaint.objects.get(pk=complaint.pk).status == Status.REOPENED
