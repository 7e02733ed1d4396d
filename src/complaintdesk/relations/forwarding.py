"""Where a complaint merged into another lives on: its survivor.

Kept apart from selectors so that the places a customer reaches a complaint from (the tracking
link, an e-mail reply) can follow a merge without importing the rest of this app."""

from __future__ import annotations

from complaintdesk.complaints.models import Complaint, Customer, Status
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


def customer_survivor_of(complaint: Complaint) -> Complaint:
    """Where the complaint's customer is taken by its tracking link: its survivor, as far as the
    merges stay with the same person. After a merge confirmed across two customers, each keeps
    their own page: one customer never reads the other's correspondence."""
    survivor = survivor_of(complaint)
    if survivor.pk == complaint.pk or same_person(complaint.customer, survivor.customer):
        return survivor
    return complaint


def same_person(one: Customer, other: Customer) -> bool:
    """The same customer, or two records of one person (the same e-mail or phone)."""
    if one.pk == other.pk:
        return True
    if one.email and one.email.lower() == other.email.lower():
        return True
    return bool(one.phone) and one.phone == other.phone
