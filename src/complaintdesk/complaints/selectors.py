"""Reads of complaints. Every read goes through the caller's scope: what is outside it does not
exist for them (404), so existence never leaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Department, User
from complaintdesk.accounts.permissions import Can, may, roles_that
from complaintdesk.accounts.selectors import department_ids
from complaintdesk.audit.models import Event
from complaintdesk.complaints import tracking
from complaintdesk.complaints.lifecycle import HANDLERS, InvalidFields
from complaintdesk.complaints.models import Category, Complaint, Message, Visibility
from complaintdesk.complaints.search import (
    EVERY_TEXT,
    SEARCH_TOTAL_CAP,
    IsAnyOf,
    Total,
    count_up_to,
    matching_text,
    page_of,
)
from complaintdesk.relations.forwarding import customer_survivor_of
from complaintdesk.routing.models import AccessGrant, CoordinationTask

REFERENCE_MAX_LENGTH = Complaint._meta.get_field("reference").max_length or 20
# Who sees which complaints is decided by the roles table in accounts.permissions.
SEE_EVERYTHING = roles_that(Can.READ_ALL_COMPLAINTS)
# Front-line roles also see what has not been routed to a department yet, to triage it.
SEE_UNROUTED = roles_that(Can.READ_UNROUTED)


def scoped_complaints(user: User) -> QuerySet[Complaint]:
    """All complaints this user may see."""
    complaints = Complaint.objects.all()
    if not may(user, Can.READ_COMPLAINTS):
        return complaints.none()
    if user.role in SEE_EVERYTHING:
        return complaints
    scope = Q(owner=user) | Q(department_id__in=department_ids(user))
    if user.role in SEE_UNROUTED:
        scope |= Q(department__isnull=True)
    # Collaborators on an abnormal complaint led by another department: the owner of a task,
    # its department's supervisors, and anyone the lead let in. Not their colleagues.
    # Written as `pk = ANY(ARRAY(…))` (IsAnyOf) so that PostgreSQL can combine the whole scope
    # with a text search's indexes; as `IN (…)` it is checked row by row.
    scope |= Q(
        IsAnyOf(
            "pk",
            CoordinationTask.objects.filter(Q(owner=user) | Q(department__supervisors=user))
            .order_by()
            .values("complaint_id"),
        )
    )
    scope |= Q(IsAnyOf("pk", AccessGrant.objects.filter(user=user).values("complaint_id")))
    return complaints.filter(scope)


def access_complaint(user: User, reference: str, *, for_update: bool = False) -> Complaint:
    """Fetch one complaint the user may see, or raise Http404."""
    # Nothing longer than a reference, or holding a NUL the database would choke on, can be one.
    if len(reference) > REFERENCE_MAX_LENGTH or "\x00" in reference:
        raise Http404("No complaint with that reference")
    complaints = scoped_complaints(user).select_related(
        "customer", "category", "department", "owner"
    )
    if for_update:
        complaints = complaints.select_for_update(of=("self",))
    complaint = complaints.filter(reference=reference.upper()).first()
    if complaint is None:
        raise Http404("No complaint with that reference")
    return complaint


def complaint_for_tracking_token(token: str) -> Complaint:
    """The complaint behind a customer's tracking link, or Http404."""
    if not token or len(token) > 100:
        raise Http404("Unknown tracking link")
    complaint = (
        Complaint.objects.select_related("customer")
        .filter(tracking_hash=tracking.hash_of(token))
        .first()
    )
    if complaint is not None:
        # The link of a complaint merged into another opens the one that goes on (relations),
        # unless that is another customer's.
        complaint = customer_survivor_of(complaint)
    # A link ends some time after its complaint closed (complaints.tracking).
    if complaint is None or tracking.expired(complaint):
        raise Http404("Unknown tracking link")
    return complaint


def timeline(complaint: Complaint, *, include_internal: bool) -> list[tuple[str, object]]:
    """Events and messages of one complaint in time order, in two queries. Pages show who
    wrote or did what by the label kept on each row, so the users are not joined in."""
    messages = complaint.messages.prefetch_related("attachments")
    if not include_internal:
        messages = messages.filter(visibility="customer")
    items: list[tuple[str, object]] = [("message", m) for m in messages]
    if include_internal:
        items += [("event", e) for e in complaint.events.all()]
    items.sort(key=lambda item: item[1].created_at if item[0] == "message" else item[1].at)  # type: ignore[attr-defined]
    return items


# The orders a complaint list may be sorted in, by their public names. Each ends in the
# reference, so pages never overlap or skip rows when many share a time or a priority.
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "received_at": ("received_at", "reference"),
    "-received_at": ("-received_at", "-reference"),
    "first_response_due": (F("first_response_due").asc(nulls_last=True), "reference"),
    "-first_response_due": (F("first_response_due").desc(nulls_last=True), "reference"),
    "resolution_due": (F("resolution_due").asc(nulls_last=True), "reference"),
    # What is owed next, whichever deadline it is (kept by sla); nothing owed comes last.
    "next_due_at": (F("next_due_at").asc(nulls_last=True), "reference"),
    "-next_due_at": (F("next_due_at").desc(nulls_last=True), "reference"),
    "-resolution_due": (F("resolution_due").desc(nulls_last=True), "reference"),
    # "priority" puts the most urgent first (p1 before p4) and the unprioritised last.
    "priority": (F("priority_rank").asc(), "-received_at", "reference"),
    "-priority": (F("priority_rank").desc(), "-received_at", "reference"),
    "status": ("status", "-received_at", "reference"),
    "-status": ("-status", "-received_at", "reference"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "updated_at": ("updated_at", "reference"),
    "-updated_at": ("-updated_at", "reference"),
}
DEFAULT_SORT = "-received_at"
# Database integers are 64-bit; a larger id cannot exist and must not reach the driver.
MAX_ID = 2**63 - 1


@dataclass(frozen=True, kw_only=True)
class ComplaintSearch:
    """What a caller narrows a complaint list by. Empty values do not filter."""

    statuses: tuple[str, ...] = ()
    # An id, or a code (a username for the owner).
    category: str = ""
    department: str = ""
    owner: str = ""
    priority: str = ""
    channel: str = ""
    abnormal: bool | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    text: str = ""
    sort: str = DEFAULT_SORT


def _by_id_or_code(field: str, value: str, code_field: str) -> Q:
    """Match a related row by its numeric id, or else by its code; an impossible id matches
    nothing rather than overflowing the database's integer."""
    if value.isdigit():
        return Q(**{f"{field}_id": int(value)}) if int(value) <= MAX_ID else Q(pk__in=[])
    return Q(**{f"{field}__{code_field}": value})


def search_complaints(user: User, search: ComplaintSearch) -> QuerySet[Complaint]:
    """The complaints in the user's scope that match `search`, in its order, with everything a
    list shows joined in, so the number of queries does not grow with the rows."""
    if search.sort not in SORTS:
        raise ValueError(f"unknown sort {search.sort!r}; use one of {', '.join(SORTS)}")
    complaints = scoped_complaints(user).select_related(
        "customer", "category", "department", "owner"
    )
    if search.statuses:
        complaints = complaints.filter(status__in=search.statuses)
    if search.category:
        complaints = complaints.filter(_by_id_or_code("category", search.category, "code"))
    if search.department:
        complaints = complaints.filter(_by_id_or_code("department", search.department, "code"))
    if search.owner:
        complaints = complaints.filter(_by_id_or_code("owner", search.owner, "username"))
    if search.priority:
        complaints = complaints.filter(priority=search.priority)
    if search.channel:
        complaints = complaints.filter(channel=search.channel)
    if search.abnormal is not None:
        complaints = complaints.filter(abnormal=search.abnormal)
    if search.received_from is not None:
        complaints = complaints.filter(received_at__gte=search.received_from)
    if search.received_to is not None:
        complaints = complaints.filter(received_at__lte=search.received_to)
    text = search.text.strip()
    if text:
        # Reference, subject, description, customer name or e-mail; indexed on PostgreSQL.
        complaints = complaints.filter(matching_text(text, EVERY_TEXT))
    if "priority" in search.sort:
        complaints = complaints.annotate(
            priority_rank=Case(When(priority="", then=Value("p9")), default=F("priority"))
        )
    return complaints.order_by(*SORTS[search.sort])


def count_found(complaints: QuerySet[Complaint], search: ComplaintSearch, *, through: int) -> Total:
    """How many complaints `search_complaints` found. A text search counts only up to
    SEARCH_TOTAL_CAP, or to `through` (the end of the page shown) if further, and then says
    there are more; other lists count exactly."""
    # A page far past any archive is counted exactly (and found empty) rather than asking the
    # database for a LIMIT beyond its integers.
    if not search.text.strip() or through > MAX_ID // 2:
        return Total(complaints.count())
    return count_up_to(complaints, max(SEARCH_TOTAL_CAP, through))


def found_page(
    complaints: QuerySet[Complaint], search: ComplaintSearch, start: int, stop: int
) -> list[Complaint]:
    """Rows [start, stop) of what `search_complaints` found; a text search's page is chosen
    before its rows are joined to their customers (complaints.search.page_of)."""
    if search.text.strip():
        return page_of(complaints, start, stop)
    return list(complaints[start:stop])


def audit_trail(complaint: Complaint) -> QuerySet[Event]:
    """Everything recorded about one complaint, oldest first."""
    return Event.objects.filter(complaint=complaint).order_by("at", "id")


def complaint_messages(complaint: Complaint, *, include_internal: bool) -> QuerySet[Message]:
    """The messages of one complaint, oldest first; internal notes only for staff."""
    messages = Message.objects.filter(complaint=complaint).select_related("author")
    if not include_internal:
        messages = messages.filter(visibility=Visibility.CUSTOMER)
    return messages.order_by("created_at", "id")


NO_SUCH = {
    "category": _("no active category has this id"),
    "department": _("no department has this id"),
    "owner": _("no active agent, handler or supervisor has this id"),
}


def assessment_values(values: dict[str, Any]) -> dict[str, Any]:
    """The given assessment fields with the category, department and owner ids replaced by
    their rows. Raises InvalidFields naming each id that names nothing one may assign."""
    resolved = dict(values)
    errors: dict[str, str] = {}
    lookups: dict[str, QuerySet[Any]] = {
        "category": Category.objects.filter(active=True),
        "department": Department.objects.all(),
        "owner": User.objects.filter(is_active=True, role__in=HANDLERS),
    }
    for name, candidates in lookups.items():
        pk = values.get(name)
        if pk is None:
            continue
        found = candidates.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
        if found is None:
            errors[name] = str(NO_SUCH[name])
        resolved[name] = found
    if errors:
        raise InvalidFields(errors)
    return resolved
