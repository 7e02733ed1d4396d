"""Complaints made on the public web form: no account, so each client address may send only
so many an hour (a flood is refused before it reaches the database), and each form is filed
once however often it is submitted (a double click, a reload of the answer)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from complaintdesk.accounts.models import CUSTOMER, Party
from complaintdesk.complaints.models import Channel, Complaint
from complaintdesk.intake.attachments import IncomingFile, RefusedFile, discarded_on_rollback
from complaintdesk.intake.models import WebSubmission
from complaintdesk.intake.services import (
    ComplaintDetails,
    CustomerDetails,
    file_complaint_with_files,
)

# What the client's address is counted under (accounts.throttling.client_key hashes it).
WEB_FORM = "web_form"
WINDOW = timedelta(hours=1)
# Form keys are remembered this long, so a form sent again within it is filed once.
KEEP_FOR = timedelta(days=1)


class TooManySubmissions(Exception):
    """This client sent the most complaints the form takes in an hour (HTTP 429)."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(f"too many submissions; retry after {retry_after}")
        self.retry_after = retry_after


@dataclass(frozen=True)
class WebComplaint:
    complaint: Complaint
    refused: list[RefusedFile] = field(default_factory=list)
    # True when this form had been filed before: nothing new was stored.
    duplicate: bool = False


def new_form_key() -> str:
    return secrets.token_urlsafe(24)


def check_throttle(client: str, *, now: datetime | None = None) -> None:
    """Raise TooManySubmissions when `client` reached the hourly limit, saying when the
    oldest submission in the hour stops counting."""
    now = now or timezone.now()
    recent = list(
        WebSubmission.objects.filter(client=client, submitted_at__gt=now - WINDOW)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)[: settings.WEBFORM_SUBMISSIONS_PER_HOUR]
    )
    if len(recent) >= settings.WEBFORM_SUBMISSIONS_PER_HOUR:
        raise TooManySubmissions(retry_after=recent[0] + WINDOW - now)


def earlier_submission(form_key: str) -> WebComplaint | None:
    submission = WebSubmission.objects.select_related("complaint").filter(form_key=form_key).first()
    if submission is None:
        return None
    return WebComplaint(submission.complaint, duplicate=True)


class _SentTwice(Exception):
    pass


def submit_web_complaint(
    *,
    form_key: str,
    client: str,
    customer: CustomerDetails,
    complaint: ComplaintDetails,
    attachments: Sequence[IncomingFile] = (),
) -> WebComplaint:
    """File what a customer sent on the web form, with its files (those refused are named in
    the answer, the rest of the complaint is kept). The same form sent again returns the
    complaint it filed; past the hourly limit for the client, TooManySubmissions."""
    earlier = earlier_submission(form_key)
    if earlier is not None:
        return earlier
    check_throttle(client)
    try:
        with discarded_on_rollback(), transaction.atomic():
            filed = file_complaint_with_files(
                channel=Channel.WEB,
                customer=customer,
                complaint=complaint,
                actor=Party(CUSTOMER, customer.name),
                attachments=attachments,
            )
            try:
                with transaction.atomic():
                    WebSubmission.objects.create(
                        form_key=form_key, client=client, complaint=filed.complaint
                    )
            except IntegrityError:
                # The same form, sent twice at once: the other request filed it.
                raise _SentTwice from None
    except _SentTwice:
        earlier = earlier_submission(form_key)
        if earlier is None:
            raise
        return earlier
    return WebComplaint(filed.complaint, filed.refused)


def forget_old_submissions(*, now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _kinds = WebSubmission.objects.filter(submitted_at__lt=cutoff).delete()
    return deleted
