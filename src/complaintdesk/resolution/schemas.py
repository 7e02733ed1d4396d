"""The shapes of the resolution endpoints."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from complaintdesk.complaints.models import Channel
from complaintdesk.complaints.schemas import CodeRef, Input, UserRef, _aware
from complaintdesk.complaints.selectors import MAX_ID
from complaintdesk.resolution.models import (
    CompensationEntry,
    CompensationKind,
    CompensationRequest,
    InvestigationEntry,
    RemedyType,
    RootCause,
)
from complaintdesk.resolution.selectors import evidence_of, paid_totals
from complaintdesk.resolution.services import TEXT_MAX, WHYS_MAX


def _due(value: datetime) -> datetime:
    due = _aware(value)
    assert due is not None
    return due


class EntryIn(Input):
    kind: Literal["note", "evidence", "contact"]
    text: str = Field(max_length=TEXT_MAX)
    record_reference: str = Field(
        default="", max_length=200, description="Evidence: the order or service record."
    )
    attachment: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Evidence: id of a file of this complaint."
    )
    channel: Channel | None = Field(
        default=None, description="Contact: how the customer was reached."
    )


class EntryOut(Schema):
    id: int
    kind: str
    text: str
    record_reference: str
    attachment: int | None
    channel: str
    author: UserRef
    created_at: datetime

    @staticmethod
    def resolve_attachment(obj: InvestigationEntry) -> int | None:
        return obj.attachment_id


class RootCauseIn(Input):
    category: str = Field(max_length=40, description="Code of a root cause category, e.g. process.")
    explanation: str = Field(max_length=TEXT_MAX)
    five_whys: list[str] = Field(default_factory=list, max_length=WHYS_MAX)


class RootCauseOut(Schema):
    category: CodeRef
    explanation: str
    five_whys: list[str]
    recorded_by: UserRef
    recorded_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_category(obj: RootCause) -> dict[str, Any]:
        return {"id": obj.category.pk, "code": obj.category.code, "name": str(obj.category)}


class StepIn(Input):
    description: str = Field(max_length=TEXT_MAX)
    due_at: datetime
    owner: int | None = Field(default=None, ge=1, le=MAX_ID, description="User id.")

    @field_validator("due_at")
    @classmethod
    def _zoned(cls, value: datetime) -> datetime:
        return _due(value)


class PlanIn(Input):
    objectives: str = Field(max_length=TEXT_MAX)
    remedy_types: list[RemedyType] = Field(max_length=len(RemedyType.values))
    steps: list[StepIn] = Field(default_factory=list, max_length=50)
    needs_confirmation: bool = True
    no_confirmation_reason: str = Field(default="", max_length=TEXT_MAX)


class StepOut(Schema):
    id: int
    description: str
    owner: UserRef | None
    due_at: datetime
    status: str
    done_at: datetime | None


class PlanOut(Schema):
    id: int
    version: int
    objectives: str
    remedy_types: list[str]
    needs_confirmation: bool
    no_confirmation_reason: str
    state: str
    customer_comment: str
    created_at: datetime
    proposed_at: datetime | None
    decided_at: datetime | None
    steps: list[StepOut]


class ProposeIn(Input):
    version: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Refuse if the complaint changed since."
    )


class AnswerIn(Input):
    answer: Literal["accept", "reject", "comment"] = Field(
        description="The customer's answer, taken down by staff (e.g. on the phone)."
    )
    text: str = Field(default="", max_length=TEXT_MAX, description="Their words; needed to reject.")
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


class TextIn(Input):
    text: str = Field(default="", max_length=TEXT_MAX)


class CompensationIn(Input):
    amount: Decimal = Field(
        gt=0, max_digits=14, decimal_places=2, description='A decimal number or string, "49.90".'
    )
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217 code, e.g. EUR.")
    kind: CompensationKind
    reason: str = Field(max_length=TEXT_MAX)


class RequestOut(Schema):
    id: int
    reference: str
    amount: Decimal
    currency: str
    kind: str
    reason: str
    state: str
    requested_by: UserRef
    requested_at: datetime
    decided_by: UserRef | None
    decided_at: datetime | None
    decision_note: str

    @staticmethod
    def resolve_reference(obj: CompensationRequest) -> str:
        return obj.complaint.reference


class LedgerOut(Schema):
    id: int
    amount: Decimal
    currency: str
    kind: str
    request: int | None
    reverses: int | None
    note: str
    created_by: UserRef
    created_at: datetime

    @staticmethod
    def resolve_request(obj: CompensationEntry) -> int | None:
        return obj.request_id

    @staticmethod
    def resolve_reverses(obj: CompensationEntry) -> int | None:
        return obj.reverses_id


class CompensationOut(Schema):
    requests: list[RequestOut]
    ledger: list[LedgerOut]
    paid: dict[str, Decimal] = Field(description="Net paid on this complaint, per currency.")
    customer_paid: dict[str, Decimal] = Field(
        description="Net paid on the customer's other complaints, per currency."
    )


class PendingOut(RequestOut):
    subject: str
    customer: str
    claimed_amount: Decimal | None = Field(description="What the customer claimed, if anything.")
    claimed_currency: str
    evidence: list[EntryOut]
    customer_paid: dict[str, Decimal] = Field(
        description="Net paid on the customer's other complaints, per currency."
    )

    @staticmethod
    def resolve_subject(obj: CompensationRequest) -> str:
        return obj.complaint.subject

    @staticmethod
    def resolve_customer(obj: CompensationRequest) -> str:
        return obj.complaint.customer.name

    @staticmethod
    def resolve_claimed_amount(obj: CompensationRequest) -> Decimal | None:
        return obj.complaint.claimed_amount

    @staticmethod
    def resolve_claimed_currency(obj: CompensationRequest) -> str:
        return obj.complaint.claimed_currency

    @staticmethod
    def resolve_evidence(obj: CompensationRequest) -> list[InvestigationEntry]:
        return list(evidence_of(obj.complaint))

    @staticmethod
    def resolve_customer_paid(obj: CompensationRequest) -> dict[str, Decimal]:
        return paid_totals(obj.complaint.customer.complaints.exclude(pk=obj.complaint_id))


class EarlierOut(Schema):
    reference: str
    subject: str
    received_at: datetime
    status: str
    category: str
    outcome: str
    remedies: list[str]
    paid: dict[str, Decimal]
    satisfaction: int | None = Field(
        None, description="The score (1–5) the customer last gave in the satisfaction survey."
    )


class HistoryOut(Schema):
    earlier: list[EarlierOut]
    paid: dict[str, Decimal]
    repeat_in_category: list[str] = Field(
        description="References of complaints in the same category within REPEAT_COMPLAINT_DAYS."
    )
    not_upheld: int
    look_carefully: bool = Field(
        description="Several earlier claims were not upheld: look carefully, presume good faith."
    )
