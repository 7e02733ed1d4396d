"""Two workers sweeping at the same moment never escalate a complaint twice for one step: on
PostgreSQL each takes different rows (FOR UPDATE SKIP LOCKED), and a worker holding a stale
view of a clock loses the conditional UPDATE that claims the step."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from complaintdesk.audit.models import Event
from complaintdesk.sla.escalation import Sweep, SweepReport, run_escalation_sweep
from complaintdesk.sla.models import Breach, Clock, ClockKind, Escalation, SlaPolicy, StaffAlert
from tests.factories import file

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BREACHED = START + timedelta(hours=4, minutes=1)
COMPLAINTS = 30


@pytest.fixture
def due_complaints(routed_to_billing, supervisor):
    SlaPolicy.objects.create(
        name="Fast",
        business_hours=False,
        first_response=timedelta(hours=4),
        resolution=timedelta(hours=400),
    )
    with time_machine.travel(START, tick=False):
        return [file(subject=f"Complaint {n}") for n in range(COMPLAINTS)]


@pytest.mark.django_db
def test_a_worker_holding_a_stale_clock_loses_the_claim_and_sends_nothing(due_complaints):
    stale = Clock.objects.select_related(
        "complaint", "complaint__department", "complaint__owner"
    ).get(complaint=due_complaints[0], kind=ClockKind.FIRST_RESPONSE)
    run_escalation_sweep(now=BREACHED)

    late = Sweep(BREACHED)
    late.step(stale)

    assert late.report.skipped == 1
    assert Escalation.objects.filter(clock=stale).count() == 1
    assert Breach.objects.filter(clock=stale).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_escalate_each_complaint_once_per_step(due_complaints):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer in at a time, so nothing races")
    barrier = threading.Barrier(2)
    reports: list[SweepReport] = []

    def worker() -> None:
        try:
            barrier.wait()
            reports.append(run_escalation_sweep(now=BREACHED, batch=4))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(reports) == 2
    assert sum(r.escalations for r in reports) == COMPLAINTS
    assert sum(r.breaches for r in reports) == COMPLAINTS
    assert Escalation.objects.count() == Breach.objects.count() == COMPLAINTS
    assert Event.objects.filter(action="sla.escalated").count() == COMPLAINTS
    assert StaffAlert.objects.filter(kind="escalation").count() == COMPLAINTS
