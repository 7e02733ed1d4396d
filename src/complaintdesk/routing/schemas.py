"""The shapes of the routing and coordination endpoints."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field, field_validator

from complaintdesk.complaints.schemas import CodeRef, Input, UserRef, _aware
from complaintdesk.complaints.selectors import MAX_ID
from complaintdesk.routing.coordination import TEXT_MAX


class ReassignIn(Input):
    reason: str = Field(max_length=TEXT_MAX, description="Why; kept in the audit trail.")
    department: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Department id; the current one when left out."
    )
    owner: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="User id; when left out, someone is chosen in the department.",
    )
    version: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Refuse if the complaint changed since."
    )


class TaskIn(Input):
    department: int = Field(ge=1, le=MAX_ID, description="The collaborating department's id.")
    description: str = Field(max_length=TEXT_MAX, description="What is needed from them.")
    due_at: datetime
    owner: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="User id; chosen in the department if left out."
    )

    @field_validator("due_at")
    @classmethod
    def _zoned(cls, value: datetime) -> datetime | None:
        # In UTC, like every time the API takes: an offset PostgreSQL cannot hold never
        # reaches it.
        return _aware(value)

    def aware_due_at(self) -> datetime:
        due = _aware(self.due_at)
        assert due is not None
        return due


class TaskOutcomeIn(Input):
    text: str = Field(
        max_length=TEXT_MAX, description="complete: what was done; close: why it is closed."
    )


class GrantIn(Input):
    user: int = Field(ge=1, le=MAX_ID, description="Id of the person let in.")
    reason: str = Field(max_length=TEXT_MAX)


class TaskOut(Schema):
    id: int
    department: CodeRef
    owner: UserRef | None
    description: str
    due_at: datetime
    state: str = Field(description="open, done, or closed (by the lead).")
    consultation: bool = Field(
        description="Asked by the responsibility matrix of the complaint's category (the "
        "department is consulted on such complaints), not by the lead."
    )
    outcome: str
    created_at: datetime
    finished_at: datetime | None
