"""What the quality process sets and records about the complaints as a whole: the objectives
(targets) and their monthly results, the CAPA register, spike alerts, problems and the report
schedules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response within the time allowed")
    RESOLUTION = "resolution", _("Resolution within the time allowed")
    SATISFACTION = "satisfaction", _("Satisfied customers (score 4 or 5)")
    REOPEN_RATE = "reopen_rate", _("Reopened complaints")


# Measures where less is better: the target is a ceiling, not a floor.
CEILINGS = frozenset({Measure.REOPEN_RATE})
# Measures counted against a time allowed.
TIMED = frozenset({Measure.FIRST_RESPONSE, Measure.RESOLUTION})


@dataclass(frozen=True)
class Objective:
    """A target as the figures use it, whether set in admin or the default."""

    measure: str
    percent: Decimal
    within_hours: int | None = None

    @property
    def share(self) -> float:
        return float(self.percent) / 100

    def met_by(self, value: float | None) -> bool | None:
        if value is None:
            return None
        if self.measure in CEILINGS:
            return value <= self.share
        return value >= self.share


# Used until an admin sets a target of that measure.
DEFAULT_OBJECTIVES: dict[str, Objective] = {
    Measure.FIRST_RESPONSE: Objective(Measure.FIRST_RESPONSE, Decimal(95), 24),
    Measure.RESOLUTION: Objective(Measure.RESOLUTION, Decimal(90), 30 * 24),
    Measure.SATISFACTION: Objective(Measure.SATISFACTION, Decimal(90)),
    Measure.REOPEN_RATE: Objective(Measure.REOPEN_RATE, Decimal(5)),
}


class Target(models.Model):
    """An objective an admin sets: for all departments, or one department's own."""

    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the target of every department without its own."),
    )
    percent = models.DecimalField(
        _("percent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("At least this share, or for reopened complaints at most this share."),
    )
    within_hours = models.PositiveIntegerField(
        _("within (hours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For first response and resolution: the time allowed, in calendar hours."),
    )

    class Meta:
        ordering = ["measure", "department__name"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "department"],
                name="one_target_per_measure_and_department",
                condition=models.Q(department__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["measure"],
                name="one_general_target_per_measure",
                condition=models.Q(department__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        where = self.department.name if self.department else _("all departments")
        return f"{self.get_measure_display()} {self.percent}% ({where})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.measure in TIMED and not self.within_hours:
            raise ValidationError({"within_hours": _("Say how many hours are allowed.")})

    @property
    def objective(self) -> Objective:
        return Objective(self.measure, self.percent, self.within_hours)


class TargetResult(models.Model):
    """One measure of one month for one department (or all: department empty), written by
    the monthly check; the trend is read from these rows."""

    month = models.DateField(_("month"))
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.FloatField(_("value"), null=True)
    counted = models.PositiveIntegerField(_("complaints counted"), default=0)
    percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    met = models.BooleanField(_("met"), null=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # When the people answerable were told it was missed; once per month, measure, department.
    alerted_at = models.DateTimeField(_("alert sent"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "measure"]
        verbose_name = _("target result")
        verbose_name_plural = _("target results")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "measure", "department"],
                name="one_result_per_month_measure_department",
                condition=models.Q(department__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["month", "measure"],
                name="one_overall_result_per_month_measure",
                condition=models.Q(department__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.measure} {self.value}"


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", _("Corrective: remove the cause of complaints received")
    PREVENTIVE = "preventive", _("Preventive: keep a possible cause from giving complaints")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented, effect being checked")
    EFFECTIVE = "effective", _("Closed: effective")
    INEFFECTIVE = "ineffective", _("Closed: not effective")
    CANCELLED = "cancelled", _("Cancelled")


# Still to be done by its owner: what can be overdue.
UNFINISHED = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class CorrectiveAction(models.Model):
    """One entry of the CAPA register: a problem, its cause, what is done about it, by whom and
    when, and whether complaints with that cause dropped afterwards."""

    kind = models.CharField(
        _("kind"), max_length=12, choices=ActionKind.choices, default=ActionKind.CORRECTIVE
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    plan = models.TextField(_("what will be done"), blank=True)
    root_cause_category = models.ForeignKey(
        "resolution.RootCauseCategory",
        verbose_name=_("root cause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("complaint category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Measured instead of the root cause when no root cause is given."),
    )
    complaints = models.ManyToManyField(
        "complaints.Complaint", verbose_name=_("complaints"), blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    check_after_days = models.PositiveSmallIntegerField(
        _("check the effect after (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    implemented_at = models.DateTimeField(_("implemented"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    spike = models.ForeignKey(
        "insights.SpikeAlert",
        verbose_name=_("from the spike alert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("corrective or preventive action")
        verbose_name_plural = _("corrective and preventive actions")
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(status__in=["open", "in_progress"], escalated_at__isnull=True),
                name="capa_overdue_unescalated",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def check_due(self) -> datetime | None:
        if self.implemented_at is None:
            return None
        return self.implemented_at + timedelta(days=self.check_after_days)


class SpikeState(models.TextChoices):
    OPEN = "open", _("New")
    ACKNOWLEDGED = "acknowledged", _("Seen")
    ACTION = "action", _("Turned into an action")
    DISMISSED = "dismissed", _("Dismissed")


class SpikeAlert(models.Model):
    """A count of complaints abnormally high against its own history (insights.spikes)."""

    window = models.CharField(_("window"), max_length=5)  # "hour" or "day"
    dimension = models.CharField(_("counted by"), max_length=20)  # category, product, channel
    key = models.CharField(_("value"), max_length=200)
    label = models.CharField(_("what"), max_length=300)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    count = models.PositiveIntegerField(_("complaints"))
    baseline = models.FloatField(_("usual (median)"))
    threshold = models.FloatField(_("alert above"))
    state = models.CharField(
        _("state"), max_length=12, choices=SpikeState.choices, default=SpikeState.OPEN
    )
    created_at = models.DateTimeField(_("raised"), default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-count"]
        verbose_name = _("spike alert")
        verbose_name_plural = _("spike alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["window", "dimension", "key", "starts_at"], name="one_alert_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.count} ({self.starts_at:%Y-%m-%d %H:%M})"


class ProblemState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Problem(models.Model):
    """One underlying cause behind many complaints (an outage, a faulty batch), handled once:
    its resolution is sent to every linked customer in their language."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    complaints = models.ManyToManyField(
        "complaints.Complaint", verbose_name=_("complaints"), blank=True, related_name="problems"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProblemState.choices, default=ProblemState.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    # The resolution written in other languages, by language code; a customer whose language
    # has none gets `resolution`.
    resolution_translations = models.JSONField(
        _("resolution in other languages"), default=dict, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return self.title


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly (the past week, on Mondays)")
    MONTHLY = "monthly", _("Monthly (the past month, on the 1st)")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"


class ReportSchedule(models.Model):
    """A periodic report e-mailed to chosen people (insights.reports)."""

    name = models.CharField(_("name"), max_length=120)
    frequency = models.CharField(_("every"), max_length=10, choices=Frequency.choices)
    format = models.CharField(
        _("format"), max_length=4, choices=ReportFormat.choices, default=ReportFormat.PDF
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("send to"), related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: all departments."),
    )
    active = models.BooleanField(_("active"), default=True)
    last_period = models.CharField(_("last report covered"), max_length=20, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self) -> str:
        return self.name


class Lesson(models.Model):
    """What a closed complaint taught, written for the handlers of the next ones of its kind:
    shown beside new complaints of the same category, searchable by category and language."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="lesson"
    )
    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("lesson"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        indexes = [models.Index(fields=["category", "language"], name="lesson_category_language")]

    def __str__(self) -> str:
        return self.title


# The internal audit's checklist: what each sampled closed complaint is reviewed against.
CHECKLIST = {
    "acknowledged_in_time": _("Acknowledged in time"),
    "assessed": _("Assessed (category, severity, responsible department)"),
    "cause_found": _("Cause found"),
    "customer_informed": _("Customer informed of the decision"),
    "remedy_fair": _("Remedy fair"),
    "closed_properly": _("Closed properly"),
}


class AuditSample(models.Model):
    """A random sample of closed complaints drawn for the internal audit of the process."""

    start = models.DateField(_("closed from"))
    end = models.DateField(_("closed until"))
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    size = models.PositiveSmallIntegerField(_("sample size"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now)

    class Meta:
        ordering = ["-drawn_at"]
        verbose_name = _("audit sample")
        verbose_name_plural = _("audit samples")

    def __str__(self) -> str:
        return f"{self.start} – {self.end} ({self.size})"


class FindingState(models.TextChoices):
    NONE = "", _("Not reviewed")
    CONFORMS = "conforms", _("Conforms")
    FINDING = "finding", _("Finding to follow up")
    FOLLOWED_UP = "followed_up", _("Finding followed up")


class AuditItem(models.Model):
    """One sampled complaint reviewed against the checklist, with its finding."""

    sample = models.ForeignKey(AuditSample, on_delete=models.CASCADE, related_name="items")
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="+"
    )
    # {checklist key: True / False / None (not applicable)}
    answers = models.JSONField(_("checklist"), default=dict, blank=True)
    finding = models.TextField(_("finding"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=FindingState.choices,
        default=FindingState.NONE,
        blank=True,
    )
    action = models.ForeignKey(
        CorrectiveAction,
        verbose_name=_("corrective action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["sample", "id"]
        verbose_name = _("audited complaint")
        verbose_name_plural = _("audited complaints")
        constraints = [
            models.UniqueConstraint(fields=["sample", "complaint"], name="one_item_per_complaint")
        ]

    def __str__(self) -> str:
        return f"{self.sample_id}: {self.complaint_id}"


class ManagementReview(models.Model):
    """The periodic management review: its inputs (the figures, audit findings, actions) and
    its outputs (decisions, actions)."""

    held_on = models.DateField(_("held on"))
    period = models.CharField(_("period reviewed"), max_length=20, help_text=_("e.g. 2026-11"))
    # The figures of the period as the report gives them, kept as they were on the day.
    figures = models.JSONField(_("figures"), default=list, blank=True)
    inputs = models.TextField(_("other inputs"), blank=True)
    decisions = models.TextField(_("decisions"))
    actions = models.ManyToManyField(
        CorrectiveAction, verbose_name=_("actions decided"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")

    def __str__(self) -> str:
        return f"{self.held_on} ({self.period})"


# The daily rollup of the dashboard's figures lives in its own module (insights/rollup.py
# counts it); imported here so Django finds its models.
from complaintdesk.insights.models.rollup import (  # noqa: E402, F401
    DailyBreaches,
    DailyDepartmentFigures,
    DailyFigures,
    DailyTimes,
    RollupState,
)
