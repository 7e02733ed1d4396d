"""Taking a complaint in: whoever the customer is and whatever the channel, it is recorded
completely and acknowledged at once, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from complaintdesk.accounts.models import SYSTEM_PARTY, Party, User, role_of, user_of
from complaintdesk.audit.services import record
from complaintdesk.complaints import lifecycle, tracking
from complaintdesk.complaints.models import Channel, Complaint, Customer, Remedy
from complaintdesk.intake.references import new_reference


@dataclass(frozen=True, kw_only=True)
class CustomerDetails:
    name: str
    email: str = ""
    phone: str = ""
    language: str = ""
    external_ids: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ComplaintDetails:
    subject: str
    description: str
    language: str = "en"
    occurred_at: datetime | None = None
    location: str = ""
    product_reference: str = ""
    remedy_sought: tuple[str, ...] = ()
    claimed_amount: Decimal | None = None
    claimed_currency: str = ""


def find_or_create_customer(details: CustomerDetails) -> Customer:
    """The same person is found again by e-mail, then by phone, so complaints join their
    history; what they tell us now fills in what we did not know."""
    customer = None
    if details.email:
        customer = Customer.objects.filter(email__iexact=details.email).order_by("id").first()
    if customer is None and details.phone:
        customer = Customer.objects.filter(phone=details.phone).order_by("id").first()
    if customer is None:
        return Customer.objects.create(
            name=details.name,
            email=details.email.lower(),
            phone=details.phone,
            language=details.language or "en",
            external_ids=details.external_ids,
        )
    updated = []
    for name in ("email", "phone", "name"):
        if getattr(details, name) and not getattr(customer, name):
            setattr(customer, name, getattr(details, name))
            updated.append(name)
    if details.external_ids:
        customer.external_ids = {**customer.external_ids, **details.external_ids}
        updated.append("external_ids")
    if updated:
        customer.save(update_fields=updated)
    return customer


def file_complaint(
    *,
    channel: str,
    customer: CustomerDetails,
    complaint: ComplaintDetails,
    actor: User | Party = SYSTEM_PARTY,
    received_at: datetime | None = None,
) -> Complaint:
    """Record a new complaint and acknowledge it: the customer's acknowledgement is queued in
    the same transaction, so a complaint is never stored without one, nor one sent for a
    complaint that was not stored."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    unknown_remedies = set(complaint.remedy_sought) - set(Remedy.values)
    if unknown_remedies:
        raise ValueError(f"unknown remedies {sorted(unknown_remedies)}")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _file(channel, customer, complaint, actor, received_at)
        except IntegrityError:
            # A reference collision (1 in 10^12): draw another one.
            continue
    raise RuntimeError("could not allocate a unique reference")


def _file(
    channel: str,
    customer_details: CustomerDetails,
    details: ComplaintDetails,
    actor: User | Party,
    received_at: datetime | None,
) -> Complaint:
    received = received_at or timezone.now()
    customer = find_or_create_customer(customer_details)
    salt = tracking.new_salt()
    reference = new_reference()
    complaint = Complaint(
        reference=reference,
        customer=customer,
        channel=channel,
        subject=details.subject.strip()[:300],
        description=details.description,
        language=details.language or customer.language,
        occurred_at=details.occurred_at,
        received_at=received,
        location=details.location,
        product_reference=details.product_reference,
        remedy_sought=list(details.remedy_sought),
        claimed_amount=details.claimed_amount,
        claimed_currency=details.claimed_currency.upper(),
        first_response_due=received + timedelta(hours=settings.FIRST_RESPONSE_HOURS),
        resolution_due=received + timedelta(days=settings.RESOLUTION_DAYS),
        status_changed_at=received,
        tracking_salt=salt,
        tracking_hash=tracking.hash_of(tracking.token_for(reference, salt)),
    )
    complaint.save()
    record(
        action="complaint.received",
        actor=user_of(actor),
        actor_label=str(actor) if role_of(actor) != "customer" else customer.name,
        complaint=complaint,
        status_after=complaint.status,
        note=f"channel: {channel}",
    )
    lifecycle.perform(complaint, "acknowledge", actor=SYSTEM_PARTY)
    return complaint
