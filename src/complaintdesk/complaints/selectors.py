"""Reads of complaints. Every read goes through the caller's scope: what is outside it does not
exist for them (404), so existence never leaks."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from complaintdesk.accounts.models import Role, User
from complaintdesk.accounts.selectors import department_ids
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint

SEE_EVERYTHING = {Role.QUALITY_MANAGER, Role.AUDITOR, Role.ADMIN}
# Front-line roles also see what has not been routed to a department yet, to triage it.
SEE_UNROUTED = {Role.AGENT, Role.SUPERVISOR}


def scoped_complaints(user: User) -> QuerySet[Complaint]:
    """All complaints this user may see."""
    complaints = Complaint.objects.all()
    if not user.is_authenticated or not user.is_active:
        return complaints.none()
    if user.role in SEE_EVERYTHING:
        return complaints
    scope = Q(owner=user) | Q(department_id__in=department_ids(user))
    if user.role in SEE_UNROUTED:
        scope |= Q(department__isnull=True)
    return complaints.filter(scope)


def access_complaint(user: User, reference: str, *, for_update: bool = False) -> Complaint:
    """Fetch one complaint the user may see, or raise Http404."""
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
    if complaint is None:
        raise Http404("Unknown tracking link")
    return complaint


def timeline(complaint: Complaint, *, include_internal: bool) -> list[tuple[str, object]]:
    """Events and messages of one complaint in time order, in two queries."""
    messages = complaint.messages.select_related("author").prefetch_related("attachments")
    if not include_internal:
        messages = messages.filter(visibility="customer")
    items: list[tuple[str, object]] = [("message", m) for m in messages]
    if include_internal:
        items += [("event", e) for e in complaint.events.select_related("actor")]
    items.sort(key=lambda item: item[1].created_at if item[0] == "message" else item[1].at)  # type: ignore[attr-defined]
    return items
