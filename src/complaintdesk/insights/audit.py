"""The internal audit of the process and the management review: a random sample of closed
complaints, each reviewed against the checklist (pre-filled from the data where the data
can tell), findings followed up, and the review record the report feeds."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Department, User
from complaintdesk.audit.models import Event
from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Complaint, Direction, Status
from complaintdesk.insights.models import (
    CHECKLIST,
    AuditItem,
    AuditSample,
    CorrectiveAction,
    FindingState,
    ManagementReview,
)
from complaintdesk.insights.selectors import Slice, model_of

MAX_SAMPLE = 200


class AuditRefused(Exception):
    """A sample or review the input does not allow; the message says why."""


def closed_in(start: date, end: date, department: Department | None) -> QuerySet[Complaint]:
    lower, upper = Slice(start=start, end=end).bounds()
    complaints = Complaint.objects.filter(
        status=Status.CLOSED, closed_at__gte=lower, closed_at__lt=upper
    )
    if department is not None:
        complaints = complaints.filter(department=department)
    return complaints


def what_the_data_says(complaint: Complaint) -> dict[str, bool | None]:
    """The checklist answers the records can give; the rest (a fair remedy) is left to the
    auditor (None)."""
    root_cause = model_of("resolution.RootCause")
    informed = complaint.messages.filter(
        direction=Direction.OUTBOUND,
        created_at__gte=complaint.resolved_at or complaint.received_at,
    ).exists()
    return {
        "acknowledged_in_time": (
            None
            if complaint.first_response_due is None or complaint.first_response_at is None
            else complaint.first_response_at <= complaint.first_response_due
        ),
        "assessed": bool(complaint.category_id and complaint.severity and complaint.department_id),
        "cause_found": (
            None if root_cause is None else root_cause.objects.filter(complaint=complaint).exists()
        ),
        "customer_informed": informed,
        "remedy_fair": None,
        "closed_properly": bool(complaint.outcome)
        and Event.objects.filter(complaint=complaint, action="complaint.closed").exists(),
    }


def draw_audit_sample(
    *,
    actor: User,
    start: date,
    end: date,
    department: Department | None,
    size: int,
) -> AuditSample:
    """Draw `size` closed complaints at random (the database's random order) from the period
    and department, each with the checklist pre-filled from the data."""
    if not 1 <= size <= MAX_SAMPLE:
        raise AuditRefused(str(_("Draw between 1 and %(max)s complaints.") % {"max": MAX_SAMPLE}))
    if end < start:
        raise AuditRefused(str(_("The end comes before the start.")))
    with transaction.atomic():
        drawn = list(closed_in(start, end, department).order_by("?")[:size])
        if not drawn:
            raise AuditRefused(str(_("No complaint was closed in that period.")))
        sample = AuditSample.objects.create(
            start=start, end=end, department=department, size=len(drawn), drawn_by=actor
        )
        AuditItem.objects.bulk_create(
            AuditItem(sample=sample, complaint=c, answers=what_the_data_says(c)) for c in drawn
        )
        record(
            action="audit.sample_drawn",
            actor=actor,
            subject=f"audit:{sample.pk}",
            note=", ".join(c.reference for c in drawn),
        )
    return sample


def review_audit_item(
    *,
    actor: User,
    item: AuditItem,
    answers: dict[str, bool | None],
    finding: str,
    action: CorrectiveAction | None = None,
) -> AuditItem:
    """Record the auditor's checklist and finding: a "no" anywhere needs a finding, which
    stays to be followed up until an action is linked or it is marked followed up."""
    unknown = set(answers) - set(CHECKLIST)
    if unknown:
        raise AuditRefused(
            str(_("Unknown checklist items: %(items)s")) % {"items": ", ".join(sorted(unknown))}
        )
    failed = [key for key, value in answers.items() if value is False]
    if failed and not finding.strip():
        raise AuditRefused(str(_("Describe the finding for each “no”.")))
    state = FindingState.FINDING if failed else FindingState.CONFORMS
    if failed and action is not None:
        state = FindingState.FOLLOWED_UP
    with transaction.atomic():
        AuditItem.objects.filter(pk=item.pk).update(
            answers=answers,
            finding=finding.strip(),
            state=state,
            action=action,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
        )
        record(
            action="audit.item_reviewed",
            actor=actor,
            complaint=item.complaint,
            subject=f"audit:{item.sample_id}",
            changes={"state": [item.state, state]},
            note=finding[:500],
        )
    item.refresh_from_db()
    return item


def open_findings() -> QuerySet[AuditItem]:
    return AuditItem.objects.filter(state=FindingState.FINDING).select_related("complaint")


def record_management_review(
    *,
    actor: User,
    held_on: date,
    period: str,
    inputs: str,
    decisions: str,
    actions: list[CorrectiveAction],
) -> ManagementReview:
    """Keep the review with the figures of its period as the report gives them that day."""
    from complaintdesk.insights.reports import BadPeriod, build_report, summary_rows

    if not decisions.strip():
        raise AuditRefused(str(_("Write the decisions taken.")))
    try:
        report = build_report(period)
    except BadPeriod as exc:
        raise AuditRefused(str(exc)) from None
    with transaction.atomic():
        review = ManagementReview.objects.create(
            held_on=held_on,
            period=period,
            figures=[[str(label), str(value)] for label, value in summary_rows(report)],
            inputs=inputs,
            decisions=decisions,
            recorded_by=actor,
        )
        review.actions.set(actions)
        record(action="review.recorded", actor=actor, subject=f"review:{review.pk}", note=period)
    return review
