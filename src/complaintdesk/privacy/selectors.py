"""Reads for customers' data rights: finding a customer, everything we hold about them in a
form they may be given (never an internal note, an internal file or staff's assessment), and
who read sensitive records (for auditors)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import (
    Attachment,
    Complaint,
    Customer,
    Message,
    Visibility,
)

# At most this many customers are listed for one search.
SEARCH_LIMIT = 50

# The reads of sensitive records the audit trail keeps (privacy.services.record_read).
COMPENSATION_READ = "compensation.read"
CUSTOMER_EXPORTED = "customer.exported"
SENSITIVE_READS: dict[str, Any] = {
    COMPENSATION_READ: gettext_lazy("Compensation viewed"),
    CUSTOMER_EXPORTED: gettext_lazy("Customer's data exported"),
}
# At most this many reads are listed at once, newest first; a filter narrows them.
READS_LIMIT = 200


def may_list_reads(user: Any) -> bool:
    """Who read what is for those who see every complaint and its trail (auditors, quality
    managers, administrators)."""
    return may(user, Can.READ_ALL_COMPLAINTS) and may(user, Can.READ_AUDIT_TRAIL)


def sensitive_reads(
    user: User,
    *,
    action: str = "",
    person: str = "",
    reference: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Event]:
    """The recorded reads of sensitive records, newest first, filtered by kind, by who read
    (username or name), by complaint reference and by day. Refused to anyone else than
    may_list_reads allows."""
    if not may_list_reads(user):
        raise PermissionDenied("who read what is for auditors")
    reads = Event.objects.filter(action__in=list(SENSITIVE_READS)).select_related(
        "actor", "complaint"
    )
    if action:
        reads = reads.filter(action=action)
    if person.strip():
        reads = reads.filter(
            Q(actor__username__iexact=person.strip()) | Q(actor_label__icontains=person.strip())
        )
    if reference.strip():
        reads = reads.filter(complaint__reference=reference.strip().upper())
    if since is not None:
        reads = reads.filter(at__date__gte=since)
    if until is not None:
        reads = reads.filter(at__date__lte=until)
    return reads.order_by("-at", "-id")


def find_customers(text: str) -> QuerySet[Customer]:
    """Customers whose e-mail or phone is `text`, or who made the complaint it names."""
    text = text.strip()
    if not text:
        return Customer.objects.none()
    return (
        Customer.objects.filter(
            Q(email__iexact=text) | Q(phone=text) | Q(complaints__reference=text.upper()[:20])
        )
        .distinct()
        .order_by("id")
        .prefetch_related("complaints")[:SEARCH_LIMIT]
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _message(message: Message, files: list[Attachment]) -> dict[str, Any]:
    return {
        "at": _iso(message.created_at),
        "direction": message.direction,
        "channel": message.channel,
        "from": message.author_label,
        "subject": message.subject,
        "text": message.body,
        "files": [_file(f) for f in files if f.message_id == message.pk],
    }


def _file(attachment: Attachment) -> dict[str, Any]:
    return {
        "name": attachment.filename,
        "type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "received_at": _iso(attachment.created_at),
    }


def _complaint(complaint: Complaint) -> dict[str, Any]:
    # Only what the customer may see: messages and files marked for them, and the parts of
    # the complaint the tracking page shows. Internal notes never leave by this path.
    messages = (
        Message.objects.filter(complaint=complaint, visibility=Visibility.CUSTOMER)
        .exclude(direction="internal")
        .order_by("created_at", "id")
    )
    files = list(
        Attachment.objects.filter(complaint=complaint, visibility=Visibility.CUSTOMER).order_by(
            "created_at", "id"
        )
    )
    return {
        "reference": complaint.reference,
        "channel": complaint.channel,
        "status": complaint.status,
        "language": complaint.language,
        "received_at": _iso(complaint.received_at),
        "occurred_at": _iso(complaint.occurred_at),
        "subject": complaint.subject,
        "description": complaint.description,
        "location": complaint.location,
        "product_reference": complaint.product_reference,
        "remedy_sought": list(complaint.remedy_sought),
        "claimed_amount": str(complaint.claimed_amount)
        if complaint.claimed_amount is not None
        else None,
        "claimed_currency": complaint.claimed_currency,
        "remedy_proposed": complaint.remedy_plan,
        "outcome": complaint.outcome,
        "resolution": complaint.resolution_summary,
        "resolved_at": _iso(complaint.resolved_at),
        "closed_at": _iso(complaint.closed_at),
        "files": [_file(f) for f in files if f.message_id is None],
        "messages": [_message(m, files) for m in messages],
    }


def customer_data(customer: Customer) -> dict[str, Any]:
    """Everything about one customer that may be handed to them, as JSON-ready data."""
    return {
        "format": "complaintdesk.customer-export.v1",
        "exported_at": timezone.now().isoformat(),
        "customer": {
            "name": customer.name,
            "email": customer.email,
            "phone": customer.phone,
            "language": customer.language,
            "external_ids": dict(customer.external_ids),
            "created_at": _iso(customer.created_at),
        },
        "complaints": [_complaint(c) for c in customer.complaints.order_by("received_at", "id")],
    }
