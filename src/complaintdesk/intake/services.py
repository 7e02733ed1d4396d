"""Taking a complaint in: whoever the customer is and whatever the channel, it is recorded
completely and acknowledged at once, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import SYSTEM_PARTY, Party, User, role_of, user_of
from complaintdesk.audit.services import record
from complaintdesk.complaints import lifecycle, tracking
from complaintdesk.complaints.lifecycle import HANDLERS, RoleNotAllowed
from complaintdesk.complaints.models import (
    Channel,
    Complaint,
    Customer,
    DeliveryStatus,
    Direction,
    Remedy,
)
from complaintdesk.complaints.services import add_internal_note
from complaintdesk.intake.attachments import (
    IncomingFile,
    KeptFiles,
    RefusedFile,
    discarded_on_rollback,
    keep_attachments,
)
from complaintdesk.intake.references import new_reference
from complaintdesk.notifications.models import WebhookEvent
from complaintdesk.notifications.webhooks import announce
from complaintdesk.read_once import read_once
from complaintdesk.triage.services import detect_language


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


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    # Files that came with the complaint and were not kept, each with why.
    refused: list[RefusedFile] = field(default_factory=list)


def file_complaint(
    *,
    channel: str,
    customer: CustomerDetails,
    complaint: ComplaintDetails,
    actor: User | Party = SYSTEM_PARTY,
    received_at: datetime | None = None,
    attachments: Sequence[IncomingFile] = (),
) -> Complaint:
    """Record a new complaint and acknowledge it: the customer's acknowledgement is queued in
    the same transaction, so a complaint is never stored without one, nor one sent for a
    complaint that was not stored."""
    return file_complaint_with_files(
        channel=channel,
        customer=customer,
        complaint=complaint,
        actor=actor,
        received_at=received_at,
        attachments=attachments,
    ).complaint


def file_complaint_with_files(
    *,
    channel: str,
    customer: CustomerDetails,
    complaint: ComplaintDetails,
    actor: User | Party = SYSTEM_PARTY,
    received_at: datetime | None = None,
    attachments: Sequence[IncomingFile] = (),
) -> Filed:
    """file_complaint(), also saying which of the files that came with it were refused (too
    large, or a program or script): those are left out and the rest of the complaint kept."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    unknown_remedies = set(complaint.remedy_sought) - set(Remedy.values)
    if unknown_remedies:
        raise ValueError(f"unknown remedies {sorted(unknown_remedies)}")
    for _attempt in range(5):
        try:
            # The service levels and the webhook endpoints are read once however many clocks
            # filing starts and events it announces.
            with (
                discarded_on_rollback(),
                transaction.atomic(),
                read_once(),
            ):
                return _file(channel, customer, complaint, actor, received_at, attachments)
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
    attachments: Sequence[IncomingFile],
) -> Filed:
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
    kept = (
        keep_attachments(
            complaint=complaint,
            files=attachments,
            actor_label=customer.name if role_of(actor) == "customer" else str(actor),
        )
        if attachments
        else KeptFiles()
    )
    announce(WebhookEvent.RECEIVED, complaint)
    lifecycle.perform(complaint, "acknowledge", actor=SYSTEM_PARTY)
    return Filed(complaint, kept.refused)


def take_complaint_down(
    *,
    channel: str,
    customer: CustomerDetails,
    complaint: ComplaintDetails,
    agent: User,
    received_at: datetime | None = None,
    promised: str = "",
) -> Complaint:
    """An agent records a complaint made by phone, by letter or in person, on the customer's
    behalf. On the phone the agent gives the acknowledgement to the caller there and then: it
    is recorded as given, not e-mailed. What the agent promised is kept as a note for the
    colleagues who take it on."""
    if role_of(agent) not in HANDLERS:
        raise RoleNotAllowed(f"a {role_of(agent)} may not take complaints in")
    with transaction.atomic():
        filed = file_complaint(
            channel=channel,
            customer=customer,
            complaint=complaint,
            actor=agent,
            received_at=received_at,
        )
        if channel == Channel.PHONE:
            filed.messages.filter(direction=Direction.OUTBOUND).update(
                channel=Channel.PHONE,
                delivery_status=DeliveryStatus.RECORDED,
                author=agent,
                author_label=str(agent),
            )
        if promised.strip():
            with translation.override(agent.language):
                body = _("Promised to the customer: %(promise)s") % {"promise": promised.strip()}
            add_internal_note(complaint=filed, actor=agent, body=body)
    return filed


def language_of(text: str, declared: str = "") -> str:
    """The language the sender declared if we support it, else the one detected in the text,
    else English."""
    supported = {code for code, _name in settings.LANGUAGES}
    if declared in supported:
        return declared
    detected = detect_language(text) if text.strip() else ""
    return detected if detected in supported else "en"
