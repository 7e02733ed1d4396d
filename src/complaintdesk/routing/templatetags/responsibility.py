"""Routing's part of the console's complaint page: the responsibility matrix of the
complaint's category (who is responsible, consulted and informed), in one query."""

from __future__ import annotations

from typing import Any

from django import template

from complaintdesk.complaints.models import Complaint
from complaintdesk.routing.matrix import matrix_for

register = template.Library()


@register.inclusion_tag("routing/_responsibility_card.html")
def responsibility_card(complaint: Complaint) -> dict[str, Any]:
    return {"complaint": complaint, "matrix": matrix_for(complaint.category)}
