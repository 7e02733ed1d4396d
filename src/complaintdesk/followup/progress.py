"""Progress updates: while a complaint is being worked on, the customer hears from us at least
every PROGRESS_UPDATE_DAYS days. The worker's sweep finds open complaints to which nothing
customer-visible went out in that time and tells the customer where things stand, with an
honest expected date; when that date is later than the one told last time, the update says so.

An update is claimed by inserting its ProgressUpdate row, unique per complaint and the moment
the update fell due (the last message out plus the period), in the same transaction as the
message and its event: two workers that see the same complaint compute the same moment, and
the second insert fails, so the customer is never told twice for one period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import OPEN_WORKING_STATES, audit_value
from complaintdesk.complaints.models import Complaint, Direction, Visibility
from complaintdesk.followup.models import ProgressUpdate
from complaintdesk.followup.selectors import expected_date
from complaintdesk.notifications.services import tell_customer

BATCH = 200


@dataclass
class ProgressReport:
    sent: int = 0
    # Another worker had sent this period's update.
    skipped: int = 0


def period() -> timedelta:
    return timedelta(days=settings.PROGRESS_UPDATE_DAYS)


def quiet_complaints(now: datetime) -> QuerySet[Complaint]:
    """Open complaints being worked on to which nothing customer-visible went out for a whole
    period, each with `last_told` (the last message out, else when it was received)."""
    told = Max(
        "messages__created_at",
        filter=Q(messages__direction=Direction.OUTBOUND, messages__visibility=Visibility.CUSTOMER),
    )
    return (
        Complaint.objects.filter(status__in=OPEN_WORKING_STATES)
        .annotate(last_told=Coalesce(told, F("received_at")))
        .annotate(
            update_due=ExpressionWrapper(F("last_told") + period(), output_field=DateTimeField())
        )
        .filter(update_due__lte=now)
        .select_related("customer")
        .order_by("update_due", "pk")
    )


def send_progress_update(complaint: Complaint, *, due_at: datetime, now: datetime) -> bool:
    """Tell one customer where their complaint stands; False when this period's update was
    already sent (by another worker)."""
    previous = complaint.progress_updates.order_by("-sent_at", "-id").first()
    expected = expected_date(complaint)
    slipped_from = None
    if previous and previous.expected_at and expected and expected > previous.expected_at:
        slipped_from = previous.expected_at
    try:
        with transaction.atomic():
            update = ProgressUpdate.objects.create(
                complaint=complaint,
                due_at=due_at,
                sent_at=now,
                expected_at=expected,
                slipped_from=slipped_from,
            )
            update.message = tell_customer(
                complaint,
                "progress_update",
                expected=expected,
                overdue=expected is not None and expected <= now,
                slipped_from=slipped_from,
                previous=previous,
                days=settings.PROGRESS_UPDATE_DAYS,
            )
            update.save(update_fields=["message"])
            record(
                action="progress.update_sent",
                actor_label="system",
                complaint=complaint,
                subject=f"message:{update.message.pk}",
                changes={"expected_at": [audit_value(slipped_from), audit_value(expected)]}
                if slipped_from
                else {"expected_at": [None, audit_value(expected)]},
            )
    except IntegrityError:
        return False
    return True


def run_progress_updates(*, now: datetime | None = None) -> ProgressReport:
    """Send every progress update that has fallen due, each in its own transaction."""
    now = now or timezone.now()
    report = ProgressReport()
    after: tuple[datetime, int] | None = None
    while True:
        quiet = quiet_complaints(now)
        if after is not None:
            quiet = quiet.filter(
                Q(update_due__gt=after[0]) | Q(update_due=after[0], pk__gt=after[1])
            )
        batch = list(quiet[:BATCH])
        for complaint in batch:
            due_at: datetime = complaint.update_due  # type: ignore[attr-defined]
            if send_progress_update(complaint, due_at=due_at, now=now):
                report.sent += 1
            else:
                report.skipped += 1
            after = (due_at, complaint.pk)
        if len(batch) < BATCH:
            return report
