"""Putting an assessment together from the rules that fire, the models' predictions and the
organisation's thresholds and matrix. Pure: no database, no clock, so it is fast and the same
text with the same configuration always gets the same assessment."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from complaintdesk.triage.classifier import runtime
from complaintdesk.triage.classifier.language import detect_language
from complaintdesk.triage.classifier.runtime import CompiledModel
from complaintdesk.triage.classifier.text import plain
from complaintdesk.triage.rules import CompiledRule, RuleHit, claimed_amounts, matching

# A model's answer: label, confidence, and the terms that weighed most with their weights.
Answer = runtime.Answer
RULE_THRESHOLD = 0.5
DERIVED_CONFIDENCE = 0.6
# The fields that must be settled before a complaint leaves the "needs triage" queue.
TRIAGE_REQUIRED = ("language", "nature", "category", "severity", "impact_scope", "priority")
LANGUAGES = ("en", "es", "fr", "zh")
_ANGRY_EMOJI = re.compile("[\U0001f620\U0001f621\U0001f624\U0001f92c\U0001f47f\U0001f4a2]")
_LETTER = re.compile(r"[^\W\d_]")
# (language, message) → translation, filled as messages are used.
_TRANSLATED: dict[tuple[str | None, str], str] = {}

GUIDANCE = {
    "vent": _("Listen and let them finish; do not interrupt, argue or explain too early."),
    "respect": _(
        "Acknowledge their feelings and how they were treated; give your name and when you "
        "will next be in touch."
    ),
    "remedy": _("Explain the steps and when each will happen; consider a remedy or compensation."),
    "intense": _("Stay calm and acknowledge the feelings before the facts; do not argue."),
    "abnormal": _("Abnormal complaint: hand it to special handling."),
}


@dataclass(frozen=True)
class LoadedModel:
    version: str
    # Compiled (runtime.py); a model trained in this process is compiled on first use.
    classifier: CompiledModel


@dataclass(frozen=True)
class TriageConfiguration:
    rules: tuple[CompiledRule, ...] = ()
    # (urgency, importance) → priority code.
    matrix: Mapping[tuple[str, str], str] = field(default_factory=dict)
    # field → minimum confidence; None means the model's own threshold.
    thresholds: Mapping[str, float | None] = field(default_factory=dict)
    claimed_amount_threshold: Decimal = Decimal("1000")
    repeat_complaints: int = 3
    repeat_days: int = 30
    several_departments: int = 2


@dataclass(frozen=True)
class FieldResult:
    # The value applied; None when left for a person.
    value: Any
    # What triage would have said, shown to the person who decides.
    suggestion: Any
    confidence: float
    source: str
    explanation: str
    model_version: str = ""

    @property
    def applied(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Assessment:
    fields: dict[str, FieldResult]
    claimed_amount: Decimal | None
    claimed_currency: str
    guidance: tuple[str, ...]
    abnormal_reasons: tuple[str, ...]

    def value(self, name: str) -> Any:
        result = self.fields.get(name)
        return None if result is None else result.value

    @property
    def needs_triage(self) -> tuple[str, ...]:
        return tuple(name for name in TRIAGE_REQUIRED if not self.fields[name].applied)

    @property
    def abnormal(self) -> bool:
        return bool(self.abnormal_reasons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": {name: asdict(result) for name, result in self.fields.items()},
            "claimed_amount": None if self.claimed_amount is None else str(self.claimed_amount),
            "claimed_currency": self.claimed_currency,
            "guidance": [str(line) for line in self.guidance],
            "abnormal": self.abnormal,
            "abnormal_reasons": list(self.abnormal_reasons),
            "needs_triage": list(self.needs_triage),
        }


@dataclass
class _Draft:
    """The assessment while it is being put together."""

    text: str
    configuration: TriageConfiguration
    hits: list[RuleHit]
    results: dict[str, FieldResult] = field(default_factory=dict)
    language: str | None = field(default_factory=get_language)

    def gettext(self, message: str) -> str:
        """The message in the active language; remembered, as an assessment says the same
        few things again and again and looking up the active translation costs more."""
        key = (self.language, message)
        translated = _TRANSLATED.get(key)
        if translated is None:
            translated = _TRANSLATED[key] = gettext(message)
        return translated

    def hits_for(self, name: str) -> list[RuleHit]:
        return [hit for hit in self.hits if hit.rule.field == name]

    def signals(self) -> dict[str, RuleHit]:
        found: dict[str, RuleHit] = {}
        for hit in self.hits_for("signal"):
            found.setdefault(hit.rule.value, hit)
        return found

    def settle(
        self,
        name: str,
        suggestion: Any,
        confidence: float,
        source: str,
        explanation: str,
        *,
        model_version: str = "",
        model_threshold: float | None = None,
    ) -> FieldResult:
        configured = self.configuration.thresholds.get(name)
        if configured is not None:
            threshold = configured
        elif source == "model" and model_threshold is not None:
            threshold = model_threshold
        else:
            threshold = RULE_THRESHOLD
        applied = suggestion if suggestion is not None and confidence >= threshold else None
        result = FieldResult(
            applied, suggestion, round(float(confidence), 4), source, explanation, model_version
        )
        self.results[name] = result
        return result


def compose(
    text: str,
    *,
    configuration: TriageConfiguration,
    models: Mapping[str, LoadedModel],
    language: str | None = None,
    claimed_amount: Decimal | None = None,
    recent_complaints: int | None = None,
    department_of: Mapping[str, str] | None = None,
    detected_language: tuple[str, float] | None = None,
    predicted: Mapping[str, Answer] | None = None,
) -> Assessment:
    """The assessment of one complaint text. `detected_language` and `predicted` are the
    language detector's and the models' answers when the caller ran them for a batch
    (predict_many)."""
    cleaned = plain(text)
    draft = _Draft(cleaned, configuration, [])
    detected = _language(draft, language, detected_language)
    languages = {detected} if detected else set(LANGUAGES)
    if draft.results["language"].confidence < 0.7:
        # Mixed or uncertain: every language's keywords may be meant.
        languages = set(LANGUAGES)
    draft.hits = matching(configuration.rules, cleaned, languages)
    if predicted is None:
        # A field a rule decides does not need its model (_single takes the rule first).
        predicted = _predict_all(
            {name: model.classifier for name, model in models.items() if not draft.hits_for(name)},
            cleaned,
        )
    for name in ("nature", "category", "severity", "impact_scope", "complexity"):
        _single(draft, name, models.get(name), predicted.get(name))
    _derived_defaults(draft, claimed_amount, department_of)
    amount, currency = _remedy(draft, claimed_amount)
    _customer_state(draft)
    _priority(draft)
    reasons = _abnormal(draft, amount, recent_complaints, department_of)
    return Assessment(
        fields=draft.results,
        claimed_amount=amount,
        claimed_currency=currency,
        guidance=_guidance(draft, reasons),
        abnormal_reasons=reasons,
    )


def predict_one(classifier: Any, text: str) -> Answer:
    return runtime.answers({"field": _compiled(classifier)}, text)["field"]


def predict_many(
    models: Mapping[str, LoadedModel], texts: Sequence[str]
) -> list[dict[str, Answer]]:
    """Every field's answer for every text, each text analysed once for all the models."""
    return runtime.answers_many(
        {name: _compiled(model.classifier) for name, model in models.items()},
        [plain(text) for text in texts],
    )


def _predict_all(classifiers: Mapping[str, Any], text: str) -> dict[str, Answer]:
    """Each field's answer for one text, analysed once for all the models."""
    return runtime.answers({name: _compiled(c) for name, c in classifiers.items()}, text)


# Models trained in this process (tests, benchmarks) compiled once, by identity.
_compiled_in_memory: dict[int, tuple[Any, CompiledModel]] = {}


def _compiled(classifier: Any) -> CompiledModel:
    if isinstance(classifier, CompiledModel):
        return classifier
    found = _compiled_in_memory.get(id(classifier))
    if found is None or found[0] is not classifier:
        from complaintdesk.triage.classifier.compilation import compiled

        if len(_compiled_in_memory) > 16:
            _compiled_in_memory.clear()
        found = _compiled_in_memory[id(classifier)] = (classifier, compiled(classifier))
    return found[1]


def _language(draft: _Draft, given: str | None, detected: tuple[str, float] | None) -> str:
    if given:
        code = given.lower().split("-")[0].split("_")[0]
        draft.settle("language", code, 1.0, "input", draft.gettext("given at intake"))
        return code
    code, confidence = detected if detected is not None else detect_language(draft.text)
    if not code:
        draft.settle("language", None, 0.0, "model", draft.gettext("no words to go by"))
        return ""
    draft.settle("language", code, confidence, "model", draft.gettext("detected by lingua"))
    return code


def _single(
    draft: _Draft,
    name: str,
    model: LoadedModel | None,
    prediction: tuple[str, float, list[tuple[str, float]]] | None,
) -> None:
    hits = draft.hits_for(name)
    if hits:
        hit = hits[0]
        draft.settle(name, hit.rule.value, hit.rule.confidence, "rule", hit.explanation)
        return
    if model is not None and prediction is not None:
        label, confidence, words = prediction
        weighed = ", ".join(f'"{word}"' for word, _weight in words) or draft.gettext(
            "no telling words"
        )
        draft.settle(
            name,
            label,
            confidence,
            "model",
            draft.gettext("model %(version)s: %(words)s")
            % {"version": model.version, "words": weighed},
            model_version=model.version,
            model_threshold=model.classifier.threshold,
        )
        return
    draft.settle(name, None, 0.0, "rule", draft.gettext("no rule fired and no model is trained"))


def _derived_defaults(
    draft: _Draft, claimed_amount: Decimal | None, department_of: Mapping[str, str] | None
) -> None:
    signals = draft.signals()
    results = draft.results
    if results["severity"].suggestion is None:
        if "safety" in signals:
            hit = signals["safety"]
            draft.settle("severity", "critical", hit.rule.confidence, "derived", hit.explanation)
        elif "legal_threat" in signals or "media_threat" in signals:
            hit = signals.get("legal_threat") or signals["media_threat"]
            draft.settle("severity", "high", 0.7, "derived", hit.explanation)
    if results["impact_scope"].suggestion is None:
        draft.settle(
            "impact_scope",
            "one_customer",
            DERIVED_CONFIDENCE,
            "derived",
            draft.gettext(
                "no sign that other customers, the public, safety or the law are involved"
            ),
        )
    if results["complexity"].suggestion is None:
        categories = {hit.rule.value for hit in draft.hits_for("category")}
        if len(categories) > 1 or "legal_threat" in signals:
            why = (
                draft.gettext("several categories concerned")
                if len(categories) > 1
                else draft.gettext("legal threat")
            )
            draft.settle("complexity", "complex", DERIVED_CONFIDENCE, "derived", why)
        elif "failed_remedy" in signals or len(draft.hits_for("remedy_sought")) > 1:
            draft.settle(
                "complexity",
                "moderate",
                DERIVED_CONFIDENCE,
                "derived",
                draft.gettext("an earlier remedy failed or several remedies are asked for"),
            )
        else:
            draft.settle(
                "complexity",
                "simple",
                DERIVED_CONFIDENCE,
                "derived",
                draft.gettext("one issue, one remedy"),
            )
    hits = draft.hits_for("immediate_action")
    severity = results.get("severity")
    if hits:
        hit = hits[0]
        draft.settle(
            "immediate_action",
            hit.rule.value == "yes",
            hit.rule.confidence,
            "rule",
            hit.explanation,
        )
    elif severity is not None and severity.value == "critical":
        draft.settle(
            "immediate_action",
            True,
            severity.confidence,
            "derived",
            draft.gettext("critical severity"),
        )
    else:
        draft.settle(
            "immediate_action",
            False,
            DERIVED_CONFIDENCE,
            "derived",
            draft.gettext("nothing calls for action today"),
        )


def _remedy(draft: _Draft, given: Decimal | None) -> tuple[Decimal | None, str]:
    remedies: list[str] = []
    explanations = []
    confidence = 1.0
    for hit in draft.hits_for("remedy_sought"):
        if hit.rule.value not in remedies:
            remedies.append(hit.rule.value)
            explanations.append(hit.explanation)
            confidence = min(confidence, hit.rule.confidence)
    amounts = claimed_amounts(draft.text)
    amount, currency = (given, "") if given is not None else (amounts[0] if amounts else (None, ""))
    if amount is not None and given is None:
        explanations.append(
            draft.gettext("amount stated: %(amount)s %(currency)s")
            % {"amount": amount, "currency": currency}
        )
        if not {"refund", "compensation"} & set(remedies):
            # A sum of money named in a complaint is nearly always a sum wanted back.
            remedies.append("refund")
            confidence = min(confidence, 0.6)
    draft.settle(
        "remedy_sought",
        remedies,
        confidence if remedies else 1.0,
        "rule",
        "; ".join(explanations) or draft.gettext("no remedy named"),
    )
    return amount, currency


def _customer_state(draft: _Draft) -> None:
    hits = draft.hits_for("customer_state")
    remedies = draft.results["remedy_sought"].value or []
    nature = draft.results.get("nature")
    if hits:
        draft.settle(
            "customer_state",
            hits[0].rule.value,
            hits[0].rule.confidence,
            "rule",
            hits[0].explanation,
        )
    elif remedies:
        draft.settle(
            "customer_state",
            "remedy",
            0.7,
            "derived",
            draft.gettext("asks for %(remedies)s") % {"remedies": ", ".join(remedies)},
        )
    elif nature is not None and nature.suggestion == "venting":
        draft.settle(
            "customer_state", "vent", nature.confidence, "derived", draft.gettext("venting")
        )
    else:
        draft.settle(
            "customer_state",
            "remedy",
            0.5,
            "derived",
            draft.gettext("no other sign; most want a fix"),
        )
    text = draft.text
    score = 0.0
    reasons = []
    if "intense" in draft.signals():
        score += 1
        reasons.append(draft.signals()["intense"].explanation)
    if text.count("!") >= 3:
        score += 1
        reasons.append(draft.gettext("many exclamation marks"))
    letters = _LETTER.findall(text[:5000])
    if len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) > 0.6:
        score += 1
        reasons.append(draft.gettext("written in capitals"))
    if _ANGRY_EMOJI.search(text[:5000]):
        score += 1
        reasons.append(draft.gettext("angry emoji"))
    if "failed_remedy" in draft.signals():
        score += 0.5
        reasons.append(draft.gettext("an earlier remedy failed"))
    level = "high" if score >= 2 else "medium" if score >= 1 else "low"
    draft.settle(
        "emotional_intensity",
        level,
        0.7,
        "derived",
        "; ".join(reasons) or draft.gettext("calm wording"),
    )


def _priority(draft: _Draft) -> None:
    results = draft.results
    severity = results.get("severity")
    severity_value = severity.value if severity is not None else None
    impact = results["impact_scope"].value
    immediate = results["immediate_action"].value
    urgent = "urgent" in draft.signals()
    if immediate or severity_value == "critical":
        urgency = "high"
    elif severity_value == "high" or urgent:
        urgency = "medium"
    else:
        urgency = "low"
    if severity_value == "critical" or impact in {"public", "safety_legal"}:
        importance = "high"
    elif severity_value in {"high", "medium"} or impact == "several_customers":
        importance = "medium"
    else:
        importance = "low"
    priority = draft.configuration.matrix.get((urgency, importance))
    used = [results[name] for name in ("impact_scope", "immediate_action")]
    confidence = min(result.confidence for result in used)
    if severity_value is None:
        # Priority without a severity is a guess; a person settles both.
        confidence = min(confidence, 0.4)
    else:
        confidence = min(confidence, severity.confidence if severity else 0.0)
    draft.settle(
        "priority",
        priority,
        confidence,
        "derived",
        draft.gettext("urgency %(urgency)s × importance %(importance)s")
        % {"urgency": urgency, "importance": importance},
    )


def _abnormal(
    draft: _Draft,
    amount: Decimal | None,
    recent_complaints: int | None,
    department_of: Mapping[str, str] | None,
) -> tuple[str, ...]:
    configuration = draft.configuration
    results = draft.results
    signals = draft.signals()
    reasons: list[tuple[str, str, float]] = []
    severity = results.get("severity")
    if severity is not None and severity.value == "critical":
        reasons.append(("critical_severity", severity.explanation, severity.confidence))
    impact = results["impact_scope"]
    if impact.value in {"public", "safety_legal"}:
        reasons.append(("public_or_safety_impact", impact.explanation, impact.confidence))
    for signal in ("legal_threat", "media_threat", "failed_remedy"):
        if signal in signals:
            hit = signals[signal]
            reasons.append((signal, hit.explanation, hit.rule.confidence))
    if amount is not None and amount > configuration.claimed_amount_threshold:
        reasons.append(
            (
                "amount_above_threshold",
                draft.gettext("%(amount)s above %(threshold)s")
                % {"amount": amount, "threshold": configuration.claimed_amount_threshold},
                1.0,
            )
        )
    if recent_complaints is not None and recent_complaints + 1 >= configuration.repeat_complaints:
        reasons.append(
            (
                "repeat_complainer",
                draft.gettext("%(count)s complaints in %(days)s days")
                % {"count": recent_complaints + 1, "days": configuration.repeat_days},
                1.0,
            )
        )
    categories = {hit.rule.value for hit in draft.hits_for("category")}
    # Only with the routing's category → department map: categories alone do not tell.
    concerned = {department_of.get(code, code) for code in categories} if department_of else set()
    if len(concerned) >= configuration.several_departments:
        reasons.append(
            (
                "several_departments",
                draft.gettext("concerns %(departments)s")
                % {"departments": ", ".join(sorted(concerned))},
                0.7,
            )
        )
    codes = tuple(dict.fromkeys(code for code, _why, _confidence in reasons))
    draft.settle(
        "abnormal",
        bool(codes),
        max((c for *_rest, c in reasons), default=0.9),
        "derived",
        "; ".join(f"{code}: {why}" for code, why, _c in reasons)
        or draft.gettext("nothing unusual"),
    )
    # The flag is always applied: special handling errs on the side of looking.
    result = draft.results["abnormal"]
    draft.results["abnormal"] = FieldResult(
        bool(codes), bool(codes), result.confidence, result.source, result.explanation
    )
    return codes


def _guidance(draft: _Draft, reasons: tuple[str, ...]) -> tuple[str, ...]:
    lines = [GUIDANCE[draft.results["customer_state"].suggestion]]
    if draft.results["emotional_intensity"].suggestion == "high":
        lines.append(GUIDANCE["intense"])
    if reasons:
        lines.append(GUIDANCE["abnormal"])
    return tuple(str(line) for line in lines)
