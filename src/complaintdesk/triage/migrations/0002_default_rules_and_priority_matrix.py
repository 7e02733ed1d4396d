"""Seed the default rules (en, es, fr, zh), the priority matrix, the abnormal thresholds and
one confidence-threshold row per field, so triage works before anyone configures it."""

from django.db import migrations

from complaintdesk.triage.default_rules import DEFAULT_RULES

MATRIX = {
    ("high", "high"): "p1",
    ("high", "medium"): "p1",
    ("high", "low"): "p2",
    ("medium", "high"): "p2",
    ("medium", "medium"): "p2",
    ("medium", "low"): "p3",
    ("low", "high"): "p2",
    ("low", "medium"): "p3",
    ("low", "low"): "p4",
}
FIELDS = (
    "language", "nature", "category", "severity", "impact_scope", "complexity",
    "immediate_action", "remedy_sought", "customer_state", "emotional_intensity", "priority",
    "abnormal",
)


def seed(apps, schema_editor):
    Rule = apps.get_model("triage", "Rule")
    PriorityCell = apps.get_model("triage", "PriorityCell")
    TriageSettings = apps.get_model("triage", "TriageSettings")
    FieldThreshold = apps.get_model("triage", "FieldThreshold")
    for default in DEFAULT_RULES:
        for language, keywords in default.keywords.items():
            Rule.objects.get_or_create(
                name=f"{default.name} ({language})",
                field=default.field,
                language=language,
                defaults={
                    "match": "keywords",
                    "expression": "\n".join(k.strip() for k in keywords.split("|")),
                    "value": default.value,
                    "order": default.order,
                    "confidence": default.confidence,
                },
            )
    for (urgency, importance), priority in MATRIX.items():
        PriorityCell.objects.get_or_create(
            urgency=urgency, importance=importance, defaults={"priority": priority}
        )
    TriageSettings.objects.get_or_create(pk=1)
    for field in FIELDS:
        FieldThreshold.objects.get_or_create(field=field)


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_rules_matrix_thresholds_models_assessments")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
