from __future__ import annotations

from django.tasks import task

from complaintdesk.privacy.retention import apply_retention


@task()
def apply_retention_periods() -> dict[str, int]:
    """Daily: remove personal data kept past its retention period (privacy/retention.py)."""
    return apply_retention()
