"""The queue's own housekeeping, run by the scheduler (see schedule.py).

Delivery is at least once: a task whose worker died mid-run is put back in the queue and runs
again. Every task must therefore be safe to repeat (deliver_message, for one, checks that its
message is still pending and sends it under a stable Message-ID, so mail systems drop a copy).
"""

from __future__ import annotations

import logging
from datetime import timedelta

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
# A task that took its worker down this many times is not tried again.
MAX_ATTEMPTS = 5
KEEP_SUCCEEDED = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)


@task()
def recover_interrupted_tasks() -> dict[str, int]:
    """Put tasks left RUNNING by a worker that died back in the queue, so they are retried."""
    cutoff = timezone.now() - INTERRUPTED_AFTER
    requeued = failed = 0
    with transaction.atomic():
        stuck = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
        )
        for result in stuck:
            # Each claim appends the worker's id, so the list counts the attempts.
            if len(result.worker_ids) >= MAX_ATTEMPTS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = timezone.now()
                result.exception_class_path = "complaintdesk.jobs.tasks.WorkerLost"
                result.traceback = (
                    f"The worker running this task stopped without finishing it "
                    f"{len(result.worker_ids)} times; it will not be tried again."
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
