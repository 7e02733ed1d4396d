"""{% resolution_panel %} on the console's complaint page and {% customer_plan %} on the
tracking page: the resolution app's sections, drawn from its own selectors."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import ARCHIVED
from complaintdesk.privacy.services import record_compensation_read
from complaintdesk.resolution import selectors
from complaintdesk.resolution.compensation import covers
from complaintdesk.resolution.forms import (
    CommentForm,
    CompensationForm,
    DecisionForm,
    EntryForm,
    PlanForm,
    ProposeForm,
    RootCauseForm,
    StepForm,
    StepStatusForm,
)
from complaintdesk.resolution.models import PlanState, RequestState, StepStatus
from complaintdesk.resolution.plans import PLANNERS

register = template.Library()


@register.inclusion_tag("resolution/_panel.html", takes_context=True)
def resolution_panel(context: template.Context) -> dict[str, Any]:
    complaint: Complaint = context["complaint"]
    user: User = context["request"].user
    open_ = complaint.status not in ARCHIVED
    investigates = open_ and may(user, Can.WRITE_NOTES)
    plans_it = open_ and user.role in PLANNERS
    handles = open_ and may(user, Can.TAKE_ACTIONS)
    cause = selectors.root_cause_of(complaint)
    plan_rows = []
    for plan in selectors.plans_of(complaint):
        steps = []
        for step in plan.steps.all():
            may_work = plan.state == PlanState.ACCEPTED and step.status == StepStatus.OPEN
            steps.append(
                {
                    "step": step,
                    "form": StepStatusForm(initial={"plan": plan.pk, "step": step.pk})
                    if may_work and (plans_it or step.owner_id == user.pk)
                    else None,
                }
            )
        editable = plans_it and plan.state in (PlanState.DRAFT, PlanState.ACCEPTED)
        plan_rows.append(
            {
                "plan": plan,
                "steps": steps,
                "step_form": StepForm(initial={"plan": plan.pk}) if editable else None,
                "propose_form": ProposeForm(initial={"plan": plan.pk})
                if plans_it and plan.state == PlanState.DRAFT and steps
                else None,
            }
        )
    requests = []
    shown = list(selectors.requests_of(complaint))
    for item in shown:
        decides = (
            handles
            and item.state == RequestState.PENDING
            and item.requested_by_id != user.pk
            and covers(user, item.amount, item.currency)
        )
        pays = handles and item.state == RequestState.APPROVED
        requests.append(
            {
                "request": item,
                "form": DecisionForm(initial={"request": item.pk}) if decides or pays else None,
                "pays": pays,
            }
        )
    ledger = list(selectors.entries_of(complaint))
    # Seeing compensation is on the audit trail (privacy): who was shown which records.
    record_compensation_read(
        actor=user,
        complaint=complaint,
        requests=[item.pk for item in shown],
        entries=[entry.pk for entry in ledger],
    )
    files = [(a.pk, a.filename) for a in complaint.attachments.all()]
    return {
        "complaint": complaint,
        "csrf_token": context.get("csrf_token"),
        "entries": list(selectors.investigation_of(complaint)),
        "entry_form": EntryForm(files=files) if investigates else None,
        "cause": cause,
        "cause_form": RootCauseForm(
            initial={
                "category": cause.category_id,
                "explanation": cause.explanation,
                "five_whys": "\n".join(cause.five_whys),
            }
            if cause
            else None
        )
        if investigates
        else None,
        "history": selectors.customer_history(complaint, user),
        "plan_rows": plan_rows,
        "plan_form": PlanForm() if plans_it else None,
        "requests": requests,
        "ledger": ledger,
        "compensation_form": CompensationForm(initial={"currency": _currency(complaint)})
        if handles
        else None,
        "now": timezone.now(),
    }


def _currency(complaint: Complaint) -> str:
    return complaint.claimed_currency or settings.DEFAULT_CURRENCY


@register.inclusion_tag("resolution/_customer_plan.html", takes_context=True)
def customer_plan(context: template.Context) -> dict[str, Any]:
    complaint: Complaint = context["complaint"]
    plan = selectors.customer_plan(complaint)
    return {
        "plan": plan,
        "steps": list(plan.steps.exclude(status=StepStatus.CANCELLED)) if plan else [],
        "comment_form": CommentForm() if plan and plan.state == PlanState.PROPOSED else None,
        "page_token": context.get("page_token"),
        "csrf_token": context.get("csrf_token"),
    }
