"""/api/v1/complaints/{reference}/links, /duplicates, /merge and /split: related complaints
seen from both ends, linking and unlinking them, possible duplicates, and merging or splitting
complaints."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from complaintdesk.accounts.api import api_user
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.schemas import ComplaintDetail, answers
from complaintdesk.complaints.selectors import access_complaint
from complaintdesk.relations import services
from complaintdesk.relations.schemas import (
    LinkIn,
    LinkOut,
    MergeIn,
    SplitIn,
    SuggestionOut,
    UnlinkIn,
)
from complaintdesk.relations.selectors import (
    link_of,
    links_of,
    merge_target,
    named_complaint,
    possible_duplicates,
)

router = Router(tags=["relations"])


@router.get(
    "/{reference}/links",
    response=answers({200: list[LinkOut]}, 404),
    summary="Related complaints",
    operation_id="list_links",
)
def links(request: HttpRequest, reference: str) -> list[LinkOut]:
    """The complaint's links from both ends: related, duplicate, split from or into, merged
    into or from."""
    actor = api_user(request)
    return [LinkOut.of(row) for row in links_of(actor, access_complaint(actor, reference))]


@router.get(
    "/{reference}/duplicates",
    response=answers({200: list[SuggestionOut]}, 404),
    summary="Possible duplicates",
    operation_id="list_possible_duplicates",
)
def duplicates(request: HttpRequest, reference: str) -> list[SuggestionOut]:
    """Complaints of the same customer (or e-mail or phone), received within
    DUPLICATE_WINDOW_DAYS, whose texts are alike; most alike first."""
    actor = api_user(request)
    found = possible_duplicates(actor, access_complaint(actor, reference))
    return [SuggestionOut.of(suggestion) for suggestion in found]


@router.post(
    "/{reference}/links",
    response=answers({201: list[LinkOut]}, 403, 404, 422),
    summary="Link a related complaint",
    operation_id="link_complaint",
)
def link(request: HttpRequest, reference: str, payload: LinkIn) -> Status[list[LinkOut]]:
    """Link another complaint as related, or as one this complaint duplicates (without merging
    them). Answers the complaint's links as they now are."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    other = named_complaint(actor, payload.reference, "reference")
    services.link_complaints(
        complaint=complaint, other=other, actor=actor, kind=payload.kind, note=payload.note
    )
    return Status(201, [LinkOut.of(row) for row in links_of(actor, complaint)])


@router.post(
    "/{reference}/links/{link_id}/unlink",
    response=answers({200: list[LinkOut]}, 403, 404, 409, 422),
    summary="Remove a link",
    operation_id="unlink_complaint",
)
def unlink(request: HttpRequest, reference: str, link_id: int, payload: UnlinkIn) -> list[LinkOut]:
    """Remove a related or duplicate link (its `id` in the list of links), from either of its
    complaints; both record it. The link of a merge or a split stays (409). Answers the
    complaint's links as they now are."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    services.unlink_complaints(
        complaint=complaint,
        link=link_of(actor, complaint, link_id),
        actor=actor,
        note=payload.note,
    )
    return [LinkOut.of(row) for row in links_of(actor, complaint)]


@router.post(
    "/{reference}/merge",
    response=answers({200: ComplaintDetail}, 403, 404, 409, 422),
    summary="Merge into another complaint",
    operation_id="merge_complaint",
)
def merge(request: HttpRequest, reference: str, payload: MergeIn) -> Complaint:
    """This complaint is the same matter as `into`: it is closed as merged and `into` goes on,
    showing both histories; later replies to this one reach `into`; the customer is told once.
    Answers the surviving complaint."""
    actor = api_user(request)
    duplicate = access_complaint(actor, reference)
    return services.merge_complaints(
        duplicate=duplicate,
        into=merge_target(actor, payload.into),
        actor=actor,
        reason=payload.reason,
        confirm_other_customer=payload.confirm_other_customer,
        expected_version=payload.version,
    )


@router.post(
    "/{reference}/split",
    response=answers({201: ComplaintDetail}, 403, 404, 409, 422),
    summary="Split a second matter off",
    operation_id="split_complaint",
)
def split(request: HttpRequest, reference: str, payload: SplitIn) -> Status[Complaint]:
    """A second matter raised in this complaint becomes a new complaint of the same customer,
    acknowledged with its own reference and linked as split from this one."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    new = services.split_complaint(
        complaint=complaint, actor=actor, text=payload.text, subject=payload.subject
    )
    return Status(201, new)
