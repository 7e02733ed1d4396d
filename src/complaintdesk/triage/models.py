"""What triage is configured with (rules, the priority matrix, thresholds, model versions) and
what it concluded about each complaint, field by field."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import (
    Complexity,
    ImpactScope,
    Nature,
    Priority,
    Remedy,
    Severity,
)


class AssessedField(models.TextChoices):
    LANGUAGE = "language", _("Language")
    NATURE = "nature", _("Nature")
    CATEGORY = "category", _("Category")
    SEVERITY = "severity", _("Severity")
    IMPACT_SCOPE = "impact_scope", _("Impact scope")
    COMPLEXITY = "complexity", _("Complexity")
    IMMEDIATE_ACTION = "immediate_action", _("Needs immediate action")
    REMEDY_SOUGHT = "remedy_sought", _("Remedy sought")
    CUSTOMER_STATE = "customer_state", _("Customer's state")
    EMOTIONAL_INTENSITY = "emotional_intensity", _("Emotional intensity")
    PRIORITY = "priority", _("Priority")
    ABNORMAL = "abnormal", _("Abnormal")


# The fields a learned model can be trained for.
LEARNED_FIELDS = (
    AssessedField.NATURE,
    AssessedField.CATEGORY,
    AssessedField.SEVERITY,
    AssessedField.IMPACT_SCOPE,
    AssessedField.COMPLEXITY,
)
# Fields whose labels are levels, mildest first: their models learn the order too.
ORDERED_LABELS: dict[str, tuple[str, ...]] = {
    AssessedField.SEVERITY: tuple(Severity.values),
    AssessedField.COMPLEXITY: tuple(Complexity.values),
}


class Signal(models.TextChoices):
    """What a rule can spot in a text besides a field's value; signals raise the abnormal
    flag, the impact scope and the urgency."""

    LEGAL_THREAT = "legal_threat", _("Legal threat")
    MEDIA_THREAT = "media_threat", _("Media threat")
    SAFETY = "safety", _("Safety hazard")
    FAILED_REMEDY = "failed_remedy", _("An earlier remedy failed")
    URGENT = "urgent", _("Urgency stated")
    INTENSE = "intense", _("Strong emotion")


class CustomerState(models.TextChoices):
    VENT = "vent", _("Wants to vent")
    RESPECT = "respect", _("Wants respect and attention")
    REMEDY = "remedy", _("Wants a remedy")


class RuleField(models.TextChoices):
    NATURE = "nature", _("Nature")
    CATEGORY = "category", _("Category")
    SEVERITY = "severity", _("Severity")
    IMPACT_SCOPE = "impact_scope", _("Impact scope")
    COMPLEXITY = "complexity", _("Complexity")
    IMMEDIATE_ACTION = "immediate_action", _("Needs immediate action")
    REMEDY_SOUGHT = "remedy_sought", _("Remedy sought")
    CUSTOMER_STATE = "customer_state", _("Customer's state")
    SIGNAL = "signal", _("Signal")


# The values a rule may give each field; category values are the codes of the Category tree.
RULE_VALUES: dict[str, tuple[str, ...]] = {
    RuleField.NATURE: tuple(Nature.values),
    RuleField.SEVERITY: tuple(Severity.values),
    RuleField.IMPACT_SCOPE: tuple(ImpactScope.values),
    RuleField.COMPLEXITY: tuple(Complexity.values),
    RuleField.IMMEDIATE_ACTION: ("yes", "no"),
    RuleField.REMEDY_SOUGHT: tuple(Remedy.values),
    RuleField.CUSTOMER_STATE: tuple(CustomerState.values),
    RuleField.SIGNAL: tuple(Signal.values),
}


class RuleLanguage(models.TextChoices):
    ANY = "", _("Any language")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    FR = "fr", _("French")
    ZH = "zh", _("Chinese")


class MatchKind(models.TextChoices):
    KEYWORDS = "keywords", _("Keywords or phrases, one per line")
    PATTERN = "pattern", _("Regular expression")


class Rule(models.Model):
    """A rule an administrator edits: when its keywords or pattern appear in a complaint in
    its language, the field gets the value. Rules are tried in order; the first that fires
    decides a field, except remedies and signals, which collect every rule that fires."""

    name = models.CharField(_("name"), max_length=120)
    field = models.CharField(_("field"), max_length=20, choices=RuleField.choices)
    language = models.CharField(
        _("language"), max_length=5, choices=RuleLanguage.choices, blank=True
    )
    match = models.CharField(
        _("match"), max_length=10, choices=MatchKind.choices, default=MatchKind.KEYWORDS
    )
    expression = models.TextField(
        _("keywords or pattern"),
        help_text=_(
            "Keywords: one word or phrase per line, matched as whole words and ignoring case "
            "(Chinese: anywhere). Pattern: a Python regular expression, ignoring case."
        ),
    )
    value = models.CharField(_("resulting value"), max_length=60)
    confidence = models.FloatField(
        _("confidence"),
        default=0.9,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("How sure the rule is when it fires, from 0 to 1."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=100, help_text=_("Lower numbers are tried first.")
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["field", "order", "id"]
        verbose_name = _("triage rule")
        verbose_name_plural = _("triage rules")
        indexes = [models.Index(fields=["active", "field"], name="triage_rule_active_field")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.expression.strip():
            errors["expression"] = _("Give at least one keyword or a pattern.")
        elif self.match == MatchKind.PATTERN:
            try:
                re.compile(self.expression)
            except re.error as exc:
                errors["expression"] = _("Not a valid regular expression: %(error)s") % {
                    "error": exc
                }
        allowed = RULE_VALUES.get(self.field)
        if allowed is not None and self.value not in allowed:
            errors["value"] = _("For %(field)s the value must be one of: %(values)s") % {
                "field": self.get_field_display(),
                "values": ", ".join(allowed),
            }
        if self.field == RuleField.CATEGORY and not re.fullmatch(r"[-a-zA-Z0-9_]+", self.value):
            errors["value"] = _("For a category the value is the category's code.")
        if errors:
            raise ValidationError(errors)


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PriorityCell(models.Model):
    """One cell of the urgency × importance matrix that gives a complaint its priority."""

    urgency = models.CharField(_("urgency"), max_length=10, choices=Level.choices)
    importance = models.CharField(_("importance"), max_length=10, choices=Level.choices)
    priority = models.CharField(_("priority"), max_length=4, choices=Priority.choices)

    class Meta:
        ordering = ["urgency", "importance"]
        verbose_name = _("priority matrix cell")
        verbose_name_plural = _("priority matrix")
        constraints = [
            models.UniqueConstraint(
                fields=["urgency", "importance"], name="triage_priority_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_urgency_display()} × {self.get_importance_display()} → {self.priority}"


class TriageSettings(models.Model):
    """The organisation's thresholds for the abnormal flag (one row)."""

    claimed_amount_threshold = models.DecimalField(
        _("claimed amount above which a complaint is abnormal"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("1000.00"),
        validators=[MinValueValidator(Decimal(0))],
    )
    repeat_complaints = models.PositiveSmallIntegerField(
        _("complaints that make a repeat complainer"),
        default=3,
        validators=[MinValueValidator(2)],
    )
    repeat_days = models.PositiveSmallIntegerField(
        _("within this many days"), default=30, validators=[MinValueValidator(1)]
    )
    several_departments = models.PositiveSmallIntegerField(
        _("departments concerned that make a complaint abnormal"),
        default=2,
        validators=[MinValueValidator(2)],
    )

    class Meta:
        verbose_name = _("triage settings")
        verbose_name_plural = _("triage settings")

    def __str__(self) -> str:
        return str(_("Triage settings"))

    @classmethod
    def current(cls) -> TriageSettings:
        found, _created = cls.objects.get_or_create(pk=1)
        return found


class FieldThreshold(models.Model):
    """Below this confidence a field is left for a person, and the complaint waits in the
    "needs triage" queue."""

    field = models.CharField(_("field"), max_length=20, choices=AssessedField.choices, unique=True)
    minimum_confidence = models.FloatField(
        _("minimum confidence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Empty: a model's own threshold for 95% precision, and 0.5 for rules."),
    )

    class Meta:
        ordering = ["field"]
        verbose_name = _("confidence threshold")
        verbose_name_plural = _("confidence thresholds")

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.minimum_confidence}"


class ModelSource(models.TextChoices):
    DATABASE = "database", _("Handled complaints")
    FILE = "file", _("A labelled file")
    DEMO = "demo", _("The demo complaints")


class ModelVersion(models.Model):
    """A trained model for one field, kept in settings.MODELS_DIR; at most one per field is
    active."""

    field = models.CharField(_("field"), max_length=20, choices=AssessedField.choices)
    name = models.CharField(_("version"), max_length=80, unique=True)
    # Relative to settings.MODELS_DIR, so the data directory can move.
    path = models.CharField(_("path"), max_length=300)
    source = models.CharField(_("trained on"), max_length=10, choices=ModelSource.choices)
    examples = models.PositiveIntegerField(_("examples"), default=0)
    report = models.JSONField(_("evaluation report"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    activated_at = models.DateTimeField(_("last activated"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["field", "-created_at"]
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        constraints = [
            models.UniqueConstraint(
                fields=["field"],
                condition=models.Q(active=True),
                name="triage_one_active_model_per_field",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def directory(self) -> Path:
        return Path(settings.MODELS_DIR) / self.path


class Source(models.TextChoices):
    RULE = "rule", _("Rule")
    MODEL = "model", _("Model")
    HUMAN = "human", _("Person")
    INPUT = "input", _("Given at intake")
    DERIVED = "derived", _("Derived from other fields")


class FieldAssessment(models.Model):
    """What triage concluded about one field of one complaint, and why. A value below the
    field's threshold is kept as a suggestion and not applied."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="field_assessments",
    )
    field = models.CharField(_("field"), max_length=20, choices=AssessedField.choices)
    # The value as JSON: a code, a yes/no, a list of remedies; null when nothing was found.
    value = models.JSONField(_("value"), null=True, blank=True)
    applied = models.BooleanField(_("applied"), default=False)
    confidence = models.FloatField(_("confidence"), default=0.0)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    model_version = models.CharField(_("model version"), max_length=80, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        ordering = ["complaint", "field"]
        verbose_name = _("field assessment")
        verbose_name_plural = _("field assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "field"], name="triage_one_assessment_per_field"
            )
        ]
        indexes = [models.Index(fields=["field", "source"], name="triage_assessment_field_src")]

    def __str__(self) -> str:
        return f"{self.field}={self.value} ({self.source}, {self.confidence:.2f})"
