"""`complaintdesk backup`: one archive holding a snapshot of the database, the attachment files
it refers to, the secret key of the data folder and a manifest that vouches for all of it.
(The backup taken while complaints keep arriving, restored and compared row by row, is in
tests/reliability/test_backup_while_running.py.)"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.db import connection

from complaintdesk.complaints.models import Attachment, Complaint
from complaintdesk.operations import backup
from complaintdesk.operations.tests.archives import (
    back_up,
    manifest_of,
    members,
    two_complaints_with_an_attachment,
)

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs against PostgreSQL (set DATABASE_URL)",
)


@pytest.fixture
def archive(tmp_path):
    two_complaints_with_an_attachment()
    target = tmp_path / "backup.tar.gz"
    back_up(target)
    return target


def test_the_archive_holds_the_database_the_attachment_and_a_manifest(archive):
    sha256 = Attachment.objects.get().sha256
    names = set(members(archive))
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert {database, f"attachments/{sha256[:2]}/{sha256[2:4]}/{sha256}", "manifest.json"} <= names


def test_the_manifest_counts_the_rows_of_every_table_of_the_snapshot(archive):
    tables = manifest_of(archive)["tables"]
    assert tables[Complaint._meta.db_table] == 2
    assert tables[Attachment._meta.db_table] == 1
    # SQLite's own statistics tables (sqlite_stat1 after an ANALYZE) are not data.
    ours = {
        name for name in connection.introspection.table_names() if not name.startswith("sqlite_")
    }
    assert set(tables) == ours


def test_the_manifest_vouches_for_every_other_member_with_its_sha256(archive):
    content = members(archive)
    listed = manifest_of(archive)["files"]
    assert set(listed) == set(content) - {"manifest.json"}
    for name, sha256 in listed.items():
        assert hashlib.sha256(content[name]).hexdigest() == sha256


def test_the_manifest_says_what_made_the_backup_and_when(archive):
    manifest = manifest_of(archive)
    assert manifest["format"] == backup.FORMAT
    assert manifest["engine"] == connection.vendor
    assert manifest["created_at"].endswith("+00:00")
    assert "complaints.0001_complaints_customers_messages" in manifest["migrations"]


def test_the_archive_can_be_read_only_by_its_owner(archive):
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_an_output_folder_receives_an_archive_named_after_the_time(tmp_path):
    out, _err = back_up(tmp_path)
    written = Path(out.strip())
    assert written.parent == tmp_path
    assert written.name.startswith("complaintdesk-")
    assert written.name.endswith(".tar.gz")


def test_an_existing_file_is_never_overwritten(tmp_path):
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"last night's backup")
    with pytest.raises(CommandError, match=r"--output: .* already exists"):
        back_up(existing)
    assert existing.read_bytes() == b"last night's backup"


def test_an_output_in_a_missing_folder_is_refused_naming_the_option(tmp_path):
    with pytest.raises(CommandError, match=r"--output: the folder .* does not exist"):
        back_up(tmp_path / "nowhere" / "backup.tar.gz")


def test_a_backup_that_fails_midway_leaves_no_archive_behind(tmp_path, monkeypatch):
    two_complaints_with_an_attachment()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "add_member", disk_full)
    output = tmp_path / "backups"
    output.mkdir()
    with pytest.raises(CommandError, match=r"backup failed: .*No space left on device"):
        back_up(output / "backup.tar.gz")
    assert list(output.iterdir()) == []


def test_an_attachment_missing_from_the_store_is_named_after_the_archive_is_written(
    tmp_path, settings
):
    two_complaints_with_an_attachment()
    sha256 = Attachment.objects.get().sha256
    (Path(settings.ATTACHMENTS_DIR) / sha256[:2] / sha256[2:4] / sha256).unlink()
    target = tmp_path / "backup.tar.gz"
    with pytest.raises(CommandError, match=f"missing or damaged .*{sha256}"):
        back_up(target)
    assert manifest_of(target)["missing_attachments"] == [sha256]


@postgresql_only
def test_without_pg_dump_on_the_path_the_backup_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    output = tmp_path / "backups"
    output.mkdir()
    with pytest.raises(CommandError, match="pg_dump was not found on PATH; install"):
        back_up(output)
    assert list(output.iterdir()) == []


@postgresql_only
def test_a_pg_dump_older_than_the_server_is_refused_naming_the_version_needed(
    tmp_path, monkeypatch
):
    tools = tmp_path / "old-tools"
    tools.mkdir()
    old = tools / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    server = connection.get_database_version()[0]
    with pytest.raises(CommandError, match=f"pg_dump 9 cannot dump a PostgreSQL {server} server"):
        back_up(tmp_path / "backup.tar.gz")
