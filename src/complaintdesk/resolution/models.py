"""What handling a complaint finds and agrees: the investigation record, the root cause, the
remedy plans put to the customer with their steps, and compensation — requested, approved
within each role's limit, and paid into a ledger that is never changed afterwards."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Role
from complaintdesk.complaints.models import Attachment, Channel, Complaint


class EntryKind(models.TextChoices):
    NOTE = "note", _("Note")
    EVIDENCE = "evidence", _("Evidence")
    CONTACT = "contact", _("Contact with the customer")


class InvestigationEntry(models.Model):
    """One thing the investigation found or did, with who and when. Never edited: a correction
    is a new entry."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="investigation_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    # Evidence: the order or service record it rests on, and a file already on the complaint.
    record_reference = models.CharField(_("order or service record"), max_length=200, blank=True)
    attachment = models.ForeignKey(
        Attachment,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Contact: how the customer was reached.
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("investigation entry")
        verbose_name_plural = _("investigation entries")
        indexes = [models.Index(fields=["complaint", "kind"], name="investigation_complaint_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class RootCauseCategory(models.Model):
    """The organisation's taxonomy of causes, edited in admin. The seeded names are translated
    (their English text is in the catalogues); names added in admin show as typed."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("root cause category")
        verbose_name_plural = _("root cause categories")

    def __str__(self) -> str:
        return gettext(self.name)


class RootCause(models.Model):
    """Why it happened: one per complaint, changed as the investigation learns more."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="root_cause")
    category = models.ForeignKey(
        RootCauseCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="root_causes",
    )
    explanation = models.TextField(_("explanation"))
    # The "5 whys": each answer asks the next why, from the symptom down to the cause.
    five_whys = models.JSONField(_("five whys"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self) -> str:
        return f"{self.category}: {self.explanation[:60]}"


class RemedyType(models.TextChoices):
    APOLOGY = "apology", _("Apology")
    EXPLANATION = "explanation", _("Explanation")
    SERVICE_CORRECTION = "service_correction", _("Correction of the service")
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")
    REFUND = "refund", _("Refund")
    COMPENSATION = "compensation", _("Compensation")
    GOODWILL = "goodwill", _("Goodwill gesture")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed to the customer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class RemedyPlan(models.Model):
    """What we propose to put things right: objectives, the kinds of remedy and the steps.
    Each new plan of a complaint has the next version; proposing one supersedes the others."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="remedy_plans")
    version = models.PositiveIntegerField(_("version"))
    objectives = models.TextField(_("objectives"))
    remedy_types = models.JSONField(_("remedy types"), default=list)
    needs_confirmation = models.BooleanField(_("needs the customer's confirmation"), default=True)
    no_confirmation_reason = models.TextField(_("why no confirmation is needed"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=PlanState.choices, default=PlanState.DRAFT
    )
    # The customer's words: a comment on the proposal, or why they rejected it.
    customer_comment = models.TextField(_("customer's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["complaint", "-version"]
        verbose_name = _("remedy plan")
        verbose_name_plural = _("remedy plans")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "version"], name="plan_version_once"),
            models.CheckConstraint(
                condition=Q(needs_confirmation=True) | ~Q(no_confirmation_reason=""),
                name="plan_without_confirmation_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint.reference} plan v{self.version}"

    def remedy_labels(self) -> list[Any]:
        labels = dict(RemedyType.choices)
        return [labels.get(kind, kind) for kind in self.remedy_types]


class StepStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanStep(models.Model):
    plan = models.ForeignKey(RemedyPlan, on_delete=models.CASCADE, related_name="steps")
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_steps",
    )
    due_at = models.DateTimeField(_("due"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")

    def __str__(self) -> str:
        return self.description[:60]


class CompensationKind(models.TextChoices):
    MONEY = "money", _("Money")
    SERVICE_CREDIT = "service_credit", _("Service credit")


class CompensationLimit(models.Model):
    """How much a role may grant on its own authority, per currency; empty: no limit."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    currency = models.CharField(_("currency"), max_length=3)
    max_amount = models.DecimalField(
        _("up to"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Leave empty for no limit."),
    )

    class Meta:
        ordering = ["currency", "max_amount"]
        verbose_name = _("compensation limit")
        verbose_name_plural = _("compensation limits")
        constraints = [
            models.UniqueConstraint(fields=["role", "currency"], name="one_limit_per_role_currency")
        ]

    def __str__(self) -> str:
        limit = self.max_amount if self.max_amount is not None else gettext("no limit")
        return f"{self.get_role_display()}: {limit} {self.currency}"

    def covers(self, amount: Decimal) -> bool:
        return self.max_amount is None or amount <= self.max_amount


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    PAID = "paid", _("Paid")


class CompensationRequest(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="compensation_requests"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    kind = models.CharField(_("kind"), max_length=20, choices=CompensationKind.choices)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("compensation request")
        verbose_name_plural = _("compensation requests")
        indexes = [models.Index(fields=["state", "currency"], name="compensation_request_state")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="compensation_request_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_state_display()})"


# What an erased ledger note reads; the database trigger allows a note to become only this.
LEDGER_NOTE_ERASED = "[erased]"


class LedgerError(Exception):
    """Raised on any attempt to change or remove a compensation ledger entry."""


class CompensationEntryQuerySet(models.QuerySet["CompensationEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise LedgerError("compensation ledger entries cannot be changed; add a reversing entry")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerError("compensation ledger entries cannot be deleted; add a reversing entry")

    def erase_notes(self) -> int:
        """The one change a ledger entry allows, for erasing the customer's personal data
        (privacy): its free-text note becomes LEDGER_NOTE_ERASED. Amount, currency, kind,
        dates and links stay as paid; the database refuses any other change."""
        return models.QuerySet.update(self.exclude(note=""), note=LEDGER_NOTE_ERASED)


class CompensationEntry(models.Model):
    """Compensation paid: a ledger row that is never updated nor deleted (here, and by a
    database trigger). A correction is a new entry for the opposite amount that `reverses` it."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="compensation_entries"
    )
    request = models.ForeignKey(
        CompensationRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    kind = models.CharField(_("kind"), max_length=20, choices=CompensationKind.choices)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = CompensationEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("compensation paid")
        verbose_name_plural = _("compensation paid")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise LedgerError(
                "compensation ledger entries cannot be changed; add a reversing entry"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerError("compensation ledger entries cannot be deleted; add a reversing entry")
