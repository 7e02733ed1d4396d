"""The compensation ledger's database guard lets exactly one change through: a note with words
in it becoming '[erased]' (privacy erasure), every other column as it was. Everything else —
an amount, a currency, a date, a link, deleting a row — is still refused by the database."""

from django.db import migrations

# Every column but the note, which must stay as paid.
FIXED = ("id", "complaint_id", "request_id", "amount", "currency", "kind", "reverses_id",
         "created_by_id", "created_at")  # fmt: skip
ERASED = "[erased]"

_PG_SAME = " AND ".join(f"NEW.{column} IS NOT DISTINCT FROM OLD.{column}" for column in FIXED)
_SQLITE_SAME = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in FIXED)

FORWARD = {
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION resolution_ledger_is_append_only() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.note <> '' AND NEW.note = '{ERASED}' AND {_PG_SAME} THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'compensation ledger entries cannot be changed or deleted';
        END;
        $$ LANGUAGE plpgsql""",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS resolution_ledger_no_update",
        f"""CREATE TRIGGER resolution_ledger_no_update BEFORE UPDATE
        ON resolution_compensationentry
        WHEN NOT (OLD.note <> '' AND NEW.note = '{ERASED}' AND {_SQLITE_SAME})
        BEGIN SELECT RAISE(ABORT, 'compensation ledger entries cannot be changed'); END""",
    ],
}
BACKWARD = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION resolution_ledger_is_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'compensation ledger entries cannot be changed or deleted';
        END;
        $$ LANGUAGE plpgsql""",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS resolution_ledger_no_update",
        """CREATE TRIGGER resolution_ledger_no_update BEFORE UPDATE
        ON resolution_compensationentry
        BEGIN SELECT RAISE(ABORT, 'compensation ledger entries cannot be changed'); END""",
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("resolution", "0002_seed_root_causes_limits_and_ledger_guard")]

    operations = [migrations.RunPython(forward, backward)]
