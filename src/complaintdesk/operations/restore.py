"""`complaintdesk restore`: put a backup into an empty installation, and prove it arrived whole.

Before anything is written the archive is unpacked aside and every member checked against the
SHA-256 in its manifest; the backup must be of the same database engine and made by this
version of Complaintdesk or an older one (every migration it applied must be known here). The
installation must hold no data yet (only what `migrate` writes by itself), unless --force.
After the restore, the rows of every table are counted and compared with the manifest.

Stop the web server and the worker first: nothing may write while the database is replaced."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs.models import ScheduledRun
from complaintdesk.operations.backup import (
    ATTACHMENTS_MEMBER,
    FORMAT,
    MANIFEST,
    SECRET_KEY_MEMBER,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    BackupError,
    Manifest,
    attachment_path,
    data_dir_secret_key,
    file_sha256,
    postgresql_connection,
    postgresql_tool,
    run_tool,
)

# Rows that a fresh installation writes by itself (migrate, a worker started once): a database
# holding only these is empty.
BOOKKEEPING = (
    MigrationRecorder.Migration,
    ContentType,
    Permission,
    Session,
    ScheduledRun,
    DBTaskResult,
)


# attachments/ab/cd/<sha256>, the layout of the store.
ATTACHMENT_NAME = re.compile(r"attachments/([0-9a-f]{2})/([0-9a-f]{2})/(\1\2[0-9a-f]{60})")


class RestoreError(Exception):
    """The backup cannot be restored here, and the message says why and what to do."""


@dataclass(kw_only=True)
class Restored:
    manifest: Manifest
    # What the operator should know or do next.
    notes: list[str] = field(default_factory=list)


def restore_backup(
    archive: Path,
    *,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    progress: Callable[[str], None] = lambda line: None,
) -> Restored:
    connection = connections[using]
    if not archive.is_file():
        raise RestoreError(f"{archive} does not exist or is not a file")
    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".complaintdesk-restore-") as work:
        unpacked = Path(work)
        manifest = unpack(archive, unpacked)
        progress(
            f"Backup of {manifest.created_at} ({manifest.engine}, Complaintdesk "
            f"{manifest.complaintdesk_version}): every file matches its manifest."
        )
        check_compatible(manifest, connection)
        if not force:
            refuse_unless_empty(connection)
        database = unpacked / manifest.database
        try:
            if manifest.engine == "sqlite":
                restore_sqlite(connection, database)
            else:
                restore_postgresql(connection, database, manifest)
        except BackupError as exc:
            raise RestoreError(str(exc)) from None
        verify_counts(connection, manifest)
        progress(f"Database restored: {len(manifest.tables)} tables, every row count matches.")
        restored = Restored(manifest=manifest)
        restore_attachments(unpacked, manifest)
        progress(f"Attachments restored: {manifest.attachment_count} files.")
        restore_secret_key(unpacked, manifest, restored.notes)
    for sha256 in manifest.missing_attachments + manifest.damaged_attachments:
        restored.notes.append(
            f"The attachment file {sha256} was missing or damaged when the backup was made; "
            "complaints that refer to it will not offer it for download."
        )
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        restored.notes.append(
            "The backup comes from an older version: run `complaintdesk migrate` "
            "(`complaintdesk serve` does it when it starts)."
        )
    return restored


def unpack(archive: Path, into: Path) -> Manifest:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            tar.extractall(into, filter="data")
    except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
        raise RestoreError(f"{archive} is not a readable backup archive: {exc}") from None
    manifest = read_manifest(into / MANIFEST, archive)
    for name, expected in manifest.files.items():
        member = (into / name).resolve()
        if not member.is_relative_to(into.resolve()) or not member.is_file():
            raise RestoreError(f"{archive} lacks {name}, which its manifest lists")
        if file_sha256(member) != expected:
            raise RestoreError(
                f"{archive} is damaged: {name} does not match the SHA-256 in its manifest"
            )
    if manifest.database not in manifest.files:
        raise RestoreError(f"{archive} holds no database copy")
    return manifest


def read_manifest(path: Path, archive: Path) -> Manifest:
    if not path.is_file():
        raise RestoreError(f"{archive} has no {MANIFEST}: it was not made by complaintdesk backup")
    try:
        raw = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise RestoreError(f"{MANIFEST} in {archive} is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise RestoreError(f"{MANIFEST} in {archive} is not a manifest")
    if isinstance(raw.get("format"), int) and raw["format"] > FORMAT:
        raise RestoreError(
            f"{archive} was made by a newer Complaintdesk (backup format {raw['format']}); "
            "upgrade this installation first"
        )
    known = {item.name for item in fields(Manifest)}
    try:
        manifest = Manifest(**{key: value for key, value in raw.items() if key in known})
    except TypeError as exc:
        raise RestoreError(f"{MANIFEST} in {archive} is incomplete: {exc}") from None
    shapes = {"tables": dict, "files": dict, "migrations": list}
    for name, shape in shapes.items():
        if not isinstance(getattr(manifest, name), shape):
            raise RestoreError(
                f"{MANIFEST} in {archive} is damaged: {name} is not a {shape.__name__}"
            )
    for name in manifest.files:
        if name.startswith(ATTACHMENTS_MEMBER) and not ATTACHMENT_NAME.fullmatch(name):
            raise RestoreError(f"{MANIFEST} in {archive} lists {name!r}, not an attachment file")
    if manifest.engine not in {"sqlite", "postgresql"}:
        raise RestoreError(f"{MANIFEST} in {archive} names an unknown engine {manifest.engine!r}")
    return manifest


def check_compatible(manifest: Manifest, connection: BaseDatabaseWrapper) -> None:
    if manifest.engine != connection.vendor:
        raise RestoreError(
            f"this backup is of a {manifest.engine} database and this installation uses "
            f"{connection.vendor}; restore it into an installation on {manifest.engine}"
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest.migrations) - known)
    if unknown:
        raise RestoreError(
            f"this backup was made by a newer version of Complaintdesk "
            f"({manifest.complaintdesk_version}); its migrations {', '.join(unknown[:5])} are "
            "unknown here. Upgrade this installation, then restore"
        )


def refuse_unless_empty(connection: BaseDatabaseWrapper) -> None:
    bookkeeping = {model._meta.db_table for model in BOOKKEEPING}
    holding = {
        table: rows
        for table, rows in row_counts(connection).items()
        if rows and table not in bookkeeping
    }
    if holding:
        listed = ", ".join(f"{table} ({rows} rows)" for table, rows in sorted(holding.items())[:5])
        raise RestoreError(
            f"this installation already holds data ({listed}); restore only into an empty "
            "one, or add --force to replace everything in it"
        )
    store = Path(settings.ATTACHMENTS_DIR)
    if store.is_dir() and any(path.is_file() for path in store.rglob("*")):
        raise RestoreError(
            f"the attachment store {store} already holds files; restore only into an empty "
            "installation, or add --force"
        )


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def restore_sqlite(connection: BaseDatabaseWrapper, copy: Path) -> None:
    """SQLite's backup API, from the copy into the configured file: it replaces every page in
    one transaction and keeps the -wal and -shm files right, which copying a file would not."""
    connection.close()
    target_path = Path(connection.settings_dict["NAME"])
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    try:
        target = sqlite3.connect(target_path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
        try:
            source.backup(target)
        except sqlite3.Error as exc:
            raise RestoreError(f"cannot write the database {target_path}: {exc}") from None
        finally:
            target.close()
    finally:
        source.close()


OUR_FUNCTIONS = """
    SELECT p.oid::regprocedure::text
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema()
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'
      )
"""


def restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, manifest: Manifest) -> None:
    pg_restore = postgresql_tool("pg_restore")
    if manifest.pg_dump_major and pg_restore.major < manifest.pg_dump_major:
        raise RestoreError(
            f"this backup was written by pg_dump {manifest.pg_dump_major}, which pg_restore "
            f"{pg_restore.major} cannot read; install the PostgreSQL client tools "
            f"{manifest.pg_dump_major} or newer"
        )
    # Empty tables from `migrate`, or everything under --force, go first: the dump brings
    # the schema of its own version, and the migrations take it on from there.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        # Functions our migrations created (trigger functions such as the compensation
        # ledger's guard) are in the dump too; those of extensions are left alone.
        cursor.execute(OUR_FUNCTIONS)
        for (signature,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    connection.close()
    arguments, environment = postgresql_connection(connection.settings_dict)
    run_tool(
        [
            pg_restore.path,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *arguments,
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        environment,
    )


def verify_counts(connection: BaseDatabaseWrapper, manifest: Manifest) -> None:
    actual = row_counts(connection)
    for table, expected in sorted(manifest.tables.items()):
        if actual.get(table) != expected:
            raise RestoreError(
                f"the restored database does not match the backup: {table} has "
                f"{actual.get(table, 'no')} rows where the manifest says {expected}"
            )


def restore_attachments(unpacked: Path, manifest: Manifest) -> None:
    for name, sha256 in manifest.files.items():
        if not name.startswith(ATTACHMENTS_MEMBER):
            continue
        target = attachment_path(Path(name).name)
        if target.is_file() and file_sha256(target) == sha256:
            continue
        place(unpacked / name, target)


def restore_secret_key(unpacked: Path, manifest: Manifest, notes: list[str]) -> None:
    if SECRET_KEY_MEMBER not in manifest.files:
        return
    archived = (unpacked / SECRET_KEY_MEMBER).read_text().strip()
    if data_dir_secret_key() is not None or not settings.SECRET_KEY:
        place(unpacked / SECRET_KEY_MEMBER, Path(settings.DATA_DIR) / "secret_key")
    elif archived != settings.SECRET_KEY:
        notes.append(
            "SECRET_KEY is set in the environment and differs from the key kept in the backup "
            f"(its {SECRET_KEY_MEMBER} member): tracking links already sent to customers and "
            "open sessions will not work until SECRET_KEY is set to that key"
        )


def place(source: Path, target: Path) -> None:
    """Copy beside the target, sync, then rename: a file is there whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as incoming:
            while chunk := incoming.read(1024 * 1024):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
