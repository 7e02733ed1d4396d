"""Customers' data rights, and the record of who read sensitive data.

- export_customer_data: everything about one customer they may be given, as JSON; the export
  itself is recorded (who read it, when).
- erase_customer: on request, once their complaints are closed: contact details and the words
  of their complaints removed or pseudonymised, their files and the e-mails as received deleted,
  their tracking links revoked; categories, dates, outcomes and amounts stay, so the statistics
  still count the complaint, in every app that holds some of its words (privacy.erasure). The
  erasure is recorded; the audit trail keeps every event as the record of how the complaints
  were handled, with the words and the customer's name erased from them.
- record_read, record_compensation_read: the audit event of reading a sensitive record (an
  export, compensation); privacy.selectors.sensitive_reads lists them for auditors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.audit.models import Event
from complaintdesk.audit.services import record
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint, Customer, Status
from complaintdesk.privacy.erasure import ERASED as ERASED
from complaintdesk.privacy.erasure import erase_complaint_words
from complaintdesk.privacy.selectors import COMPENSATION_READ, CUSTOMER_EXPORTED, customer_data
from complaintdesk.resolution.models import CompensationRequest

ARCHIVED = (Status.CLOSED, Status.WITHDRAWN)
COMPLAINT_ERASED = "complaint.personal_data_erased"
CUSTOMER_ERASED = "customer.erased"
# A page of compensation reloaded within this time, showing the same records, is one read.
COMPENSATION_READ_EVERY = timedelta(minutes=15)


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
    """Record that `actor` read something sensitive (privacy.selectors.SENSITIVE_READS), e.g.
    `compensation.read` on a complaint or `customer.exported`. With `at_most_every`, the same
    read (same person, record and note) repeated within that time is not recorded again
    (reloading a page does not flood the trail); reading something new is."""
    if at_most_every is not None:
        recent = Event.objects.filter(
            actor=actor,
            action=action,
            subject=subject or (f"complaint:{complaint.pk}" if complaint is not None else ""),
            note=note,
            at__gte=timezone.now() - at_most_every,
        )
        if recent.exists():
            return None
    return record(action=action, actor=actor, subject=subject, complaint=complaint, note=note)


def record_compensation_read(
    *, actor: User, complaint: Complaint, requests: Sequence[int], entries: Sequence[int]
) -> Event | None:
    """`actor` was shown the compensation of `complaint`: these requests and ledger entries (by
    id). Nothing shown, nothing recorded; the same again within COMPENSATION_READ_EVERY, once."""
    if not requests and not entries:
        return None
    note = _("requests %(requests)s; ledger entries %(entries)s") % {
        "requests": ", ".join(f"#{pk}" for pk in sorted(requests)) or "—",
        "entries": ", ".join(f"#{pk}" for pk in sorted(entries)) or "—",
    }
    return record_read(
        actor=actor,
        action=COMPENSATION_READ,
        complaint=complaint,
        note=note,
        at_most_every=COMPENSATION_READ_EVERY,
    )


def record_requests_read(*, actor: User, requests: Sequence[CompensationRequest]) -> None:
    """A list of compensation requests across complaints was shown (the approvals): one read
    of each complaint's compensation, naming its requests."""
    by_complaint: dict[int, tuple[Complaint, list[int]]] = {}
    for request in requests:
        by_complaint.setdefault(request.complaint_id, (request.complaint, []))[1].append(request.pk)
    for complaint, shown in by_complaint.values():
        record_compensation_read(actor=actor, complaint=complaint, requests=shown, entries=[])


def export_customer_data(*, customer: Customer, actor: User) -> dict[str, Any]:
    """All the customer may be given, with the export recorded as a read of their data."""
    data = customer_data(customer)
    record_read(
        actor=actor,
        action=CUSTOMER_EXPORTED,
        subject=f"customer:{customer.pk}",
        note=_("%(count)d complaints") % {"count": len(data["complaints"])},
    )
    return data


@transaction.atomic
def erase_complaint_personal_data(
    *, complaint: Complaint, actor_label: str, actor: User | None = None, reason: str = ""
) -> None:
    """The words and files of one complaint, in every app that holds some (privacy.erasure);
    what it was about (category, severity, outcome, dates, amounts) stays for the statistics.
    Its events stay too, their words erased; the erasure itself is then recorded."""
    erase_complaint_words(complaint, pseudonym=pseudonym(complaint.customer))
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
