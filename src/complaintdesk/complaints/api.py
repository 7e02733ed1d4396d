"""/api/v1/complaints: file, list, read, change and move complaints through their lifecycle.

Every endpoint fetches through the caller's scope (404 outside it), writes only through the
services and lifecycle.perform(), and leaves the HTTP answer to a refusal to complaintdesk.api."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from complaintdesk.accounts.api import api_user
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.complaints import lifecycle, services
from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.complaints.schemas import (
    ComplaintChangeIn,
    ComplaintDetail,
    ComplaintIn,
    ComplaintListQuery,
    ComplaintPage,
    EventOut,
    FiledComplaint,
    MessageIn,
    MessageOut,
    TransitionIn,
    answers,
)
from complaintdesk.complaints.selectors import (
    ComplaintSearch,
    access_complaint,
    assessment_values,
    audit_trail,
    complaint_messages,
    count_found,
    found_page,
    search_complaints,
)
from complaintdesk.intake.idempotency import idempotent
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint

router = Router(tags=["complaints"])


@router.post(
    "",
    response=answers({201: FiledComplaint}, 403, 422),
    summary="File a complaint",
    operation_id="file_complaint",
)
@idempotent(FiledComplaint)
def file(request: HttpRequest, payload: ComplaintIn) -> Status[Complaint]:
    """Record a complaint on a customer's behalf and acknowledge it (the acknowledgement e-mail
    is queued at once). Answers with the stored complaint and the customer's tracking link.
    With an `Idempotency-Key` header, a retry gets the first answer back and files nothing."""
    actor = api_user(request)
    # Filing is front-line work; quality, audit and administration only read.
    if not may(actor, Can.FILE_COMPLAINTS):
        raise lifecycle.RoleNotAllowed(
            _("a %(role)s may not file complaints") % {"role": actor.role}
        )
    customer = payload.customer
    complaint = file_complaint(
        channel=payload.channel,
        customer=CustomerDetails(
            name=customer.name,
            email=customer.email,
            phone=customer.phone,
            language=customer.language or payload.language,
        ),
        complaint=ComplaintDetails(
            subject=payload.derived_subject(),
            description=payload.description,
            language=payload.language or customer.language,
            occurred_at=payload.occurred_at,
            location=payload.location,
            product_reference=payload.product_reference,
            remedy_sought=tuple(payload.remedy_sought),
            claimed_amount=payload.claimed_amount,
            claimed_currency=payload.claimed_currency,
        ),
        actor=actor,
    )
    return Status(201, complaint)


@router.get(
    "",
    response=answers({200: ComplaintPage}, 422),
    summary="List complaints",
    operation_id="list_complaints",
)
def list_complaints(request: HttpRequest, filters: Query[ComplaintListQuery]) -> dict[str, object]:
    """The complaints in the caller's scope, filtered, sorted and one page at a time."""
    search = ComplaintSearch(
        statuses=tuple(filters.status),
        category=filters.category,
        department=filters.department,
        owner=filters.owner,
        priority=filters.priority or "",
        channel=filters.channel or "",
        abnormal=filters.abnormal,
        received_from=filters.received_from,
        received_to=filters.received_to,
        text=filters.q,
        sort=filters.sort,
    )
    complaints = search_complaints(api_user(request), search)
    offset = (filters.page - 1) * filters.page_size
    end = offset + filters.page_size
    # A text search counts up to 1,000 or the end of this page, and says when there are more.
    total = count_found(complaints, search, through=end)
    # A page past the end is empty; it is not asked of the database, whose offsets are bounded.
    items = found_page(complaints, search, offset, end) if offset < total.count else []
    return {
        "items": items,
        "total": total.count,
        "total_capped": total.capped,
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.get(
    "/{reference}",
    response=answers({200: ComplaintDetail}, 404),
    summary="Read a complaint",
    operation_id="read_complaint",
)
def read(request: HttpRequest, reference: str) -> Complaint:
    """One complaint with what the caller may do next (`allowed_actions`)."""
    return access_complaint(api_user(request), reference)


@router.patch(
    "/{reference}",
    response=answers({200: ComplaintDetail}, 403, 404, 409, 422),
    summary="Change the assessment",
    operation_id="change_complaint",
)
def change(request: HttpRequest, reference: str, payload: ComplaintChangeIn) -> Complaint:
    """Change assessment fields, the department or the owner, without changing the status.
    Send the `version` you read; a `note` says why."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    return services.update_complaint(
        complaint=complaint,
        actor=actor,
        expected_version=payload.version,
        fields=assessment_values(payload.given("version", "note")),
        note=payload.note,
    )


@router.post(
    "/{reference}/transitions",
    response=answers({200: ComplaintDetail}, 403, 404, 409, 422),
    summary="Take a lifecycle action",
    operation_id="take_action",
)
def transition(request: HttpRequest, reference: str, payload: TransitionIn) -> Complaint:
    """Take one action of the lifecycle with the fields it needs, e.g. `resolve` with
    `resolution_summary` and `outcome`. Refused with 409 and `allowed_actions` when the
    complaint's state does not allow it or a needed field is missing."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    return lifecycle.perform(
        complaint,
        payload.action,
        actor=actor,
        expected_version=payload.version,
        note=payload.note,
        **assessment_values(payload.given("action", "version", "note")),
    )


@router.get(
    "/{reference}/events",
    response=answers({200: list[EventOut]}, 404),
    summary="The audit trail",
    operation_id="list_events",
)
def events(request: HttpRequest, reference: str) -> list[object]:
    return list(audit_trail(access_complaint(api_user(request), reference)))


@router.get(
    "/{reference}/messages",
    response=answers({200: list[MessageOut]}, 404),
    summary="Messages and notes",
    operation_id="list_messages",
)
def messages(request: HttpRequest, reference: str) -> list[Message]:
    # Every API caller is staff, so internal notes are included.
    complaint = access_complaint(api_user(request), reference)
    return list(complaint_messages(complaint, include_internal=True))


@router.post(
    "/{reference}/messages",
    response=answers({201: MessageOut}, 403, 404, 409, 422),
    summary="Reply or add a note",
    operation_id="write_message",
)
def write(request: HttpRequest, reference: str, payload: MessageIn) -> Status[Message]:
    """`kind: reply` writes to the customer (e-mailed where we have an address); `kind: note`
    is for staff only and never shown to the customer."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    if payload.kind == "note":
        message = services.add_internal_note(complaint=complaint, actor=actor, body=payload.body)
    else:
        message = services.reply_to_customer(complaint=complaint, actor=actor, body=payload.body)
    return Status(201, message)
