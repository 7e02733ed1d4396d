"""Reads for triage: the configuration the engine runs with, the active models, the labels
people gave, and the complaints waiting for a person to triage them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Category, Complaint, Customer
from complaintdesk.triage.assessment import GUIDANCE, TRIAGE_REQUIRED, TriageConfiguration
from complaintdesk.triage.models import (
    AssessedField,
    FieldAssessment,
    FieldThreshold,
    ModelVersion,
    PriorityCell,
    Rule,
    Source,
    TriageSettings,
)
from complaintdesk.triage.rules import CompiledRule, compile_rule

# The assessed fields that are fields of the complaint a person sets at triage; a handler
# corrects them from the assessment panel in one click.
CORRECTABLE = (
    AssessedField.NATURE,
    AssessedField.CATEGORY,
    AssessedField.SEVERITY,
    AssessedField.IMPACT_SCOPE,
    AssessedField.COMPLEXITY,
    AssessedField.IMMEDIATE_ACTION,
    AssessedField.PRIORITY,
)

# Where a field's human label is read from on a complaint.
COMPLAINT_LABELS = {
    "nature": "nature",
    "category": "category__code",
    "severity": "severity",
    "impact_scope": "impact_scope",
    "complexity": "complexity",
}


def compiled_rules() -> tuple[CompiledRule, ...]:
    compiled = []
    for rule in Rule.objects.filter(active=True).order_by("order", "id"):
        found = compile_rule(
            name=rule.name,
            field=rule.field,
            language=rule.language,
            match=rule.match,
            expression=rule.expression,
            value=rule.value,
            confidence=rule.confidence,
            order=rule.order,
        )
        if found is not None:
            compiled.append(found)
    return tuple(compiled)


def triage_configuration() -> TriageConfiguration:
    current = TriageSettings.current()
    return TriageConfiguration(
        rules=compiled_rules(),
        matrix={
            (cell.urgency, cell.importance): cell.priority for cell in PriorityCell.objects.all()
        },
        thresholds={
            threshold.field: threshold.minimum_confidence
            for threshold in FieldThreshold.objects.all()
        },
        claimed_amount_threshold=current.claimed_amount_threshold,
        repeat_complaints=current.repeat_complaints,
        repeat_days=current.repeat_days,
        several_departments=current.several_departments,
    )


def active_model_versions() -> list[ModelVersion]:
    return list(ModelVersion.objects.filter(active=True).order_by("field"))


def model_versions(field: str) -> QuerySet[ModelVersion]:
    return ModelVersion.objects.filter(field=field).order_by("-created_at", "-id")


def recent_complaint_count(customer: Customer, *, days: int, exclude: int | None = None) -> int:
    """How many complaints the customer made in the last `days` days, besides `exclude`."""
    since = timezone.now() - timedelta(days=days)
    complaints = Complaint.objects.filter(customer=customer, received_at__gte=since)
    if exclude is not None:
        complaints = complaints.exclude(pk=exclude)
    return complaints.count()


def training_examples(field: str) -> tuple[list[str], list[str]]:
    """Texts and labels for a field from the complaints people settled: those a person
    triaged, with each person's correction taking precedence over what is on the complaint."""
    if field not in COMPLAINT_LABELS:
        raise ValueError(
            f"no labels are kept for {field!r}; choose from {sorted(COMPLAINT_LABELS)}"
        )
    column = COMPLAINT_LABELS[field]
    corrections = dict(
        FieldAssessment.objects.filter(field=field, source=Source.HUMAN).values_list(
            "complaint_id", "value"
        )
    )
    texts: list[str] = []
    labels: list[str] = []
    settled = Complaint.objects.filter(triaged_at__isnull=False) | Complaint.objects.filter(
        pk__in=list(corrections)
    )
    rows = settled.order_by("id").values_list("id", "subject", "description", column)
    for complaint_id, subject, description, label in rows.iterator(chunk_size=2000):
        value = corrections.get(complaint_id, label)
        if value in (None, ""):
            continue
        texts.append(f"{subject}\n{description}")
        labels.append(str(value))
    return texts, labels


def _left_for_a_person() -> QuerySet[FieldAssessment]:
    return FieldAssessment.objects.filter(field__in=TRIAGE_REQUIRED, applied=False).exclude(
        source=Source.HUMAN
    )


def needs_triage() -> QuerySet[Complaint]:
    """Complaints with a required field that triage left for a person and nobody has set."""
    waiting = _left_for_a_person().filter(complaint=OuterRef("pk"))
    return Complaint.objects.filter(Exists(waiting), triaged_at__isnull=True)


def waits_for_triage(complaint: Complaint) -> bool:
    return _left_for_a_person().filter(complaint=complaint).exists()


def field_assessments(complaint: Complaint) -> dict[str, FieldAssessment]:
    return {row.field: row for row in FieldAssessment.objects.filter(complaint=complaint)}


@dataclass(frozen=True)
class AssessedRow:
    """One field of the assessment as the handler sees it beside the complaint."""

    field: str
    label: str
    value: Any
    suggestion: Any
    confidence: float
    source: str
    explanation: str
    applied: bool
    # A correction can be made here (a field of the complaint a person may set).
    correctable: bool
    choices: list[tuple[str, str]]

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)

    @property
    def by_person(self) -> bool:
        return self.source == Source.HUMAN


@dataclass(frozen=True)
class AssessmentPanel:
    rows: list[AssessedRow]
    guidance: list[str]
    waiting: bool

    @property
    def left_for_a_person(self) -> list[AssessedRow]:
        return [row for row in self.rows if not row.applied]


def _choices(field: str) -> list[tuple[str, str]]:
    if field == AssessedField.CATEGORY:
        return [(c.code, c.name) for c in Category.objects.filter(active=True).order_by("name")]
    if field == AssessedField.IMMEDIATE_ACTION:
        return [("yes", str(_("Yes"))), ("no", str(_("No")))]
    return complaint_choices(field)


def complaint_choices(field: str) -> list[tuple[str, str]]:
    """The choices of a field of the complaint (severity, nature…), as (code, label)."""
    model_field = Complaint._meta.get_field(field)
    choices = getattr(model_field, "choices", None) or []
    return [(str(code), str(label)) for code, label in choices]


def _shown(field: str, value: Any, choices: dict[str, str]) -> Any:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if value is None or value == "":
        return None
    return choices.get(str(value), value)


def assessment_panel(complaint: Complaint) -> AssessmentPanel:
    """What triage concluded about the complaint, field by field with its reason and
    confidence, and how to handle the customer (assessment.GUIDANCE)."""
    stored = field_assessments(complaint)
    rows = []
    for field, label in AssessedField.choices:
        if field not in stored:
            continue
        row = stored[field]
        correctable = field in CORRECTABLE
        choices = _choices(field) if correctable else []
        names = dict(choices)
        rows.append(
            AssessedRow(
                field=field,
                label=str(label),
                value=_shown(field, row.value if row.applied else None, names),
                suggestion=_shown(field, row.value, names),
                confidence=row.confidence,
                source=row.get_source_display(),
                explanation=row.explanation,
                applied=row.applied,
                correctable=correctable,
                choices=choices,
            )
        )
    guidance = []
    state = stored.get(AssessedField.CUSTOMER_STATE)
    if state is not None and state.value in GUIDANCE:
        guidance.append(str(GUIDANCE[state.value]))
    intensity = stored.get(AssessedField.EMOTIONAL_INTENSITY)
    if intensity is not None and intensity.value == "high":
        guidance.append(str(GUIDANCE["intense"]))
    if complaint.abnormal:
        guidance.append(str(GUIDANCE["abnormal"]))
    waiting = complaint.triaged_at is None and any(
        not r.applied and r.source != Source.HUMAN and r.field in TRIAGE_REQUIRED
        for r in stored.values()
    )
    return AssessmentPanel(rows=rows, guidance=guidance, waiting=waiting)
