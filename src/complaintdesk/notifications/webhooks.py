"""Telling other systems what happens to complaints: a signed POST per event to each address
an administrator subscribed to it.

A delivery row and its queued task are written in the transaction of the change they report,
so an event is announced if and only if the change committed; the worker sends it, retrying
with a growing pause while the receiver is down (see tasks.deliver_webhook).

Signature: X-Complaintdesk-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." +
body)> with the Unix time in X-Complaintdesk-Timestamp; the same scheme signed intake
requests use (complaintdesk.intake.signed).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from complaintdesk.accounts.models import Role, User
from complaintdesk.audit.models import Event
from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import TRANSITIONS
from complaintdesk.complaints.models import Complaint
from complaintdesk.notifications.models import (
    DeliveryState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from complaintdesk.read_once import remembered

SIGNATURE_HEADER = "X-Complaintdesk-Signature"
TIMESTAMP_HEADER = "X-Complaintdesk-Timestamp"
# Lifecycle actions that have an event of their own besides complaint.status_changed.
ACTION_EVENTS = {"resolve": WebhookEvent.RESOLVED, "close": WebhookEvent.CLOSED}


def signature_for(secret: str, timestamp: str, body: bytes) -> str:
    """The value of the signature header for one request."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def payload_for(
    event: str, complaint: Complaint, event_id: uuid.UUID, data: dict[str, Any]
) -> dict[str, Any]:
    """What receivers are told: the event and the complaint's state, never the customer's
    contact details (a receiver that needs them reads the complaint through the API)."""
    return {
        "id": str(event_id),
        "event": event,
        "occurred_at": timezone.now().isoformat(),
        "complaint": {
            "reference": complaint.reference,
            "status": complaint.status,
            "channel": complaint.channel,
            "language": complaint.language,
            "subject": complaint.subject,
            "priority": complaint.priority,
            "severity": complaint.severity,
            "outcome": complaint.outcome,
            "received_at": _iso(complaint.received_at),
            "first_response_due": _iso(complaint.first_response_due),
            "resolution_due": _iso(complaint.resolution_due),
            "version": complaint.version,
        },
        "data": data,
    }


def _active_endpoints() -> list[WebhookEndpoint]:
    # Read once per use case within read_once(): filing announces its arrival and then each
    # status change. Few endpoints, and lists in JSON cannot be searched alike on SQLite and
    # PostgreSQL, so they are filtered in Python.
    return remembered(
        "notifications.active_webhook_endpoints",
        lambda: list(WebhookEndpoint.objects.filter(active=True)),
    )


def announce(
    event: str,
    complaint: Complaint,
    *,
    endpoints: list[WebhookEndpoint] | None = None,
    **data: Any,
) -> list[WebhookDelivery]:
    """Queue one delivery of `event` to every active endpoint subscribed to it. Must run in
    the transaction of the change it reports."""
    from complaintdesk.notifications.tasks import deliver_webhook

    if event not in WebhookEvent.values:
        raise ValueError(f"unknown webhook event {event!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("webhooks are announced inside the transaction of their change")
    subscribed = [
        e for e in (_active_endpoints() if endpoints is None else endpoints) if event in e.events
    ]
    if not subscribed:
        return []
    event_id = uuid.uuid4()
    payload = payload_for(event, complaint, event_id, data)
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=event,
            event_id=event_id,
            complaint=complaint,
            payload=payload,
        )
        for endpoint in subscribed
    ]
    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return deliveries


def announce_transition(complaint: Complaint, action: str) -> None:
    """A lifecycle action succeeded: its status change, and its own event where it has one."""
    endpoints = _active_endpoints()
    events = {event for endpoint in endpoints for event in endpoint.events}
    if WebhookEvent.STATUS_CHANGED not in events and ACTION_EVENTS.get(action) not in events:
        return
    previous = (
        Event.objects.filter(complaint=complaint, action=TRANSITIONS[action].event)
        .order_by("-id")
        .values_list("status_before", flat=True)
        .first()
    )
    announce(
        WebhookEvent.STATUS_CHANGED,
        complaint,
        endpoints=endpoints,
        action=action,
        previous_status=previous or "",
        status=complaint.status,
    )
    if action in ACTION_EVENTS:
        announce(ACTION_EVENTS[action], complaint, endpoints=endpoints, action=action)


def announce_deadline_breached(complaint: Complaint, *, deadline: str, due: datetime) -> None:
    """For the SLA sweep, in the transaction that records the breach: `deadline` names which
    one passed ("first_response" or "resolution") and `due` when it was."""
    announce(WebhookEvent.DEADLINE_BREACHED, complaint, deadline=deadline, due=due.isoformat())


@transaction.atomic
def deliver_again(*, delivery_ids: list[int], actor: User) -> int:
    """An administrator sends failed deliveries once more (e.g. after the receiver was
    fixed): they start a new round of attempts. Returns how many were queued."""
    from complaintdesk.notifications.tasks import deliver_webhook

    if not actor.is_superuser and actor.role != Role.ADMIN:
        raise PermissionError("only administrators resend webhooks")
    failed = list(
        WebhookDelivery.objects.select_for_update().filter(
            pk__in=delivery_ids, state=DeliveryState.FAILED
        )
    )
    for delivery in failed:
        delivery.state = DeliveryState.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
        deliver_webhook.enqueue(delivery.pk)
        record(
            action="webhook.redelivered",
            actor=actor,
            complaint=delivery.complaint,
            subject=f"webhook_delivery:{delivery.pk}",
            note=f"{delivery.event} → {delivery.endpoint.url}",
        )
    return len(failed)
