"""Writes of related complaints, one use case each: link two complaints or remove that link,
merge a duplicate into the complaint that goes on, split a second matter off into a complaint
of its own. Each is one transaction with its audit events on both complaints."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.audit.services import record
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.lifecycle import (
    ActionNotAllowed,
    InvalidFields,
    RoleNotAllowed,
    allowed_actions,
)
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.schemas import TEXT_MAX, checked_text, subject_from
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint
from complaintdesk.relations.forwarding import same_person
from complaintdesk.relations.models import (
    MANUAL_KINDS,
    OUTGOING_LABELS,
    ComplaintLink,
    LinkKind,
)
from complaintdesk.routing.models import CoordinationTask, TaskState

NOTE_MAX = 5_000
SUBJECT_MAX = 300


def _refuse_unless_allowed(actor: User) -> None:
    if not may(actor, Can.RELATE_COMPLAINTS):
        raise RoleNotAllowed(
            _("a %(role)s may not link, merge or split complaints") % {"role": actor.role}
        )


def _refuse_if_archived(complaint: Complaint, actor: User) -> None:
    if not complaint.is_open:
        raise ActionNotAllowed(
            _("%(reference)s is %(status)s; reopen it first")
            % {"reference": complaint.reference, "status": complaint.get_status_display()},
            allowed_actions=allowed_actions(complaint, actor),
        )


def _text(errors: dict[str, str], name: str, value: str, limit: int, *, required: bool) -> str:
    missing = _("may not be empty") if required else None
    return checked_text(errors, name, value, limit=limit, missing=missing)


def link_complaints(
    *, complaint: Complaint, other: Complaint, actor: User, kind: str, note: str = ""
) -> ComplaintLink:
    """Say that two complaints are related, or that `complaint` duplicates `other` (without
    merging them). Both complaints show the link and record it."""
    _refuse_unless_allowed(actor)
    errors: dict[str, str] = {}
    if kind not in MANUAL_KINDS:
        errors["kind"] = _("must be one of: %s") % ", ".join(MANUAL_KINDS)
    if other.pk == complaint.pk:
        errors["reference"] = _("is this complaint itself")
    note = _text(errors, "note", note, NOTE_MAX, required=False)
    if errors:
        raise InvalidFields(errors)
    pair = Q(source=complaint, target=other) | Q(source=other, target=complaint)
    if ComplaintLink.objects.filter(pair, kind__in=MANUAL_KINDS).exists():
        raise InvalidFields({"reference": _("is already linked to this complaint")})
    with transaction.atomic():
        link = ComplaintLink.objects.create(
            source=complaint, target=other, kind=kind, note=note, created_by=actor
        )
        label = str(OUTGOING_LABELS[LinkKind(kind)])
        for this, that in ((complaint, other), (other, complaint)):
            record(
                action="complaint.linked",
                actor=actor,
                complaint=this,
                subject=f"complaint:{that.pk}",
                changes={"link": [None, f"{complaint.reference} {label} {other.reference}"]},
                note=note,
            )
    return link


def unlink_complaints(
    *, complaint: Complaint, link: ComplaintLink, actor: User, note: str = ""
) -> None:
    """Take back a link a person made (related, duplicate), from either of its complaints; both
    record it. The link of a merge or a split is what happened to the complaints and stays."""
    _refuse_unless_allowed(actor)
    if complaint.pk not in (link.source_id, link.target_id):
        raise ValueError(f"link {link.pk} is not a link of {complaint.reference}")
    if link.kind == LinkKind.MERGED_INTO:
        raise ActionNotAllowed(
            _(
                "link %(link)s is the record of a merge, not a link made by hand; it stays in "
                "both histories (only related and duplicate links can be removed)"
            )
            % {"link": link.pk}
        )
    if link.kind not in MANUAL_KINDS:
        raise ActionNotAllowed(
            _(
                "link %(link)s is the record of a split, not a link made by hand; it stays in "
                "both histories (only related and duplicate links can be removed)"
            )
            % {"link": link.pk}
        )
    errors: dict[str, str] = {}
    note = _text(errors, "note", note, NOTE_MAX, required=False)
    if errors:
        raise InvalidFields(errors)
    source, target = link.source, link.target
    label = str(OUTGOING_LABELS[LinkKind(link.kind)])
    with transaction.atomic():
        removed, _counts = ComplaintLink.objects.filter(pk=link.pk, kind__in=MANUAL_KINDS).delete()
        if not removed:
            # Removed by someone else a moment ago.
            raise ActionNotAllowed(
                _("%(one)s and %(other)s are no longer linked")
                % {"one": source.reference, "other": target.reference}
            )
        for this, that in ((source, target), (target, source)):
            record(
                action="complaint.unlinked",
                actor=actor,
                complaint=this,
                subject=f"complaint:{that.pk}",
                changes={"link": [f"{source.reference} {label} {target.reference}", None]},
                note=note,
            )


def _refuse_if_tasks_open(duplicate: Complaint, survivor: Complaint, actor: User) -> None:
    """Work another department is doing for the duplicate is finished or closed by its lead
    first; it is never carried over to the survivor unasked (docs/relations.md)."""
    tasks = list(
        CoordinationTask.objects.filter(complaint=duplicate, state=TaskState.OPEN)
        .select_related("department", "owner")
        .order_by("due_at", "id")
    )
    if not tasks:
        return
    named = "; ".join(
        _("task %(id)s for %(department)s (%(owner)s, due %(due)s): %(description)s")
        % {
            "id": task.pk,
            "department": task.department.name,
            "owner": task.owner or _("nobody yet"),
            "due": formats.date_format(timezone.localtime(task.due_at), "SHORT_DATE_FORMAT"),
            "description": task.description[:80],
        }
        for task in tasks
    )
    raise ActionNotAllowed(
        _(
            "%(reference)s has open coordination tasks: %(tasks)s. Complete or close them "
            "first, then ask again on %(survivor)s for what is still needed."
        )
        % {"reference": duplicate.reference, "tasks": named, "survivor": survivor.reference},
        allowed_actions=allowed_actions(duplicate, actor),
    )


def merge_complaints(
    *,
    duplicate: Complaint,
    into: Complaint,
    actor: User,
    reason: str,
    confirm_other_customer: bool = False,
    expected_version: int | None = None,
) -> Complaint:
    """The duplicate is the same matter as `into`: it is closed through the lifecycle's
    `merge`, pointing at `into`, which goes on. Its history stays and is shown on the
    surviving complaint; later replies to it reach the surviving one; its customer is told
    once. `into` is the survivor already (relations.selectors.merge_target follows earlier
    merges). A duplicate with open coordination tasks is refused until they are finished or
    closed. Returns the surviving complaint."""
    _refuse_unless_allowed(actor)
    errors: dict[str, str] = {}
    reason = _text(errors, "reason", reason, NOTE_MAX, required=True)
    if into.pk == duplicate.pk:
        errors["into"] = _("is this complaint itself (or was merged into it)")
    elif not confirm_other_customer and not same_person(duplicate.customer, into.customer):
        errors["confirm_other_customer"] = _(
            "%(reference)s is from another customer (%(customer)s); confirm to merge anyway"
        ) % {"reference": into.reference, "customer": into.customer}
    if errors:
        raise InvalidFields(errors)
    if duplicate.outgoing_links.filter(kind=LinkKind.MERGED_INTO).exists():
        raise ActionNotAllowed(
            _("%(reference)s was merged once already; link it instead")
            % {"reference": duplicate.reference},
            allowed_actions=allowed_actions(duplicate, actor),
        )
    with transaction.atomic():
        # As it is now, and held until the merge commits (PostgreSQL), so it cannot close
        # under the merge.
        survivor = Complaint.objects.select_for_update().select_related("customer").get(pk=into.pk)
        if not survivor.is_open:
            raise ActionNotAllowed(
                _("%(reference)s is %(status)s; merge into an open complaint")
                % {"reference": survivor.reference, "status": survivor.get_status_display()},
                allowed_actions=allowed_actions(duplicate, actor),
            )
        _refuse_if_tasks_open(duplicate, survivor, actor)
        try:
            with transaction.atomic():
                ComplaintLink.objects.create(
                    source=duplicate,
                    target=survivor,
                    kind=LinkKind.MERGED_INTO,
                    note=reason,
                    created_by=actor,
                )
        except IntegrityError:
            # Merged by someone else a moment ago.
            raise ActionNotAllowed(
                _("%(reference)s was merged once already; link it instead")
                % {"reference": duplicate.reference}
            ) from None
        lifecycle.perform(
            duplicate,
            "merge",
            actor=actor,
            expected_version=expected_version,
            note=reason,
            close_reason=_("Merged into %(reference)s: %(reason)s")
            % {"reference": survivor.reference, "reason": reason},
        )
        record(
            action="complaint.merged_in",
            actor=actor,
            complaint=survivor,
            subject=f"complaint:{duplicate.pk}",
            changes={"merged_from": [None, duplicate.reference]},
            note=reason,
        )
    return survivor


def split_complaint(
    *, complaint: Complaint, actor: User, text: str, subject: str = ""
) -> Complaint:
    """A second matter raised in the complaint becomes a complaint of its own: the same
    customer, channel and language, the chosen text, linked as split from this one. It is
    filed and acknowledged like any new complaint (routed, timed, the customer told its
    reference)."""
    _refuse_unless_allowed(actor)
    _refuse_if_archived(complaint, actor)
    errors: dict[str, str] = {}
    text = _text(errors, "text", text, TEXT_MAX, required=True)
    subject = _text(errors, "subject", subject, SUBJECT_MAX, required=False)
    if errors:
        raise InvalidFields(errors)
    customer = complaint.customer
    with transaction.atomic():
        new = file_complaint(
            channel=complaint.channel,
            customer=CustomerDetails(
                name=customer.name,
                email=customer.email,
                phone=customer.phone,
                language=customer.language,
            ),
            complaint=ComplaintDetails(
                subject=subject or subject_from(text),
                description=text,
                language=complaint.language,
            ),
            actor=actor,
        )
        if new.customer_id != customer.pk:
            # A customer without e-mail or phone cannot be found again by intake: the new
            # complaint is theirs all the same, and the record intake made for it goes.
            made = new.customer
            Complaint.objects.filter(pk=new.pk).update(customer=customer)
            new.customer = customer
            made.delete()
        ComplaintLink.objects.create(
            source=new, target=complaint, kind=LinkKind.SPLIT_FROM, note=text, created_by=actor
        )
        record(
            action="complaint.split",
            actor=actor,
            complaint=complaint,
            subject=f"complaint:{new.pk}",
            changes={"split_into": [None, new.reference]},
            note=text,
        )
        record(
            action="complaint.split_off",
            actor=actor,
            complaint=new,
            subject=f"complaint:{complaint.pk}",
            changes={"split_from": [None, complaint.reference]},
        )
    return new
