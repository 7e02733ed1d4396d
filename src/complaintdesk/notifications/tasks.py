from __future__ import annotations

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import DeliveryStatus, Message
from complaintdesk.intake.mail import thread_tokens

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def message_id_for(message: Message) -> str:
    # Stable per message: a retried send carries the same id, so mail systems drop the copy.
    # It carries a signed token, so a reply naming it in In-Reply-To joins the complaint.
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return thread_tokens.message_id_for(message.complaint.reference, message.pk, domain)


def email_for(message: Message) -> EmailMessage:
    complaint = message.complaint
    with translation.override(complaint.language):
        footer = _("Follow your complaint %(reference)s here: %(url)s") % {
            "reference": complaint.reference,
            "url": tracking.tracking_url(complaint),
        }
    email = EmailMessage(
        subject=" ".join(message.subject.splitlines()) or complaint.reference,
        body=f"{message.body}\n\n-- \n{footer}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[complaint.customer.email],
        reply_to=[settings.INTAKE_MAIL_ADDRESS],
        headers={"Message-ID": message_id_for(message)},
    )
    if message.author_id is None:
        # Written by the system, not by a person: autoresponders must not answer (RFC 3834).
        email.extra_headers["Auto-Submitted"] = "auto-generated"
    return email


@task(queue_name="mail")
def deliver_message(message_id: int) -> str:
    """Send one outbound message by e-mail; on failure try again later, with a growing pause."""
    message = (
        Message.objects.select_related("complaint", "complaint__customer")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.delivery_status != DeliveryStatus.PENDING:
        return "nothing to do"
    try:
        email_for(message).send()
    except Exception as exc:  # any transport failure: keep the message and retry
        attempts = message.delivery_attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        Message.objects.filter(pk=message.pk).update(
            delivery_attempts=attempts,
            delivery_error=f"{type(exc).__name__}: {exc}"[:2000],
            delivery_status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
        )
        logger.warning("delivery of message %s failed (attempt %s): %s", message.pk, attempts, exc)
        if not failed:
            delay = timedelta(seconds=min(30 * 2**attempts, 3600))
            with transaction.atomic():
                deliver_message.using(run_after=timezone.now() + delay).enqueue(message.pk)
        return "failed"
    Message.objects.filter(pk=message.pk).update(
        delivery_status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        delivery_attempts=message.delivery_attempts + 1,
        delivery_error="",
    )
    return "sent"
