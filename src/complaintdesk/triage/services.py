"""Triage's use cases: assess a text (pure and fast), assess a complaint and record it, and
train, activate and roll back the models."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import InvalidFields, field_changes, save_versioned
from complaintdesk.complaints.models import Category, Complaint, Customer
from complaintdesk.complaints.services import update_complaint
from complaintdesk.triage import selectors
from complaintdesk.triage.assessment import (
    Assessment,
    LoadedModel,
    TriageConfiguration,
    compose,
    predict_many,
)
from complaintdesk.triage.classifier import store
from complaintdesk.triage.classifier.language import detect_languages
from complaintdesk.triage.classifier.text import plain
from complaintdesk.triage.models import (
    LEARNED_FIELDS,
    ORDERED_LABELS,
    AssessedField,
    FieldAssessment,
    ModelSource,
    ModelVersion,
    Source,
)

if TYPE_CHECKING:
    from complaintdesk.triage.classifier.training import (
        Progress,
        TrainingOptions,
        TrainingResult,
    )

# Training, evaluation and models saved before compilation import scikit-learn; they are
# imported where used, so a web worker that only assesses never loads it (docs/triage.md).

logger = logging.getLogger(__name__)

# A new model may be this much worse on the same held-back texts and still count as "not
# worse": the difference is within what the sampling of those texts moves.
NOT_WORSE_TOLERANCE = 0.01
# How many texts assess_many hands the models at once.
PREDICTION_SLICE = 1000
# Fields of the complaint that an assessment fills in when nobody has set them.
APPLIED_TO_COMPLAINT = ("nature", "severity", "impact_scope", "complexity", "priority")
# What a new assessment of a field replaces.
ASSESSMENT_COLUMNS = [
    "value", "applied", "confidence", "source", "explanation", "model_version", "assessed_at"
]  # fmt: skip


class NoEarlierModel(LookupError):
    """Rollback asked for, but no earlier model version of the field was ever active."""


# The configuration and models, read once and kept for a short while, so assessing costs no
# query; admin changes and activations in this process clear it at once, other processes
# pick them up within CACHE_SECONDS.
CACHE_SECONDS = 30.0
_cache_lock = threading.Lock()
_cached: dict[str, Any] = {}
_loaded_models: dict[str, LoadedModel] = {}


def forget_cached_configuration() -> None:
    with _cache_lock:
        _cached.clear()


def _current() -> tuple[TriageConfiguration, dict[str, LoadedModel]]:
    with _cache_lock:
        if _cached and time.monotonic() - _cached["at"] < CACHE_SECONDS:
            return _cached["configuration"], _cached["models"]
    configuration = selectors.triage_configuration()
    models = {}
    for version in selectors.active_model_versions():
        loaded = _load(version)
        if loaded is not None:
            models[version.field] = loaded
    with _cache_lock:
        _cached.update(at=time.monotonic(), configuration=configuration, models=models)
    return configuration, models


def _load(version: ModelVersion) -> LoadedModel | None:
    if version.name in _loaded_models:
        return _loaded_models[version.name]
    try:
        classifier = store.load(Path(settings.MODELS_DIR) / version.path)
    except (OSError, ValueError, EOFError) as exc:
        # Triage goes on with rules alone rather than failing every complaint.
        logger.error("model %s for %s cannot be loaded: %s", version.name, version.field, exc)
        return None
    loaded = LoadedModel(version.name, classifier)
    _loaded_models[version.name] = loaded
    return loaded


def detect_language(text: str) -> str:
    """The text's language as one of settings.LANGUAGES' codes, or "" when it cannot tell
    (intake uses this when the sender declared none)."""
    code, _confidence = detect_languages([plain(text)])[0]
    if not code:
        return ""
    supported = [language for language, _name in settings.LANGUAGES]
    if code in supported:
        return code
    return next((language for language in supported if language.startswith(f"{code}-")), "")


def assess(
    text: str,
    *,
    language: str | None = None,
    claimed_amount: Decimal | None = None,
    customer: Customer | None = None,
    recent_complaints: int | None = None,
    department_of: Mapping[str, str] | None = None,
    exclude_complaint: int | None = None,
) -> Assessment:
    """Assess one complaint text. Writes nothing. With a customer, their recent complaints
    are counted (one query) unless `recent_complaints` is given."""
    configuration, models = _current()
    if recent_complaints is None and customer is not None and customer.pk is not None:
        recent_complaints = selectors.recent_complaint_count(
            customer, days=configuration.repeat_days, exclude=exclude_complaint
        )
    return compose(
        text,
        configuration=configuration,
        models=models,
        language=language,
        claimed_amount=claimed_amount,
        recent_complaints=recent_complaints,
        department_of=department_of,
    )


def assess_many(texts: Sequence[str], *, language: str | None = None) -> list[Assessment]:
    """Assess many texts with the configuration and models read once and the language
    detector running on every core."""
    configuration, models = _current()
    texts = [text if isinstance(text, str) else "" for text in texts]
    languages = detect_languages([plain(text) for text in texts]) if not language else None
    # The models' arithmetic is done for a slice of texts at once.
    predicted = [
        answers
        for start in range(0, len(texts), PREDICTION_SLICE)
        for answers in predict_many(models, texts[start : start + PREDICTION_SLICE])
    ]
    return [
        compose(
            text,
            configuration=configuration,
            models=models,
            language=language,
            detected_language=languages[index] if languages else None,
            predicted=predicted[index],
        )
        for index, text in enumerate(texts)
    ]


@transaction.atomic(savepoint=False)
def assess_complaint(complaint: Complaint, *, actor: User | None = None) -> Assessment:
    """Assess a complaint, keep the assessment field by field, and fill in the complaint's
    fields that nobody has set yet with the values confident enough to apply."""
    assessment = assess(
        f"{complaint.subject}\n{complaint.description}",
        # Kept from intake, which declared or detected it.
        language=complaint.language or None,
        claimed_amount=complaint.claimed_amount,
        customer=complaint.customer,
        exclude_complaint=complaint.pk,
    )
    decided_by_people = set(
        FieldAssessment.objects.filter(complaint=complaint, source=Source.HUMAN)
        .order_by()  # the default order joins the complaint, for nothing here
        .values_list("field", flat=True)
    )
    now = timezone.now()
    # One statement for every field: new ones inserted, earlier assessments replaced.
    FieldAssessment.objects.bulk_create(
        [
            FieldAssessment(
                complaint=complaint,
                field=name,
                value=result.suggestion,
                applied=result.applied,
                confidence=result.confidence,
                source=result.source,
                explanation=result.explanation[:2000],
                model_version=result.model_version,
                assessed_at=now,
            )
            for name, result in assessment.fields.items()
            if name not in decided_by_people
        ],
        update_conflicts=True,
        unique_fields=["complaint", "field"],
        update_fields=ASSESSMENT_COLUMNS,
    )
    updates = _complaint_updates(complaint, assessment, decided_by_people)
    changes = field_changes(complaint, updates)
    if changes:
        save_versioned(complaint, list(updates), None)
    record(
        action="complaint.assessed",
        actor=actor,
        actor_label="" if actor else "triage",
        complaint=complaint,
        changes=changes,
        note=(
            "needs triage: " + ", ".join(assessment.needs_triage)
            if assessment.needs_triage
            else "assessed automatically"
        ),
    )
    return assessment


def _as_label(value: Any) -> Any:
    # A category is kept by its code, like triage's own suggestions.
    if isinstance(value, Category):
        return value.code
    return value


def record_corrections(complaint: Complaint, changes: dict[str, list[Any]], *, actor: User) -> None:
    """A person set assessed fields (the triage action or an edit): their values stand from now
    on, triage never overwrites them, and `complaintdesk train` learns from them. The change
    itself is already in the audit trail with its old and new value."""
    now = timezone.now()
    for name in set(changes) & set(AssessedField.values):
        value = getattr(complaint, name)
        if value in (None, "", []):
            continue
        FieldAssessment.objects.update_or_create(
            complaint=complaint,
            field=name,
            defaults={
                "value": _as_label(value),
                "applied": True,
                "confidence": 1.0,
                "source": Source.HUMAN,
                "explanation": str(actor),
                "model_version": "",
                "assessed_at": now,
            },
        )


def _complaint_updates(
    complaint: Complaint, assessment: Assessment, decided_by_people: set[str]
) -> dict[str, Any]:
    updates: dict[str, Any] = {}
    for name in APPLIED_TO_COMPLAINT:
        value = assessment.value(name)
        if value and name not in decided_by_people and not getattr(complaint, name):
            updates[name] = value
    code = assessment.value("category")
    if code and complaint.category_id is None and "category" not in decided_by_people:
        category = Category.objects.filter(code=code, active=True).first()
        if category is not None:
            updates["category"] = category
    if assessment.value("immediate_action") and not complaint.immediate_action:
        updates["immediate_action"] = True
    if assessment.abnormal:
        updates["abnormal"] = True
        updates["abnormal_reasons"] = sorted(
            set(complaint.abnormal_reasons) | set(assessment.abnormal_reasons)
        )
    if assessment.value("remedy_sought") and not complaint.remedy_sought:
        updates["remedy_sought"] = list(assessment.value("remedy_sought"))
    if assessment.claimed_amount is not None and complaint.claimed_amount is None:
        updates["claimed_amount"] = assessment.claimed_amount
        updates["claimed_currency"] = assessment.claimed_currency
    return updates


@dataclass(frozen=True)
class TrainingOutcome:
    version: ModelVersion
    activated: bool
    reason: str


def train_model(
    field: str,
    *,
    force: bool = False,
    options: TrainingOptions | None = None,
    progress: Progress | None = None,
    actor: User | None = None,
) -> TrainingOutcome:
    """Retrain a field's model from the complaints people settled, and activate it if it is
    not worse than the active one on the same held-back complaints (or if forced)."""
    from complaintdesk.triage.classifier.training import train_classifier

    if field not in LEARNED_FIELDS:
        raise ValueError(f"no model is trained for {field!r}; choose from {list(LEARNED_FIELDS)}")
    texts, labels = selectors.training_examples(field)
    trained = train_classifier(
        texts, labels, field=field, options=training_options(field, options), progress=progress
    )
    return register_model(field, trained, source=ModelSource.DATABASE, force=force, actor=actor)


def training_options(field: str, options: TrainingOptions | None = None) -> TrainingOptions:
    """The options for a field's model: a field whose labels are levels learns their order."""
    from complaintdesk.triage.classifier.training import TrainingOptions

    options = options or TrainingOptions()
    order = ORDERED_LABELS.get(field)
    return replace(options, order=order) if order and not options.order else options


def register_model(
    field: str,
    trained: TrainingResult,
    *,
    source: str,
    force: bool = False,
    actor: User | None = None,
) -> TrainingOutcome:
    """Keep a trained model as a new version of the field, and activate it unless it is worse
    than the active one."""
    name = store.new_version_name(field)
    relative = f"{field}/{name}"
    report = dict(trained.report)
    active = ModelVersion.objects.filter(field=field, active=True).first()
    worse_reason = ""
    if active is not None:
        comparison = _compare(active, trained)
        report["compared_with"] = comparison
        new = trained.report.get("held_back") or trained.report["cross_validation"]
        if comparison and (
            new["macro_f1"] < comparison["macro_f1"] - NOT_WORSE_TOLERANCE
            or new["accuracy"] < comparison["accuracy"] - NOT_WORSE_TOLERANCE
        ):
            worse_reason = (
                f"worse than {active.name} on the same held-back complaints "
                f"(macro-F1 {new['macro_f1']:.3f} vs {comparison['macro_f1']:.3f}, "
                f"accuracy {new['accuracy']:.3f} vs {comparison['accuracy']:.3f})"
            )
    store.save(trained.classifier, report, Path(settings.MODELS_DIR) / relative)
    with transaction.atomic():
        version = ModelVersion.objects.create(
            field=field,
            name=name,
            path=relative,
            source=source,
            examples=int(report.get("examples", 0)),
            report=report,
            note=f"not activated: {worse_reason}" if worse_reason and not force else "",
        )
        record(
            action="model.trained",
            actor=actor,
            subject=f"model:{name}",
            note=f"{field}: {version.examples} examples",
        )
        if worse_reason and not force:
            return TrainingOutcome(version, False, worse_reason)
        _activate(version, actor=actor, action="model.activated")
    reason = "forced" if worse_reason else "not worse than the active model" if active else "first"
    return TrainingOutcome(version, True, reason)


def _compare(active: ModelVersion, trained: TrainingResult) -> dict[str, Any]:
    """The active model's scores on the new model's held-back texts."""
    from complaintdesk.triage.classifier.metrics import evaluate

    if not trained.held_back_texts:
        return {}
    loaded = _load(active)
    if loaded is None:
        return {}
    predictions = loaded.classifier.predict(trained.held_back_texts)
    labels = sorted(set(trained.held_back_labels) | set(loaded.classifier.classes.tolist()))
    scores = evaluate(
        trained.held_back_labels,
        [prediction.label for prediction in predictions],
        np.array([prediction.confidence for prediction in predictions]),
        threshold=loaded.classifier.threshold,
        labels=labels,
    )
    return {
        "version": active.name,
        "accuracy": scores["accuracy"],
        "macro_f1": scores["macro_f1"],
        "coverage": scores["coverage"],
    }


@transaction.atomic
def activate_model(version: ModelVersion, *, actor: User | None = None) -> ModelVersion:
    """Make this version the field's model, whatever its scores."""
    _activate(version, actor=actor, action="model.activated")
    return version


@transaction.atomic
def rollback_model(field: str, *, actor: User | None = None) -> ModelVersion:
    """Go back to the version that was active before the current one."""
    current = ModelVersion.objects.select_for_update().filter(field=field, active=True).first()
    earlier = ModelVersion.objects.filter(field=field, activated_at__isnull=False)
    if current is not None:
        earlier = earlier.exclude(pk=current.pk).filter(activated_at__lte=current.activated_at)
    previous = earlier.order_by("-activated_at", "-id").first()
    if previous is None:
        raise NoEarlierModel(f"no earlier {field} model was ever active")
    _activate(previous, actor=actor, action="model.rolled_back")
    return previous


def _activate(version: ModelVersion, *, actor: User | None, action: str) -> None:
    ModelVersion.objects.filter(field=version.field, active=True).exclude(pk=version.pk).update(
        active=False
    )
    version.active = True
    version.activated_at = timezone.now()
    version.save(update_fields=["active", "activated_at"])
    record(action=action, actor=actor, subject=f"model:{version.name}", note=version.field)
    transaction.on_commit(forget_cached_configuration)


def correct_assessment(
    *, complaint: Complaint, actor: User, field: str, value: str, expected_version: int | None
) -> Complaint:
    """A handler's one-click correction of an assessed field: the complaint takes the value,
    the audit trail records old and new, and the value becomes a training label
    (record_corrections, through complaints.services.update_complaint's reactions)."""
    if field not in selectors.CORRECTABLE:
        raise InvalidFields({"field": str(_("cannot be corrected here"))})
    new: Any
    if field == AssessedField.CATEGORY:
        new = Category.objects.filter(code=value, active=True).first()
        if new is None:
            raise InvalidFields({"value": str(_("is not an active category"))})
    elif field == AssessedField.IMMEDIATE_ACTION:
        if value not in ("yes", "no"):
            raise InvalidFields({"value": str(_("must be yes or no"))})
        new = value == "yes"
    else:
        allowed = {code for code, _label in selectors.complaint_choices(field)}
        if value not in allowed:
            raise InvalidFields(
                {"value": str(_("must be one of: %s")) % ", ".join(sorted(allowed))}
            )
        new = value
    label = AssessedField(field).label
    return update_complaint(
        complaint=complaint,
        actor=actor,
        expected_version=expected_version,
        fields={field: new},
        note=str(_("Triage corrected: %(field)s")) % {"field": label},
    )
