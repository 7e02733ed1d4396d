from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaintdesk.complaints.models import Complaint
from complaintdesk.operations.restore import RestoreError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `complaintdesk backup` into this installation, which must "
        "be empty (or use --force). Stop the server and the worker first."
    )
    # The database may be empty, or from an older version, until the restore is done.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz written by backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and add to the attachments even if they hold data",
        )

    def handle(self, *args: object, archive: Path, force: bool, **options: object) -> None:
        try:
            restored = restore_backup(archive, force=force, progress=self.stdout.write)
        except RestoreError as exc:
            raise CommandError(f"restore failed: {exc}") from None
        except OSError as exc:
            raise CommandError(
                f"restore failed: {exc}; correct it and restore again with --force"
            ) from None
        for note in restored.notes:
            self.stderr.write(f"Note: {note}")
        complaints = restored.manifest.tables.get(Complaint._meta.db_table, 0)
        self.stdout.write(f"Restored {complaints} complaints from {archive}.")
