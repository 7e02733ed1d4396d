"""The queue's own housekeeping, run by the scheduler (see schedule.py).

Delivery is at least once: a task whose worker died mid-run is put back in the queue and runs
again, and a task that raised is tried again with a growing pause (worker.TaskRunner) until
TASK_MAX_ATTEMPTS. Every task must therefore be safe to repeat; what makes each one so is
listed in docs/reliability.md (guarantee 4).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs.models import ScheduledRun

logger = logging.getLogger(__name__)

# A task still RUNNING after this long lost its worker (killed, out of memory, machine gone).
# Longer than any task may take, or a slow but living task would run twice.
INTERRUPTED_AFTER = timedelta(minutes=15)
# A task is tried at most settings.TASK_MAX_ATTEMPTS times, whether it raised or took its
# worker down; then it is parked: FAILED, with its last error, in the admin's task list.
KEEP_SUCCEEDED = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)


def worker_is_gone(worker_id: str) -> bool:
    """True when the worker that claimed a task ran on this machine and its process is gone.

    Worker ids are "host:pid:random" (worker.new_worker_id). A pid reused since is taken for the
    worker alive, and the task then waits for INTERRUPTED_AFTER like one from another host."""
    host, _colon, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_tasks_of_dead_workers() -> dict[str, int]:
    """What recover_interrupted_tasks does, but only for tasks whose worker is known dead (it
    ran on this machine and its process is gone), at once: a worker calls it when it starts."""
    return _recover(
        lambda result: bool(result.worker_ids) and worker_is_gone(result.worker_ids[-1])
    )


@task()
def recover_interrupted_tasks() -> dict[str, int]:
    """Put tasks left RUNNING by a worker that died back in the queue, so they are retried:
    at once when that worker ran on this machine and is gone, after INTERRUPTED_AFTER
    otherwise."""
    cutoff = timezone.now() - INTERRUPTED_AFTER
    return _recover(
        lambda result: (
            (result.started_at is not None and result.started_at < cutoff)
            or (bool(result.worker_ids) and worker_is_gone(result.worker_ids[-1]))
        )
    )


def _recover(interrupted: Callable[[DBTaskResult], bool]) -> dict[str, int]:
    requeued = failed = 0
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for result in running:
            if not interrupted(result):
                continue
            # Each claim appends the worker's id, so the list counts the attempts.
            if len(result.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = timezone.now()
                result.exception_class_path = "complaintdesk.jobs.tasks.WorkerLost"
                result.traceback = (
                    f"Tried {len(result.worker_ids)} times; the last time, the worker running "
                    f"it stopped without finishing it. It will not be tried again."
                )
                result.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
                logger.error(
                    "task %s (%s) given up after lost workers", result.pk, result.task_path
                )
            else:
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                requeued += 1
                logger.warning(
                    "task %s (%s) was interrupted; queued again", result.pk, result.task_path
                )
    return {"requeued": requeued, "failed": failed}


@task()
def prune_finished_tasks() -> dict[str, int]:
    """Forget finished task results (and scheduler slots) once nobody will look at them."""
    now = timezone.now()
    with transaction.atomic():
        results, _ = (
            DBTaskResult.objects.finished()
            .filter(
                Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCEEDED)
                | Q(status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED)
            )
            .delete()
        )
        slots, _ = ScheduledRun.objects.filter(slot__lt=now - KEEP_FAILED).delete()
    return {"task_results": results, "scheduled_runs": slots}
