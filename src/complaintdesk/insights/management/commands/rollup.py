"""complaintdesk rollup [--rebuild [--since DATE]]"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.insights.rollup import rebuild, refresh


class Command(BaseCommand):
    help = (
        "Bring the dashboard's daily rollup up to date (the days whose complaints changed), "
        "or with --rebuild count it again from the complaints."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="count every day again from the complaints"
        )
        parser.add_argument(
            "--since", default="", help="with --rebuild: count again only from this day (ISO)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options["since"]:
            if not options["rebuild"]:
                raise CommandError("--since goes with --rebuild")
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(f"--since: {options['since']!r} is not a date") from None
        if options["rebuild"]:
            written = rebuild(since=since)
            self.stdout.write(f"Rollup counted again: {written} rows.")
        else:
            days = refresh()
            self.stdout.write(f"Rollup refreshed: {len(days)} days counted again.")
