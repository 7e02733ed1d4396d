"""The resolution panel's forms on the console's complaint page, the approvals page, and the
customer's comment on a proposal from their tracking page.

Each form posts here and comes back to the complaint page (htmx swaps just the panel, by
`hx-select`); a refusal is shown as a message naming what is wrong."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.models import CUSTOMER, Party, User
from complaintdesk.complaints.lifecycle import LifecycleError
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import access_complaint, complaint_for_tracking_token
from complaintdesk.intake.selectors import attachment_of
from complaintdesk.privacy.services import record_requests_read
from complaintdesk.resolution import compensation, plans, selectors, services
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
from complaintdesk.resolution.models import EntryKind


def _entry(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    attachment = None
    if data["attachment"]:
        attachment = attachment_of(complaint, data["attachment"], customer_visible_only=False)
    kind = data["kind"]
    if kind == EntryKind.NOTE:
        services.add_investigation_note(complaint=complaint, actor=user, text=data["text"])
    elif kind == EntryKind.EVIDENCE:
        services.add_evidence(
            complaint=complaint,
            actor=user,
            text=data["text"],
            record_reference=data["record_reference"],
            attachment=attachment,
        )
    else:
        services.record_customer_contact(
            complaint=complaint, actor=user, text=data["text"], channel=data["channel"]
        )


def _cause(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    services.record_root_cause(
        complaint=complaint,
        actor=user,
        category=data["category"],
        explanation=data["explanation"],
        five_whys=data["five_whys"].splitlines(),
    )


def _plan(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    plans.draft_plan(
        complaint=complaint,
        actor=user,
        objectives=data["objectives"],
        remedy_types=data["remedy_types"],
        needs_confirmation=data["needs_confirmation"],
        no_confirmation_reason=data["no_confirmation_reason"],
    )


def _step(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    plans.add_plan_step(
        complaint=complaint,
        plan=selectors.plan_of(complaint, data["plan"]),
        actor=user,
        step=plans.StepDraft(data["description"], data["due_at"]),
    )


def _step_status(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    step = selectors.step_of(complaint, data["plan"], data["step"])
    if data["status"] == "done":
        plans.complete_step(complaint=complaint, step=step, actor=user, note=data["text"])
    else:
        plans.cancel_step(complaint=complaint, step=step, actor=user, reason=data["text"])


def _propose(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    plans.propose_plan(
        complaint=complaint, plan=selectors.plan_of(complaint, data["plan"]), actor=user
    )


def _compensation(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    compensation.request_compensation(
        complaint=complaint,
        actor=user,
        amount=data["amount"],
        currency=data["currency"],
        kind=data["kind"],
        reason=data["reason"],
    )


def _decision(complaint: Complaint, user: User, data: dict) -> None:  # type: ignore[type-arg]
    request = selectors.request_of(complaint, data["request"])
    if data["decision"] == "approve":
        compensation.approve_compensation(request=request, actor=user, note=data["text"])
    elif data["decision"] == "decline":
        compensation.decline_compensation(request=request, actor=user, reason=data["text"])
    else:
        compensation.pay_compensation(request=request, actor=user, note=data["text"])


Write = Callable[[Complaint, User, dict], None]  # type: ignore[type-arg]
WRITES: dict[str, tuple[type[forms.Form], Write, str]] = {
    "entry": (EntryForm, _entry, "resolution-investigation"),
    "cause": (RootCauseForm, _cause, "resolution-cause"),
    "plan": (PlanForm, _plan, "resolution-plans"),
    "step": (StepForm, _step, "resolution-plans"),
    "step-status": (StepStatusForm, _step_status, "resolution-plans"),
    "propose": (ProposeForm, _propose, "resolution-plans"),
    "compensation": (CompensationForm, _compensation, "resolution-compensation"),
    "decision": (DecisionForm, _decision, "resolution-compensation"),
}


def _refusal_text(refusal: LifecycleError) -> str:
    errors = getattr(refusal, "errors", None)
    if errors:
        return "; ".join(f"{name}: {message}" for name, message in errors.items())
    return refusal.message


@login_required
@require_POST
def write(request: HttpRequest, reference: str, what: str) -> HttpResponse:
    user = staff_user(request)
    complaint = access_complaint(user, reference)
    if what not in WRITES:
        raise Http404("No such form")
    form_class, apply, anchor = WRITES[what]
    form = (
        EntryForm(request.POST, files=[(a.pk, a.filename) for a in complaint.attachments.all()])
        if form_class is EntryForm
        else form_class(request.POST)
    )
    back = reverse("console:complaint", args=[complaint.reference]) + f"#{anchor}"
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label if name in form.fields else ''}: "
                           f"{' '.join(str(error) for error in errors)}")  # fmt: skip
        return redirect(back)
    try:
        apply(complaint, user, form.cleaned_data)
    except LifecycleError as refusal:
        messages.error(request, _refusal_text(refusal))
    except ObjectDoesNotExist:
        raise Http404("Not on this complaint") from None
    else:
        messages.success(request, _("Saved."))
    return redirect(back)


@login_required
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """Compensation waiting for the signed-in person's approval, with what they need to
    decide: the claim, the evidence, the customer's compensation history."""
    user = staff_user(request)
    pending = selectors.pending_approvals(user)
    rows = [
        {
            "request": item,
            "evidence": list(selectors.evidence_of(item.complaint)),
            "customer_paid": selectors.paid_totals(
                item.complaint.customer.complaints.exclude(pk=item.complaint_id)
            ),
            "form": DecisionForm(initial={"request": item.pk}),
        }
        for item in pending
    ]
    # Seeing compensation is on the audit trail (privacy).
    record_requests_read(actor=user, requests=pending)
    return render(
        request,
        "resolution/approvals.html",
        {"rows": rows, "limits": list(selectors.limits_of(user))},
    )


@never_cache
@require_POST
def comment(request: HttpRequest, token: str) -> HttpResponse:
    """The customer comments on the proposal from their tracking page, in their language."""
    complaint = complaint_for_tracking_token(token)
    back = reverse("portal:track", args=[token]) + "#track-plan"
    plan = plans.proposed_plan(complaint)
    with translation.override(complaint.language or complaint.customer.language):
        form = CommentForm(request.POST)
        if plan is None or not form.is_valid():
            messages.error(request, _("Please write your comment on the proposal."))
            return redirect(back)
        try:
            plans.comment_on_plan(
                complaint=complaint,
                plan=plan,
                actor=Party(CUSTOMER, complaint.customer.name),
                text=form.cleaned_data["text"],
            )
        except LifecycleError:
            messages.error(
                request, _("This is no longer possible at this stage of your complaint.")
            )
        else:
            messages.success(request, _("Thank you. We have received your comment."))
    response = redirect(back)
    response["Referrer-Policy"] = "same-origin"
    return response
