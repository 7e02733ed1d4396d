"""POST /api/v1/intake/{source}: complaints from other systems (chat transcripts, a CRM), signed
with the source's secret instead of sent with a user's token. See intake/signed.py for the
signature and docs/api.md for an example.

Attachments travel in the JSON body, base64-encoded; each is held to the same limits and
checks as on every other channel, and a refused one is named in the answer while the rest of
the complaint is kept.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import APIKeyHeader
from pydantic import Field, field_validator

from complaintdesk.complaints import tracking
from complaintdesk.complaints.lifecycle import InvalidFields
from complaintdesk.complaints.models import Channel
from complaintdesk.complaints.schemas import TEXT_MAX, ComplaintIn, Input, Refusal, subject_from
from complaintdesk.intake.attachments import IncomingFile
from complaintdesk.intake.models import IntakeSource
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, language_of
from complaintdesk.intake.signed import (
    Replayed,
    SignatureRefused,
    SignedIntake,
    receive_signed_complaint,
    verified_source,
)
from complaintdesk.notifications.webhooks import SIGNATURE_HEADER

router = Router(tags=["intake"])
# A transcript may be long; the description of a complaint made elsewhere may not.
TRANSCRIPT_MAX = 200_000
# Text fields besides the files; the files are base64, a third larger than they are.
TEXT_BYTES_MAX = 2 * 1024 * 1024


class VerifiedRequest:
    def __init__(self, source: IntakeSource, signature: str) -> None:
        self.source = source
        self.signature = signature


class SourceSignature(APIKeyHeader):
    """The request's body, signed with the secret of the source in its path (HMAC-SHA256):
    `X-Complaintdesk-Signature: sha256=<hex>` over `<X-Complaintdesk-Timestamp>.<body>`."""

    param_name = SIGNATURE_HEADER

    def __call__(self, request: HttpRequest) -> VerifiedRequest:
        body = _raw_body(request)
        slug = (
            str(request.resolver_match.kwargs.get("source", "")) if request.resolver_match else ""
        )
        try:
            source, signature = verified_source(slug, request.headers, body)
        except SignatureRefused as refusal:
            raise HttpError(401, str(refusal)) from None
        return VerifiedRequest(source, signature)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover
        raise NotImplementedError  # __call__ does the whole check


def _raw_body(request: HttpRequest) -> bytes:
    """The body as sent, read once. Larger than Django's default limit for request bodies
    (files come inside it), so it is read here under our own limit."""
    limit = settings.COMPLAINT_ATTACHMENTS_MAX_BYTES * 4 // 3 + TEXT_BYTES_MAX
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise HttpError(413, _("The request is larger than %(limit)s bytes.") % {"limit": limit})
    if not hasattr(request, "_body"):
        body = request.read(limit + 1)
        if len(body) > limit:
            raise HttpError(
                413, _("The request is larger than %(limit)s bytes.") % {"limit": limit}
            )
        # Where HttpRequest.body keeps what it read, so the JSON parser reads these bytes.
        request._body = body  # type: ignore[attr-defined]
    return request.body


class FileIn(Input):
    filename: str = Field(default="", max_length=255)
    content_type: str = Field(default="application/octet-stream", max_length=120)
    content_base64: str = Field(description="The file's bytes, base64-encoded (RFC 4648).")

    @field_validator("content_base64")
    @classmethod
    def _base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except binascii.Error:
            raise ValueError(_("is not valid base64")) from None
        return value

    def data(self) -> bytes:
        return base64.b64decode(self.content_base64)


class TranscriptLineIn(Input):
    at: datetime | None = None
    author: str = Field(min_length=1, max_length=200, description="e.g. the customer, or agent")
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class SignedComplaintIn(ComplaintIn):
    external_id: str = Field(
        min_length=1,
        max_length=200,
        description="The sending system's own id for this complaint or chat: sent again, it "
        "returns the complaint it opened the first time.",
    )
    channel: Literal["chat", "api"] | None = Field(  # type: ignore[assignment]
        default=None,
        description="chat, or api for any other system; the source's own when left out.",
    )
    description: str = Field(
        default="",
        max_length=TEXT_MAX,
        description="What the customer said; may be left out when a transcript is sent.",
    )
    language: str = Field(
        default="",
        max_length=10,
        description="One of settings.LANGUAGES; detected from the text when left out.",
    )
    transcript: list[TranscriptLineIn] = Field(default_factory=list, max_length=5000)
    attachments: list[FileIn] = Field(default_factory=list, max_length=50)

    @field_validator("description")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        # Blank is allowed here when a transcript carries the text; the endpoint checks the two
        # together and names what is missing.
        return value

    def text(self) -> str:
        lines = [
            f"[{line.at:%Y-%m-%d %H:%M}] {line.author}: {line.text}"
            if line.at
            else f"{line.author}: {line.text}"
            for line in self.transcript
        ]
        return "\n\n".join(part for part in (self.description, "\n".join(lines)) if part)


class RefusedFileOut(Schema):
    filename: str
    reason: str


class SignedIntakeOut(Schema):
    reference: str
    status: str
    tracking_url: str
    external_id: str
    created: bool = Field(description="False when the external id was received before.")
    refused_attachments: list[RefusedFileOut]


def _answer(intake: SignedIntake, external_id: str) -> dict[str, Any]:
    return {
        "reference": intake.complaint.reference,
        "status": intake.complaint.status,
        "tracking_url": tracking.tracking_url(intake.complaint),
        "external_id": external_id,
        "created": intake.created,
        "refused_attachments": [
            {"filename": refused.filename, "reason": refused.reason} for refused in intake.refused
        ],
    }


@router.post(
    "/{source}",
    auth=SourceSignature(),
    response={
        200: SignedIntakeOut,
        201: SignedIntakeOut,
        401: Refusal,
        409: Refusal,
        413: Refusal,
        422: Refusal,
    },
    summary="Receive a complaint from another system",
    operation_id="receive_signed_complaint",
)
def receive(request: HttpRequest, source: str, payload: SignedComplaintIn) -> Status[Any]:
    """File a complaint a chat tool or other system sends, signed with the source's secret.
    Answers 201 with the new complaint, or 200 with the one an earlier request with the same
    `external_id` opened. A replayed request is refused with 409, a bad or stale signature
    with 401."""
    verified: VerifiedRequest = request.auth  # type: ignore[attr-defined]
    text = payload.text()
    if not text.strip():
        raise InvalidFields({"description": _("a description or a transcript is required")})
    if len(text) > TRANSCRIPT_MAX:
        raise InvalidFields(
            {"transcript": _("is longer than %(max)s characters") % {"max": TRANSCRIPT_MAX}}
        )
    first_said = next((line.text for line in payload.transcript), "")
    customer = payload.customer
    language = language_of(text, payload.language or customer.language)
    try:
        intake = receive_signed_complaint(
            source=verified.source,
            signature=verified.signature,
            external_id=payload.external_id,
            channel=payload.channel or verified.source.channel or Channel.CHAT,
            customer=CustomerDetails(
                name=customer.name,
                email=customer.email,
                phone=customer.phone,
                language=customer.language or language,
            ),
            complaint=ComplaintDetails(
                subject=payload.subject or subject_from(payload.description or first_said),
                description=text,
                language=language,
                occurred_at=payload.occurred_at,
                location=payload.location,
                product_reference=payload.product_reference,
                remedy_sought=tuple(payload.remedy_sought),
                claimed_amount=payload.claimed_amount,
                claimed_currency=payload.claimed_currency,
            ),
            attachments=[
                IncomingFile.from_bytes(f.filename, f.content_type, f.data())
                for f in payload.attachments
            ],
        )
    except Replayed as replay:
        raise HttpError(409, str(replay)) from None
    return Status(201 if intake.created else 200, _answer(intake, payload.external_id))
