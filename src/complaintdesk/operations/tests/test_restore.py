"""`complaintdesk restore`: only into an empty installation (or with --force), only an archive
whose every file matches its manifest, only from the same engine and this version or an older
one; afterwards the rows of every table match the manifest. (The full round trip into a fresh
installation is in tests/reliability/test_backup_while_running.py.)"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from complaintdesk.complaints.models import Complaint
from complaintdesk.operations.tests.archives import (
    altered,
    back_up,
    members,
    two_complaints_with_an_attachment,
)
from tests.factories import file

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(tmp_path):
    two_complaints_with_an_attachment()
    target = tmp_path / "backup.tar.gz"
    back_up(target)
    return target


@pytest.fixture
def empty_installation(archive, tmp_path, settings):
    """The same database emptied to what `migrate` leaves, and an empty attachment store."""
    call_command("flush", interactive=False, verbosity=0)
    settings.ATTACHMENTS_DIR = tmp_path / "empty-store"


def restore(archive: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_restoring_over_an_installation_holding_complaints_is_refused_naming_them(archive):
    with pytest.raises(CommandError, match=r"already holds data .*complaints_complaint"):
        restore(archive)


def test_an_attachment_store_holding_files_counts_as_holding_data(archive, settings):
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match=r"attachment store .* already holds files"):
        restore(archive)


def test_a_freshly_migrated_installation_takes_the_backup(empty_installation, archive):
    restore(archive)
    assert Complaint.objects.count() == 2


def test_the_attachment_files_come_back_into_the_store(empty_installation, archive, settings):
    restore(archive)
    stored = sorted(
        str(path.relative_to(settings.ATTACHMENTS_DIR))
        for path in Path(settings.ATTACHMENTS_DIR).rglob("*")
        if path.is_file()
    )
    assert stored == sorted(
        name.removeprefix("attachments/")
        for name in members(archive)
        if name.startswith("attachments/")
    )


def test_with_force_the_installation_is_replaced_by_the_backup(archive):
    later = file(email="later@example.com", subject="Filed after the backup")
    restore(archive, "--force")
    references = set(Complaint.objects.values_list("reference", flat=True))
    assert len(references) == 2
    assert later.reference not in references


def test_a_damaged_archive_is_refused_before_anything_is_written(
    empty_installation, archive, tmp_path
):
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    damaged = bytearray(members(archive)[database])
    damaged[len(damaged) // 2] ^= 0xFF
    with pytest.raises(CommandError, match=f"damaged: {database} does not match"):
        restore(altered(archive, tmp_path / "damaged.tar.gz", replace={database: bytes(damaged)}))
    assert Complaint.objects.count() == 0


def test_a_backup_whose_rows_do_not_match_its_manifest_is_reported(
    empty_installation, archive, tmp_path
):
    def miscount(manifest):
        manifest["tables"]["complaints_complaint"] = 3

    with pytest.raises(CommandError, match=r"complaints_complaint has 2 rows where .* says 3"):
        restore(altered(archive, tmp_path / "miscounted.tar.gz", manifest=miscount))


def test_a_backup_from_a_newer_version_is_refused_until_this_one_is_upgraded(
    empty_installation, archive, tmp_path
):
    def newer(manifest):
        manifest["migrations"].append("complaints.0099_from_the_future")

    with pytest.raises(CommandError, match=r"newer version .*complaints.0099_from_the_future"):
        restore(altered(archive, tmp_path / "newer.tar.gz", manifest=newer))


def test_a_backup_of_the_other_database_engine_is_refused(empty_installation, archive, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def elsewhere(manifest):
        manifest["engine"] = other

    with pytest.raises(CommandError, match=f"of a {other} database"):
        restore(altered(archive, tmp_path / "other.tar.gz", manifest=elsewhere))


def test_a_file_that_is_not_a_backup_is_refused_saying_so(tmp_path):
    notes = tmp_path / "notes.tar.gz"
    notes.write_text("shopping list")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        restore(notes)


def test_an_archive_without_a_manifest_is_refused_saying_who_makes_backups(archive, tmp_path):
    stripped = altered(archive, tmp_path / "stripped.tar.gz", drop={"manifest.json"})
    with pytest.raises(CommandError, match=r"no manifest.json: it was not made by complaintdesk"):
        restore(stripped)
