"""Loading millions of rows into the product's own tables.

On PostgreSQL rows go in through COPY, with the tables' secondary indexes and foreign keys set
aside while loading and rebuilt afterwards (one sorted build is far cheaper than millions of
inserts into a b-tree, and one join validates a foreign key faster than a trigger per row).
On SQLite, which the seed only fills at small scale, rows go through the ORM's bulk_create.

Columns the seed does not know (added to the models after it was written) are filled with the
field's default, or the load stops naming the column."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


class SeedError(Exception):
    """The seed cannot go on; the message says why and what to do."""


_encode_json = json.JSONEncoder(ensure_ascii=False).encode


def _escaped(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def copy_value(value: Any) -> str:
    """One value in PostgreSQL's COPY text format. Called tens of millions of times, hence
    the exact type tests in the order of how common each type is."""
    kind = type(value)
    if kind is str:
        return _escaped(value)
    if value is None:
        return "\\N"
    if kind is int:
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is dict or kind is list:
        return _escaped(_encode_json(value)) if value else ("{}" if kind is dict else "[]")
    if isinstance(value, datetime):
        return value.isoformat()
    if kind is Json:
        return _escaped(_encode_json(value.value))
    if kind is timedelta:
        return f"{value.total_seconds()} seconds"
    return str(value)


class Json:
    """The value of a JSON column that is a string, number or boolean (lists and dicts are
    recognised as JSON by themselves)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Table:
    """One of the product's tables as the seed fills it: the columns rows.py writes, then any
    other column with its field's default."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in columns if name not in fields]
        if unknown:
            raise SeedError(
                f"{self.name} has no column {', '.join(unknown)} any more; "
                "update bench/rows.py to the current models"
            )
        self.columns = tuple(columns)
        self.fillers = tuple(f for name, f in fields.items() if name not in columns)
        self.filler_values = tuple(_default_of(self.name, f) for f in self.fillers)

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + tuple(f.attname for f in self.fillers)

    def copy_statement(self, *, freeze: bool) -> str:
        quoted = ", ".join(connection.ops.quote_name(f) for f in self.all_columns)
        options = " WITH (FREEZE)" if freeze else ""
        return f"COPY {connection.ops.quote_name(self.name)} ({quoted}) FROM STDIN{options}"


def _default_of(table: str, field: models.Field) -> Any:
    if field.has_default():
        value = field.get_default()
    elif field.null:
        value = None
    elif field.blank and isinstance(field, models.CharField | models.TextField):
        value = ""
    else:
        raise SeedError(
            f"bench/rows.py does not fill {table}.{field.column}, which has no default; "
            "add it to the rows"
        )
    if isinstance(value, Decimal):
        return str(value)
    return value


class CopyFile:
    """Rows appended to a file in COPY text format, for the loading process to send."""

    BATCH = 5_000

    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.suffix = "".join("\t" + copy_value(v) for v in table.filler_values)
        self.lines: list[str] = []
        self.rows = 0
        self.file = path.open("w", encoding="utf-8")

    def __call__(self, row: tuple[Any, ...]) -> None:
        self.lines.append("\t".join(map(copy_value, row)) + self.suffix)
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.file.write("\n".join(self.lines) + "\n")
            self.rows += len(self.lines)
            self.lines = []

    def close(self) -> None:
        self.flush()
        self.file.close()


def copy_from_file(table: Table, path: Path, *, freeze: bool) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(table.copy_statement(freeze=freeze)) as copy, path.open("rb") as source:
            while block := source.read(1 << 20):
                copy.write(block)


class RowList:
    """Rows kept in memory, for the ORM."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []

    def __call__(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)


def insert_rows(table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert through the ORM, so every value is converted as the product would convert it."""
    names = table.all_columns
    instances = [
        table.model(
            **dict(
                zip(
                    names,
                    tuple(v.value if type(v) is Json else v for v in row) + table.filler_values,
                    strict=True,
                )
            )
        )
        for row in rows
    ]
    table.model._default_manager.bulk_create(instances, batch_size=500)
    return len(instances)


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
    return (last or 0) + 1


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    """Point the id sequences past the ids the load wrote itself."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(statement)


@contextmanager
def indexes_set_aside(tables: Sequence[Table], report: Callable[[str], None]) -> Iterator[None]:
    """Drop the secondary indexes, unique and foreign-key constraints of the tables (PostgreSQL,
    inside the caller's transaction), and build them again, identical, when the block ends."""
    names = [t.name for t in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') "
            "ORDER BY contype, conname",
            [names],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND indexrelid NOT IN "
            "(SELECT conindid FROM pg_constraint WHERE contype IN ('u', 'p', 'x')) "
            "ORDER BY 1",
            [names],
        )
        indexes = cursor.fetchall()
        # Rows written earlier in the transaction (the organisation) have their deferred
        # foreign-key checks pending, and a table with pending checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # Foreign keys first ("f" sorts before "u"), then what they might rely on.
        for table, name, _kind, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for index, _definition in indexes:
            cursor.execute(f"DROP INDEX {index}")
    yield
    with connection.cursor() as cursor:
        # Index builds sort in memory when they may; SET LOCAL ends with the transaction.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        rebuilt = [(index, definition) for index, definition in indexes]
        rebuilt += [
            (
                name,
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} "
                f"{definition}",
            )
            for table, name, kind, definition in reversed(constraints)
        ]
        for position, (name, statement) in enumerate(rebuilt, 1):
            started = time.monotonic()
            cursor.execute(statement)
            report(f"  {position}/{len(rebuilt)} {name} ({time.monotonic() - started:.1f} s)")
