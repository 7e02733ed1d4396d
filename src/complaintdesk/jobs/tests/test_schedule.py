"""The scheduler enqueues each periodic job once per slot, however many workers look."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs import schedule
from complaintdesk.jobs.models import ScheduledRun
from complaintdesk.jobs.schedule import PERIODIC_JOBS, PeriodicJob, enqueue_due_jobs
from complaintdesk.jobs.tasks import recover_interrupted_tasks

EVERY_FIVE_MINUTES = PeriodicJob("recover", timedelta(minutes=5), recover_interrupted_tasks)
NOON = datetime(2025, 3, 4, 12, 0, 30, tzinfo=UTC)


def queued() -> int:
    return DBTaskResult.objects.filter(task_path=recover_interrupted_tasks.module_path).count()


def test_several_workers_looking_in_the_same_slot_enqueue_the_job_once(db):
    first = enqueue_due_jobs(now=NOON, jobs=[EVERY_FIVE_MINUTES])
    second = enqueue_due_jobs(now=NOON + timedelta(minutes=2), jobs=[EVERY_FIVE_MINUTES])
    assert (first, second, queued()) == (["recover"], [], 1)


def test_the_next_slot_enqueues_the_job_again(db):
    enqueue_due_jobs(now=NOON, jobs=[EVERY_FIVE_MINUTES])
    enqueue_due_jobs(now=NOON + timedelta(minutes=5), jobs=[EVERY_FIVE_MINUTES])
    assert queued() == 2


def test_a_worker_that_loses_the_race_for_a_slot_enqueues_nothing(db, monkeypatch):
    # Another worker inserted the slot after this one looked and found it free.
    ScheduledRun.objects.create(job="recover", slot=EVERY_FIVE_MINUTES.slot(NOON))
    monkeypatch.setattr(schedule, "slot_taken", lambda name, slot: False)
    assert enqueue_due_jobs(now=NOON, jobs=[EVERY_FIVE_MINUTES]) == []
    assert queued() == 0


def test_slots_start_on_the_interval_counted_from_the_epoch():
    daily = PeriodicJob("daily", timedelta(days=1), recover_interrupted_tasks)
    assert daily.slot(NOON) == datetime(2025, 3, 4, tzinfo=UTC)
    assert EVERY_FIVE_MINUTES.slot(NOON) == datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def test_the_periodic_jobs_have_distinct_names_and_real_intervals():
    names = [job.name for job in PERIODIC_JOBS]
    assert len(names) == len(set(names))
    assert all(job.every >= timedelta(minutes=1) for job in PERIODIC_JOBS)
