from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import DeliveryStatus, Message
from complaintdesk.intake.mail import thread_tokens
from complaintdesk.notifications import webhooks
from complaintdesk.notifications.models import DeliveryState, WebhookDelivery

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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook is answered where it was sent: a redirect is a failure, never followed (it
    could lead the signed payload to another host)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST once; the HTTP status (None when no answer came) and an error, "" on success."""
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (http/https only, validated on the endpoint)
    try:
        with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as exc:
        answer = exc.read(500).decode("utf-8", "replace").strip()
        return exc.code, f"HTTP {exc.code} {exc.reason}" + (f": {answer}" if answer else "")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(exc).__name__}: {reason}"


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one webhook delivery, signed; any answer but 2xx is tried again later with a
    growing pause, up to MAX_ATTEMPTS, and every attempt is logged on the delivery."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != DeliveryState.PENDING:
        return "nothing to do"
    endpoint = delivery.endpoint
    now = timezone.now()
    attempts = delivery.attempts + 1
    if not endpoint.active:
        status, error = None, "the endpoint was switched off"
        attempts = MAX_ATTEMPTS
    else:
        body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        status, error = _post(
            endpoint.url,
            body,
            {
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Complaintdesk-Webhooks/1",
                "X-Complaintdesk-Event": delivery.event,
                "X-Complaintdesk-Event-Id": str(delivery.event_id),
                "X-Complaintdesk-Delivery": str(delivery.pk),
                webhooks.TIMESTAMP_HEADER: timestamp,
                webhooks.SIGNATURE_HEADER: webhooks.signature_for(endpoint.secret, timestamp, body),
            },
        )
        if not error and status is not None and not 200 <= status < 300:
            error = f"HTTP {status}"
    changes: dict[str, object] = {
        "attempts": attempts,
        "last_status_code": status,
        "last_error": error[:2000],
        "last_attempt_at": now,
        "next_attempt_at": None,
    }
    if not error:
        changes.update(state=DeliveryState.DELIVERED, delivered_at=now)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)
        return "delivered"
    logger.warning("webhook delivery %s failed (attempt %s): %s", delivery.pk, attempts, error)
    with transaction.atomic():
        if attempts >= MAX_ATTEMPTS:
            changes["state"] = DeliveryState.FAILED
        else:
            next_attempt = now + timedelta(seconds=min(30 * 2**attempts, 3600))
            changes["next_attempt_at"] = next_attempt
            deliver_webhook.using(run_after=next_attempt).enqueue(delivery.pk)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)
    return "failed"


@task()
def tell_owner(message_id: int) -> str:
    """E-mail a complaint's owner that the customer wrote (the message itself stays in the
    console: only its reference and a link leave the building)."""
    message = (
        Message.objects.select_related("complaint", "complaint__owner")
        .filter(pk=message_id)
        .first()
    )
    owner = message.complaint.owner if message is not None else None
    if message is None or owner is None or not owner.email or not owner.is_active:
        return "nothing to do"
    complaint = message.complaint
    link = settings.SITE_URL + reverse("console:complaint", args=[complaint.reference])
    with translation.override(owner.language):
        subject = _("New information from the customer on %(reference)s") % {
            "reference": complaint.reference
        }
        body = _("The customer added information to complaint %(reference)s: %(link)s") % {
            "reference": complaint.reference,
            "link": link,
        }
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[owner.email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()
    return "sent"
