"""Reads of related complaints: the links of one complaint seen from both ends, the histories
of the complaints merged into it, the complaint a merge goes into, and possible duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.complaints.lifecycle import InvalidFields
from complaintdesk.complaints.models import Complaint, Customer, Status
from complaintdesk.complaints.selectors import (
    MAX_ID,
    access_complaint,
    scoped_complaints,
    timeline,
)
from complaintdesk.relations.forwarding import same_person, survivor_of
from complaintdesk.relations.models import (
    INCOMING_LABELS,
    MANUAL_KINDS,
    OUTGOING_LABELS,
    ComplaintLink,
    LinkKind,
)
from complaintdesk.relations.similarity import similarities, text_of

# At most this many of the customer's other complaints are compared, the most recent first:
# a customer with thousands of complaints costs no more than one with fifty.
CANDIDATES_MAX = 50
SUGGESTIONS_MAX = 5
# A merge chain deeper than this is cut short on the page (merges refuse chains anyway).
MERGED_HISTORIES_MAX = 20


@dataclass(frozen=True)
class LinkRow:
    link: ComplaintLink
    other: Complaint
    # "outgoing": this complaint is the link's source ("merged into CD-B"); else "incoming".
    direction: str

    @property
    def label(self) -> str | Promise:
        labels = OUTGOING_LABELS if self.direction == "outgoing" else INCOMING_LABELS
        return labels[LinkKind(self.link.kind)]

    @property
    def manual(self) -> bool:
        """Made by a person (related, duplicate), so a person may remove it; a merge or a
        split stays on record."""
        return self.link.kind in MANUAL_KINDS


@dataclass(frozen=True)
class MergedHistory:
    complaint: Complaint
    # (kind, item) in time order: ("message", Message) or ("event", Event), as timeline().
    items: list[tuple[str, object]]


@dataclass(frozen=True)
class Suggestion:
    complaint: Complaint
    # Cosine similarity of the texts, 0 to 1.
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def links_of(user: User, complaint: Complaint) -> list[LinkRow]:
    """The complaint's links from both ends, oldest first. A linked complaint outside the
    user's scope is left out (its existence does not leak), except one merged into this
    complaint: its history is now part of this one."""
    links = (
        ComplaintLink.objects.filter(Q(source=complaint) | Q(target=complaint))
        .select_related("source", "target", "created_by")
        .order_by("created_at", "id")
    )
    rows = [
        LinkRow(link, link.target, "outgoing")
        if link.source_id == complaint.pk
        else LinkRow(link, link.source, "incoming")
        for link in links
    ]
    visible = set(
        scoped_complaints(user)
        .filter(pk__in=[row.other.pk for row in rows])
        .values_list("pk", flat=True)
    )
    return [
        row
        for row in rows
        if row.other.pk in visible
        or (row.direction == "incoming" and row.link.kind == LinkKind.MERGED_INTO)
    ]


def link_of(user: User, complaint: Complaint, link_id: int) -> ComplaintLink:
    """One link of the complaint, from either end, as `links_of` shows it to the user; Http404
    for a link of another complaint, or one whose other end the user cannot see."""
    if 0 < link_id <= MAX_ID:
        for row in links_of(user, complaint):
            if row.link.pk == link_id:
                return row.link
    raise Http404(
        _("%(reference)s has no link %(link)s")
        % {"reference": complaint.reference, "link": link_id}
    )


def merged_into_this(complaint: Complaint) -> list[Complaint]:
    """The complaints merged into this one, also those merged into them before, oldest merge
    first."""
    found: list[Complaint] = []
    level = [complaint.pk]
    while level and len(found) < MERGED_HISTORIES_MAX:
        merged = list(
            Complaint.objects.filter(
                outgoing_links__kind=LinkKind.MERGED_INTO, outgoing_links__target_id__in=level
            )
            .select_related("customer")
            .order_by("closed_at", "id")[: MERGED_HISTORIES_MAX - len(found)]
        )
        found += merged
        level = [c.pk for c in merged]
    return found


def merged_histories(complaint: Complaint) -> list[MergedHistory]:
    """What happened on each complaint merged into this one, internal notes included (staff
    read it on the surviving complaint's page)."""
    return [
        MergedHistory(merged, timeline(merged, include_internal=True))
        for merged in merged_into_this(complaint)
    ]


def merged_for_customer(complaint: Complaint) -> list[Complaint]:
    """The complaints merged into this one whose messages its customer reads on their tracking
    page, oldest merge first: those of the same person. A merge confirmed across two customers
    keeps each customer's correspondence from the other."""
    return [
        merged
        for merged in merged_into_this(complaint)
        if same_person(merged.customer, complaint.customer)
    ]


def named_complaint(user: User, reference: str, field: str) -> Complaint:
    """The complaint a request names in one of its fields (not in its path): outside the
    user's scope it is bad input naming that field, as if it did not exist."""
    try:
        return access_complaint(user, reference.strip())
    except Http404:
        raise InvalidFields({field: _("no complaint you can see has this reference")}) from None


def merge_target(user: User, reference: str, field: str = "into") -> Complaint:
    """The complaint a merge into `reference` goes into: that one, or where it was itself
    merged to (a merge never starts a chain)."""
    named = named_complaint(user, reference, field)
    survivor = survivor_of(named)
    if survivor.pk != named.pk:
        survivor = named_complaint(user, survivor.reference, field)
    return survivor


def _customers_like(customer: Customer) -> Q:
    people = Q(pk=customer.pk)
    if customer.email:
        people |= Q(email__iexact=customer.email)
    if customer.phone:
        people |= Q(phone=customer.phone)
    return Q(customer_id__in=Customer.objects.filter(people).values("pk"))


def possible_duplicates(user: User, complaint: Complaint) -> list[Suggestion]:
    """Complaints of the same customer (or the same e-mail or phone) received within
    DUPLICATE_WINDOW_DAYS of this one whose texts are alike, most alike first. Complaints
    already linked to this one, merged away or withdrawn are not suggested."""
    window = timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
    candidates = list(
        scoped_complaints(user)
        .filter(
            _customers_like(complaint.customer),
            received_at__gte=complaint.received_at - window,
            received_at__lte=complaint.received_at + window,
        )
        .exclude(pk=complaint.pk)
        .exclude(status=Status.WITHDRAWN)
        .only("pk", "reference", "subject", "description", "status", "received_at")
        .order_by("-received_at", "-id")[:CANDIDATES_MAX]
    )
    if not candidates:
        return []
    ids = [candidate.pk for candidate in candidates]
    pairs = ComplaintLink.objects.filter(
        Q(source=complaint, target_id__in=ids) | Q(target=complaint, source_id__in=ids)
    ).values_list("source_id", "target_id")
    linked = {pk for pair in pairs for pk in pair}
    merged = set(
        ComplaintLink.objects.filter(source_id__in=ids, kind=LinkKind.MERGED_INTO).values_list(
            "source_id", flat=True
        )
    )
    candidates = [c for c in candidates if c.pk not in linked | merged]
    scores = similarities(text_of(complaint), [text_of(c) for c in candidates])
    threshold = settings.DUPLICATE_MIN_SIMILARITY_PERCENT / 100
    found = [
        Suggestion(candidate, score)
        for candidate, score in zip(candidates, scores, strict=True)
        if score >= threshold
    ]
    found.sort(key=lambda suggestion: -suggestion.score)
    return found[:SUGGESTIONS_MAX]
