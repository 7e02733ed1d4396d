"""Guarantee 7: Complaintdesk refuses a database that can lose acknowledged writes in a crash,
unless COMPLAINTDESK_ALLOW_UNSAFE_DURABILITY says to start anyway."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from complaintdesk.operations.checks import (
    assert_durable,
    check_durable_settings,
    hazards_of,
    postgresql_hazards,
    sqlite_hazards,
)

SAFE_POSTGRESQL = {"fsync": "on", "full_page_writes": "on", "synchronous_commit": "on"}
postgresql_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs against PostgreSQL (set DATABASE_URL)",
)


@pytest.fixture
def unsafe_session(transactional_db):
    """This connection's session set up to lose the last commits in a crash (outside any
    transaction: SQLite refuses to change its safety level inside one)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")
        else:
            cursor.execute("PRAGMA synchronous = OFF")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO DEFAULT")
        else:
            cursor.execute("PRAGMA synchronous = FULL")


@pytest.mark.parametrize("setting", ["fsync", "full_page_writes", "synchronous_commit"])
def test_postgresql_with_a_durability_setting_off_is_refused(setting):
    hazards = postgresql_hazards({**SAFE_POSTGRESQL, setting: "off"})
    assert [hazard.setting for hazard in hazards] == [f"PostgreSQL {setting}=off"]


@pytest.mark.parametrize("level", ["on", "local", "remote_write", "remote_apply"])
def test_postgresql_commits_flushed_to_the_local_disk_are_accepted(level):
    assert postgresql_hazards({**SAFE_POSTGRESQL, "synchronous_commit": level}) == []


@pytest.mark.parametrize(("synchronous", "name"), [(0, "OFF"), (1, "NORMAL")])
def test_sqlite_without_a_sync_at_every_commit_is_refused(synchronous, name):
    hazards = sqlite_hazards(synchronous=synchronous, journal_mode="wal")
    assert [hazard.setting for hazard in hazards] == [f"SQLite synchronous={name}"]


@pytest.mark.parametrize("journal_mode", ["memory", "off"])
def test_sqlite_with_its_journal_in_memory_or_off_is_refused(journal_mode):
    hazards = sqlite_hazards(synchronous=2, journal_mode=journal_mode)
    assert [hazard.setting for hazard in hazards] == [f"SQLite journal_mode={journal_mode.upper()}"]


@pytest.mark.parametrize("synchronous", [2, 3])
def test_sqlite_in_wal_mode_synced_at_every_commit_is_accepted(synchronous):
    assert sqlite_hazards(synchronous=synchronous, journal_mode="wal") == []


def test_the_database_as_settings_configure_it_is_durable(db):
    assert hazards_of(connection) == []


def test_a_session_that_can_lose_commits_fails_the_system_check_naming_the_setting(
    unsafe_session,
):
    with pytest.raises(SystemCheckError) as refused:
        call_command("check", databases=["default"])
    assert "synchronous" in str(refused.value)
    assert "COMPLAINTDESK_ALLOW_UNSAFE_DURABILITY=true" in str(refused.value)


def test_migrate_runs_the_durability_check_before_touching_the_database(unsafe_session):
    with pytest.raises(SystemCheckError, match=r"operations.E00"):
        call_command("migrate", skip_checks=False, verbosity=0)


def test_assert_durable_refuses_with_the_setting_its_risk_and_the_way_out(unsafe_session):
    with pytest.raises(ImproperlyConfigured) as refused:
        assert_durable()
    message = str(refused.value)
    assert "synchronous" in message
    assert "acknowledged" in message
    assert "COMPLAINTDESK_ALLOW_UNSAFE_DURABILITY=true" in message


def test_with_the_override_assert_durable_only_warns(unsafe_session, settings, caplog):
    settings.ALLOW_UNSAFE_DURABILITY = True
    with caplog.at_level(logging.WARNING, logger="complaintdesk.operations.checks"):
        assert_durable()
    assert "synchronous" in caplog.text


def test_with_the_override_the_check_reports_a_warning_not_an_error(unsafe_session, settings):
    settings.ALLOW_UNSAFE_DURABILITY = True
    messages = check_durable_settings(None, databases=["default"])
    assert [message.id[:12] for message in messages] == ["operations.W"]
    assert not messages[0].is_serious()


@postgresql_only
def test_the_command_line_stops_on_a_database_with_synchronous_commit_off(tmp_path):
    url = os.environ["DATABASE_URL"]
    separator = "&" if "?" in url else "?"
    environment = {
        **os.environ,
        "DATABASE_URL": f"{url}{separator}options=-c%20synchronous_commit%3Doff",
        "COMPLAINTDESK_DATA": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "check", "--database", "default"],
        env=environment,
        cwd=Path(__file__).resolve().parents[4],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "synchronous_commit=off" in result.stderr
    assert "Traceback" not in result.stderr
