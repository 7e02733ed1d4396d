from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaintdesk.complaints.models import Complaint
from complaintdesk.operations.backup import BackupError, take_backup


class Command(BaseCommand):
    help = (
        "Back up the running installation into one .tar.gz: a consistent snapshot of the "
        "database (SQLite's online backup or pg_dump), the attachment files it refers to and a "
        "manifest. Safe while the server and the worker run."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=(
                "a folder to write complaintdesk-<date>-<time>.tar.gz into, or the archive's "
                "file name (default: the current folder)"
            ),
        )

    def handle(self, *args: object, output: Path | None, **options: object) -> None:
        try:
            archive, manifest = take_backup(output)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}") from None
        except OSError as exc:
            # A full disk or a folder we may not write to: no archive was left behind.
            raise CommandError(f"backup failed: {exc}") from None
        self.stdout.write(str(archive))
        complaints = manifest.tables.get(Complaint._meta.db_table, 0)
        self.stderr.write(
            f"Backed up {complaints} complaints and {manifest.attachment_count} attachment "
            f"files ({manifest.engine}) to {archive}"
        )
        unreadable = manifest.missing_attachments + manifest.damaged_attachments
        if unreadable:
            raise CommandError(
                f"the backup was written, but {len(unreadable)} attachment files the database "
                "refers to were missing or damaged in the attachment store: "
                + ", ".join(unreadable[:5])
            )
