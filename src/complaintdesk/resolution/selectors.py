"""Reads for the resolution of a complaint: the investigation, the root cause, the plans, the
compensation, the customer's history, and the requests waiting for someone's approval. The
complaint itself is always fetched through complaints.selectors (scope first)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.complaints.models import Complaint, Outcome
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.followup.selectors import satisfaction_scores
from complaintdesk.resolution.models import (
    CompensationEntry,
    CompensationLimit,
    CompensationRequest,
    EntryKind,
    InvestigationEntry,
    PlanState,
    PlanStep,
    RemedyPlan,
    RemedyType,
    RequestState,
    RootCause,
    RootCauseCategory,
)

CENT = Decimal("0.01")
# Earlier claims not upheld from which the history asks for a careful look.
NOT_UPHELD_TO_LOOK_AT = 2


def investigation_of(complaint: Complaint) -> QuerySet[InvestigationEntry]:
    return InvestigationEntry.objects.filter(complaint=complaint).select_related(
        "author", "attachment"
    )


def evidence_of(complaint: Complaint) -> QuerySet[InvestigationEntry]:
    return investigation_of(complaint).filter(kind=EntryKind.EVIDENCE)


def root_cause_of(complaint: Complaint) -> RootCause | None:
    return RootCause.objects.filter(complaint=complaint).select_related("category").first()


def root_cause_categories() -> QuerySet[RootCauseCategory]:
    return RootCauseCategory.objects.filter(active=True)


def category_by_code(code: str) -> RootCauseCategory | None:
    return root_cause_categories().filter(code=code).first()


def plans_of(complaint: Complaint) -> list[RemedyPlan]:
    """Every plan of the complaint, newest first, with its steps."""
    steps = PlanStep.objects.select_related("owner").order_by("due_at", "id")
    return list(
        RemedyPlan.objects.filter(complaint=complaint)
        .select_related("created_by")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("-version")
    )


def plan_of(complaint: Complaint, plan_id: int) -> RemedyPlan:
    """One plan of a complaint the caller may already see; DoesNotExist otherwise."""
    return RemedyPlan.objects.get(complaint=complaint, pk=plan_id)


def step_of(complaint: Complaint, plan_id: int, step_id: int) -> PlanStep:
    return PlanStep.objects.select_related("plan").get(
        plan__complaint=complaint, plan_id=plan_id, pk=step_id
    )


def customer_plan(complaint: Complaint) -> RemedyPlan | None:
    """The plan the customer sees: the proposed or accepted one, else the last they rejected."""
    plans = RemedyPlan.objects.filter(complaint=complaint).order_by("-version")
    current = plans.filter(state__in=[PlanState.PROPOSED, PlanState.ACCEPTED]).first()
    return current or plans.filter(state=PlanState.REJECTED).first()


def requests_of(complaint: Complaint) -> QuerySet[CompensationRequest]:
    return CompensationRequest.objects.filter(complaint=complaint).select_related(
        "complaint", "requested_by", "decided_by"
    )


def request_of(complaint: Complaint, request_id: int) -> CompensationRequest:
    return requests_of(complaint).get(pk=request_id)


def entries_of(complaint: Complaint) -> QuerySet[CompensationEntry]:
    return CompensationEntry.objects.filter(complaint=complaint).select_related("created_by")


def entry_of(complaint: Complaint, entry_id: int) -> CompensationEntry:
    return entries_of(complaint).get(pk=entry_id)


def paid_totals(complaints: QuerySet[Complaint] | list[Complaint]) -> dict[str, Decimal]:
    """Compensation paid (net of reversals) per currency."""
    rows = (
        CompensationEntry.objects.filter(complaint__in=complaints)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {row["currency"]: Decimal(row["total"]).quantize(CENT) for row in rows}


def limits_of(user: User) -> QuerySet[CompensationLimit]:
    return CompensationLimit.objects.filter(role=user.role)


def pending_approvals(user: User) -> list[CompensationRequest]:
    """Requests waiting for approval that this user may decide: in their scope, not their own,
    and within their limit in the request's currency."""
    if not may(user, Can.TAKE_ACTIONS):
        return []
    limits = list(limits_of(user))
    if not limits:
        return []
    within = Q(pk__in=[])
    for limit in limits:
        if limit.max_amount is None:
            within |= Q(currency=limit.currency)
        else:
            within |= Q(currency=limit.currency, amount__lte=limit.max_amount)
    return list(
        CompensationRequest.objects.filter(within, state=RequestState.PENDING)
        .filter(complaint__in=scoped_complaints(user))
        .exclude(requested_by=user)
        .select_related("complaint", "complaint__customer", "requested_by")
        .order_by("requested_at", "id")
    )


def satisfaction_of(complaints: list[Complaint]) -> dict[int, int]:
    """The satisfaction score (1–5) each earlier complaint was last given, by complaint id: read
    through the followup app's own selector, which owns the survey."""
    return satisfaction_scores(complaints)


@dataclass
class EarlierComplaint:
    complaint: Complaint
    remedies: list[Any] = field(default_factory=list)
    paid: dict[str, Decimal] = field(default_factory=dict)
    satisfaction: int | None = None
    visible: bool = False


@dataclass
class CustomerHistory:
    earlier: list[EarlierComplaint]
    paid: dict[str, Decimal]
    # Flags ask for a careful look; they are never a verdict on the customer.
    repeat_in_category: list[Complaint]
    not_upheld: int
    repeat_days: int

    @property
    def look_carefully(self) -> bool:
        return self.not_upheld >= NOT_UPHELD_TO_LOOK_AT


def customer_history(complaint: Complaint, user: User) -> CustomerHistory:
    """The customer's other complaints: outcome, remedies, compensation paid, satisfaction;
    repeats in the same category lately; earlier claims not upheld. Only those the user may
    see are linked."""
    others: list[Complaint] = list(
        Complaint.objects.filter(customer_id=complaint.customer_id)
        .exclude(pk=complaint.pk)
        # Whether the user may open each one, in the same query.
        .annotate(visible=Exists(scoped_complaints(user).filter(pk=OuterRef("pk"))))
        .select_related("category")
        .order_by("-received_at")
    )
    accepted = RemedyPlan.objects.filter(
        complaint__in=others, state=PlanState.ACCEPTED
    ).values_list("complaint_id", "remedy_types")
    remedies: dict[int, list[str]] = defaultdict(list)
    for complaint_id, kinds in accepted:
        remedies[complaint_id].extend(kinds)
    paid: dict[int, dict[str, Decimal]] = defaultdict(dict)
    customer_paid: dict[str, Decimal] = {}
    for row in (
        CompensationEntry.objects.filter(complaint__in=others)
        .values("complaint_id", "currency")
        .annotate(total=Sum("amount"))
    ):
        paid[row["complaint_id"]][row["currency"]] = Decimal(row["total"]).quantize(CENT)
        # The customer's total per currency from the same rows, not a second query over them.
        customer_paid[row["currency"]] = (
            customer_paid.get(row["currency"], Decimal(0))
            + paid[row["complaint_id"]][row["currency"]]
        )
    scores = satisfaction_of(others)
    labels = dict(RemedyType.choices)
    earlier = [
        EarlierComplaint(
            complaint=other,
            remedies=[labels.get(kind, kind) for kind in dict.fromkeys(remedies[other.pk])],
            paid=paid[other.pk],
            satisfaction=scores.get(other.pk),
            visible=other.visible,  # type: ignore[attr-defined]
        )
        for other in others
    ]
    since = timezone.now() - timedelta(days=settings.REPEAT_COMPLAINT_DAYS)
    repeats = [
        other
        for other in others
        if complaint.category_id is not None
        and other.category_id == complaint.category_id
        and other.received_at >= since
    ]
    return CustomerHistory(
        earlier=earlier,
        paid=dict(sorted(customer_paid.items())),
        repeat_in_category=repeats,
        not_upheld=sum(1 for other in others if other.outcome == Outcome.NOT_UPHELD),
        repeat_days=settings.REPEAT_COMPLAINT_DAYS,
    )
