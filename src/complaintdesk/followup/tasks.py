"""The follow-up's background work, run by the worker on the schedule in jobs/schedule.py."""

from __future__ import annotations

from dataclasses import asdict

from django.tasks import task


@task()
def send_progress_updates() -> dict[str, int]:
    """Tell each customer not told anything for PROGRESS_UPDATE_DAYS where things stand."""
    from complaintdesk.followup.progress import run_progress_updates

    return asdict(run_progress_updates())


@task()
def close_unanswered_surveys() -> dict[str, int]:
    """Close the complaints whose satisfaction survey was not answered in FOLLOW_UP_DAYS."""
    from complaintdesk.followup.services import close_unanswered_surveys as sweep

    return asdict(sweep())
