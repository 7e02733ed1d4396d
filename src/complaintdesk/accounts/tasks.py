"""Accounts' housekeeping, run by the scheduler (jobs/schedule.py)."""

from __future__ import annotations

from django.tasks import task

from complaintdesk.accounts.request_rate import forget_old_request_counts as forget_counts


@task()
def forget_old_request_counts() -> int:
    """Delete the API's per-minute request counts that no rate limit looks at any more."""
    return forget_counts()
