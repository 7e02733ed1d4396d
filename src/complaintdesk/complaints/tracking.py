"""The customer's tracking link.

The token is an HMAC of the complaint's reference and a per-complaint salt of 128 random bits
under the secret key: 256 bits no one can guess, never stored (only its SHA-256 is), yet
recomputable whenever we write to the customer. A new salt revokes the old link.

A link stops working TRACKING_LINK_DAYS_AFTER_CLOSING days after its complaint was closed or
withdrawn (reopening it makes it work again). Unknown links are throttled per client by the
permission gate, so guessing is pointless. A customer who lost their link asks for a new one
with the reference and their e-mail address; it goes only to that address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaintdesk.accounts import throttling
from complaintdesk.accounts.models import AttemptKind, User
from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Complaint

# However many clients ask, one complaint's customer gets at most this many new links a day.
NEW_LINKS_PER_COMPLAINT = throttling.Limit(AttemptKind.NEW_LINK_REQUEST, 3, timedelta(days=1))


def new_salt() -> str:
    return secrets.token_hex(16)


def token_for(reference: str, salt: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"tracking:{reference}:{salt}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tracking_path(complaint: Complaint) -> str:
    return reverse("portal:track", args=[token_for(complaint.reference, complaint.tracking_salt)])


def tracking_url(complaint: Complaint) -> str:
    return settings.SITE_URL + tracking_path(complaint)


def expires_at(complaint: Complaint) -> datetime | None:
    """When the link stops working: some time after closing; never while the complaint is open."""
    if complaint.is_open or complaint.closed_at is None:
        return None
    return complaint.closed_at + timedelta(days=settings.TRACKING_LINK_DAYS_AFTER_CLOSING)


def expired(complaint: Complaint, *, now: datetime | None = None) -> bool:
    ends = expires_at(complaint)
    return ends is not None and (now or timezone.now()) >= ends


@transaction.atomic
def revoke_link(
    *, complaint: Complaint, actor_label: str, actor: User | None = None, reason: str = ""
) -> None:
    """A new salt: the old link stops working at once. The next message to the customer
    carries the new one."""
    complaint.tracking_salt = new_salt()
    complaint.tracking_hash = hash_of(token_for(complaint.reference, complaint.tracking_salt))
    Complaint.objects.filter(pk=complaint.pk).update(
        tracking_salt=complaint.tracking_salt, tracking_hash=complaint.tracking_hash
    )
    record(
        action="tracking_link.revoked",
        actor=actor,
        actor_label=actor_label,
        complaint=complaint,
        note=reason,
    )


@transaction.atomic
def send_new_link(*, reference: str, email: str) -> bool:
    """The customer lost their link: if `reference` is a complaint of the customer with this
    e-mail address, and its link has not expired, revoke the old link and e-mail the new one
    to that address. Returns whether one was sent; the caller must not tell the visitor (it
    would tell a stranger which references exist and whose they are)."""
    from complaintdesk.notifications.services import tell_customer

    email = email.strip()
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("customer")
        .filter(reference=reference.strip().upper()[:20], customer__email__iexact=email)
        .exclude(customer__email="")
        .first()
    )
    if complaint is None or expired(complaint):
        return False
    key = throttling.keyed("new-link-for", complaint.reference)
    if throttling.refused_for(NEW_LINKS_PER_COMPLAINT, key) is not None:
        return False
    throttling.count(NEW_LINKS_PER_COMPLAINT, key)
    revoke_link(
        complaint=complaint, actor_label=complaint.customer.name, reason="new link requested"
    )
    tell_customer(complaint, "new_tracking_link")
    return True
