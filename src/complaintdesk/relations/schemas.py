"""The shapes of the related-complaints endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from complaintdesk.complaints.schemas import TEXT_MAX, Input
from complaintdesk.complaints.selectors import MAX_ID, REFERENCE_MAX_LENGTH
from complaintdesk.relations.selectors import LinkRow, Suggestion
from complaintdesk.relations.services import NOTE_MAX, SUBJECT_MAX


class LinkIn(Input):
    reference: str = Field(
        min_length=1, max_length=REFERENCE_MAX_LENGTH, description="The other complaint."
    )
    kind: Literal["related", "duplicate"] = Field(
        default="related", description="duplicate: this complaint duplicates the other one."
    )
    note: str = Field(default="", max_length=NOTE_MAX)


class UnlinkIn(Input):
    note: str = Field(default="", max_length=NOTE_MAX, description="Why; kept in the audit trail.")


class MergeIn(Input):
    into: str = Field(
        min_length=1,
        max_length=REFERENCE_MAX_LENGTH,
        description="The complaint that goes on; if it was merged itself, the one it went into.",
    )
    reason: str = Field(min_length=1, max_length=NOTE_MAX, description="Kept in the audit trail.")
    confirm_other_customer: bool = Field(
        default=False, description="Required when the two complaints are from different customers."
    )
    version: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Refuse if this complaint changed since."
    )


class SplitIn(Input):
    text: str = Field(
        min_length=1, max_length=TEXT_MAX, description="The second matter, in the customer's words."
    )
    subject: str = Field(
        default="", max_length=SUBJECT_MAX, description="Taken from the text when left out."
    )


class LinkOut(Schema):
    id: int
    kind: str = Field(description="related, duplicate, split_from or merged_into.")
    removable: bool = Field(
        description="Made by a person (related, duplicate): it can be unlinked. The link of a "
        "merge or a split stays."
    )
    direction: str = Field(
        description="outgoing: this complaint is the link's subject (it was merged into, split "
        "from, duplicates or is related to the other); incoming: the other way round."
    )
    label: str
    reference: str = Field(description="The other complaint.")
    subject: str
    status: str
    note: str
    created_at: datetime

    @classmethod
    def of(cls, row: LinkRow) -> LinkOut:
        return cls(
            id=row.link.pk,
            kind=row.link.kind,
            removable=row.manual,
            direction=row.direction,
            label=str(row.label),
            reference=row.other.reference,
            subject=row.other.subject,
            status=row.other.status,
            note=row.link.note,
            created_at=row.link.created_at,
        )


class SuggestionOut(Schema):
    reference: str
    subject: str
    status: str
    received_at: datetime
    similarity: int = Field(description="How alike the texts are, in percent.")

    @classmethod
    def of(cls, suggestion: Suggestion) -> SuggestionOut:
        complaint = suggestion.complaint
        return cls(
            reference=complaint.reference,
            subject=complaint.subject,
            status=complaint.status,
            received_at=complaint.received_at,
            similarity=suggestion.percent,
        )
