"""What we tell customers, and the outbox that delivers it.

A customer message is a Message row plus a queued delivery task, written in the transaction
of the change that causes it: if the change rolls back, nothing is sent; if it commits, the
worker will send it."""

from __future__ import annotations

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone, translation

from complaintdesk.complaints.models import (
    Channel,
    Complaint,
    DeliveryStatus,
    Direction,
    Message,
    Visibility,
)

SYSTEM_AUTHOR = "Complaintdesk"
REPLY_TO_CLOSED_AT_MOST_EVERY = timedelta(days=1)


def render_for_customer(complaint: Complaint, kind: str, **context: object) -> tuple[str, str]:
    """Subject and body of one customer message, in the complaint's language."""
    with translation.override(complaint.language or complaint.customer.language):
        text = render_to_string(
            f"notifications/customer/{kind}.txt", {"complaint": complaint, **context}
        ).strip()
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip()


def tell_customer(complaint: Complaint, kind: str, **context: object) -> Message:
    return _send(complaint, *render_for_customer(complaint, kind, **context))


def answer_reply_to_closed(complaint: Complaint) -> Message | None:
    """Tell a customer who writes about a closed complaint that the message reached it and how
    to reopen it. Once a day at most per complaint: a back-and-forth of replies is not answered
    each time, and an answer can never feed a loop with an autoresponder."""
    subject, body = render_for_customer(complaint, "reply_to_closed")
    recently = complaint.messages.filter(
        direction=Direction.OUTBOUND,
        subject=subject,
        created_at__gte=timezone.now() - REPLY_TO_CLOSED_AT_MOST_EVERY,
    )
    if recently.exists():
        return None
    return _send(complaint, subject, body)


def _send(complaint: Complaint, subject: str, body: str) -> Message:
    from complaintdesk.notifications.tasks import deliver_message

    # Stored with its delivery status (as queue_delivery sets it), in one INSERT.
    by_mail = bool(complaint.customer.email)
    message = Message.objects.create(
        complaint=complaint,
        channel=Channel.EMAIL if by_mail else complaint.channel,
        direction=Direction.OUTBOUND,
        visibility=Visibility.CUSTOMER,
        author_label=SYSTEM_AUTHOR,
        subject=subject,
        body=body,
        delivery_status=DeliveryStatus.PENDING if by_mail else DeliveryStatus.RECORDED,
    )
    if by_mail:
        deliver_message.using(queue_name="mail").enqueue(message.pk)
    return message


def queue_delivery(message: Message) -> None:
    """Queue an e-mail for an outbound message, or record that there is no address to send to."""
    from complaintdesk.notifications.tasks import deliver_message

    if not message.complaint.customer.email:
        # A phone or letter complaint without e-mail: the agent gives the message in person.
        message.delivery_status = DeliveryStatus.RECORDED
        message.save(update_fields=["delivery_status"])
        return
    message.delivery_status = DeliveryStatus.PENDING
    message.save(update_fields=["delivery_status"])
    deliver_message.using(queue_name="mail").enqueue(message.pk)
