"""What a customer does through their tracking link. The customer acts as a Party, not a user:
the lifecycle table decides what a customer may do, as it does for staff."""

from __future__ import annotations

from django.db import transaction

from complaintdesk.accounts.models import CUSTOMER, Party
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Channel, Complaint, Message
from complaintdesk.complaints.services import receive_customer_message


def customer_of(complaint: Complaint) -> Party:
    return Party(CUSTOMER, complaint.customer.name)


@transaction.atomic
def add_information(*, complaint: Complaint, body: str) -> Message:
    """The customer tells us more. If we were waiting for their answer, this is it: the
    complaint goes back to where it was, in the same transaction as the message."""
    customer = customer_of(complaint)
    message = receive_customer_message(
        complaint=complaint, body=body, channel=Channel.WEB, actor=customer
    )
    if "customer_replied" in lifecycle.allowed_actions(complaint, customer):
        lifecycle.perform(complaint, "customer_replied", actor=customer)
    return message


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
