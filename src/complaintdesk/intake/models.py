from __future__ import annotations

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
