"""Guarantee 9, backup and restore: `complaintdesk backup` taken while complaints keep being
filed, restored by `complaintdesk restore` into a new, empty installation (a fresh data folder,
or a PostgreSQL database created for the test), gives back every row and every attachment file.

One round trip feeds every test of the module; the comparisons read both databases with the
bare driver (sqlite3, psycopg), not through Django."""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings

from complaintdesk.accounts.models import CUSTOMER, Party, Role
from complaintdesk.complaints.models import Attachment, Complaint, Message
from complaintdesk.complaints.services import receive_customer_message
from complaintdesk.intake.mail.attachments import store_content
from tests.factories import DepartmentFactory, UserFactory, file
from tests.reliability.processes import (
    ROOT,
    assert_test_database,
    database_url,
    emptied_afterwards,
    environment,
)

pytestmark = pytest.mark.django_db
FILED_AROUND_THE_BACKUP = 3
WAIT_SECONDS = 60
SOURCE_SECRET_KEY = "the-key-that-signed-every-tracking-link-sent-so-far"
# Tables whose rows hang off a complaint: none may be restored without the others.
COMPLAINT_PARTS = (Message, Attachment)


@dataclass
class Instance:
    """A database and a data folder, with what is needed to read them without Django."""

    data_dir: Path
    settings_dict: dict[str, Any]

    @property
    def url(self) -> str:
        return database_url(self.settings_dict)

    @property
    def attachments(self) -> Path:
        return self.data_dir / "attachments"

    def rows(self, table: str, key: list[str]) -> dict[tuple, dict[str, Any]]:
        order = ", ".join(f'"{column}"' for column in key)
        query = f'SELECT * FROM "{table}" ORDER BY {order}'  # noqa: S608
        if self.settings_dict["ENGINE"].endswith("sqlite3"):
            database = sqlite3.connect(self.settings_dict["NAME"])
            try:
                cursor = database.execute(query)
                columns = [item[0] for item in cursor.description]
                found = cursor.fetchall()
            finally:
                database.close()
        else:
            with psycopg.connect(**postgresql_parameters(self.settings_dict)) as database:
                cursor = database.execute(query)
                columns = [item.name for item in cursor.description or []]
                found = cursor.fetchall()
        named = [dict(zip(columns, row, strict=True)) for row in found]
        return {tuple(row[column] for column in key): row for row in named}


def postgresql_parameters(settings_dict: dict[str, Any], dbname: str | None = None) -> dict:
    return {
        "dbname": dbname or settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }


@dataclass
class RoundTrip:
    manifest: dict[str, Any]
    filed_before: list[str]
    filed_while_backing_up: list[str]
    filing_errors: list[str]
    source: Instance
    restored: Instance
    source_rows: dict[str, dict[tuple, dict[str, Any]]] = field(default_factory=dict)
    restored_rows: dict[str, dict[tuple, dict[str, Any]]] = field(default_factory=dict)
    restored_secret_key: str = ""
    filed_after_restore: subprocess.CompletedProcess[str] | None = None


class Filer(threading.Thread):
    """Keeps filing complaints, as the web server would, until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.references: list[str] = []
        self.errors: list[str] = []

    def run(self) -> None:
        number = 0
        try:
            while not self.stopping.is_set():
                number += 1
                complaint = file(
                    email=f"during-{number}@example.com", subject=f"Filed during {number}"
                )
                self.references.append(complaint.reference)
                time.sleep(0.01)
        except Exception as exc:
            self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while len(self.references) < count and not self.errors:
            assert time.monotonic() < deadline, "the filer stalled"
            time.sleep(0.01)


@pytest.fixture(scope="module")
def round_trip(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[RoundTrip]:
    work = tmp_path_factory.mktemp("backup")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    locmem = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with (
        django_db_blocker.unblock(),
        override_settings(
            DATA_DIR=work / "source",
            SECRET_KEY=SOURCE_SECRET_KEY,
            ATTACHMENTS_DIR=work / "source" / "attachments",
            PASSWORD_HASHERS=fast,
            MAILERS=locmem,
        ),
    ):
        (work / "source").mkdir()
        (work / "source" / "secret_key").write_text(SOURCE_SECRET_KEY)
        assert_test_database()
        restored = empty_instance(work / "restored")
        try:
            with emptied_afterwards():
                yield make_round_trip(work, restored)
        finally:
            drop(restored)


def empty_instance(data_dir: Path) -> Instance:
    settings_dict = dict(connection.settings_dict)
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict["NAME"] = str(data_dir / "complaintdesk.sqlite3")
    else:
        settings_dict["NAME"] = f"restored_{os.getpid()}"
        with psycopg.connect(
            **postgresql_parameters(settings_dict, "postgres"), autocommit=True
        ) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
            server.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    return Instance(data_dir=data_dir, settings_dict=settings_dict)


def drop(instance: Instance) -> None:
    if not instance.settings_dict["ENGINE"].endswith("sqlite3"):
        with psycopg.connect(
            **postgresql_parameters(instance.settings_dict, "postgres"), autocommit=True
        ) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{instance.settings_dict["NAME"]}" (FORCE)')


def fill() -> list[str]:
    """A colleague in a department, and three complaints, each with its events, its
    acknowledgement, a message from the customer and attachments: one file shared by all three
    (stored once) and one of its own."""
    UserFactory(username="alice", role=Role.AGENT, departments=[DepartmentFactory(code="billing")])
    invoice = b"%PDF-1.4\n% the same invoice, sent three times\n"
    shared = store_content(invoice)
    rng = random.Random(10)
    references = []
    for number in range(3):
        complaint = file(email=f"before-{number}@example.com", subject=f"Filed before {number}")
        message = receive_customer_message(
            complaint=complaint,
            body="Here are the invoice and a photo.",
            channel="email",
            actor=Party(CUSTOMER, "Dana Customer"),
        )
        photo = rng.randbytes(150_000 + number)
        for sha256, name, kind, size in (
            (shared, "invoice.pdf", "application/pdf", len(invoice)),
            (store_content(photo), "photo.jpg", "image/jpeg", len(photo)),
        ):
            Attachment.objects.create(
                complaint=complaint,
                message=message,
                filename=name,
                content_type=kind,
                size=size,
                sha256=sha256,
            )
        references.append(complaint.reference)
    return references


def make_round_trip(work: Path, restored: Instance) -> RoundTrip:
    filed_before = fill()
    filer = Filer()
    filer.start()
    try:
        filer.wait_for(FILED_AROUND_THE_BACKUP)
        filed_by_filer_before = len(filer.references)
        filed_before += filer.references[:filed_by_filer_before]
        archive = work / "backup.tar.gz"
        call_command("backup", output=archive, stdout=io.StringIO(), stderr=io.StringIO())
        filer.wait_for(len(filer.references) + FILED_AROUND_THE_BACKUP)
    finally:
        filer.stopping.set()
        filer.join(WAIT_SECONDS)
    connections.close_all()

    restore = subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "restore", str(archive)],
        env=instance_environment(restored),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert restore.returncode == 0, restore.stderr
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    source = Instance(data_dir=work / "source", settings_dict=dict(connection.settings_dict))
    trip = RoundTrip(
        manifest=manifest,
        filed_before=filed_before,
        filed_while_backing_up=filer.references[filed_by_filer_before:],
        filing_errors=filer.errors,
        source=source,
        restored=restored,
    )
    with connection.cursor() as cursor:
        keys = {
            table: connection.introspection.get_primary_key_columns(cursor, table)
            for table in manifest["tables"]
        }
    for table in manifest["tables"]:
        trip.source_rows[table] = source.rows(table, keys[table])
        trip.restored_rows[table] = restored.rows(table, keys[table])
    trip.restored_secret_key = (restored.data_dir / "secret_key").read_text().strip()
    trip.filed_after_restore = subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "shell", "-c", FILE_ONE],
        env=instance_environment(restored),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return trip


FILE_ONE = (
    "from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint\n"
    "complaint = file_complaint(channel='web', "
    "customer=CustomerDetails(name='After', email='after@example.com'), "
    "complaint=ComplaintDetails(subject='Filed after the restore', description='Late again.'))\n"
    "print(complaint.reference)\n"
)


def instance_environment(instance: Instance) -> dict[str, str]:
    sqlite = instance.settings_dict["ENGINE"].endswith("sqlite3")
    return environment(data_dir=instance.data_dir, database=None if sqlite else instance.url)


def test_the_backup_is_taken_while_complaints_keep_being_filed(round_trip):
    assert round_trip.filing_errors == []
    assert len(round_trip.filed_while_backing_up) >= FILED_AROUND_THE_BACKUP


def test_every_restored_row_is_identical_to_its_row_in_the_running_installation(round_trip):
    differing = {
        table: [key for key, row in rows.items() if round_trip.source_rows[table].get(key) != row]
        for table, rows in round_trip.restored_rows.items()
    }
    assert {table: keys for table, keys in differing.items() if keys} == {}


def test_every_table_is_restored_with_as_many_rows_as_the_snapshot_had(round_trip):
    restored = {table: len(rows) for table, rows in round_trip.restored_rows.items()}
    assert restored == round_trip.manifest["tables"]


def test_every_complaint_filed_before_the_backup_began_is_restored(round_trip):
    restored = round_trip.restored_rows[Complaint._meta.db_table].values()
    assert set(round_trip.filed_before) <= {row["reference"] for row in restored}


def test_no_complaint_is_restored_without_all_its_messages_and_attachments(round_trip):
    restored_complaints = set(round_trip.restored_rows[Complaint._meta.db_table])
    for model in COMPLAINT_PARTS:
        table = model._meta.db_table
        expected = {
            key
            for key, row in round_trip.source_rows[table].items()
            if (row["complaint_id"],) in restored_complaints
        }
        assert set(round_trip.restored_rows[table]) == expected, table


def test_every_attachment_file_is_restored_byte_for_byte(round_trip):
    rows = round_trip.restored_rows[Attachment._meta.db_table].values()
    hashes = {row["sha256"] for row in rows}
    assert len(hashes) == 4
    for sha256 in hashes:
        relative = Path(sha256[:2]) / sha256[2:4] / sha256
        restored = (round_trip.restored.attachments / relative).read_bytes()
        assert restored == (round_trip.source.attachments / relative).read_bytes()


def test_the_restored_installation_keeps_the_secret_key_so_tracking_links_still_open(round_trip):
    assert round_trip.restored_secret_key == SOURCE_SECRET_KEY


def test_the_restored_installation_takes_new_complaints(round_trip):
    filed = round_trip.filed_after_restore
    assert filed.returncode == 0, filed.stderr
    assert filed.stdout.strip()
