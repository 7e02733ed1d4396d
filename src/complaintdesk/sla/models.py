"""Service levels: the promises (policies), the calendars' closing days, the escalation ladders,
and per complaint the running clocks, what fired on them and the breaches they recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Priority


class ClockKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    PLAN = "plan", _("Remedy plan")
    RESOLUTION = "resolution", _("Resolution")
    FOLLOW_UP = "follow_up", _("Follow-up")


def validate_positive(value: timedelta) -> None:
    if value <= timedelta(0):
        raise ValidationError(_("Must be longer than zero."))


class SlaPolicy(models.Model):
    """How long each step may take, for complaints of one priority (and, optionally, one
    category or customer segment). The most specific active policy that matches applies."""

    name = models.CharField(_("name"), max_length=120)
    priority = models.CharField(
        _("priority"),
        max_length=4,
        choices=Priority.choices,
        blank=True,
        help_text=_("Empty: any priority."),
    )
    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: any category. A category includes those below it."),
    )
    segment = models.SlugField(
        _("customer segment"), max_length=40, blank=True, help_text=_("Empty: any customer.")
    )
    business_hours = models.BooleanField(
        _("count working hours only"),
        default=True,
        help_text=_(
            "Count in the responsible department's working hours, without its holidays and "
            "closing days. Off: count every hour of the day."
        ),
    )
    first_response = models.DurationField(
        _("first response within"),
        default=timedelta(hours=24),
        validators=[validate_positive],
        help_text=_("e.g. “8:00:00” for 8 hours, “2 00:00:00” for 2 days."),
    )
    plan = models.DurationField(
        _("remedy plan within"),
        null=True,
        blank=True,
        validators=[validate_positive],
        help_text=_("Empty: no deadline for proposing a remedy."),
    )
    resolution = models.DurationField(
        _("resolution within"), default=timedelta(days=14), validators=[validate_positive]
    )
    follow_up = models.DurationField(
        _("follow-up within"),
        null=True,
        blank=True,
        validators=[validate_positive],
        help_text=_("After the resolution. Empty: no deadline for the follow-up."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["priority", "name"]
        verbose_name = _("service level policy")
        verbose_name_plural = _("service level policies")

    def __str__(self) -> str:
        return self.name

    @property
    def specificity(self) -> int:
        return sum(bool(v) for v in (self.priority, self.category_id, self.segment))

    def allowed(self, kind: str) -> timedelta | None:
        return {
            ClockKind.FIRST_RESPONSE: self.first_response,
            ClockKind.PLAN: self.plan,
            ClockKind.RESOLUTION: self.resolution,
            ClockKind.FOLLOW_UP: self.follow_up,
        }[ClockKind(kind)]


class ClosingDay(models.Model):
    """A day the company (or one department) does not work, beyond the public holidays."""

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closing_days",
        help_text=_("Empty: the whole company is closed."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class Notify(models.TextChoices):
    OWNER = "owner", _("The owner (the supervisors when nobody owns it)")
    SUPERVISORS = "supervisors", _("The department's supervisors")
    HEAD = "head", _("The head of the department")
    QUALITY_MANAGERS = "quality_managers", _("The quality managers")


class EscalationLadder(models.Model):
    """Who is told when a deadline is slipping, step by step. The ladder without a department
    is the company's default."""

    name = models.CharField(_("name"), max_length=120)
    department = models.OneToOneField(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalation_ladder",
        help_text=_("Empty: the default for departments without a ladder of their own."),
    )
    urgent_start = models.PositiveSmallIntegerField(
        _("abnormal and critical complaints start at step"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_(
            "They climb the same thresholds, but each threshold tells the people of a higher "
            "step: with 2, the first threshold already reaches step 2's people."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("escalation ladder")
        verbose_name_plural = _("escalation ladders")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.department_id is None
            and EscalationLadder.objects.filter(department__isnull=True)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"department": _("There is already a default ladder; choose a department.")}
            )


class EscalationStep(models.Model):
    ladder = models.ForeignKey(
        EscalationLadder, on_delete=models.CASCADE, related_name="steps", verbose_name=_("ladder")
    )
    percent = models.PositiveSmallIntegerField(
        _("when this share of the time is used (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_(
            "Below 100: a warning before the deadline; 100: at the deadline; above: after."
        ),
    )
    notify = models.CharField(_("tell"), max_length=20, choices=Notify.choices)

    class Meta:
        ordering = ["ladder", "percent"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        constraints = [
            models.UniqueConstraint(fields=["ladder", "percent"], name="one_step_per_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.percent}% → {self.get_notify_display()}"


class Clock(models.Model):
    """One deadline of one complaint: when it started, how much time it allows, when it is
    due, and where it stands on the escalation ladder. The sweep acts on clocks whose
    `next_step_at` has come."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="clocks"
    )
    kind = models.CharField(_("deadline"), max_length=20, choices=ClockKind.choices)
    policy = models.ForeignKey(
        SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why the clock allows what it allows, in words (policy, calendar, last recomputation).
    basis = models.TextField(_("basis"), blank=True)
    business_hours = models.BooleanField(_("working hours only"), default=True)
    allowed = models.DurationField(_("time allowed"))
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"))
    # The first warning threshold, for the colour of the time left.
    warning_at = models.DateTimeField(_("warning from"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    # Working time spent paused so far; the due time moves on by as much.
    paused_for = models.DurationField(_("paused for"), default=timedelta(0))
    # The next rung of the ladder to fire, and when something is next due on this clock.
    next_rung = models.PositiveSmallIntegerField(default=0)
    next_step_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    met = models.BooleanField(_("met"), null=True)

    class Meta:
        ordering = ["complaint", "started_at", "id"]
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        indexes = [
            models.Index(fields=["next_step_at"], name="clock_next_step"),
            models.Index(
                fields=["kind"], condition=Q(stopped_at__isnull=True), name="clock_running_kind"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind"],
                condition=Q(stopped_at__isnull=True),
                name="one_running_clock_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    def state(self, now: datetime | None = None) -> str:
        """ok, warning, overdue, paused, met or missed: what the console colours."""
        if self.stopped_at is not None:
            return "met" if self.met else "missed"
        if self.paused_at is not None:
            return "paused"
        now = now or timezone.now()
        if now >= self.due_at:
            return "overdue"
        if self.warning_at is not None and now >= self.warning_at:
            return "warning"
        return "ok"


class Breach(models.Model):
    """A deadline missed, with who answered for the complaint at that moment."""

    clock = models.OneToOneField(Clock, on_delete=models.PROTECT, related_name="breach")
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="breaches"
    )
    kind = models.CharField(_("deadline"), max_length=20, choices=ClockKind.choices)
    due_at = models.DateTimeField(_("was due"))
    breached_at = models.DateTimeField(_("recorded"), db_index=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # As they were named then, so the record reads the same after renames.
    department_name = models.CharField(_("department"), max_length=120, blank=True)
    owner_name = models.CharField(_("person"), max_length=150, blank=True)

    class Meta:
        ordering = ["-breached_at"]
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} missed ({self.department_name or '—'})"


class Escalation(models.Model):
    """One rung of the ladder fired on one clock. Unique per clock and rung: the guarantee
    that two workers never send the same step twice."""

    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="escalations")
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="escalations"
    )
    rung = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField(_("step"))
    percent = models.PositiveSmallIntegerField(_("share of time used (%)"))
    notify = models.CharField(_("told"), max_length=20, choices=Notify.choices)
    recipients = models.TextField(_("people told"), blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["clock", "rung"], name="one_escalation_per_rung")
        ]

    def __str__(self) -> str:
        return f"step {self.step} at {self.percent}%"

    @property
    def is_warning(self) -> bool:
        return self.percent < 100


class AlertKind(models.TextChoices):
    WARNING = "warning", _("Deadline approaching")
    ESCALATION = "escalation", _("Escalated to you")
    ASSIGNED = "assigned", _("Given to you")
    TASK = "task", _("Coordination task")
    # Raised by other apps through sla.alerts: insights' targets, corrective actions and
    # spikes, and the outbox when mail cannot be sent.
    TARGET = "target", _("Target missed")
    CAPA = "capa", _("Corrective action overdue")
    SPIKE = "spike", _("Spike in complaints")
    MAIL_OUTAGE = "mail_outage", _("Mail cannot be sent")
    # Routing's responsibility matrix: a department informed of a complaint of its category.
    INFORMED = "informed", _("For your information")


class MailState(models.TextChoices):
    NONE = "", _("Not e-mailed")
    PENDING = "pending", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class StaffAlert(models.Model):
    """Something a member of staff must know about a complaint: shown in the console, and
    e-mailed where it says so. Never shown to customers."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_alerts"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_alerts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mail_state = models.CharField(
        _("e-mail"), max_length=10, choices=MailState.choices, blank=True, default=""
    )
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.TextField(blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("staff alert")
        verbose_name_plural = _("staff alerts")
        indexes = [models.Index(fields=["recipient", "read_at"], name="staff_alert_unread")]

    def __str__(self) -> str:
        return self.subject
