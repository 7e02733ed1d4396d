"""The background work of the insights app (see jobs/schedule.py)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone


@task()
def check_targets() -> int:
    """Measure last month and this month so far against the targets, alerting on misses."""
    from complaintdesk.insights.services import record_target_results

    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=1)
    written = record_target_results(month=last_month)
    written += record_target_results(month=today)
    return len(written)


@task()
def escalate_overdue_actions() -> int:
    """Tell the department head of each corrective action past its due date, once."""
    from complaintdesk.insights.services import escalate_overdue_actions as escalate

    return escalate()


@task()
def watch_for_spikes() -> int:
    """Compare the last hour's and the last day's counts with their history (insights.spikes)."""
    from complaintdesk.insights.problems import watch_for_spikes as watch

    return len(watch())


@task()
def send_scheduled_reports() -> int:
    """E-mail the weekly and monthly reports that are due (insights.reports)."""
    from complaintdesk.insights.services import send_scheduled_reports as send

    return len(send())


@task()
def refresh_rollup() -> int:
    """Count again the dashboard rollup's days whose complaints changed (insights.rollup);
    the first run counts every day."""
    from complaintdesk.insights.rollup import refresh

    return len(refresh())
