"""Intake's housekeeping, run by the scheduler (jobs/schedule.py)."""

from __future__ import annotations

from django.tasks import task

from complaintdesk.intake.attachments import sweep_staged_files
from complaintdesk.intake.idempotency import forget_expired_keys
from complaintdesk.intake.signed import forget_old_signatures
from complaintdesk.intake.webform import forget_old_submissions


@task()
def tidy_intake() -> dict[str, int]:
    """Forget what intake only needs for a while (idempotency keys after 24 hours, seen
    signatures once they cannot be replayed, web form submissions after a day) and finish or
    remove attachment files a crash or a rollback left staged. Safe to run at any time and
    as often as wanted; hourly is plenty."""
    files = sweep_staged_files()
    return {
        "idempotency_keys": forget_expired_keys(),
        "signatures": forget_old_signatures(),
        "web_submissions": forget_old_submissions(),
        "staged_files_published": files["published"],
        "staged_files_deleted": files["deleted"],
    }
