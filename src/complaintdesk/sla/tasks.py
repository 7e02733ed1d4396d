"""The background work of the clocks: the escalation sweep (every minute, see
jobs/schedule.py) and the staff e-mails it queues."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from complaintdesk.sla.models import MailState, StaffAlert

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


@task()
def sweep_escalations() -> dict[str, int]:
    """Warn, record breaches and escalate every clock whose next step has come."""
    from complaintdesk.sla.escalation import run_escalation_sweep

    return run_escalation_sweep().as_dict()


@task(queue_name="mail")
def send_staff_alert(alert_id: int) -> str:
    """E-mail one staff alert; on failure try again later, with a growing pause. Safe to run
    twice: only a pending alert is sent."""
    alert = StaffAlert.objects.select_related("recipient").filter(pk=alert_id).first()
    if alert is None or alert.mail_state != MailState.PENDING:
        return "nothing to do"
    email = EmailMessage(
        subject=" ".join(alert.subject.splitlines()),
        body=alert.body + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[alert.recipient.email],
        # Written by the system: autoresponders must not answer (RFC 3834).
        headers={"Auto-Submitted": "auto-generated"},
    )
    try:
        email.send()
    except Exception as exc:  # any transport failure: keep the alert and retry
        attempts = alert.mail_attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        StaffAlert.objects.filter(pk=alert.pk).update(
            mail_attempts=attempts,
            mail_error=f"{type(exc).__name__}: {exc}"[:2000],
            mail_state=MailState.FAILED if failed else MailState.PENDING,
        )
        logger.warning("staff alert %s not sent (attempt %s): %s", alert.pk, attempts, exc)
        if not failed:
            with transaction.atomic():
                send_staff_alert.using(
                    queue_name="mail",
                    run_after=timezone.now() + timedelta(seconds=min(30 * 2**attempts, 3600)),
                ).enqueue(alert.pk)
        return "failed"
    StaffAlert.objects.filter(pk=alert.pk).update(
        mail_state=MailState.SENT,
        mailed_at=timezone.now(),
        mail_attempts=alert.mail_attempts + 1,
        mail_error="",
    )
    return "sent"
