"""The default root-cause taxonomy and compensation limits, and the database's own refusal to
change a compensation ledger entry."""

from decimal import Decimal

from django.conf import settings
from django.db import migrations
from django.utils.translation import gettext_noop

ROOT_CAUSES = [
    ("people", gettext_noop("People")),
    ("process", gettext_noop("Process")),
    ("product", gettext_noop("Product")),
    ("equipment", gettext_noop("Equipment")),
    ("environment", gettext_noop("Environment")),
    ("policy", gettext_noop("Policy")),
    ("supplier", gettext_noop("Supplier")),
    ("communication", gettext_noop("Communication")),
]
# Per role, in the default currency; None: no limit. Handlers grant nothing on their own.
LIMITS = [("agent", Decimal("50.00")), ("supervisor", Decimal("500.00")), ("quality_manager", None)]

TRIGGERS = {
    "postgresql": [
        """CREATE FUNCTION resolution_ledger_is_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'compensation ledger entries cannot be changed or deleted';
        END;
        $$ LANGUAGE plpgsql""",
        # Row triggers: TRUNCATE (a test database being emptied) does not fire them.
        """CREATE TRIGGER resolution_ledger_no_update BEFORE UPDATE OR DELETE
        ON resolution_compensationentry
        FOR EACH ROW EXECUTE FUNCTION resolution_ledger_is_append_only()""",
    ],
    # SQLite empties tables with DELETE (Django's flush), so only updates are refused there.
    "sqlite": [
        """CREATE TRIGGER resolution_ledger_no_update BEFORE UPDATE
        ON resolution_compensationentry
        BEGIN SELECT RAISE(ABORT, 'compensation ledger entries cannot be changed'); END""",
    ],
}
DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS resolution_ledger_no_update ON resolution_compensationentry",
        "DROP FUNCTION IF EXISTS resolution_ledger_is_append_only()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS resolution_ledger_no_update"],
}


def seed(apps, schema_editor):
    Category = apps.get_model("resolution", "RootCauseCategory")
    for position, (code, name) in enumerate(ROOT_CAUSES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    Limit = apps.get_model("resolution", "CompensationLimit")
    for role, amount in LIMITS:
        Limit.objects.get_or_create(
            role=role, currency=settings.DEFAULT_CURRENCY, defaults={"max_amount": amount}
        )


def add_triggers(apps, schema_editor):
    for statement in TRIGGERS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("resolution", "0001_investigation_causes_plans_compensation")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
