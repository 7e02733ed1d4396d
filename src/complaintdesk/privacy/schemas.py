"""The shapes of the privacy endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from complaintdesk.audit.models import Event

# Days outside these are mistakes, refused by name rather than failing in the database.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


class ReadsQuery(Schema):
    action: Literal["", "compensation.read", "customer.exported"] = Field(
        default="",
        description="compensation.read: someone was shown a complaint's compensation (console "
        "page, approvals, API); customer.exported: someone exported a customer's data. Empty: "
        "both.",
    )
    person: str = Field(default="", max_length=150, description="Username, or part of a name.")
    reference: str = Field(default="", max_length=20, description="A complaint's reference.")
    since: date | None = Field(default=None, ge=FIRST_DAY, le=LAST_DAY, description="From day.")
    until: date | None = Field(default=None, ge=FIRST_DAY, le=LAST_DAY, description="Until day.")

    # A form left blank sends `since=`: that does not filter, rather than being refused.
    @field_validator("since", "until", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


class ReadOut(Schema):
    id: int
    at: datetime
    actor: str = Field(description="Who read it, as the trail names them.")
    username: str | None = Field(description="Their username (empty if the account is gone).")
    action: str
    complaint: str | None = Field(description="The complaint whose record was read.")
    subject: str = Field(description="What was read, e.g. customer:12 for an export.")
    note: str = Field(description="What was shown: the records' ids, or how many complaints.")

    @staticmethod
    def resolve_actor(obj: Event) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_username(obj: Event) -> str | None:
        return obj.actor.username if obj.actor is not None else None

    @staticmethod
    def resolve_complaint(obj: Event) -> str | None:
        return obj.complaint.reference if obj.complaint is not None else None
