"""Outbound webhooks: the other systems an administrator has told us to inform of what happens
to complaints, and the log of every delivery to them."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Message


class WebhookEvent(models.TextChoices):
    RECEIVED = "complaint.received", _("Complaint received")
    STATUS_CHANGED = "complaint.status_changed", _("Status changed")
    DEADLINE_BREACHED = "complaint.deadline_breached", _("Deadline breached")
    RESOLVED = "complaint.resolved", _("Complaint resolved")
    CLOSED = "complaint.closed", _("Complaint closed")


def validate_events(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one event."))
    unknown = sorted(set(map(str, value)) - set(WebhookEvent.values))
    if unknown:
        raise ValidationError(_("Unknown events: %(events)s") % {"events": ", ".join(unknown)})


class WebhookEndpoint(models.Model):
    """An address that is sent a signed POST for each event it subscribes to."""

    name = models.CharField(_("name"), max_length=120)
    # Only http and https: no file:, ftp: or gopher: addresses reach the delivery code.
    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    # Kept as entered: signing needs the secret itself. The receiver checks the signature.
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        validators=[MinLengthValidator(32)],
        help_text=_(
            "At least 32 characters. Each delivery carries X-Complaintdesk-Signature: "
            "sha256=HMAC-SHA256(secret, timestamp + '.' + body)."
        ),
    )
    events = models.JSONField(
        _("events"),
        default=list,
        validators=[validate_events],
        help_text=_("The events this address is sent."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed, given up")


class WebhookDelivery(models.Model):
    """One event for one endpoint: written with the change that caused it, sent by the worker,
    and kept with what the receiver answered."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    # The same for every endpoint told of one event, so receivers can drop a repeat.
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, db_index=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["state", "created_at"], name="webhook_delivery_state_at")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.state})"


class OutboxMessage(Message):
    """The outbox as administrators see it: every message to a customer with its delivery
    state, attempts and last error (a proxy: the rows are complaints.Message)."""

    class Meta:
        proxy = True
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
