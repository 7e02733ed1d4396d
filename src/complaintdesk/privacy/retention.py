"""How long each kind of record keeps personal data, enforced by a daily job
(jobs/schedule.py). Each period is a setting in days, so an organisation sets its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from complaintdesk.accounts.throttling import forget_old_attempts
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.intake.models import InboundMail
from complaintdesk.privacy.services import COMPLAINT_ERASED, erase_past_retention

# Each run does at most this many complaints, so one run never holds the database for long;
# the next day's run takes the rest.
BATCH = 500


def _closed_complaints(cutoff: datetime) -> int:
    due = list(
        Complaint.objects.select_related("customer")
        .filter(status__in=[Status.CLOSED, Status.WITHDRAWN], closed_at__lt=cutoff)
        .exclude(events__action=COMPLAINT_ERASED)
        .order_by("closed_at", "id")[:BATCH]
    )
    return erase_past_retention(complaints=due, reason="retention period")


@transaction.atomic
def _mail_originals(cutoff: datetime) -> int:
    # The message as it arrived; what it said lives on in the complaint while that is kept.
    return (
        InboundMail.objects.filter(received_at__lt=cutoff).exclude(raw=b"").update(raw=b"", text="")
    )


def _failed_attempts(cutoff: datetime) -> int:
    return forget_old_attempts(before=cutoff)


@dataclass(frozen=True)
class RetentionPeriod:
    record: str
    setting: str
    apply: Callable[[datetime], int]

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))


PERIODS: list[RetentionPeriod] = [
    # Counted from closing: the words, files and contact details of a complaint.
    RetentionPeriod("closed_complaints", "RETAIN_CLOSED_COMPLAINTS_DAYS", _closed_complaints),
    RetentionPeriod("inbound_mail_originals", "RETAIN_INBOUND_MAIL_DAYS", _mail_originals),
    RetentionPeriod("failed_attempts", "RETAIN_FAILED_ATTEMPTS_DAYS", _failed_attempts),
]


def apply_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Remove what has been kept past its period; returns how many records each period took."""
    now = now or timezone.now()
    return {period.record: period.apply(now - timedelta(days=period.days)) for period in PERIODS}
