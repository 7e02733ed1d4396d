"""Progress updates with an advanced clock: at least every PROGRESS_UPDATE_DAYS days while a
complaint is worked on and nothing else was told; an honest expected date; a slipped date told
plainly; never twice for one period, even with two workers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.services import reply_to_customer
from complaintdesk.followup.models import ProgressUpdate
from complaintdesk.followup.progress import ProgressReport, run_progress_updates
from tests.factories import complaint_in

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def investigating(db, agent, billing, settings):
    settings.PROGRESS_UPDATE_DAYS = 3
    with time_machine.travel(START, tick=False):
        return complaint_in(Status.INVESTIGATING, actor=agent, department=billing)


def _sweep(at: datetime) -> ProgressReport:
    with time_machine.travel(at, tick=False):
        return run_progress_updates()


@pytest.mark.django_db
def test_nothing_is_sent_before_the_period_has_passed(investigating):
    report = _sweep(START + timedelta(days=2, hours=23))

    assert report.sent == 0
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_a_customer_told_nothing_for_the_period_gets_one_update_with_the_expected_date(
    investigating,
):
    report = _sweep(START + timedelta(days=3, minutes=1))

    update = ProgressUpdate.objects.get(complaint=investigating)
    assert report.sent == 1
    assert update.expected_at == investigating.resolution_due
    assert "We expect to give you our answer by" in update.message.body
    assert Event.objects.filter(complaint=investigating, action="progress.update_sent").exists()


@pytest.mark.django_db
def test_sweeping_again_in_the_same_period_sends_nothing_more(investigating):
    _sweep(START + timedelta(days=3, minutes=1))
    again = _sweep(START + timedelta(days=3, hours=5))

    assert again.sent == 0
    assert ProgressUpdate.objects.filter(complaint=investigating).count() == 1


@pytest.mark.django_db
def test_the_next_update_comes_a_period_after_the_last(investigating):
    _sweep(START + timedelta(days=3, minutes=1))
    _sweep(START + timedelta(days=5))
    _sweep(START + timedelta(days=6, minutes=2))

    assert ProgressUpdate.objects.filter(complaint=investigating).count() == 2


@pytest.mark.django_db
def test_a_reply_from_staff_counts_as_telling_the_customer(investigating, agent):
    with time_machine.travel(START + timedelta(days=2), tick=False):
        reply_to_customer(complaint=investigating, actor=agent, body="Still on it.")

    report = _sweep(START + timedelta(days=3, minutes=1))

    assert report.sent == 0


@pytest.mark.django_db
def test_a_slipped_expected_date_is_told_plainly(investigating):
    _sweep(START + timedelta(days=3, minutes=1))
    later = investigating.resolution_due + timedelta(days=5)
    Complaint.objects.filter(pk=investigating.pk).update(resolution_due=later)

    _sweep(START + timedelta(days=6, minutes=2))

    update = ProgressUpdate.objects.filter(complaint=investigating).first()
    assert update.slipped_from is not None
    assert update.expected_at == later
    assert "That date has slipped" in update.message.body


@pytest.mark.django_db
def test_a_date_already_missed_is_admitted_not_repeated(investigating):
    _sweep(investigating.resolution_due + timedelta(days=1))

    update = ProgressUpdate.objects.get(complaint=investigating)
    assert "we have not managed to" in update.message.body


@pytest.mark.django_db
def test_the_update_is_written_in_the_customers_language(agent, billing, settings):
    settings.PROGRESS_UPDATE_DAYS = 3
    with time_machine.travel(START, tick=False):
        complaint = complaint_in(
            Status.INVESTIGATING, actor=agent, department=billing, language="fr"
        )
    _sweep(START + timedelta(days=3, minutes=1))

    update = ProgressUpdate.objects.get(complaint=complaint)
    assert update.message.subject.startswith("Des nouvelles de votre réclamation")


@pytest.mark.django_db
def test_complaints_waiting_on_the_customer_or_decided_get_no_update(agent, billing, settings):
    settings.PROGRESS_UPDATE_DAYS = 3
    with time_machine.travel(START, tick=False):
        complaint_in(Status.WAITING_ON_CUSTOMER, actor=agent, department=billing)
        complaint_in(Status.RESOLVED, actor=agent, department=billing)

    report = _sweep(START + timedelta(days=10))

    assert report.sent == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_update_once(agent, billing, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer in at a time, so nothing races")
    settings.PROGRESS_UPDATE_DAYS = 3
    with time_machine.travel(START, tick=False):
        complaints = [
            complaint_in(Status.INVESTIGATING, actor=agent, department=billing, subject=f"C {n}")
            for n in range(12)
        ]
    barrier = threading.Barrier(2)
    reports: list[ProgressReport] = []

    def worker() -> None:
        try:
            barrier.wait()
            reports.append(run_progress_updates(now=START + timedelta(days=3, minutes=1)))
        finally:
            connection.close()

    with time_machine.travel(START + timedelta(days=3, minutes=1), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert ProgressUpdate.objects.filter(complaint__in=complaints).count() == len(complaints)
    assert sum(report.sent for report in reports) == len(complaints)
