from __future__ import annotations

import argparse
import time

from django.core.management.base import BaseCommand

from complaintdesk.accounts.models import User
from complaintdesk.complaints.models import Complaint
from complaintdesk.demo.loader import load_demo
from complaintdesk.demo.organisation import COLLEAGUES, ROLE_ACCOUNTS


class Command(BaseCommand):
    help = (
        "Load the demo organisation: departments, staff, categories and about 200 complaints "
        "in four languages. Running it again changes nothing. Demo customers are made up and "
        "are never sent e-mail."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds any complaint",
        )

    def handle(self, *args: object, if_empty: bool, **options: object) -> None:
        if if_empty and Complaint.objects.exists():
            self.stdout.write("The database already holds complaints; the demo was not loaded.")
        else:
            started = time.monotonic()
            result = load_demo()
            if result.skipped:
                self.stdout.write("The demo organisation is already loaded; nothing changed.")
            else:
                self.stdout.write(
                    f"Loaded the demo organisation with {result.complaints} complaints "
                    f"in {time.monotonic() - started:.1f} s."
                )
        self.print_logins()

    def print_logins(self) -> None:
        """The role accounts of the demo, when they exist; `make run` shows this at each start."""
        present = set(
            User.objects.filter(username__in=[m.username for m in ROLE_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        rows = [("username", "role", "password")] + [
            (m.username, m.role, m.password) for m in ROLE_ACCOUNTS if m.username in present
        ]
        if len(rows) == 1:
            return
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Demo logins (sign in on the console's /login/ page):")
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
        colleague = COLLEAGUES[0]
        self.stdout.write(
            "Every other demo colleague signs in the same way, "
            f"e.g. {colleague.username} / {colleague.password}."
        )
