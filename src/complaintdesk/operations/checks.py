"""Durable settings: Complaintdesk refuses to run on a database set up so that a write it has
already acknowledged ("we received your complaint, reference X") can vanish in a crash.

The rules (docs/reliability.md, guarantee 7):
- PostgreSQL: fsync, full_page_writes and synchronous_commit must not be off. synchronous_commit
  at `local` or `remote_write` is accepted: both still flush the commit to the local disk before
  answering; only `off` answers first and loses the last commits when the server crashes.
- SQLite: synchronous must be FULL or EXTRA (NORMAL in WAL mode loses the last commits on power
  loss), and the journal must be on disk (not MEMORY or OFF).

COMPLAINTDESK_ALLOW_UNSAFE_DURABILITY=true turns the refusal into a warning, for demos and load
tests where losing data does not matter.

Django runs the check (tags `database` and `durability`) before `migrate`, and for `check
--database default`; `serve` and `worker` call assert_durable() before they start."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

OVERRIDE = "COMPLAINTDESK_ALLOW_UNSAFE_DURABILITY=true"
POSTGRESQL_SETTINGS = ("fsync", "full_page_writes", "synchronous_commit")
# SQLite's PRAGMA synchronous levels, by the number the pragma returns.
SQLITE_SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
SQLITE_JOURNALS_IN_MEMORY = {"memory", "off"}


@dataclass(frozen=True, kw_only=True)
class Hazard:
    """One database setting that can lose acknowledged writes: which, what it risks, the fix."""

    code: int
    setting: str
    risk: str
    fix: str


def postgresql_hazards(values: Mapping[str, str]) -> list[Hazard]:
    """Judge PostgreSQL's settings, given as `SHOW` prints them."""
    hazards = []
    if values.get("fsync") == "off":
        hazards.append(
            Hazard(
                code=1,
                setting="PostgreSQL fsync=off",
                risk=(
                    "a crash of the operating system or a power cut can lose acknowledged "
                    "complaints and leave the database corrupted"
                ),
                fix="Set fsync = on in postgresql.conf and reload PostgreSQL.",
            )
        )
    if values.get("synchronous_commit") == "off":
        hazards.append(
            Hazard(
                code=2,
                setting="PostgreSQL synchronous_commit=off",
                risk=(
                    "PostgreSQL answers a commit before it is on disk, so a crash of the "
                    "database server loses the complaints acknowledged in the last moments"
                ),
                fix=(
                    "Set synchronous_commit = on (or local) in postgresql.conf, and remove "
                    "any ALTER DATABASE or ALTER ROLE … SET synchronous_commit = off."
                ),
            )
        )
    if values.get("full_page_writes") == "off":
        hazards.append(
            Hazard(
                code=3,
                setting="PostgreSQL full_page_writes=off",
                risk=(
                    "a power cut in the middle of writing a page can leave it torn, and "
                    "PostgreSQL cannot repair it from its log"
                ),
                fix="Set full_page_writes = on in postgresql.conf and reload PostgreSQL.",
            )
        )
    return hazards


def sqlite_hazards(*, synchronous: int, journal_mode: str) -> list[Hazard]:
    """Judge SQLite's PRAGMA synchronous (as a number) and journal_mode."""
    hazards = []
    level = SQLITE_SYNCHRONOUS.get(synchronous, str(synchronous))
    if level in {"OFF", "NORMAL"}:
        hazards.append(
            Hazard(
                code=4,
                setting=f"SQLite synchronous={level}",
                risk=(
                    "commits are not synced to disk one by one, so a power cut or an "
                    "operating-system crash can lose the complaints acknowledged last"
                    + (" and corrupt the database" if level == "OFF" else "")
                ),
                fix=(
                    "Keep PRAGMA synchronous=FULL in the init_command of the database "
                    "settings, as complaintdesk.settings sets it."
                ),
            )
        )
    if journal_mode.lower() in SQLITE_JOURNALS_IN_MEMORY:
        hazards.append(
            Hazard(
                code=5,
                setting=f"SQLite journal_mode={journal_mode.upper()}",
                risk=(
                    "a crash in the middle of a write cannot be rolled back and can corrupt "
                    "the database"
                ),
                fix="Keep PRAGMA journal_mode=WAL, as complaintdesk.settings sets it.",
            )
        )
    return hazards


def hazards_of(connection: BaseDatabaseWrapper) -> list[Hazard]:
    """Read the durability settings of this connection's session from the database itself, so
    what counts is what the server really does, however it was configured."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                [list(POSTGRESQL_SETTINGS)],
            )
            return postgresql_hazards(dict(cursor.fetchall()))
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            synchronous = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
            return sqlite_hazards(synchronous=synchronous, journal_mode=journal_mode)
    return []


def describe(alias: str, hazard: Hazard) -> str:
    return f"database {alias!r}: {hazard.setting}: {hazard.risk}."


@register(Tags.database, "durability")
def check_durable_settings(
    app_configs: Iterable[Any] | None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    allowed = settings.ALLOW_UNSAFE_DURABILITY
    for alias in databases or []:
        for hazard in hazards_of(connections[alias]):
            if allowed:
                messages.append(
                    Warning(
                        describe(alias, hazard),
                        hint=f"Accepted because {OVERRIDE}. {hazard.fix}",
                        id=f"operations.W{hazard.code:03d}",
                    )
                )
            else:
                messages.append(
                    Error(
                        describe(alias, hazard),
                        hint=(
                            f"{hazard.fix} Or set {OVERRIDE} to start anyway, only where "
                            "losing data does not matter (a demo, a load test)."
                        ),
                        id=f"operations.E{hazard.code:03d}",
                    )
                )
    return messages


def assert_durable(using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse to go on, with a message an operator can act on, when the database can lose
    acknowledged writes; only warn when COMPLAINTDESK_ALLOW_UNSAFE_DURABILITY is set."""
    hazards = hazards_of(connections[using])
    if not hazards:
        return
    lines = [
        "the database is set up so that a complaint already acknowledged to the customer "
        "can be lost in a crash:"
    ]
    for hazard in hazards:
        lines.append(f"  - {describe(using, hazard)} {hazard.fix}")
    if settings.ALLOW_UNSAFE_DURABILITY:
        logger.warning("%s\nStarting anyway because %s.", "\n".join(lines), OVERRIDE)
        return
    lines.append(
        f"Fix the setting, or set {OVERRIDE} to start anyway where losing data does not "
        "matter (a demo, a load test)."
    )
    raise ImproperlyConfigured("\n".join(lines))
