"""What each app holds of one complaint's personal data, and how it is erased: free text
replaced by ERASED (or emptied where empty means "nothing was said"), the customer's name where
they acted without an account replaced by their pseudonym, files deleted. Every step is an
UPDATE or DELETE of a queryset, so the work is the database's whatever the number of rows.

Kept, so the statistics and the record of handling stay true: codes (category, severity,
outcome, states, kinds, remedy types, root-cause category), dates, amounts and currencies,
scores, who on the staff did what, references, and the audit trail's events themselves (their
words and the customer's name are erased in place: audit.models.EventQuerySet)."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Attachment, Complaint, Direction, Message
from complaintdesk.followup.models import FinalPosition, Survey
from complaintdesk.insights.models import AuditItem, Lesson
from complaintdesk.intake.attachments import path_for
from complaintdesk.intake.models import InboundMail
from complaintdesk.notifications.models import WebhookDelivery
from complaintdesk.relations.models import ComplaintLink
from complaintdesk.resolution.models import (
    CompensationEntry,
    CompensationRequest,
    InvestigationEntry,
    PlanStep,
    RemedyPlan,
    RootCause,
)
from complaintdesk.routing.models import AccessGrant, CoordinationTask
from complaintdesk.sla.models import StaffAlert
from complaintdesk.triage.models import FieldAssessment

ERASED = "[erased]"

# The keys of an event's changes whose values are codes, amounts, dates, references or staff:
# kept. The values of any other key (a summary, a reason, an explanation, a file's name…) are
# erased; a key added later is erased until it is listed here.
KEEP_CHANGES = frozenset(
    {
        # The complaint's assessment and responsibility (lifecycle, triage, routing).
        "status", "resume_status", "outcome", "category", "severity", "nature", "impact_scope",
        "complexity", "immediate_action", "priority", "abnormal", "abnormal_reasons",
        "remedy_sought", "language", "channel", "department", "owner", "team", "version",
        # Deadlines (sla) and the follow-up.
        "first_response_due", "plan_due", "resolution_due", "follow_up_due", "due_at",
        "expected_at", "expires_at", "message", "score", "solved",
        # Resolution: what kind, how much, which state.
        "root_cause", "remedy_types", "steps", "needs_confirmation", "step", "state", "amount",
        "kind", "paid",
        # Coordination and relations: departments, staff, references.
        "task", "access", "link", "merged_from", "split_into", "split_from", "complaints",
    }
)  # fmt: skip


def _words(queryset: QuerySet, *fields: str, required: tuple[str, ...] = ()) -> None:
    """Each field that says something becomes ERASED; an empty one stays empty (it said
    nothing, and a check may depend on it being empty). `required` fields always hold words."""
    for name in required:
        queryset.update(**{name: ERASED})
    for name in fields:
        queryset.exclude(**{name: ""}).update(**{name: ERASED})


def people_named(complaint: Complaint) -> set[str]:
    """How the customer appears where they acted without an account: their name, addresses
    and numbers, and the names and addresses their e-mails and messages came with."""
    customer = complaint.customer
    names = {customer.name, customer.email, customer.phone}
    for sender, sender_name in _mail_of(complaint).values_list("sender", "sender_name"):
        names.update((sender, sender_name))
    names.update(
        Message.objects.filter(
            complaint=complaint, author__isnull=True, direction=Direction.INBOUND
        ).values_list("author_label", flat=True)
    )
    return {name for name in names if name}


def _mail_of(complaint: Complaint) -> QuerySet[InboundMail]:
    return InboundMail.objects.filter(
        Q(complaint=complaint)
        | Q(named_complaint=complaint)
        | Q(added_message__complaint=complaint)
    )


def _delete_files(complaint: Complaint) -> None:
    attachments = Attachment.objects.filter(complaint=complaint)
    hashes = set(attachments.values_list("sha256", flat=True))
    # Evidence that pointed at a file keeps its place in the investigation, without the file.
    InvestigationEntry.objects.filter(attachment__complaint=complaint).update(attachment=None)
    attachments.delete()
    # A file is stored once per content: keep it while another complaint still holds it.
    still_held = set(Attachment.objects.filter(sha256__in=hashes).values_list("sha256", flat=True))
    for sha256 in hashes - still_held:
        # After the commit, so a rolled-back erasure keeps its files.
        transaction.on_commit(partial(path_for(sha256).unlink, missing_ok=True))


def _complaint_and_messages(complaint: Complaint, pseudonym: str) -> None:
    texts = {
        "subject": ERASED,
        "description": ERASED,
        "location": "",
        "product_reference": "",
        "remedy_plan": ERASED if complaint.remedy_plan else "",
        "resolution_summary": ERASED if complaint.resolution_summary else "",
        "close_reason": ERASED if complaint.close_reason else "",
    }
    Complaint.objects.filter(pk=complaint.pk).update(**texts)
    for name, value in texts.items():
        setattr(complaint, name, value)
    Message.objects.filter(complaint=complaint, author__isnull=True).update(author_label=pseudonym)
    Message.objects.filter(complaint=complaint).update(subject="", body=ERASED, delivery_error="")
    _mail_of(complaint).update(
        raw=b"",
        text="",
        subject="",
        sender="",
        sender_name="",
        envelope_sender="",
        envelope_recipients=[],
    )
    for delivery in WebhookDelivery.objects.filter(complaint=complaint):
        described = (
            delivery.payload.get("complaint") if isinstance(delivery.payload, dict) else None
        )
        if isinstance(described, dict) and "subject" in described:
            described["subject"] = ERASED
            WebhookDelivery.objects.filter(pk=delivery.pk).update(payload=delivery.payload)


def _handling(complaint: Complaint) -> None:
    """Triage's reasons, coordination between departments, staff alerts."""
    _words(FieldAssessment.objects.filter(complaint=complaint), "explanation")
    _words(
        CoordinationTask.objects.filter(complaint=complaint), "outcome", required=("description",)
    )
    _words(AccessGrant.objects.filter(complaint=complaint), required=("reason",))
    _words(StaffAlert.objects.filter(complaint=complaint), required=("subject", "body"))


def _resolution(complaint: Complaint) -> None:
    """The investigation, the cause, the plans and what the customer said of them,
    compensation asked for and paid (the ledger's notes only: its amounts stay as paid)."""
    InvestigationEntry.objects.filter(complaint=complaint).update(text=ERASED, record_reference="")
    RootCause.objects.filter(complaint=complaint).update(explanation=ERASED, five_whys=[])
    # A plan without the customer's confirmation must say why: the reason is erased, not
    # emptied.
    _words(
        RemedyPlan.objects.filter(complaint=complaint),
        "no_confirmation_reason",
        "customer_comment",
        required=("objectives",),
    )
    _words(PlanStep.objects.filter(plan__complaint=complaint), required=("description",))
    _words(
        CompensationRequest.objects.filter(complaint=complaint),
        "decision_note",
        required=("reason",),
    )
    CompensationEntry.objects.filter(complaint=complaint).erase_notes()


def _follow_up(complaint: Complaint, pseudonym: str) -> None:
    """The survey's comment and the customer's own position on the decision."""
    _words(Survey.objects.filter(complaint=complaint), "comment")
    positions = FinalPosition.objects.filter(complaint=complaint)
    positions.update(position=ERASED)
    positions.filter(recorded_by__isnull=True).update(recorded_by_label=pseudonym)


def _relations_and_insights(complaint: Complaint) -> None:
    """Notes on links from or to the complaint (a merge's or a split's reason, or the split
    text itself); the internal audit's finding on it; the lesson drawn from it, which was
    written from its words and is deleted with them."""
    _words(ComplaintLink.objects.filter(Q(source=complaint) | Q(target=complaint)), "note")
    _words(AuditItem.objects.filter(complaint=complaint), "finding")
    Lesson.objects.filter(complaint=complaint).delete()


def _trail(complaint: Complaint, people: set[str], pseudonym: str) -> None:
    """Its events, and the events of other complaints about it (a link, a merge, a split)."""
    Event.objects.filter(
        Q(complaint=complaint) | Q(subject=f"complaint:{complaint.pk}")
    ).erase_personal_data(
        placeholder=ERASED, keep_changes=KEEP_CHANGES, people=people, pseudonym=pseudonym
    )


def erase_complaint_words(complaint: Complaint, *, pseudonym: str) -> None:
    """Erase everything personal one complaint holds, in every app (see the module's
    docstring). Runs inside the caller's transaction."""
    people = people_named(complaint)
    _complaint_and_messages(complaint, pseudonym)
    _delete_files(complaint)
    _handling(complaint)
    _resolution(complaint)
    _follow_up(complaint, pseudonym)
    _relations_and_insights(complaint)
    _trail(complaint, people, pseudonym)
