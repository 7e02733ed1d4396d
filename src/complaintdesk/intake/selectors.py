"""Reads of the files kept with complaints. The complaint is always fetched and authorised
first (complaints.selectors); these only look inside it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from complaintdesk.complaints.models import Attachment, Complaint, Visibility
from complaintdesk.complaints.selectors import MAX_ID


def attachments_of(complaint: Complaint, *, customer_visible_only: bool) -> QuerySet[Attachment]:
    attachments = Attachment.objects.filter(complaint=complaint)
    if customer_visible_only:
        attachments = attachments.filter(visibility=Visibility.CUSTOMER)
    return attachments.order_by("created_at", "id")


def attachment_of(
    complaint: Complaint, attachment_id: int, *, customer_visible_only: bool
) -> Attachment:
    """One attachment of this complaint, or Http404 (also for another complaint's file, so
    files cannot be reached by guessing their numbers)."""
    if not 0 < attachment_id <= MAX_ID:
        raise Http404("No such file")
    found = (
        attachments_of(complaint, customer_visible_only=customer_visible_only)
        .filter(pk=attachment_id)
        .first()
    )
    if found is None:
        raise Http404("No such file")
    return found
