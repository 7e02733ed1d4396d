from __future__ import annotations

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailSource(models.TextChoices):
    SMTP = "smtp", _("SMTP listener")
    IMAP = "imap", _("IMAP mailbox")


class MailStatus(models.TextChoices):
    FILED = "filed", _("Opened a complaint")
    THREADED = "threaded", _("Added to a complaint")
    IGNORED_AUTO = "ignored_auto", _("Automatic mail, ignored")
    REVIEW = "review", _("Needs review")
    QUARANTINED = "quarantined", _("Could not be read")
    DISMISSED = "dismissed", _("Dismissed by an administrator")


class InboundMail(models.Model):
    """Every message received, kept whole as it arrived, with what became of it. Nothing is
    dropped: what could not be read waits here in quarantine to be processed again."""

    # SHA-256 of the Message-ID: the same message delivered twice is stored once.
    dedupe_key = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=998)
    source = models.CharField(_("source"), max_length=10, choices=MailSource.choices)
    envelope_sender = models.CharField(_("envelope sender"), max_length=320, blank=True)
    envelope_recipients = models.JSONField(_("envelope recipients"), default=list, blank=True)
    sender = models.CharField(_("from address"), max_length=320, blank=True, db_index=True)
    sender_name = models.CharField(_("from name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    raw = models.BinaryField(_("message as received"))
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)

    status = models.CharField(_("status"), max_length=20, choices=MailStatus.choices)
    # Why it was ignored or held for review, and which attachments were refused.
    reason = models.TextField(_("reason"), blank=True)
    # What went wrong reading it, for quarantined mail.
    error = models.TextField(_("error"), blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    charsets = models.CharField(_("charsets"), max_length=200, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_mails",
    )
    # The message it added to an existing complaint.
    added_message = models.ForeignKey(
        "complaints.Message",
        verbose_name=_("added message"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The complaint a held message names in its subject, for the reviewer to decide on.
    named_complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint named in the subject"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(_("times processed"), default=0)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mails")
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_mail_status_at")]

    def __str__(self) -> str:
        return f"{self.sender or self.message_id}: {self.subject}"[:200]


class IntakeSource(models.Model):
    """Another system allowed to send complaints to /api/v1/intake/<slug>, such as the chat
    tool or a CRM. Each request is signed with the source's secret (HMAC-SHA256)."""

    class SourceChannel(models.TextChoices):
        CHAT = "chat", _("Chat")
        API = "api", _("Another system")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("The last part of the address it posts to: /api/v1/intake/<slug>"),
    )
    # Kept as entered: verifying a signature needs the secret itself, not a hash of it.
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        validators=[MinLengthValidator(32)],
        help_text=_("At least 32 characters, shared with the sending system and no one else."),
    )
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=SourceChannel.choices,
        default=SourceChannel.CHAT,
        help_text=_("Used when a request does not name its channel."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intake source")
        verbose_name_plural = _("intake sources")

    def __str__(self) -> str:
        return self.name


class SeenSignature(models.Model):
    """A signed request already received: the same signature again is a replay. Kept for as
    long as its timestamp would be accepted."""

    source = models.ForeignKey(IntakeSource, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "signature"], name="intake_signature_seen_once"
            )
        ]

    def __str__(self) -> str:
        return self.signature


class ExternalSubmission(models.Model):
    """A complaint another system sent under its own id: the same id again returns this
    complaint instead of opening a second one."""

    source = models.ForeignKey(
        IntakeSource, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    external_id = models.CharField(_("external id"), max_length=200)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint from another system")
        verbose_name_plural = _("complaints from other systems")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="intake_external_id_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"


class IdempotencyKey(models.Model):
    """The first answer to an API request sent with an Idempotency-Key, replayed to a retry
    of the same request by the same user for a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the request (method, path and body as validated): the same key with another
    # request is a mistake, refused rather than answered with the first request's result.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return self.key


class WebSubmission(models.Model):
    """A complaint sent through the public web form: counted per client address to throttle
    floods, and tied to the form it came from so a double submit files it once."""

    # A random value put in the form when it is shown.
    form_key = models.CharField(max_length=64, unique=True)
    # A keyed hash of the client's address (or its /64 network for IPv6); never the address.
    client = models.CharField(max_length=64)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client", "submitted_at"], name="web_submission_client_at")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.submitted_at:%Y-%m-%d %H:%M}"
