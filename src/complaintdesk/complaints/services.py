"""Writes to a complaint that do not change its status: the assessment fields, who answers for
it, and the messages and notes on it. Status changes go through lifecycle.perform()."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import CUSTOMER, Party, User, role_of, user_of
from complaintdesk.accounts.permissions import Can, may, roles_that
from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import (
    HANDLERS,
    TRIAGE_FIELDS,
    ActionNotAllowed,
    InvalidFields,
    RoleNotAllowed,
    allowed_actions,
    field_changes,
    refuse_collaborators,
    save_versioned,
)
from complaintdesk.complaints.models import (
    Channel,
    Complaint,
    DeliveryStatus,
    Direction,
    Message,
    Status,
    Visibility,
)

# Which fields each role may set outside a transition; anything else is refused by name.
EDITABLE_FIELDS: dict[str, frozenset[str]] = {
    role: frozenset(TRIAGE_FIELDS) for role in roles_that(Can.CHANGE_ASSESSMENT)
}
ARCHIVED = {Status.CLOSED, Status.WITHDRAWN}


@transaction.atomic
def update_complaint(
    *,
    complaint: Complaint,
    actor: User,
    expected_version: int | None,
    fields: dict[str, Any],
    note: str = "",
) -> Complaint:
    """Change assessment fields, the department or the owner, with the reason in `note`."""
    allowed = EDITABLE_FIELDS.get(actor.role, frozenset())
    if not allowed:
        raise RoleNotAllowed(f"a {actor.role} may not change complaints")
    refuse_collaborators(actor, complaint)
    refused = sorted(set(fields) - allowed)
    if refused:
        raise InvalidFields({name: _("cannot be changed here") for name in refused})
    if complaint.status in ARCHIVED:
        raise ActionNotAllowed(
            _("a %(status)s complaint is archived and read-only; reopen it first")
            % {"status": complaint.status},
            allowed_actions=allowed_actions(complaint, actor),
        )
    owner = fields.get("owner")
    if owner is not None and (not owner.is_active or owner.role not in HANDLERS):
        raise InvalidFields({"owner": _("must be an active agent, handler or supervisor")})
    changes = field_changes(complaint, fields)
    if not changes:
        return complaint
    if set(changes) & {"owner", "department"} and not note.strip():
        # Responsibility moves only with its reason on the record.
        complaint.refresh_from_db()
        raise InvalidFields({"note": _("give the reason for changing the department or owner")})
    save_versioned(complaint, list(fields), expected_version)
    action = "complaint.updated"
    if set(changes) & {"owner", "department"}:
        action = "complaint.reassigned" if set(changes) <= {"owner", "department"} else action
    record(
        action=action,
        actor=actor,
        complaint=complaint,
        changes=changes,
        note=note,
        status_before=complaint.status,
        status_after=complaint.status,
    )
    # A new priority or department moves the deadlines (listed in wiring.py, like the
    # reactions to transitions).
    from complaintdesk import wiring

    wiring.react_to_changes(complaint, changes, actor=actor, note=note)
    return complaint


@transaction.atomic
def add_internal_note(*, complaint: Complaint, actor: User, body: str) -> Message:
    """A note for colleagues. It can never be shown to the customer (a database constraint)."""
    if not may(actor, Can.WRITE_NOTES):
        raise RoleNotAllowed(f"a {role_of(actor)} may not write notes")
    if not body.strip():
        raise InvalidFields({"body": _("may not be empty")})
    if complaint.status in ARCHIVED:
        # The archive is read-only (followup, docs/followup.md): reopening is the way back in.
        raise ActionNotAllowed(
            _("the complaint is archived and read-only; reopen it to add a note"),
            allowed_actions=allowed_actions(complaint, actor),
        )
    message = Message.objects.create(
        complaint=complaint,
        channel=Channel.IN_PERSON,
        direction=Direction.INTERNAL,
        visibility=Visibility.INTERNAL,
        author=actor,
        author_label=str(actor),
        body=body,
    )
    record(action="note.added", actor=actor, complaint=complaint, subject=f"message:{message.pk}")
    return message


@transaction.atomic
def reply_to_customer(
    *, complaint: Complaint, actor: User, body: str, subject: str = ""
) -> Message:
    """A message from staff to the customer, sent by e-mail where we have an address."""
    from complaintdesk.notifications.services import queue_delivery

    if not may(actor, Can.WRITE_TO_CUSTOMERS):
        raise RoleNotAllowed(f"a {role_of(actor)} may not write to customers")
    refuse_collaborators(actor, complaint)
    if not body.strip():
        raise InvalidFields({"body": _("may not be empty")})
    if complaint.status in ARCHIVED:
        raise ActionNotAllowed(
            _("the complaint is archived; reopen it to write to the customer"),
            allowed_actions=allowed_actions(complaint, actor),
        )
    message = Message.objects.create(
        complaint=complaint,
        channel=Channel.EMAIL if complaint.customer.email else complaint.channel,
        direction=Direction.OUTBOUND,
        visibility=Visibility.CUSTOMER,
        author=actor,
        author_label=str(actor),
        subject=subject or f"[{complaint.reference}] {complaint.subject}",
        body=body,
    )
    mark_first_response(complaint)
    record(action="message.sent", actor=actor, complaint=complaint, subject=f"message:{message.pk}")
    queue_delivery(message)
    return message


@transaction.atomic
def receive_customer_message(
    *, complaint: Complaint, body: str, channel: str, actor: User | Party
) -> Message:
    """Something the customer told us about an existing complaint: through the tracking page,
    by e-mail, or taken down by an agent on the phone."""
    if not body.strip():
        raise InvalidFields({"body": _("may not be empty")})
    message = Message.objects.create(
        complaint=complaint,
        channel=channel,
        direction=Direction.INBOUND,
        visibility=Visibility.CUSTOMER,
        author=user_of(actor),
        author_label=complaint.customer.name if role_of(actor) == CUSTOMER else str(actor),
        body=body,
        delivery_status=DeliveryStatus.NOT_APPLICABLE,
    )
    record(
        action="message.received",
        actor=user_of(actor),
        actor_label=str(actor),
        complaint=complaint,
        subject=f"message:{message.pk}",
    )
    return message


def mark_first_response(complaint: Complaint) -> None:
    """The first time staff answer the customer, for the first-response clock."""
    if complaint.first_response_at is None:
        complaint.first_response_at = timezone.now()
        Complaint.objects.filter(pk=complaint.pk, first_response_at__isnull=True).update(
            first_response_at=complaint.first_response_at
        )
