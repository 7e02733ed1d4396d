"""The background worker: runs the queued tasks of every queue and enqueues the periodic jobs.

Tasks are claimed the way django-tasks-db's own worker claims them (SELECT … FOR UPDATE SKIP
LOCKED on PostgreSQL, an exclusive transaction on SQLite), so any number of workers may run
side by side and none runs a task another has claimed.

Stopping: the first SIGINT or SIGTERM lets the task in hand finish, then the worker exits. A
second one kills the worker at once; its task stays RUNNING and recover_interrupted_tasks puts
it back in the queue later (delivery is at least once, see tasks.py).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Sequence
from datetime import timedelta
from types import FrameType

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import DatabaseError, OperationalError
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from complaintdesk.jobs.schedule import enqueue_due_jobs
from complaintdesk.jobs.tasks import recover_tasks_of_dead_workers

logger = logging.getLogger(__name__)

QUEUES = ("default", "mail")
# How often a worker looks whether a periodic job is due.
SCHEDULE_EVERY_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
DATABASE_RETRY_SECONDS = 5.0


def new_worker_id() -> str:
    """Unique across the pool, and says where to look when a task misbehaves."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


class TaskRunner(Worker):
    """django-tasks-db's worker, used one task at a time: it claims and records tasks exactly
    as `db_worker` does, while the loop around it (schedule, signals) is ours."""

    def __init__(self, *, worker_id: str, queues: Sequence[str] = QUEUES) -> None:
        super().__init__(
            queue_names=list(queues),
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    def claim_next(self) -> DBTaskResult | None:
        ready = DBTaskResult.objects.ready().filter(
            backend_name=self.backend_name, queue_name__in=self.queue_names
        )
        try:
            with exclusive_transaction(ready.db):
                claimed = ready.get_locked()
                if claimed is not None:
                    claimed.claim(self.worker_id)
        except OperationalError as exc:
            # SQLite busy with another writer: try again on the next turn.
            if is_locked_database_exception(exc):
                return None
            raise
        return claimed

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run it as db_worker does; if it raised and has tries left, queue it again after a
        growing pause (other tasks run meanwhile), keeping its error visible until then."""
        super().run_task(db_task_result)
        if db_task_result.status != TaskResultStatus.FAILED:
            return
        attempts = len(db_task_result.worker_ids)
        if attempts >= settings.TASK_MAX_ATTEMPTS:
            logger.error(
                "task %s (%s) failed %s times; parked as failed",
                db_task_result.pk,
                db_task_result.task_path,
                attempts,
            )
            return
        delay = retry_delay(attempts)
        db_task_result.status = TaskResultStatus.READY
        db_task_result.run_after = timezone.now() + delay
        db_task_result.finished_at = None
        db_task_result.save(update_fields=["status", "run_after", "finished_at"])
        logger.warning(
            "task %s (%s) failed (attempt %s of %s); trying again in %s s",
            db_task_result.pk,
            db_task_result.task_path,
            attempts,
            settings.TASK_MAX_ATTEMPTS,
            int(delay.total_seconds()),
        )

    def run_one(self) -> bool:
        """Run the next ready task, if any; False when the queues are empty."""
        claimed = self.claim_next()
        if claimed is None:
            return False
        self.run_task(claimed)
        return True


def retry_delay(attempts: int) -> timedelta:
    """The pause after the attempts-th failure: TASK_RETRY_SECONDS doubled each time, at most
    an hour."""
    return timedelta(seconds=min(settings.TASK_RETRY_SECONDS * 2 ** (attempts - 1), 3600))


def run_pending_tasks(max_tasks: int | None = None) -> int:
    """Run every ready task here and now, including those the tasks themselves enqueue; returns
    how many ran. What the worker would do, for tests and one-off maintenance."""
    runner = TaskRunner(worker_id=f"in-process:{os.getpid()}")
    ran = 0
    while (max_tasks is None or ran < max_tasks) and runner.run_one():
        ran += 1
    return ran


class BackgroundWorker:
    def __init__(self, *, interval: float = 1.0, worker_id: str | None = None) -> None:
        self.interval = interval
        self.runner = TaskRunner(worker_id=worker_id or new_worker_id())
        self.stopping = False
        self._next_schedule_at = 0.0

    @property
    def worker_id(self) -> str:
        return self.runner.worker_id

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            logger.warning("%s again: stopping now", signal.strsignal(signum))
            # Die of the signal itself; the task in hand stays RUNNING and is recovered later.
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        logger.info("%s: stopping after the current task", signal.strsignal(signum))
        self.stopping = True

    def run(self) -> None:
        previous = {signum: signal.signal(signum, self.stop) for signum in STOP_SIGNALS}
        logger.info("worker %s started on queues %s", self.worker_id, ", ".join(QUEUES))
        try:
            self.recover_tasks_of_dead_workers()
            while not self.stopping:
                try:
                    self.turn()
                except DatabaseError:
                    # The database restarting or unreachable: wait and try again rather than
                    # take `serve` down with us.
                    logger.exception("database error; trying again in %s s", DATABASE_RETRY_SECONDS)
                    close_old_connections()
                    self.nap(DATABASE_RETRY_SECONDS)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            close_old_connections()
        logger.info("worker %s stopped", self.worker_id)

    def turn(self) -> None:
        """One turn of the loop: the schedule, then one task or a nap."""
        close_old_connections()
        self.enqueue_due_jobs()
        if self.stopping:
            return
        if not self.runner.run_one():
            close_old_connections()
            self.nap(self.interval)

    def recover_tasks_of_dead_workers(self) -> None:
        """The tasks a worker on this machine was running when it died run again now, not
        INTERRUPTED_AFTER later."""
        try:
            recovered = recover_tasks_of_dead_workers()
        except DatabaseError:
            logger.exception("could not look for tasks of dead workers; the schedule will")
            close_old_connections()
            return
        if any(recovered.values()):
            logger.warning("tasks of dead workers: %s", recovered)

    def enqueue_due_jobs(self) -> None:
        if time.monotonic() < self._next_schedule_at:
            return
        self._next_schedule_at = time.monotonic() + SCHEDULE_EVERY_SECONDS
        try:
            for name in enqueue_due_jobs():
                logger.info("periodic job %s enqueued", name)
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise

    def nap(self, seconds: float) -> None:
        """Sleep in short steps, so a stop request is honoured at once."""
        deadline = time.monotonic() + seconds
        while not self.stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.1))
