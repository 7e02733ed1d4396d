"""Guarantee 10, migrations: every app's latest migration applies forward on a populated
database and keeps every row.

The demo organisation fills every app's tables through the real services. Then, for each app
with more than one migration, the database is taken back to that app's previous migration
(with whatever depends on it) and forward again, and no table present at the previous migration
may lose a row on the way forward. A migration that cannot be taken back (a data migration without
a reverse) is named in the failure. The empty-database case, from zero to the latest, is what
every test run does when it creates its test database."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.reliability.processes import assert_test_database

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.django_db(transaction=True),
]


def apps_with_history() -> list[tuple[str, str, str]]:
    """(app, previous migration, latest migration) for every app of ours with two or more."""
    graph = MigrationExecutor(connection).loader.graph
    found = []
    for app, leaf in sorted(graph.leaf_nodes()):
        if app.startswith("django") or app in {"auth", "admin", "contenttypes", "sessions"}:
            continue
        parents = [node for node in graph.node_map[(app, leaf)].parents if node.key[0] == app]
        if parents:
            found.append((app, parents[0].key[1], leaf))
    return found


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names from the schema)
            counts[table] = cursor.fetchone()[0]
    return counts


def migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_every_apps_latest_migration_applies_forward_on_a_populated_database_keeping_its_rows():
    assert_test_database()
    call_command("demo", verbosity=0)
    populated = {table for table, count in row_counts().items() if count}
    assert len(populated) > 20, "the demo filled the database"
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    changed: dict[str, dict[str, str]] = {}
    histories = apps_with_history()
    assert len(histories) >= 5, histories
    for app, previous, last in histories:
        try:
            migrate([(app, previous)])
        except Exception as exc:  # named in the failure: which app and why
            pytest.fail(f"{app}: cannot go back from {last} to {previous}: {exc}")
        present = row_counts()
        migrate(latest)
        after = row_counts()
        # Going forward loses no row of any table that existed at the previous migration.
        # (Going back may: a data migration's reverse removes what it seeded, and tables it
        # created go with it. Going back is not a supported path; going forward is.)
        lost = {
            table: f"{count} rows at {previous}, {after.get(table)} at {last}"
            for table, count in present.items()
            if not table.startswith("sqlite_") and after.get(table, 0) < count
        }
        if lost:
            changed[f"{app} {previous} → {last}"] = lost
    assert changed == {}
