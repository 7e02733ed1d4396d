"""The shapes of the follow-up endpoints."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from complaintdesk.complaints.schemas import Input
from complaintdesk.followup.services import TEXT_MAX


class SurveyOut(Schema):
    id: int
    state: str = Field(description="pending, answered, lapsed (not answered in time), withdrawn.")
    created_at: datetime
    expires_at: datetime
    score: int | None = Field(description="1 (very dissatisfied) to 5 (very satisfied).")
    solved: bool | None = Field(description="The customer's answer to “was your problem solved?”")
    comment: str
    answered_at: datetime | None
    result: str = Field(description="What followed: closed, reopened, nothing.")


class ProgressUpdateOut(Schema):
    id: int
    sent_at: datetime
    expected_at: datetime | None = Field(description="The date the customer was told to expect.")
    slipped_from: datetime | None = Field(
        description="The date told in the update before, when the new one is later."
    )


class FinalPositionIn(Input):
    position: str = Field(
        max_length=TEXT_MAX,
        description="The customer's position on the decision, in their words (taken down "
        "from a call or a letter).",
    )


class FinalPositionOut(Schema):
    id: int
    position: str
    resolved_at: datetime = Field(description="The decision it answers.")
    outcome: str
    recorded_at: datetime
    recorded_by_label: str


class ReplyTemplateOut(Schema):
    id: int
    title: str
    language: str
    category: int | None = Field(description="Category id; empty for every category.")
    text: str = Field(description="The template filled in for this complaint.")
