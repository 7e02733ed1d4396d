"""Complaints other systems send us (a chat tool's transcripts, a CRM), each request signed
with the sending source's secret.

Signature: X-Complaintdesk-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." +
raw body)>, with the Unix time of signing in X-Complaintdesk-Timestamp. The timestamp is
signed too, so a captured request cannot be sent again later under a new one; within the five
minutes it is accepted, a signature seen before is a replay and refused. A retry must
therefore be signed afresh, and is recognised by its external id: the same external id from
the same source returns the complaint it opened the first time.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import SYSTEM, Party
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.attachments import IncomingFile, RefusedFile, discarded_on_rollback
from complaintdesk.intake.models import ExternalSubmission, IntakeSource, SeenSignature
from complaintdesk.intake.services import (
    ComplaintDetails,
    CustomerDetails,
    file_complaint_with_files,
)
from complaintdesk.notifications.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_for

TOLERANCE = timedelta(minutes=5)
SIGNATURE = re.compile(r"^sha256=([0-9a-f]{64})$")
# Compared against when the source is unknown, so an unknown source takes as long to refuse
# as a bad signature and the sources that exist cannot be told apart by timing.
UNKNOWN_SOURCE_SECRET = "unknown source"  # noqa: S105


class SignatureRefused(Exception):
    """The request is not signed by the source it names (HTTP 401)."""


class Replayed(Exception):
    """This very request was received before (HTTP 409)."""


def verified_source(
    slug: str, headers: Mapping[str, str], body: bytes, *, now: datetime | None = None
) -> tuple[IntakeSource, str]:
    """The active source `slug` if it signed this body within the last five minutes; returns
    it with the signature's hex digest. Raises SignatureRefused saying what is wrong."""
    now = now or timezone.now()
    source = IntakeSource.objects.filter(slug=slug[:60], active=True).first()
    match = SIGNATURE.match(headers.get(SIGNATURE_HEADER, "").strip().lower())
    if match is None:
        raise SignatureRefused(
            _("%(header)s must be sha256= followed by 64 hexadecimal digits")
            % {"header": SIGNATURE_HEADER}
        )
    raw_timestamp = headers.get(TIMESTAMP_HEADER, "").strip()
    if not raw_timestamp.isdigit() or len(raw_timestamp) > 11:
        raise SignatureRefused(
            _("%(header)s must be the Unix time the request was signed, in seconds")
            % {"header": TIMESTAMP_HEADER}
        )
    signed_at = datetime.fromtimestamp(int(raw_timestamp), tz=UTC)
    secret = source.secret if source is not None else UNKNOWN_SOURCE_SECRET
    expected = signature_for(secret, raw_timestamp, body)
    if not hmac.compare_digest(expected, f"sha256={match.group(1)}") or source is None:
        raise SignatureRefused(_("The signature does not match this source and body."))
    if abs(now - signed_at) > TOLERANCE:
        raise SignatureRefused(
            _("The request was signed more than 5 minutes from now; sign it again.")
        )
    return source, match.group(1)


@dataclass(frozen=True)
class SignedIntake:
    complaint: Complaint
    # False when the external id had been received before: nothing new was stored.
    created: bool
    refused: list[RefusedFile] = field(default_factory=list)


class _AlreadyReceived(Exception):
    pass


def receive_signed_complaint(
    *,
    source: IntakeSource,
    signature: str,
    external_id: str,
    channel: str,
    customer: CustomerDetails,
    complaint: ComplaintDetails,
    attachments: Sequence[IncomingFile] = (),
) -> SignedIntake:
    """File a complaint a source sent, once per external id. The signature is remembered in
    the same transaction, so a replay is refused and a request that failed may be retried."""
    try:
        with discarded_on_rollback(), transaction.atomic():
            try:
                with transaction.atomic():
                    SeenSignature.objects.create(source=source, signature=signature)
            except IntegrityError:
                raise Replayed(_("This request was received before; sign a retry anew.")) from None
            earlier = _earlier(source, external_id)
            if earlier is not None:
                return SignedIntake(earlier, created=False)
            filed = file_complaint_with_files(
                channel=channel,
                customer=customer,
                complaint=complaint,
                actor=Party(SYSTEM, source.name),
                attachments=attachments,
            )
            try:
                with transaction.atomic():
                    ExternalSubmission.objects.create(
                        source=source, external_id=external_id, complaint=filed.complaint
                    )
            except IntegrityError:
                # The same external id, sent twice at once: the other request filed it.
                raise _AlreadyReceived from None
            return SignedIntake(filed.complaint, created=True, refused=filed.refused)
    except _AlreadyReceived:
        earlier = _earlier(source, external_id)
        if earlier is None:
            raise
        return SignedIntake(earlier, created=False)


def _earlier(source: IntakeSource, external_id: str) -> Complaint | None:
    submission = (
        ExternalSubmission.objects.select_related("complaint")
        .filter(source=source, external_id=external_id)
        .first()
    )
    return submission.complaint if submission is not None else None


def forget_old_signatures(*, now: datetime | None = None) -> int:
    """Signatures older than the window can no longer be replayed (their timestamp is
    refused), so they need not be kept."""
    cutoff = (now or timezone.now()) - 2 * TOLERANCE
    deleted, _kinds = SeenSignature.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
