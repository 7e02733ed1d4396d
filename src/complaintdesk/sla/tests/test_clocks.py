"""The clocks of a complaint: started on arrival in its department's working time, paused
while it waits on the customer, recomputed when its priority or department changes, stopped
when their step is done."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Status
from complaintdesk.complaints.services import update_complaint
from complaintdesk.sla.models import Clock, ClockKind, ClosingDay, SlaPolicy
from complaintdesk.sla.services import recompute_clocks, start_clocks
from tests.factories import DepartmentFactory, complaint_in, file

PARIS = ZoneInfo("Europe/Paris")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


def at(*parts):
    return time_machine.travel(datetime(*parts, tzinfo=PARIS), tick=False)


def clock(complaint, kind):
    return Clock.objects.filter(complaint=complaint, kind=kind).latest("id")


def test_a_new_complaint_is_due_in_its_departments_hours_without_holidays_or_closing_days(
    routed_to_billing, business_policy
):
    business_policy.first_response = timedelta(hours=2)
    business_policy.save()
    ClosingDay.objects.create(date=date(2026, 12, 24), name="Christmas Eve")
    with at(2026, 12, 23, 16, 0):
        complaint = file()

    complaint.refresh_from_db()
    # 1 h on the 23rd; the 24th is closed, the 25th a holiday, then the weekend.
    assert complaint.department == routed_to_billing
    assert complaint.first_response_due == datetime(2026, 12, 28, 10, 0, tzinfo=PARIS)


def test_each_deadline_of_the_policy_gets_a_clock(routed_to_billing, business_policy):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = file()

    due = {c.kind: c.due_at for c in Clock.objects.filter(complaint=complaint)}
    assert due == {
        ClockKind.FIRST_RESPONSE: datetime(2026, 11, 23, 17, 0, tzinfo=PARIS),
        ClockKind.PLAN: datetime(2026, 11, 24, 17, 0, tzinfo=PARIS),
        ClockKind.RESOLUTION: datetime(2026, 11, 27, 17, 0, tzinfo=PARIS),
    }


def test_the_queue_column_holds_the_earliest_running_due_time(routed_to_billing, business_policy):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = file()

    complaint.refresh_from_db()
    assert complaint.next_due_at == complaint.first_response_due


def test_starting_the_clocks_again_leaves_the_running_ones_and_keeps_the_queue_columns(
    routed_to_billing, business_policy, agent
):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = file()
    Clock.objects.filter(complaint=complaint, kind=ClockKind.PLAN).update(
        stopped_at=MONDAY_9 + timedelta(hours=1)
    )
    with at(2026, 11, 24, 9, 0):
        started = start_clocks(complaint)

    # Only the stopped plan clock starts again, still counted from the complaint's arrival;
    # the queue's columns come from every clock, the earlier ones included.
    assert [(c.kind, c.started_at) for c in started] == [(ClockKind.PLAN, MONDAY_9)]
    complaint.refresh_from_db()
    assert complaint.first_response_due == datetime(2026, 11, 23, 17, 0, tzinfo=PARIS)
    assert complaint.resolution_due == datetime(2026, 11, 27, 17, 0, tzinfo=PARIS)
    assert complaint.next_due_at == complaint.first_response_due
    assert Clock.objects.filter(complaint=complaint, kind=ClockKind.PLAN).count() == 2


def test_waiting_on_the_customer_moves_the_due_time_by_the_working_time_waited(
    routed_to_billing, business_policy, agent
):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=routed_to_billing)
    with at(2026, 11, 23, 10, 0):
        lifecycle.perform(complaint, "request_information", actor=agent, note="Which card?")
    with at(2026, 11, 25, 10, 0):
        lifecycle.perform(complaint, "customer_replied", actor=agent)

    # Paused 7 h on Monday, 8 h on Tuesday and 1 h on Wednesday: 16 working hours later.
    resolution = clock(complaint, ClockKind.RESOLUTION)
    assert (resolution.due_at, resolution.paused_for, resolution.paused_at) == (
        datetime(2026, 12, 1, 17, 0, tzinfo=PARIS),
        timedelta(hours=16),
        None,
    )


def test_while_waiting_on_the_customer_nothing_is_owed(routed_to_billing, business_policy, agent):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=routed_to_billing)
        lifecycle.perform(complaint, "request_information", actor=agent, note="Which card?")

    complaint.refresh_from_db()
    assert complaint.next_due_at is None
    assert clock(complaint, ClockKind.RESOLUTION).state() == "paused"


def test_asking_the_customer_is_the_first_response(routed_to_billing, business_policy, agent):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=routed_to_billing)
        lifecycle.perform(complaint, "request_information", actor=agent, note="Which card?")

    first = clock(complaint, ClockKind.FIRST_RESPONSE)
    assert (first.stopped_at, first.met) == (MONDAY_9, True)


def test_a_change_of_priority_recomputes_the_due_times_and_records_why(
    routed_to_billing, business_policy, agent
):
    SlaPolicy.objects.create(name="Urgent", priority="p1", first_response=timedelta(hours=1))
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = file()
    with at(2026, 11, 23, 9, 30):
        update_complaint(
            complaint=complaint,
            actor=agent,
            expected_version=complaint.version,
            fields={"priority": "p1"},
            note="Gas smell at the meter.",
        )

    complaint.refresh_from_db()
    event = Event.objects.filter(complaint=complaint, action="sla.recomputed").get()
    assert complaint.first_response_due == datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    assert event.changes["first_response_due"][1] == "2026-11-23T09:00:00+00:00"
    assert "priority: — → p1" in event.note
    assert "Urgent" in event.note


def test_a_recomputation_that_moves_nothing_records_nothing(routed_to_billing, business_policy):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = file()
        moved = recompute_clocks(complaint, actor=None, reason="checking")

    assert not moved
    assert not Event.objects.filter(complaint=complaint, action="sla.recomputed").exists()


def test_a_new_department_counts_in_its_own_calendar(routed_to_billing, business_policy, agent):
    shanghai = DepartmentFactory(code="shanghai", name="Shanghai desk")
    shanghai.time_zone = "Asia/Shanghai"
    shanghai.save()
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = file()
        update_complaint(
            complaint=complaint,
            actor=agent,
            expected_version=complaint.version,
            fields={"department": shanghai},
            note="Their customer.",
        )

    complaint.refresh_from_db()
    # Monday 09:00 in Paris is 16:00 in Shanghai: 1 h that day, 7 h on Tuesday.
    assert complaint.first_response_due == datetime(
        2026, 11, 24, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai")
    )


def test_resolving_stops_the_resolution_clock_and_starts_the_follow_up(
    routed_to_billing, business_policy, agent
):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = complaint_in(Status.RESOLVED, actor=agent, department=routed_to_billing)

    resolution = clock(complaint, ClockKind.RESOLUTION)
    follow_up = clock(complaint, ClockKind.FOLLOW_UP)
    assert (resolution.met, follow_up.running) == (True, True)
    assert follow_up.due_at == datetime(2026, 11, 25, 17, 0, tzinfo=PARIS)


def test_reopening_starts_a_new_resolution_clock_from_the_reopening(
    routed_to_billing, business_policy, agent
):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = complaint_in(Status.RESOLVED, actor=agent, department=routed_to_billing)
    with at(2026, 11, 30, 9, 0):
        lifecycle.perform(complaint, "reopen", actor=agent, note="The refund never came.")

    running = Clock.objects.filter(complaint=complaint, stopped_at__isnull=True)
    assert {c.kind: c.started_at for c in running} == {
        ClockKind.PLAN: datetime(2026, 11, 30, 9, 0, tzinfo=PARIS),
        ClockKind.RESOLUTION: datetime(2026, 11, 30, 9, 0, tzinfo=PARIS),
    }


def test_closing_stops_every_clock(routed_to_billing, business_policy, agent):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint = complaint_in(Status.CLOSED, actor=agent, department=routed_to_billing)

    assert not Clock.objects.filter(complaint=complaint, stopped_at__isnull=True).exists()
