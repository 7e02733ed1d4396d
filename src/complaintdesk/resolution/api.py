"""/api/v1/complaints/{reference}/investigation, /root-cause, /history, /plans and
/compensation; /api/v1/compensation/pending. Everything is fetched through the caller's scope
(404 outside it) and written through the resolution services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from complaintdesk.accounts.api import api_user
from complaintdesk.accounts.models import User
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.lifecycle import InvalidFields
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.schemas import RowId, answers
from complaintdesk.complaints.selectors import access_complaint, assessment_values
from complaintdesk.intake.selectors import attachment_of
from complaintdesk.privacy.services import record_compensation_read, record_requests_read
from complaintdesk.resolution import compensation, plans, selectors, services
from complaintdesk.resolution.models import (
    CompensationEntry,
    CompensationRequest,
    EntryKind,
    InvestigationEntry,
    PlanStep,
    RemedyPlan,
    RootCause,
)
from complaintdesk.resolution.schemas import (
    AnswerIn,
    CompensationIn,
    CompensationOut,
    EntryIn,
    EntryOut,
    HistoryOut,
    LedgerOut,
    PendingOut,
    PlanIn,
    PlanOut,
    ProposeIn,
    RequestOut,
    RootCauseIn,
    RootCauseOut,
    StepIn,
    StepOut,
    TextIn,
)

router = Router(tags=["resolution"])
approvals_router = Router(tags=["resolution"])


def _one[T](fetch: Callable[..., T], *args: Any, what: str) -> T:
    try:
        return fetch(*args)
    except ObjectDoesNotExist:
        raise Http404(what) from None


def _owner(user_id: int | None) -> User | None:
    return assessment_values({"owner": user_id}).get("owner") if user_id else None


@router.get(
    "/{reference}/investigation",
    response=answers({200: list[EntryOut]}, 404),
    summary="The investigation record",
    operation_id="list_investigation",
)
def investigation(request: HttpRequest, reference: str) -> list[InvestigationEntry]:
    return list(selectors.investigation_of(access_complaint(api_user(request), reference)))


@router.post(
    "/{reference}/investigation",
    response=answers({201: EntryOut}, 403, 404, 409, 422),
    summary="Add a note, evidence or a contact with the customer",
    operation_id="add_investigation_entry",
)
def add_entry(request: HttpRequest, reference: str, payload: EntryIn) -> Status[InvestigationEntry]:
    """`kind: note`; `kind: evidence` with an optional `record_reference` (an order or service
    record) and `attachment` (a file of the complaint); `kind: contact` with its `channel`."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    if payload.kind == EntryKind.NOTE:
        entry = services.add_investigation_note(complaint=complaint, actor=actor, text=payload.text)
    elif payload.kind == EntryKind.EVIDENCE:
        attachment = None
        if payload.attachment is not None:
            try:
                attachment = attachment_of(
                    complaint, payload.attachment, customer_visible_only=False
                )
            except Http404:
                raise InvalidFields({"attachment": _("is not a file of this complaint")}) from None
        entry = services.add_evidence(
            complaint=complaint,
            actor=actor,
            text=payload.text,
            record_reference=payload.record_reference,
            attachment=attachment,
        )
    else:
        entry = services.record_customer_contact(
            complaint=complaint, actor=actor, text=payload.text, channel=payload.channel or ""
        )
    return Status(201, entry)


@router.get(
    "/{reference}/root-cause",
    response=answers({200: RootCauseOut}, 404),
    summary="The root cause",
    operation_id="read_root_cause",
)
def read_root_cause(request: HttpRequest, reference: str) -> RootCause:
    cause = selectors.root_cause_of(access_complaint(api_user(request), reference))
    if cause is None:
        raise Http404(_("No root cause recorded yet"))
    return cause


@router.put(
    "/{reference}/root-cause",
    response=answers({200: RootCauseOut}, 403, 404, 409, 422),
    summary="Record the root cause",
    operation_id="record_root_cause",
)
def put_root_cause(request: HttpRequest, reference: str, payload: RootCauseIn) -> RootCause:
    """A category of the taxonomy (its `code`), an explanation and an optional 5-whys chain.
    Required before resolving an upheld or partially upheld complaint."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    category = selectors.category_by_code(payload.category)
    if category is None:
        codes = ", ".join(c.code for c in selectors.root_cause_categories())
        raise InvalidFields({"category": _("must be one of: %s") % codes})
    return services.record_root_cause(
        complaint=complaint,
        actor=actor,
        category=category,
        explanation=payload.explanation,
        five_whys=payload.five_whys,
    )


@router.get(
    "/{reference}/history",
    response=answers({200: HistoryOut}, 404),
    summary="The customer's history",
    operation_id="customer_history",
)
def history(request: HttpRequest, reference: str) -> dict[str, Any]:
    """The customer's other complaints, with flags that ask for a careful look (never a
    verdict)."""
    actor = api_user(request)
    found = selectors.customer_history(access_complaint(actor, reference), actor)
    return {
        "earlier": [
            {
                "reference": row.complaint.reference,
                "subject": row.complaint.subject,
                "received_at": row.complaint.received_at,
                "status": row.complaint.status,
                "category": row.complaint.category.code if row.complaint.category else "",
                "outcome": row.complaint.outcome,
                "remedies": [str(label) for label in row.remedies],
                "paid": row.paid,
                "satisfaction": row.satisfaction,
            }
            for row in found.earlier
        ],
        "paid": found.paid,
        "repeat_in_category": [c.reference for c in found.repeat_in_category],
        "not_upheld": found.not_upheld,
        "look_carefully": found.look_carefully,
    }


@router.get(
    "/{reference}/plans",
    response=answers({200: list[PlanOut]}, 404),
    summary="Remedy plans",
    operation_id="list_plans",
)
def list_plans(request: HttpRequest, reference: str) -> list[RemedyPlan]:
    return selectors.plans_of(access_complaint(api_user(request), reference))


def _plan(complaint: Complaint, plan_id: int) -> RemedyPlan:
    return _one(selectors.plan_of, complaint, plan_id, what=_("No such plan on this complaint"))


def _step(complaint: Complaint, plan_id: int, step_id: int) -> PlanStep:
    return _one(selectors.step_of, complaint, plan_id, step_id, what=_("No such step on this plan"))


@router.post(
    "/{reference}/plans",
    response=answers({201: PlanOut}, 403, 404, 409, 422),
    summary="Draft a remedy plan",
    operation_id="draft_plan",
)
def draft(request: HttpRequest, reference: str, payload: PlanIn) -> Status[RemedyPlan]:
    """Objectives, the kinds of remedy and the steps (each with a due date and an owner). Not
    shown to the customer until it is proposed. `needs_confirmation: false` needs a
    `no_confirmation_reason`; such a plan goes straight to `in_remedy` when proposed."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    plan = plans.draft_plan(
        complaint=complaint,
        actor=actor,
        objectives=payload.objectives,
        remedy_types=[str(kind) for kind in payload.remedy_types],
        steps=[
            plans.StepDraft(step.description, step.due_at, _owner(step.owner))
            for step in payload.steps
        ],
        needs_confirmation=payload.needs_confirmation,
        no_confirmation_reason=payload.no_confirmation_reason,
    )
    return Status(201, selectors.plan_of(complaint, plan.pk))


@router.post(
    "/{reference}/plans/{plan_id}/steps",
    response=answers({201: StepOut}, 403, 404, 409, 422),
    summary="Add a step to a plan",
    operation_id="add_plan_step",
)
def add_step(
    request: HttpRequest, reference: str, plan_id: RowId, payload: StepIn
) -> Status[PlanStep]:
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    step = plans.add_plan_step(
        complaint=complaint,
        plan=_plan(complaint, plan_id),
        actor=actor,
        step=plans.StepDraft(payload.description, payload.due_at, _owner(payload.owner)),
    )
    return Status(201, step)


@router.post(
    "/{reference}/plans/{plan_id}/propose",
    response=answers({200: PlanOut}, 403, 404, 409, 422),
    summary="Propose a plan to the customer",
    operation_id="propose_plan",
)
def propose(request: HttpRequest, reference: str, plan_id: RowId, payload: ProposeIn) -> RemedyPlan:
    """Takes the `propose_remedy` action: the customer is sent the plan in their language."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    return plans.propose_plan(
        complaint=complaint,
        plan=_plan(complaint, plan_id),
        actor=actor,
        expected_version=payload.version,
    )


@router.post(
    "/{reference}/plans/{plan_id}/answer",
    response=answers({200: PlanOut}, 403, 404, 409, 422),
    summary="Record the customer's answer to a plan",
    operation_id="record_plan_answer",
)
def answer(request: HttpRequest, reference: str, plan_id: RowId, payload: AnswerIn) -> RemedyPlan:
    """The customer's answer taken down by staff: `accept` (the `accept_remedy` action),
    `reject` with their words in `text` (`reject_remedy`: back to investigation), or
    `comment`."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    plan = _plan(complaint, plan_id)
    if payload.answer == "comment":
        return plans.comment_on_plan(complaint=complaint, plan=plan, actor=actor, text=payload.text)
    if plan.state != "proposed":
        raise lifecycle.ActionNotAllowed(_("the plan is no longer waiting for an answer"))
    action = "accept_remedy" if payload.answer == "accept" else "reject_remedy"
    lifecycle.perform(
        complaint, action, actor=actor, expected_version=payload.version, note=payload.text
    )
    return selectors.plan_of(complaint, plan.pk)


@router.post(
    "/{reference}/plans/{plan_id}/steps/{step_id}/done",
    response=answers({200: StepOut}, 403, 404, 409, 422),
    summary="Mark a step done",
    operation_id="complete_plan_step",
)
def step_done(
    request: HttpRequest, reference: str, plan_id: RowId, step_id: RowId, payload: TextIn
) -> PlanStep:
    """The customer is told of the progress, in their language."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    step = _step(complaint, plan_id, step_id)
    return plans.complete_step(complaint=complaint, step=step, actor=actor, note=payload.text)


@router.post(
    "/{reference}/plans/{plan_id}/steps/{step_id}/cancel",
    response=answers({200: StepOut}, 403, 404, 409, 422),
    summary="Cancel a step",
    operation_id="cancel_plan_step",
)
def step_cancel(
    request: HttpRequest, reference: str, plan_id: RowId, step_id: RowId, payload: TextIn
) -> PlanStep:
    """A step that will not be done, with the reason in `text`."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    step = _step(complaint, plan_id, step_id)
    return plans.cancel_step(complaint=complaint, step=step, actor=actor, reason=payload.text)


@router.get(
    "/{reference}/compensation",
    response=answers({200: CompensationOut}, 404),
    summary="Compensation requested and paid",
    operation_id="list_compensation",
)
def list_compensation(request: HttpRequest, reference: str) -> dict[str, Any]:
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    requests = list(selectors.requests_of(complaint))
    ledger = list(selectors.entries_of(complaint))
    # Reading compensation is on the audit trail (privacy).
    record_compensation_read(
        actor=actor,
        complaint=complaint,
        requests=[item.pk for item in requests],
        entries=[entry.pk for entry in ledger],
    )
    return {
        "requests": requests,
        "ledger": ledger,
        "paid": selectors.paid_totals([complaint]),
        "customer_paid": selectors.customer_history(complaint, actor).paid,
    }


def _request(complaint: Complaint, request_id: int) -> CompensationRequest:
    return _one(selectors.request_of, complaint, request_id, what=_("No such request"))


@router.post(
    "/{reference}/compensation",
    response=answers({201: RequestOut}, 403, 404, 409, 422),
    summary="Request compensation",
    operation_id="request_compensation",
)
def request_compensation(
    request: HttpRequest, reference: str, payload: CompensationIn
) -> Status[CompensationRequest]:
    """Approved at once within your role's limit (a claim above the investigation threshold
    also needs the investigation recorded); otherwise `pending` for an approver."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    created = compensation.request_compensation(
        complaint=complaint,
        actor=actor,
        amount=payload.amount,
        currency=payload.currency,
        kind=str(payload.kind),
        reason=payload.reason,
    )
    return Status(201, created)


@router.post(
    "/{reference}/compensation/{request_id}/approve",
    response=answers({200: RequestOut}, 403, 404, 409, 422),
    summary="Approve a compensation request",
    operation_id="approve_compensation",
)
def approve(
    request: HttpRequest, reference: str, request_id: RowId, payload: TextIn
) -> CompensationRequest:
    """Not your own request, within your limit, and for a large claim only after the
    investigation is recorded."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    return compensation.approve_compensation(
        request=_request(complaint, request_id), actor=actor, note=payload.text
    )


@router.post(
    "/{reference}/compensation/{request_id}/decline",
    response=answers({200: RequestOut}, 403, 404, 409, 422),
    summary="Decline a compensation request",
    operation_id="decline_compensation",
)
def decline(
    request: HttpRequest, reference: str, request_id: RowId, payload: TextIn
) -> CompensationRequest:
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    return compensation.decline_compensation(
        request=_request(complaint, request_id), actor=actor, reason=payload.text
    )


@router.post(
    "/{reference}/compensation/{request_id}/pay",
    response=answers({201: LedgerOut}, 403, 404, 409, 422),
    summary="Record the payment of approved compensation",
    operation_id="pay_compensation",
)
def pay(
    request: HttpRequest, reference: str, request_id: RowId, payload: TextIn
) -> Status[CompensationEntry]:
    """Writes a ledger entry that can never be changed; correct it with /reverse."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    entry = compensation.pay_compensation(
        request=_request(complaint, request_id), actor=actor, note=payload.text
    )
    return Status(201, entry)


@router.post(
    "/{reference}/compensation/ledger/{entry_id}/reverse",
    response=answers({201: LedgerOut}, 403, 404, 409, 422),
    summary="Reverse a payment",
    operation_id="reverse_compensation",
)
def reverse(
    request: HttpRequest, reference: str, entry_id: RowId, payload: TextIn
) -> Status[CompensationEntry]:
    """A new entry for the opposite amount, with the reason in `text`."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    entry = _one(selectors.entry_of, complaint, entry_id, what=_("No such ledger entry"))
    return Status(
        201, compensation.reverse_compensation(entry=entry, actor=actor, reason=payload.text)
    )


@approvals_router.get(
    "/pending",
    response=answers({200: list[PendingOut]}),
    summary="Compensation waiting for your approval",
    operation_id="list_pending_compensation",
)
def pending(request: HttpRequest) -> list[CompensationRequest]:
    """Requests you may decide (in your scope, within your limit, not your own), each with the
    claim, the evidence and the customer's compensation already paid."""
    actor = api_user(request)
    pending = selectors.pending_approvals(actor)
    record_requests_read(actor=actor, requests=pending)
    return pending
