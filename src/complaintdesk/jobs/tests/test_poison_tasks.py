"""A task that always fails is tried TASK_MAX_ATTEMPTS times with a growing pause, then parked
as failed where administrators see it; the other tasks run meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.tasks import TaskResultStatus, task
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs.worker import retry_delay, run_pending_tasks


class Poisoned(Exception):
    pass


@task()
def always_fails() -> None:
    raise Poisoned("this task can never succeed")


@task()
def does_its_work(number: int) -> int:
    return number


@pytest.fixture(autouse=True)
def _three_tries():
    with override_settings(TASK_MAX_ATTEMPTS=3, TASK_RETRY_SECONDS=10):
        yield


def run_through_every_retry() -> None:
    """Run what is due, then travel past each pause the failing task asked for."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(5):
            run_pending_tasks()
            clock.shift(timedelta(hours=1, seconds=1))


def test_a_task_that_always_fails_is_parked_after_the_last_try(db):
    poison = always_fails.enqueue()
    run_through_every_retry()
    row = DBTaskResult.objects.get(pk=poison.id)
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 3
    assert row.exception_class_path.endswith("Poisoned")


def test_a_failing_task_does_not_hold_up_the_tasks_queued_after_it(db):
    poison = always_fails.enqueue()
    others = [does_its_work.enqueue(n) for n in range(3)]
    run_pending_tasks()
    statuses = DBTaskResult.objects.in_bulk([r.id for r in others])
    assert {row.status for row in statuses.values()} == {TaskResultStatus.SUCCESSFUL}
    waiting = DBTaskResult.objects.get(pk=poison.id)
    assert waiting.status == TaskResultStatus.READY
    assert waiting.run_after > timezone.now()


def test_a_failing_task_waits_longer_after_each_failure(db):
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [10, 20, 40]
    assert retry_delay(30) == timedelta(hours=1)


def test_a_failing_task_keeps_its_error_visible_while_it_waits_to_be_tried_again(db):
    poison = always_fails.enqueue()
    run_pending_tasks()
    row = DBTaskResult.objects.get(pk=poison.id)
    assert "this task can never succeed" in row.traceback


def test_a_parked_task_is_listed_for_administrators_with_its_attempts_and_error(
    db, client, admin_user
):
    always_fails.enqueue()
    run_through_every_retry()
    client.force_login(admin_user)
    page = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"), {"status": "FAILED"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "always_fails" in text
    assert "Poisoned" in text
