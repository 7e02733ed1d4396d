"""What a customer does through their tracking link. The customer acts as a Party, not a user:
the lifecycle table decides what a customer may do, as it does for staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from complaintdesk.accounts.models import CUSTOMER, Party
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Channel, Complaint, Message
from complaintdesk.complaints.services import receive_customer_message
from complaintdesk.intake.attachments import (
    IncomingFile,
    RefusedFile,
    discarded_on_rollback,
    keep_attachments,
)
from complaintdesk.notifications.tasks import tell_owner


def customer_of(complaint: Complaint) -> Party:
    return Party(CUSTOMER, complaint.customer.name)


@dataclass(frozen=True)
class AddedInformation:
    message: Message
    # Files that came with it and were not kept, each with why.
    refused: list[RefusedFile] = field(default_factory=list)


def add_information(
    *, complaint: Complaint, body: str, attachments: Sequence[IncomingFile] = ()
) -> AddedInformation:
    """The customer tells us more, with files if they like. If we were waiting for their
    answer, this is it: the complaint goes back to where it was, in the same transaction as
    the message. Its owner is told."""
    customer = customer_of(complaint)
    with discarded_on_rollback(), transaction.atomic():
        message = receive_customer_message(
            complaint=complaint, body=body, channel=Channel.WEB, actor=customer
        )
        kept = keep_attachments(
            complaint=complaint, message=message, files=attachments, actor_label=customer.label
        )
        if "customer_replied" in lifecycle.allowed_actions(complaint, customer):
            lifecycle.perform(complaint, "customer_replied", actor=customer)
        if complaint.owner_id is not None:
            tell_owner.enqueue(message.pk)
    return AddedInformation(message, kept.refused)


def respond(*, complaint: Complaint, action: str, expected_version: int, note: str) -> Complaint:
    """The customer accepts or rejects a proposal, reopens or withdraws their complaint; the
    version they read is carried, so they never answer a proposal that has since changed."""
    return lifecycle.perform(
        complaint,
        action,
        actor=customer_of(complaint),
        expected_version=expected_version,
        note=note,
    )
