"""Every periodic job, in one list, and how workers agree on who enqueues it.

Time is cut into slots of each job's interval, counted from the Unix epoch (so a daily job's
slot starts at midnight UTC). Every worker looks at the schedule every few seconds; the first
to insert the (job, slot) row enqueues the job, in the same transaction, and the others get an
IntegrityError and do nothing. A slot missed while no worker ran is not caught up: the job
runs in the next slot, which is what a sweep or a clean-up wants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

from complaintdesk.accounts.tasks import forget_old_request_counts
from complaintdesk.followup.tasks import close_unanswered_surveys, send_progress_updates
from complaintdesk.insights import tasks as insights
from complaintdesk.intake.tasks import tidy_intake
from complaintdesk.jobs import tasks
from complaintdesk.jobs.models import ScheduledRun
from complaintdesk.privacy.tasks import apply_retention_periods
from complaintdesk.sla.tasks import sweep_escalations

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Task

    def slot(self, now: datetime) -> datetime:
        """The start of the slot `now` falls in."""
        return EPOCH + ((now - EPOCH) // self.every) * self.every


PERIODIC_JOBS: list[PeriodicJob] = [
    PeriodicJob("recover_interrupted_tasks", timedelta(minutes=5), tasks.recover_interrupted_tasks),
    PeriodicJob("prune_finished_tasks", timedelta(days=1), tasks.prune_finished_tasks),
    # Expired idempotency keys, seen signatures, web-form records, half-stored files.
    PeriodicJob("tidy_intake", timedelta(hours=1), tidy_intake),
    # The API's per-token request counts of minutes past (complaintdesk.accounts.request_rate).
    PeriodicJob("forget_old_request_counts", timedelta(hours=1), forget_old_request_counts),
    # Deadlines: warn, record breaches and escalate (complaintdesk.sla.escalation).
    PeriodicJob("sweep_escalations", timedelta(minutes=1), sweep_escalations),
    # Personal data kept past its retention period (complaintdesk.privacy.retention).
    PeriodicJob("apply_retention_periods", timedelta(days=1), apply_retention_periods),
    # Spikes in the last hour and day; targets of the month; overdue corrective actions;
    # the scheduled reports (complaintdesk.insights).
    PeriodicJob("watch_for_spikes", timedelta(hours=1), insights.watch_for_spikes),
    PeriodicJob("check_targets", timedelta(days=1), insights.check_targets),
    PeriodicJob("escalate_overdue_actions", timedelta(hours=6), insights.escalate_overdue_actions),
    PeriodicJob("send_scheduled_reports", timedelta(hours=1), insights.send_scheduled_reports),
    # The dashboard's daily rollup: the days whose complaints changed (insights.rollup).
    PeriodicJob("refresh_rollup", timedelta(minutes=5), insights.refresh_rollup),
    # Customers not told anything for PROGRESS_UPDATE_DAYS hear where things stand.
    PeriodicJob("send_progress_updates", timedelta(hours=1), send_progress_updates),
    # Surveys not answered within FOLLOW_UP_DAYS: the complaint is closed.
    PeriodicJob("close_unanswered_surveys", timedelta(minutes=15), close_unanswered_surveys),
]


def slot_taken(name: str, slot: datetime) -> bool:
    """A cheap look first, so workers seldom reach the insert that would fail."""
    return ScheduledRun.objects.filter(job=name, slot=slot).exists()


def enqueue_due_jobs(
    *, now: datetime | None = None, jobs: list[PeriodicJob] | None = None
) -> list[str]:
    """Enqueue each job whose current slot nobody has taken yet; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in PERIODIC_JOBS if jobs is None else jobs:
        slot = job.slot(now)
        if slot_taken(job.name, slot):
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=slot)
                job.task.enqueue()
        except IntegrityError:
            # Another worker took this slot between our look and our insert.
            continue
        enqueued.append(job.name)
    return enqueued
