"""`complaintdesk backup`: a consistent copy of a running installation in one .tar.gz.

The archive holds
- the database: SQLite copied with its online backup API in one step (a consistent snapshot;
  writers carry on meanwhile thanks to WAL), or PostgreSQL dumped by pg_dump in its custom
  format from a snapshot exported by our own transaction, so the row counts we record are those
  of the very snapshot pg_dump saves;
- the attachment files the snapshot refers to. The store is content-addressed and a file is
  written before the row that names it commits, so every file the snapshot names exists, and
  never changes, when we copy it after the snapshot;
- the secret key kept in the data folder, without which the tracking links already sent to
  customers would stop opening (so the archive is as confidential as the database itself);
- manifest.json: format, Complaintdesk version, time, engine, rows per table, applied
  migrations and the SHA-256 of every other member. `complaintdesk restore` checks all of it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient as PostgreSQLClient

from complaintdesk.complaints.models import Attachment

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRESQL_MEMBER = "database.pgdump"
ATTACHMENTS_MEMBER = "attachments/"
SECRET_KEY_MEMBER = "secret_key"  # noqa: S105 (a file name, not a secret)
SQLITE_BUSY_TIMEOUT_SECONDS = 30
TOOL_TIMEOUT_SECONDS = 6 * 3600
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be made, and the message says why and what to do."""


@dataclass(kw_only=True)
class Manifest:
    format: int
    complaintdesk_version: str
    created_at: str
    engine: str
    database: str
    # Rows per table in the snapshot, and the applied migrations as "app.name".
    tables: dict[str, int]
    migrations: list[str]
    # Every other member of the archive and its SHA-256.
    files: dict[str, str] = field(default_factory=dict)
    # Attachment files the snapshot names but the store did not have, or had with other
    # content than their name says (a damaged disk), by SHA-256.
    missing_attachments: list[str] = field(default_factory=list)
    damaged_attachments: list[str] = field(default_factory=list)
    # Major version of the pg_dump that wrote the dump; pg_restore must be at least as new.
    pg_dump_major: int | None = None

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode()

    @property
    def attachment_count(self) -> int:
        return sum(1 for name in self.files if name.startswith(ATTACHMENTS_MEMBER))


@dataclass(kw_only=True)
class Snapshot:
    """The database copied at one instant, and what the manifest says about it."""

    member: str
    path: Path
    tables: dict[str, int]
    migrations: list[str]
    attachment_hashes: list[str]
    pg_dump_major: int | None = None


def take_backup(output: Path | None, *, using: str = DEFAULT_DB_ALIAS) -> tuple[Path, Manifest]:
    """Write the archive and return where, with its manifest."""
    connection = connections[using]
    now = datetime.now(UTC)
    target = archive_path(output, now)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".complaintdesk-backup-") as work:
        if connection.vendor == "sqlite":
            snapshot = sqlite_snapshot(connection, Path(work))
        elif connection.vendor == "postgresql":
            snapshot = postgresql_snapshot(connection, Path(work))
        else:
            raise BackupError(f"cannot back up a {connection.vendor} database")
        manifest = Manifest(
            format=FORMAT,
            complaintdesk_version=installed_version(),
            created_at=now.isoformat(timespec="seconds"),
            engine=connection.vendor,
            database=snapshot.member,
            tables=snapshot.tables,
            migrations=snapshot.migrations,
            pg_dump_major=snapshot.pg_dump_major,
        )
        write_archive(target, snapshot, manifest)
    return target, manifest


def installed_version() -> str:
    try:
        return metadata.version("complaintdesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def archive_path(output: Path | None, now: datetime) -> Path:
    name = f"complaintdesk-{now:%Y%m%d-%H%M%S}.tar.gz"
    if output is None:
        return Path.cwd() / name
    if output.is_dir():
        return output / name
    if output.exists():
        raise BackupError(f"--output: {output} already exists; give another file name")
    if not output.parent.is_dir():
        raise BackupError(f"--output: the folder {output.parent} does not exist")
    return output


# SQLite.


def sqlite_snapshot(connection: BaseDatabaseWrapper, work: Path) -> Snapshot:
    source_path = Path(connection.settings_dict["NAME"])
    if not source_path.is_file():
        raise BackupError(f"the database file {source_path} does not exist")
    copy = work / SQLITE_MEMBER
    source = sqlite3.connect(source_path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    try:
        target = sqlite3.connect(copy)
        try:
            # All pages in one step: one read transaction, so one instant of the database.
            source.backup(target)
            # A single self-contained file, readable without its -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in target.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise BackupError(
                    "the database copy fails SQLite's integrity check: " + "; ".join(problems[:5])
                )
            tables = sqlite_row_counts(target)
            migrations = [
                f"{app}.{name}"
                for app, name in target.execute(
                    "SELECT app, name FROM django_migrations ORDER BY app, name"
                )
            ]
            hashes = [
                row[0]
                for row in target.execute(
                    f'SELECT DISTINCT sha256 FROM "{Attachment._meta.db_table}" ORDER BY 1'  # noqa: S608
                )
            ]
        finally:
            target.close()
    finally:
        source.close()
    return Snapshot(
        member=SQLITE_MEMBER,
        path=copy,
        tables=tables,
        migrations=migrations,
        attachment_hashes=hashes,
    )


def sqlite_row_counts(database: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in names}
    return {
        name: database.execute(f"SELECT COUNT(*) FROM {quoted[name]}").fetchone()[0]  # noqa: S608
        for name in names
    }


# PostgreSQL.


def postgresql_snapshot(connection: BaseDatabaseWrapper, work: Path) -> Snapshot:
    if connection.in_atomic_block:
        raise BackupError("a backup cannot be taken inside a database transaction")
    connection.ensure_connection()
    server_major = connection.get_database_version()[0]
    pg_dump = postgresql_tool("pg_dump")
    if pg_dump.major < server_major:
        raise BackupError(
            f"pg_dump {pg_dump.major} cannot dump a PostgreSQL {server_major} server; install "
            f"the PostgreSQL client tools {server_major} or newer (e.g. the "
            f"postgresql-client-{server_major} package) and put them first on PATH"
        )
    dump = work / POSTGRESQL_MEMBER
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        names = connection.introspection.table_names(cursor)
        tables = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            tables[name] = cursor.fetchone()[0]
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
        table = connection.ops.quote_name(Attachment._meta.db_table)
        cursor.execute(f"SELECT DISTINCT sha256 FROM {table} ORDER BY 1")  # noqa: S608
        hashes = [row[0] for row in cursor.fetchall()]
        # pg_dump joins our snapshot, which lives as long as this transaction.
        arguments, environment = postgresql_connection(connection.settings_dict)
        run_tool(
            [
                pg_dump.path,
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={dump}",
                *arguments,
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            environment,
        )
    return Snapshot(
        member=POSTGRESQL_MEMBER,
        path=dump,
        tables=tables,
        migrations=migrations,
        attachment_hashes=hashes,
        pg_dump_major=pg_dump.major,
    )


@dataclass(frozen=True)
class PostgreSQLTool:
    path: str
    major: int


def postgresql_tool(name: str) -> PostgreSQLTool:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH; install the PostgreSQL client tools "
            "(e.g. the postgresql-client package) of the server's version or newer"
        )
    version = subprocess.run(  # noqa: S603 (a PostgreSQL tool found on PATH, fixed arguments)
        [path, "--version"], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    found = re.search(r"\(PostgreSQL\) (\d+)", version)
    if found is None:
        raise BackupError(f"cannot tell the version of {path} (it printed {version.strip()!r})")
    return PostgreSQLTool(path, int(found.group(1)))


def postgresql_connection(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The arguments and environment that point pg_dump or pg_restore at this database; the
    password travels in the environment, never on the command line."""
    arguments = ["--no-password"]
    if settings_dict.get("USER"):
        arguments.append(f"--username={settings_dict['USER']}")
    if settings_dict.get("HOST"):
        arguments.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        arguments.append(f"--port={settings_dict['PORT']}")
    _, extra = PostgreSQLClient.settings_to_cmd_args_env(settings_dict, [])
    return arguments, {**os.environ, **(extra or {})}


def run_tool(command: list[str], environment: dict[str, str]) -> None:
    tool = Path(command[0]).name
    try:
        subprocess.run(  # noqa: S603 (a PostgreSQL tool found on PATH, our own arguments)
            command,
            env=environment,
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT_SECONDS,
            check=True,
        )
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{tool} failed: {exc.stderr.strip() or exc}") from None
    except subprocess.TimeoutExpired:
        raise BackupError(f"{tool} did not finish in {TOOL_TIMEOUT_SECONDS} seconds") from None


# The archive.


def write_archive(target: Path, snapshot: Snapshot, manifest: Manifest) -> None:
    """Write beside the target and rename, so a half-written archive never bears its name."""
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".complaintdesk-backup-")
    try:
        with os.fdopen(handle, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                manifest.files[snapshot.member] = add_member(
                    archive, snapshot.path, snapshot.member
                )
                for sha256 in snapshot.attachment_hashes:
                    stored = attachment_path(sha256)
                    if not stored.is_file():
                        manifest.missing_attachments.append(sha256)
                        continue
                    member = f"{ATTACHMENTS_MEMBER}{sha256[:2]}/{sha256[2:4]}/{sha256}"
                    manifest.files[member] = add_member(archive, stored, member)
                    if manifest.files[member] != sha256:
                        manifest.damaged_attachments.append(sha256)
                secret_key = data_dir_secret_key()
                if secret_key is not None:
                    manifest.files[SECRET_KEY_MEMBER] = add_member(
                        archive, secret_key, SECRET_KEY_MEMBER
                    )
                content = manifest.to_json()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(content)
                info.mode = 0o600
                info.mtime = int(datetime.now(UTC).timestamp())
                archive.addfile(info, io.BytesIO(content))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def attachment_path(sha256: str) -> Path:
    return Path(settings.ATTACHMENTS_DIR) / sha256[:2] / sha256[2:4] / sha256


def data_dir_secret_key() -> Path | None:
    """The key file in the data folder, when it is the key in use (not one from SECRET_KEY)."""
    key_file = Path(settings.DATA_DIR) / "secret_key"
    if key_file.is_file() and key_file.read_text().strip() == settings.SECRET_KEY:
        return key_file
    return None


def add_member(archive: tarfile.TarFile, source: Path, name: str) -> str:
    """Add one file, normalised (no owner, private mode), and return its SHA-256."""
    info = archive.gettarinfo(str(source), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        archive.addfile(info, _HashingReader(handle, digest))
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hashes what tarfile reads, so each file is read once."""

    def __init__(self, handle: IO[bytes], digest: Any) -> None:
        self.handle = handle
        self.digest = digest

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk
