"""Did an action work? Complaints with its cause (its root-cause category, else its complaint
category) received in the same length of time before and after it was implemented, counted
by the database and compared per 30 days, so a check read before its date is fair too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.insights.models import CorrectiveAction
from complaintdesk.insights.selectors import model_of

# A drop by at least this share of the earlier rate counts as effective.
EFFECTIVE_DROP = 0.3


@dataclass(frozen=True)
class Effect:
    before: int
    after: int
    days_before: float
    days_after: float
    # The whole window after has passed: the verdict is final.
    complete: bool

    @property
    def rate_before(self) -> float:
        return self.before * 30 / self.days_before if self.days_before else 0.0

    @property
    def rate_after(self) -> float:
        return self.after * 30 / self.days_after if self.days_after else 0.0

    @property
    def change(self) -> float | None:
        """Relative change of the rate per 30 days (−0.5: halved); None without a before."""
        if not self.rate_before:
            return None
        return (self.rate_after - self.rate_before) / self.rate_before

    @property
    def effective(self) -> bool | None:
        if self.change is None:
            return None
        return self.change <= -EFFECTIVE_DROP


def with_the_cause(action: CorrectiveAction) -> QuerySet[Complaint] | None:
    """The complaints whose cause is the action's; None when it names none."""
    if action.root_cause_category_id is not None:
        root_cause = model_of("resolution.RootCause")
        if root_cause is not None:
            return Complaint.objects.filter(
                pk__in=root_cause.objects.filter(category_id=action.root_cause_category_id).values(
                    "complaint_id"
                )
            )
    if action.category_id is not None:
        return Complaint.objects.filter(
            Q(category_id=action.category_id) | Q(category__parent_id=action.category_id)
        )
    return None


def effect_of(action: CorrectiveAction, now: datetime | None = None) -> Effect | None:
    """The counts before and after the action was implemented; None before it was, or when
    it names no cause to count."""
    complaints = with_the_cause(action)
    if action.implemented_at is None or complaints is None:
        return None
    now = now or timezone.now()
    done = action.implemented_at
    window = timedelta(days=action.check_after_days)
    until = min(done + window, now)
    counted = complaints.aggregate(
        before=Count("id", filter=Q(received_at__gte=done - window, received_at__lt=done)),
        after=Count("id", filter=Q(received_at__gte=done, received_at__lt=until)),
    )
    return Effect(
        before=counted["before"],
        after=counted["after"],
        days_before=window.total_seconds() / 86400,
        days_after=max((until - done).total_seconds() / 86400, 0.0),
        complete=now >= done + window,
    )
