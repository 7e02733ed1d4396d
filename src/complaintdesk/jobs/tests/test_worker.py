"""The worker runs what is queued: acknowledgements reach customers, periodic jobs get
enqueued, and a stop request lets the task in hand finish."""

from __future__ import annotations

import signal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs.models import ScheduledRun
from complaintdesk.jobs.schedule import PERIODIC_JOBS
from complaintdesk.jobs.worker import BackgroundWorker, run_pending_tasks
from tests.factories import file


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # The loop drops stale connections between tasks; here it would close the connection the
    # test's transaction lives on.
    monkeypatch.setattr("complaintdesk.jobs.worker.close_old_connections", lambda: None)


def test_running_the_pending_tasks_sends_the_customer_their_acknowledgement(db):
    complaint = file(email="dana@example.com")
    assert mail.outbox == []
    run_pending_tasks()
    assert [m.to for m in mail.outbox] == [["dana@example.com"]]
    assert complaint.reference in mail.outbox[0].subject


def test_run_pending_tasks_says_how_many_ran_and_stops_at_the_limit(db):
    file(email="one@example.com")
    file(email="two@example.com")
    assert run_pending_tasks(max_tasks=1) == 1
    assert run_pending_tasks() == 1
    assert run_pending_tasks() == 0


def test_a_task_the_worker_ran_is_recorded_as_successful(db):
    file()
    run_pending_tasks()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }


def test_a_stop_signal_lets_the_task_in_hand_finish_then_stops_the_worker(db, monkeypatch):
    file()
    worker = BackgroundWorker(interval=0.1)
    run_one = worker.runner.run_one

    def run_one_then_get_stopped() -> bool:
        worker.stop(signal.SIGTERM, None)
        return run_one()

    monkeypatch.setattr(worker.runner, "run_one", run_one_then_get_stopped)
    worker.run()
    # The acknowledgement in hand was sent; the periodic jobs queued meanwhile wait.
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == len(PERIODIC_JOBS)


def test_the_worker_enqueues_the_periodic_jobs_that_are_due(db, monkeypatch):
    worker = BackgroundWorker(interval=0.1)
    monkeypatch.setattr(worker.runner, "run_one", lambda: worker.stop(signal.SIGTERM, None))
    worker.run()
    assert ScheduledRun.objects.count() == len(PERIODIC_JOBS)


def test_the_worker_puts_back_the_signal_handlers_it_found(db, monkeypatch):
    before = signal.getsignal(signal.SIGTERM)
    worker = BackgroundWorker(interval=0.1)
    monkeypatch.setattr(worker.runner, "run_one", lambda: worker.stop(signal.SIGTERM, None))
    worker.run()
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_database_outage_makes_the_worker_wait_and_try_again(db, monkeypatch):
    monkeypatch.setattr("complaintdesk.jobs.worker.DATABASE_RETRY_SECONDS", 0.01)
    worker = BackgroundWorker(interval=0.1)
    turns = iter([OperationalError("server closed the connection unexpectedly"), None])

    def run_one() -> bool:
        outcome = next(turns)
        if outcome is not None:
            raise outcome
        worker.stop(signal.SIGTERM, None)
        return True

    monkeypatch.setattr(worker.runner, "run_one", run_one)
    worker.run()
    assert next(turns, "all turns taken") == "all turns taken"


def test_the_worker_command_refuses_an_interval_it_cannot_honour():
    with pytest.raises(CommandError, match=r"--interval: must be at least 0\.1 seconds"):
        call_command("worker", "--interval", "0")
