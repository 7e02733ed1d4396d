"""Covering indexes for the dashboard's year-range scans on PostgreSQL (docs/insights.md,
"Speed on a large archive").

The dashboard counts the complaints received in a period by department, category, channel,
outcome, customer and response times; an index on `received_at` that INCLUDEs those columns
lets PostgreSQL answer each figure from the index alone (an index-only scan) instead of
visiting a row of the wide complaint table per complaint. The clocks' partial index serves
"deadlines kept" the same way.

Built with CREATE INDEX CONCURRENTLY (so the migration is not atomic): the tables stay
writable while a large archive is indexed. INCLUDE and CONCURRENTLY are PostgreSQL's, so on
other databases (SQLite) this migration does nothing; the indexes are not part of the models'
state because they belong to another app's tables and serve only this app's reads.
"""

from django.db import migrations

INDEXES = (
    (
        "complaint_insights_received",
        "complaints_complaint (received_at) INCLUDE (id, department_id, category_id, channel,"
        " outcome, customer_id, first_response_at, resolved_at)",
    ),
    (
        "clock_insights_decided",
        "sla_clock (complaint_id) INCLUDE (id, met)"
        " WHERE met IS NOT NULL OR breached_at IS NOT NULL",
    ),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("insights", "0001_targets_actions_spikes_problems_reports_lessons_audits"),
        ("complaints", "0004_message_retry_at"),
        ("sla", "0001_policies_clocks_ladders_breaches_alerts"),
    ]

    operations = [migrations.RunPython(create, drop)]
