"""The follow-up's parts of other apps' pages: the ways to appeal in the decision e-mail, the
survey and the customer's position on the tracking page, the survey answers and the reply
templates on the console's complaint page."""

from __future__ import annotations

from typing import Any

from django import template

from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.forms import FinalPositionForm, TemplatePickerForm
from complaintdesk.followup.models import AppealOption
from complaintdesk.followup.selectors import (
    appeal_options,
    current_final_position,
    may_dispute,
    pending_survey,
    reply_templates_for,
    survey_token,
    surveys_of,
)

register = template.Library()


@register.simple_tag
def appeal_options_for(complaint: Complaint) -> list[AppealOption]:
    return appeal_options(complaint)


@register.inclusion_tag("followup/_customer.html")
def followup_for_customer(complaint: Complaint, page_token: str) -> dict[str, Any]:
    """On the tracking page: the survey waiting for an answer, the ways to appeal the decision,
    and the customer's position on it (a form while none is recorded)."""
    survey = pending_survey(complaint)
    position = current_final_position(complaint)
    return {
        "complaint": complaint,
        "page_token": page_token,
        "survey": survey,
        "survey_token": survey_token(survey) if survey else "",
        "options": appeal_options(complaint) if complaint.outcome else [],
        "position": position,
        "position_form": FinalPositionForm()
        if may_dispute(complaint) and position is None
        else None,
    }


@register.inclusion_tag("followup/_staff.html")
def followup_for_staff(complaint: Complaint) -> dict[str, Any]:
    return {
        "surveys": list(surveys_of(complaint)[:5]),
        "positions": list(complaint.final_positions.order_by("-recorded_at")[:5]),
    }


@register.inclusion_tag("followup/_template_picker.html")
def reply_template_picker(complaint: Complaint) -> dict[str, Any]:
    templates = list(reply_templates_for(complaint))
    return {
        "complaint": complaint,
        "form": TemplatePickerForm(templates) if templates else None,
    }
