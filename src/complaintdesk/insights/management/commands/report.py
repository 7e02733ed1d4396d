"""complaintdesk report --period 2026-11 --format pdf|xlsx|csv --output FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from complaintdesk.accounts.models import Department
from complaintdesk.insights.reports import RENDERERS, BadPeriod, build_report


class Command(BaseCommand):
    help = "Write the complaints report of a month (2026-11) or week (2026-W47) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026-11 or 2026-W47")
        parser.add_argument("--format", required=True, choices=sorted(RENDERERS))
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--department", default="", help="a department's code; all if empty")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
        )

    def handle(self, *args: Any, **options: Any) -> None:
        department = None
        if options["department"]:
            department = Department.objects.filter(code=options["department"]).first()
            if department is None:
                raise CommandError(
                    f"--department: no department has the code {options['department']!r}"
                )
        with translation.override(options["language"]):
            try:
                report = build_report(options["period"], department=department)
            except BadPeriod as exc:
                raise CommandError(f"--period: {exc}") from None
            content = RENDERERS[options["format"]](report)
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"--output: cannot write {output}: {exc.strerror}") from None
        self.stdout.write(f"{report.title}: {output} ({len(content)} bytes)")
