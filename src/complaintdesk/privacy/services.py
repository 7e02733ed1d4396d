"""Customers' data rights, and the record of who read sensitive data.

- export_customer_data: everything about one customer they may be given, as JSON; the export
  itself is recorded (who read it, when).
- erase_customer: on request, once their complaints are closed: contact details and the words
  of their complaints removed or pseudonymised, their files and the e-mails as received deleted,
  their tracking links revoked; categories, dates, outcomes and amounts stay, so the statistics
  still count the complaint. The erasure is recorded; the audit trail itself is append-only and
  kept as the record of how the complaints were handled.
- record_read: the audit event of reading a sensitive record (an export, compensation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.audit.models import Event
from complaintdesk.audit.services import record
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Attachment, Complaint, Customer, Message, Status
from complaintdesk.intake.attachments import path_for
from complaintdesk.intake.models import InboundMail
from complaintdesk.notifications.models import WebhookDelivery
from complaintdesk.privacy.selectors import customer_data

ERASED = "[erased]"
ARCHIVED = (Status.CLOSED, Status.WITHDRAWN)
COMPLAINT_ERASED = "complaint.personal_data_erased"
CUSTOMER_ERASED = "customer.erased"


class StillOpen(Exception):
    """The customer has complaints still being handled; erasing them now would lose the case."""

    def __init__(self, references: list[str]) -> None:
        super().__init__(
            _("%(references)s still open: close or withdraw them first")
            % {"references": ", ".join(references)}
        )
        self.references = references


def pseudonym(customer: Customer) -> str:
    return f"Erased customer #{customer.pk}"


@transaction.atomic
def record_read(
    *,
    actor: User,
    action: str,
    subject: str = "",
    complaint: Complaint | None = None,
    note: str = "",
    at_most_every: timedelta | None = None,
) -> Event | None:
    """Record that `actor` read something sensitive, e.g. `compensation.read` on a complaint
    or `customer.exported`. With `at_most_every`, a read repeated within that time by the same
    person is not recorded again (reloading a page does not flood the trail)."""
    if at_most_every is not None:
        recent = Event.objects.filter(
            actor=actor,
            action=action,
            subject=subject or (f"complaint:{complaint.pk}" if complaint is not None else ""),
            at__gte=timezone.now() - at_most_every,
        )
        if recent.exists():
            return None
    return record(action=action, actor=actor, subject=subject, complaint=complaint, note=note)


def export_customer_data(*, customer: Customer, actor: User) -> dict[str, Any]:
    """All the customer may be given, with the export recorded as a read of their data."""
    data = customer_data(customer)
    record_read(
        actor=actor,
        action="customer.exported",
        subject=f"customer:{customer.pk}",
        note=_("%(count)d complaints") % {"count": len(data["complaints"])},
    )
    return data


def _delete_files(attachments: list[Attachment]) -> None:
    hashes = {attachment.sha256 for attachment in attachments}
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    # A file is stored once per content: keep it while another complaint still holds it.
    still_held = set(Attachment.objects.filter(sha256__in=hashes).values_list("sha256", flat=True))
    for sha256 in hashes - still_held:
        # After the commit, so a rolled-back erasure keeps its files.
        transaction.on_commit(partial(path_for(sha256).unlink, missing_ok=True))


@transaction.atomic
def erase_complaint_personal_data(
    *, complaint: Complaint, actor_label: str, actor: User | None = None, reason: str = ""
) -> None:
    """The words and files of one complaint; what it was about (category, severity, outcome,
    dates, amounts) stays for the statistics."""
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
    Message.objects.filter(complaint=complaint).update(subject="", body=ERASED, delivery_error="")
    Message.objects.filter(complaint=complaint, author__isnull=True).update(
        author_label=pseudonym(complaint.customer)
    )
    _delete_files(list(Attachment.objects.filter(complaint=complaint)))
    InboundMail.objects.filter(
        Q(complaint=complaint)
        | Q(named_complaint=complaint)
        | Q(added_message__complaint=complaint)
    ).update(
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
    tracking.revoke_link(complaint=complaint, actor=actor, actor_label=actor_label, reason=reason)
    record(
        action=COMPLAINT_ERASED,
        actor=actor,
        actor_label=actor_label,
        complaint=complaint,
        note=reason,
    )


def _pseudonymise(customer: Customer, *, actor: User | None, actor_label: str, reason: str) -> None:
    customer.name = pseudonym(customer)
    customer.email = ""
    customer.phone = ""
    customer.external_ids = {}
    customer.save(update_fields=["name", "email", "phone", "external_ids"])
    record(
        action=CUSTOMER_ERASED,
        actor=actor,
        actor_label=actor_label,
        subject=f"customer:{customer.pk}",
        note=reason,
    )


@dataclass(frozen=True)
class Erasure:
    customer: Customer
    complaints: list[str]


@transaction.atomic
def erase_customer(*, customer: Customer, actor: User, reason: str) -> Erasure:
    """Erase one customer's personal data on their request (see the module's docstring).
    Refused with StillOpen while a complaint of theirs is being handled."""
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Say why (e.g. the customer's request of 3 May)."))
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    complaints = list(customer.complaints.select_for_update().order_by("id"))
    still_open = [c.reference for c in complaints if c.status not in ARCHIVED]
    if still_open:
        raise StillOpen(still_open)
    for complaint in complaints:
        erase_complaint_personal_data(
            complaint=complaint, actor=actor, actor_label=str(actor), reason=reason
        )
    _pseudonymise(customer, actor=actor, actor_label=str(actor), reason=reason)
    return Erasure(customer, [c.reference for c in complaints])


def erase_past_retention(*, complaints: list[Complaint], reason: str) -> int:
    """The retention job's erasure: each complaint in its own transaction; a customer is
    pseudonymised once none of their complaints keeps personal data."""
    erased = 0
    for complaint in complaints:
        with transaction.atomic():
            erase_complaint_personal_data(
                complaint=complaint, actor_label="retention", reason=reason
            )
            customer = complaint.customer
            remaining = customer.complaints.exclude(events__action=COMPLAINT_ERASED)
            already = Event.objects.filter(
                action=CUSTOMER_ERASED, subject=f"customer:{customer.pk}"
            ).exists()
            if not remaining.exists() and not already:
                _pseudonymise(customer, actor=None, actor_label="retention", reason=reason)
        erased += 1
    return erased
