"""/api/v1/complaints/{reference}/surveys, /progress-updates, /final-positions and
/reply-templates: the follow-up of a complaint, read through the caller's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from complaintdesk.accounts.api import api_user
from complaintdesk.complaints.schemas import answers
from complaintdesk.complaints.selectors import access_complaint
from complaintdesk.followup import services
from complaintdesk.followup.models import FinalPosition, ProgressUpdate, Survey
from complaintdesk.followup.schemas import (
    FinalPositionIn,
    FinalPositionOut,
    ProgressUpdateOut,
    ReplyTemplateOut,
    SurveyOut,
)
from complaintdesk.followup.selectors import (
    final_positions_of,
    placeholder_values,
    progress_updates_of,
    reply_templates_for,
    surveys_of,
)

router = Router(tags=["follow-up"])


@router.get(
    "/{reference}/surveys",
    response=answers({200: list[SurveyOut]}, 404),
    summary="Satisfaction surveys",
    operation_id="list_surveys",
)
def surveys(request: HttpRequest, reference: str) -> list[Survey]:
    """The surveys sent after each decision, newest first, with the customer's answers."""
    return list(surveys_of(access_complaint(api_user(request), reference)))


@router.get(
    "/{reference}/progress-updates",
    response=answers({200: list[ProgressUpdateOut]}, 404),
    summary="Progress updates sent",
    operation_id="list_progress_updates",
)
def progress_updates(request: HttpRequest, reference: str) -> list[ProgressUpdate]:
    return list(progress_updates_of(access_complaint(api_user(request), reference)))


@router.get(
    "/{reference}/final-positions",
    response=answers({200: list[FinalPositionOut]}, 404),
    summary="The customer's positions on decisions",
    operation_id="list_final_positions",
)
def final_positions(request: HttpRequest, reference: str) -> list[FinalPosition]:
    return list(final_positions_of(access_complaint(api_user(request), reference)))


@router.post(
    "/{reference}/final-positions",
    response=answers({201: FinalPositionOut}, 403, 404, 409, 422),
    summary="Record that the customer does not accept the decision",
    operation_id="record_final_position",
)
def record_final_position(
    request: HttpRequest, reference: str, payload: FinalPositionIn
) -> Status[FinalPosition]:
    """While a decision stands (resolved or in follow-up): the customer's position in their
    words, taken down from a call or a letter. Once per decision; 409 otherwise."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    final = services.record_final_position(
        complaint=complaint, position=payload.position, actor=actor
    )
    return Status(201, final)


@router.get(
    "/{reference}/reply-templates",
    response=answers({200: list[ReplyTemplateOut]}, 404),
    summary="Reply templates for a complaint",
    operation_id="list_reply_templates",
)
def reply_templates(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    """The templates in the complaint's language for its category, filled in for it."""
    complaint = access_complaint(api_user(request), reference)
    values = placeholder_values(complaint)
    return [
        {
            "id": template.pk,
            "title": template.title,
            "language": template.language,
            "category": template.category_id,
            "text": template.fill(values),
        }
        for template in reply_templates_for(complaint)
    ]
