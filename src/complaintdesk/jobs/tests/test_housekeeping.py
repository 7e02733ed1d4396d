"""The queue's housekeeping: interrupted tasks are retried, old results forgotten."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs.models import ScheduledRun
from complaintdesk.jobs.tasks import (
    INTERRUPTED_AFTER,
    KEEP_FAILED,
    KEEP_SUCCEEDED,
    prune_finished_tasks,
    recover_interrupted_tasks,
)


def claimed_task(*, started_ago: timedelta, attempts: int = 1) -> DBTaskResult:
    """A task some worker claimed `started_ago` and never finished."""
    result = prune_finished_tasks.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - started_ago
    row.worker_ids = [f"dead-worker-{n}" for n in range(attempts)]
    row.save()
    return row


def finished_task(status: str, *, ago: timedelta) -> DBTaskResult:
    result = prune_finished_tasks.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status, finished_at=timezone.now() - ago
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_left_running_by_a_dead_worker_is_queued_again(db):
    stuck = claimed_task(started_ago=INTERRUPTED_AFTER + timedelta(minutes=1))
    assert recover_interrupted_tasks.call() == {"requeued": 1, "failed": 0}
    stuck.refresh_from_db()
    assert stuck.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=stuck.pk).exists()


def test_a_task_running_for_less_than_the_timeout_is_left_alone(db):
    running = claimed_task(started_ago=INTERRUPTED_AFTER - timedelta(minutes=1))
    recover_interrupted_tasks.call()
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING


def test_a_task_that_took_its_worker_down_too_often_is_failed_for_good(db):
    poison = claimed_task(started_ago=INTERRUPTED_AFTER * 2, attempts=settings.TASK_MAX_ATTEMPTS)
    assert recover_interrupted_tasks.call() == {"requeued": 0, "failed": 1}
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert "stopped without finishing" in poison.traceback


def test_old_finished_results_are_pruned_and_recent_ones_kept(db):
    old_success = finished_task(
        TaskResultStatus.SUCCESSFUL, ago=KEEP_SUCCEEDED + timedelta(hours=1)
    )
    recent_failure = finished_task(TaskResultStatus.FAILED, ago=KEEP_SUCCEEDED + timedelta(hours=1))
    old_failure = finished_task(TaskResultStatus.FAILED, ago=KEEP_FAILED + timedelta(hours=1))
    waiting = prune_finished_tasks.enqueue()
    prune_finished_tasks.call()
    remaining = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert str(old_success.pk) not in remaining
    assert str(old_failure.pk) not in remaining
    assert {str(recent_failure.pk), str(waiting.id)} <= remaining


def test_pruning_forgets_scheduler_slots_older_than_the_failed_results(db):
    ScheduledRun.objects.create(job="old", slot=timezone.now() - KEEP_FAILED - timedelta(days=1))
    ScheduledRun.objects.create(job="recent", slot=timezone.now() - timedelta(days=1))
    prune_finished_tasks.call()
    assert list(ScheduledRun.objects.values_list("job", flat=True)) == ["recent"]
