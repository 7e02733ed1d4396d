"""Where a complaint merged into another lives on: its survivor.

Kept apart from selectors so that the places a customer reaches a complaint from (the tracking
link, an e-mail reply) can follow a merge without importing the rest of this app."""

from __future__ import annotations

from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.relations.models import ComplaintLink, LinkKind

# A merge refuses chains, so more than a couple of hops means a loop someone wrote by hand.
MAX_HOPS = 10


def survivor_of(complaint: Complaint) -> Complaint:
    """The complaint this one was merged into, following merges of merges; the complaint
    itself when it was not merged. Only a closed complaint can have been merged, so an open
    one costs no query (a merged complaint reopened by hand stands on its own again)."""
    current = complaint
    seen = {complaint.pk}
    for _hop in range(MAX_HOPS):
        if current.status != Status.CLOSED:
            return current
        link = (
            ComplaintLink.objects.filter(source=current, kind=LinkKind.MERGED_INTO)
            .select_related("target__customer")
            .first()
        )
        if link is None or link.target_id in seen:
            return current
        current = link.target
        seen.add(current.pk)
    return current
