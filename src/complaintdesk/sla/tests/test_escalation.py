"""The escalation sweep with a frozen and advanced clock: the owner is warned at 75% of the
time, and at the deadline and after it the complaint climbs the ladder step by step, each
step told, recorded and never sent twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from complaintdesk.accounts.models import Role
from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.services import reply_to_customer
from complaintdesk.jobs.schedule import PERIODIC_JOBS
from complaintdesk.jobs.worker import run_pending_tasks
from complaintdesk.notifications.models import WebhookDelivery, WebhookEndpoint
from complaintdesk.sla.escalation import run_escalation_sweep
from complaintdesk.sla.models import (
    Breach,
    Clock,
    ClockKind,
    Escalation,
    EscalationLadder,
    EscalationStep,
    Notify,
    SlaPolicy,
    StaffAlert,
)
from complaintdesk.sla.tasks import sweep_escalations
from tests.factories import UserFactory, complaint_in, file

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast(db):
    """A first response within 4 calendar hours; the resolution far enough not to interfere."""
    return SlaPolicy.objects.create(
        name="Fast",
        business_hours=False,
        first_response=timedelta(hours=4),
        resolution=timedelta(hours=400),
    )


@pytest.fixture
def head(routed_to_billing):
    person = UserFactory(username="henri", first_name="Henri", role=Role.SUPERVISOR)
    routed_to_billing.head = person
    routed_to_billing.save()
    return person


@pytest.fixture
def complaint(routed_to_billing, fast, supervisor):
    with time_machine.travel(START, tick=False):
        return file()


def sweep_after(hours, minutes=0):
    with time_machine.travel(START + timedelta(hours=hours, minutes=minutes), tick=False):
        return run_escalation_sweep()


def told(kind=None):
    alerts = StaffAlert.objects.order_by("id")
    if kind:
        alerts = alerts.filter(kind=kind)
    return [alert.recipient.username for alert in alerts if alert.kind != "assigned"]


def test_nothing_happens_before_three_quarters_of_the_time(complaint):
    report = sweep_after(2, 59)

    assert report.warnings == report.escalations == report.breaches == 0
    assert told() == []


def test_at_three_quarters_of_the_time_the_owner_is_warned(complaint, agent):
    report = sweep_after(3)

    event = Event.objects.get(complaint=complaint, action="sla.warning")
    assert report.warnings == 1
    assert told("warning") == ["alice"]
    assert "75%" in event.note
    assert "Alice" in event.note


def test_the_warning_is_e_mailed_to_the_owner_by_the_worker(complaint, agent):
    sweep_after(3)
    run_pending_tasks()

    warning = next(m for m in mail.outbox if m.to == [agent.email])
    assert complaint.reference in warning.subject
    assert warning.extra_headers["Auto-Submitted"] == "auto-generated"
    assert StaffAlert.objects.get(kind="warning").mail_state == "sent"


def test_at_the_deadline_the_supervisor_is_told(complaint):
    sweep_after(3)
    report = sweep_after(4)

    assert (report.breaches, report.escalations) == (1, 1)
    assert told("escalation") == ["sofia"]
    assert Event.objects.filter(complaint=complaint, action="sla.escalated").count() == 1


def test_a_breach_records_the_department_and_person_responsible_then(
    complaint, agent, routed_to_billing
):
    sweep_after(4)

    breach = Breach.objects.get(complaint=complaint)
    assert (breach.kind, breach.department, breach.owner) == (
        ClockKind.FIRST_RESPONSE,
        routed_to_billing,
        agent,
    )
    assert (breach.department_name, breach.owner_name) == ("Billing", "Alice")
    assert Event.objects.filter(complaint=complaint, action="sla.breached").exists()


def test_after_the_deadline_it_climbs_to_the_head_then_the_quality_managers(
    complaint, head, quality_manager
):
    for hours in (3, 4, 6, 8):
        sweep_after(hours)

    assert told() == ["alice", "sofia", "henri", "quinn"]
    steps = list(Escalation.objects.order_by("at").values_list("step", "percent"))
    assert steps == [(1, 75), (2, 100), (3, 150), (4, 200)]


def test_sweeping_twice_at_the_same_moment_tells_nobody_twice(complaint):
    sweep_after(4)
    again = sweep_after(4)

    assert (again.warnings, again.escalations, again.breaches) == (0, 0, 0)
    assert Escalation.objects.count() == 1
    assert Breach.objects.count() == 1


def test_steps_missed_while_no_worker_ran_are_not_all_sent_at_once(complaint, head):
    report = sweep_after(6, 30)

    assert (report.breaches, report.escalations) == (1, 1)
    assert told() == ["henri"]
    assert "Earlier steps passed" in Event.objects.get(action="sla.escalated").note


def test_an_abnormal_complaint_starts_higher_on_the_ladder(complaint):
    Complaint.objects.filter(pk=complaint.pk).update(abnormal=True)

    sweep_after(3)

    assert told() == ["sofia"]
    assert Escalation.objects.get().step == 2


def test_a_critical_complaint_starts_higher_on_the_ladder(complaint):
    Complaint.objects.filter(pk=complaint.pk).update(severity="critical")

    sweep_after(3)

    assert told() == ["sofia"]


def test_a_department_may_have_a_ladder_of_its_own(routed_to_billing, fast, quality_manager):
    ladder = EscalationLadder.objects.create(name="Billing", department=routed_to_billing)
    EscalationStep.objects.create(ladder=ladder, percent=50, notify=Notify.OWNER)
    EscalationStep.objects.create(ladder=ladder, percent=100, notify=Notify.QUALITY_MANAGERS)
    with time_machine.travel(START, tick=False):
        file()

    sweep_after(2)
    sweep_after(4)

    assert told() == ["alice", "quinn"]


def test_when_a_step_names_nobody_the_next_group_up_is_told(
    routed_to_billing, fast, quality_manager
):
    with time_machine.travel(START, tick=False):
        file()

    sweep_after(4)

    # Billing has no supervisor and no head.
    assert told("escalation") == ["quinn"]


def test_a_first_response_given_in_time_is_met_and_never_escalated(complaint, agent):
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        reply_to_customer(complaint=complaint, actor=agent, body="We are on it.")

    report = sweep_after(5)

    first = Clock.objects.get(complaint=complaint, kind=ClockKind.FIRST_RESPONSE)
    assert (first.met, report.stopped) == (True, 1)
    assert told() == []


def test_a_complaint_waiting_on_the_customer_is_not_escalated(routed_to_billing, agent):
    SlaPolicy.objects.create(
        name="Fast resolution", business_hours=False, resolution=timedelta(hours=4)
    )
    with time_machine.travel(START, tick=False):
        complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=routed_to_billing)
        lifecycle.perform(complaint, "request_information", actor=agent, note="Which card?")

    report = sweep_after(10)

    assert (report.warnings, report.escalations, report.breaches) == (0, 0, 0)


def test_a_breach_is_announced_to_subscribed_webhooks(complaint):
    WebhookEndpoint.objects.create(
        name="Dashboard",
        url="https://dashboard.example.com/hook",
        secret="s" * 32,
        events=["complaint.deadline_breached"],
    )

    sweep_after(4)

    delivery = WebhookDelivery.objects.get(event="complaint.deadline_breached")
    assert delivery.payload["data"]["deadline"] == "first_response"


def test_the_worker_sweeps_every_minute():
    job = next(job for job in PERIODIC_JOBS if job.name == "sweep_escalations")

    assert (job.every, job.task) == (timedelta(minutes=1), sweep_escalations)


def test_the_sweep_task_escalates_what_is_due(complaint):
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        sweep_escalations.enqueue()
        run_pending_tasks()

    assert told("warning") == ["alice"]


def test_when_nobody_is_above_a_step_the_nearest_group_below_is_told(complaint):
    Complaint.objects.filter(pk=complaint.pk).update(abnormal=True)

    sweep_after(4)

    # An abnormal complaint at the deadline reaches the head's step; Billing has no head and
    # there is no quality manager, so its supervisor is told.
    assert told("escalation") == ["sofia"]


def test_an_owner_who_is_away_is_not_warned_their_supervisor_is(complaint, agent):
    agent.absent = True
    agent.save()

    sweep_after(3)

    assert told("warning") == ["sofia"]
