"""The investigation: what was found and done, each entry with its author and time, and the
root cause. Every write records its audit event in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.audit.services import record
from complaintdesk.complaints import schemas
from complaintdesk.complaints.lifecycle import (
    ActionNotAllowed,
    InvalidFields,
    RoleNotAllowed,
    allowed_actions,
)
from complaintdesk.complaints.models import Attachment, Channel, Complaint
from complaintdesk.complaints.services import ARCHIVED
from complaintdesk.resolution.models import (
    EntryKind,
    InvestigationEntry,
    RootCause,
    RootCauseCategory,
)

TEXT_MAX = 10_000
WHYS_MAX = 5
ENTRY_EVENTS = {
    EntryKind.NOTE: "investigation.note_added",
    EntryKind.EVIDENCE: "investigation.evidence_added",
    EntryKind.CONTACT: "investigation.contact_recorded",
}


def checked_text(errors: dict[str, str], name: str, value: str, missing: str) -> str:
    """The text stripped; a missing or overlong one is named in `errors`."""
    return schemas.checked_text(errors, name, value, limit=TEXT_MAX, missing=missing)


def refuse_if_archived(complaint: Complaint, actor: User) -> None:
    if complaint.status in ARCHIVED:
        raise ActionNotAllowed(
            _("a %(status)s complaint is archived and read-only; reopen it first")
            % {"status": complaint.get_status_display()},
            allowed_actions=allowed_actions(complaint, actor),
        )


def _refuse_unless_investigator(actor: User, complaint: Complaint) -> None:
    if not may(actor, Can.WRITE_NOTES):
        raise RoleNotAllowed(
            _("a %(role)s may not record the investigation") % {"role": actor.role}
        )
    refuse_if_archived(complaint, actor)


def _add_entry(
    *,
    complaint: Complaint,
    actor: User,
    kind: str,
    text: str,
    record_reference: str = "",
    attachment: Attachment | None = None,
    channel: str = "",
) -> InvestigationEntry:
    _refuse_unless_investigator(actor, complaint)
    errors: dict[str, str] = {}
    text = checked_text(errors, "text", text, _("say what was found or done"))
    record_reference = record_reference.strip()
    if len(record_reference) > 200:
        errors["record_reference"] = _("at most %(max)d characters") % {"max": 200}
    if attachment is not None and attachment.complaint_id != complaint.pk:
        errors["attachment"] = _("is not a file of this complaint")
    if kind == EntryKind.CONTACT and channel not in Channel.values:
        errors["channel"] = _("must be one of: %s") % ", ".join(Channel.values)
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        entry = InvestigationEntry.objects.create(
            complaint=complaint,
            kind=kind,
            text=text,
            record_reference=record_reference,
            attachment=attachment,
            channel=channel,
            author=actor,
            created_at=timezone.now(),
        )
        changes: dict[str, list[object]] = {}
        if record_reference:
            changes["record_reference"] = [None, record_reference]
        if attachment is not None:
            changes["attachment"] = [None, f"{attachment.filename} (#{attachment.pk})"]
        if channel:
            changes["channel"] = [None, channel]
        record(
            action=ENTRY_EVENTS[EntryKind(kind)],
            actor=actor,
            complaint=complaint,
            subject=f"investigation:{entry.pk}",
            changes=changes,
            note=text,
        )
    return entry


def add_investigation_note(*, complaint: Complaint, actor: User, text: str) -> InvestigationEntry:
    """A finding or a step of the investigation, in the handler's words."""
    return _add_entry(complaint=complaint, actor=actor, kind=EntryKind.NOTE, text=text)


def add_evidence(
    *,
    complaint: Complaint,
    actor: User,
    text: str,
    record_reference: str = "",
    attachment: Attachment | None = None,
) -> InvestigationEntry:
    """Evidence: what it shows, the order or service record it comes from, a file on the
    complaint."""
    return _add_entry(
        complaint=complaint,
        actor=actor,
        kind=EntryKind.EVIDENCE,
        text=text,
        record_reference=record_reference,
        attachment=attachment,
    )


def record_customer_contact(
    *, complaint: Complaint, actor: User, text: str, channel: str
) -> InvestigationEntry:
    """A call or message with the customer during the investigation: what was said."""
    return _add_entry(
        complaint=complaint, actor=actor, kind=EntryKind.CONTACT, text=text, channel=channel
    )


def record_root_cause(
    *,
    complaint: Complaint,
    actor: User,
    category: RootCauseCategory,
    explanation: str,
    five_whys: list[str] | None = None,
) -> RootCause:
    """Why it happened, from the taxonomy, explained; recorded again as more is learnt."""
    _refuse_unless_investigator(actor, complaint)
    errors: dict[str, str] = {}
    explanation = checked_text(errors, "explanation", explanation, _("explain what caused it"))
    whys = [why.strip() for why in five_whys or [] if why.strip()]
    if len(whys) > WHYS_MAX:
        errors["five_whys"] = _("at most %(max)d answers") % {"max": WHYS_MAX}
    elif any(len(why) > 1000 for why in whys):
        errors["five_whys"] = _("each answer at most %(max)d characters") % {"max": 1000}
    if not category.active:
        errors["category"] = _("is no longer in use; choose another")
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        now = timezone.now()
        cause = RootCause.objects.select_for_update().filter(complaint=complaint).first()
        if cause is None:
            cause = RootCause.objects.create(
                complaint=complaint,
                category=category,
                explanation=explanation,
                five_whys=whys,
                recorded_by=actor,
                recorded_at=now,
                updated_at=now,
            )
            action = "root_cause.recorded"
            changes: dict[str, list[object]] = {"root_cause": [None, str(category)]}
        else:
            action = "root_cause.changed"
            changes = {}
            if cause.category_id != category.pk:
                changes["root_cause"] = [str(cause.category), str(category)]
            if cause.explanation != explanation:
                changes["explanation"] = [cause.explanation, explanation]
            if cause.five_whys != whys:
                changes["five_whys"] = [cause.five_whys, whys]
            if not changes:
                return cause
            RootCause.objects.filter(pk=cause.pk).update(
                category=category,
                explanation=explanation,
                five_whys=whys,
                recorded_by=actor,
                updated_at=now,
            )
            cause.refresh_from_db()
        record(
            action=action,
            actor=actor,
            complaint=complaint,
            subject=f"root_cause:{cause.pk}",
            changes=changes,
            note=explanation,
        )
    return cause
