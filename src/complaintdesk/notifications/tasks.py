from __future__ import annotations

import json
import logging
import smtplib
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Role, User
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import DeliveryStatus, Message
from complaintdesk.intake.mail import thread_tokens
from complaintdesk.notifications import webhooks
from complaintdesk.notifications.models import DeliveryState, WebhookDelivery
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
MAIL_OUTAGE_ALERT = AlertKind.MAIL_OUTAGE


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


# Errors that say the mail server itself cannot be reached or will not talk to us (as opposed
# to refusing one message): while one lasts, no newer message overtakes an older one waiting.
SERVER_UNREACHABLE = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    ConnectionError,
    TimeoutError,
    socket.gaierror,
)
# Older waiting messages sent by one delivery task before its own message, at most.
CATCH_UP_BATCH = 50
# Messages waiting behind an older one run this long after it, so it goes first.
WAIT_BEHIND_MARGIN = timedelta(seconds=1)


def retry_delay(attempts: int) -> timedelta:
    """The pause after the attempts-th failure: 30 s doubled each time, at most an hour."""
    return timedelta(seconds=min(30 * 2**attempts, 3600))


@task(queue_name="mail")
def deliver_message(message_id: int) -> str:
    """Send one outbound message by e-mail; on failure try again later, with a growing pause.

    Messages that failed before this one and still wait go first, oldest first, so when the
    mail server comes back the outbox empties in the order it filled. While the server cannot
    be reached, only the oldest waiting message knocks, on its own growing pause; the others
    wait behind it untried, so an outage costs one connection per pause, not one per message."""
    message = _outbound(message_id)
    if message is None or message.delivery_status != DeliveryStatus.PENDING:
        return "nothing to do"
    now = timezone.now()
    if message.retry_at is not None and message.retry_at > now:
        # Being sent by another worker on a newer message's way, or tried by one and in its
        # pause: this task carries the message's one chain of retries on, from then.
        deliver_message.using(run_after=message.retry_at + WAIT_BEHIND_MARGIN).enqueue(message.pk)
        return "not yet"
    for older in _waiting_before(message):
        if older.retry_at is not None and older.retry_at > now:
            if older.waits_for_server:
                _wait_behind(message, older)
                return "waiting"
            # Being sent right now, or refused on its own account: it holds no one up.
            continue
        if _attempt(older, own=False) == "unreachable":
            _wait_behind(message, older)
            return "waiting"
    outcome = _attempt(message, own=True)
    return "failed" if outcome == "unreachable" else outcome


def send_lease() -> timedelta:
    """How long a claimed send keeps others off the message: twice the mail server timeout,
    so a live send is never doubled; a worker that died mid-send delays the retry this long."""
    mailer: dict[str, Any] = settings.MAILERS["default"]
    timeout = (mailer.get("OPTIONS") or {}).get("timeout", 30)
    return timedelta(seconds=2 * (timeout if isinstance(timeout, int | float) else 30))


def _outbound(message_id: int) -> Message | None:
    return (
        Message.objects.select_related("complaint", "complaint__customer")
        .filter(pk=message_id)
        .first()
    )


def _waiting_before(message: Message) -> list[Message]:
    """Older messages still to be sent that failed at least once or wait for the server."""
    return list(
        Message.objects.select_related("complaint", "complaint__customer")
        .filter(pk__lt=message.pk, delivery_status=DeliveryStatus.PENDING)
        .filter(Q(delivery_attempts__gt=0) | Q(waits_for_server=True))
        .order_by("pk")[:CATCH_UP_BATCH]
    )


def _wait_behind(message: Message, older: Message) -> None:
    """This message waits, untried and without using up an attempt, until the older one that
    found the server down is due again; then it runs just after it, keeping the order."""
    retry_at = older.retry_at or timezone.now() + retry_delay(older.delivery_attempts)
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            delivery_error=older.delivery_error or "the mail server cannot be reached",
            retry_at=retry_at,
            waits_for_server=True,
        )
        deliver_message.using(run_after=retry_at + WAIT_BEHIND_MARGIN).enqueue(message.pk)


def _attempt(message: Message, *, own: bool) -> str:
    """Send once: "sent", "skipped" (someone else has it, or it went), "failed" (refused) or
    "unreachable" (the server could not be reached).

    The attempt is claimed by one conditional UPDATE that counts it and leases the message
    (retry_at = now + the send lease) unless it is leased or in its pause already: so two
    workers never send one message at the same moment, and a newer message's catch-up passes
    a message another worker is sending. Only the message's own task queues its next try; a
    try made on a newer message's way leaves it to that task, so each message has one chain
    of retries however it was tried."""
    seen = message.delivery_attempts
    now = timezone.now()
    claimed = (
        Message.objects.filter(
            pk=message.pk, delivery_status=DeliveryStatus.PENDING, delivery_attempts=seen
        )
        .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        .update(delivery_attempts=F("delivery_attempts") + 1, retry_at=now + send_lease())
    )
    if not claimed:
        return "skipped"
    message.delivery_attempts = seen + 1
    try:
        email_for(message).send()
    except Exception as exc:  # any transport failure: keep the message and retry
        unreachable = isinstance(exc, SERVER_UNREACHABLE)
        error = f"{type(exc).__name__}: {exc}"
        logger.warning(
            "delivery of message %s failed (attempt %s): %s", message.pk, seen + 1, error
        )
        _record_failure(message, error, unreachable=unreachable, retry=own)
        return "unreachable" if unreachable else "failed"
    Message.objects.filter(pk=message.pk).update(
        delivery_status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        delivery_error="",
        retry_at=None,
        waits_for_server=False,
    )
    return "sent"


def _record_failure(message: Message, error: str, *, unreachable: bool, retry: bool) -> None:
    """Keep the failure and when the next try is due on the message, queue that try if this is
    the message's own task (or give up after MAX_ATTEMPTS) and tell the administrators once
    failures reach MAIL_ALERT_AFTER_FAILURES."""
    attempts = message.delivery_attempts
    failed = attempts >= MAX_ATTEMPTS
    retry_at = timezone.now() + retry_delay(attempts)
    message.retry_at, message.waits_for_server = retry_at, unreachable
    message.delivery_error = error
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            delivery_attempts=attempts,
            delivery_error=error[:2000],
            delivery_status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
            retry_at=None if failed else retry_at,
            waits_for_server=unreachable and not failed,
        )
        if retry and not failed:
            deliver_message.using(run_after=retry_at).enqueue(message.pk)
        if attempts == settings.MAIL_ALERT_AFTER_FAILURES:
            alert_admins_of_mail_failures(error)


def alert_admins_of_mail_failures(error: str) -> None:
    """A staff alert to every active administrator who has none unread about it yet (shown in
    the console and the admin's staff alerts; not e-mailed, since mail is what fails)."""
    admins = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(
        staff_alerts__kind=MAIL_OUTAGE_ALERT, staff_alerts__read_at__isnull=True
    )
    waiting = Message.objects.filter(
        delivery_status=DeliveryStatus.PENDING, delivery_attempts__gt=0
    ).count()
    alert_staff(
        admins,
        complaint=None,
        kind=MAIL_OUTAGE_ALERT,
        template="mail_outage",
        email=False,
        waiting=waiting,
        error=error[:300],
    )
    logger.error("outgoing mail failing: %s messages waiting; administrators alerted", waiting)


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
            next_attempt = now + retry_delay(attempts)
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
