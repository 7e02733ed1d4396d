"""Telling staff what they must know about a complaint: a StaffAlert shown in the console and,
for deadlines, an e-mail queued in the same transaction (an outbox, like customer messages)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from complaintdesk.accounts.models import User
from complaintdesk.complaints.models import Complaint
from complaintdesk.sla.models import MailState, StaffAlert


def console_url(complaint: Complaint) -> str:
    return settings.SITE_URL + reverse("console:complaint", args=[complaint.reference])


def alert_staff(
    recipients: Iterable[User],
    *,
    complaint: Complaint | None,
    kind: str,
    template: str,
    email: bool,
    **context: Any,
) -> list[StaffAlert]:
    """One alert per person, written in their own language from
    sla/alerts/<template>.txt (first line: the subject)."""
    from complaintdesk.sla.tasks import send_staff_alert

    alerts = []
    seen: set[int] = set()
    for person in recipients:
        if person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        with translation.override(person.language):
            text = render_to_string(
                f"sla/alerts/{template}.txt",
                {
                    "complaint": complaint,
                    "person": person,
                    "url": console_url(complaint) if complaint else settings.SITE_URL,
                    **context,
                },
            ).strip()
        subject, _newline, body = text.partition("\n")
        mailed = email and bool(person.email)
        alert = StaffAlert.objects.create(
            recipient=person,
            complaint=complaint,
            kind=kind,
            subject=subject.strip()[:300],
            body=body.strip(),
            mail_state=MailState.PENDING if mailed else MailState.NONE,
            created_at=timezone.now(),
        )
        if mailed:
            send_staff_alert.using(queue_name="mail").enqueue(alert.pk)
        alerts.append(alert)
    return alerts
