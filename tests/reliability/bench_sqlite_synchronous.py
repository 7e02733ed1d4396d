"""What SQLite's synchronous=FULL costs against NORMAL when filing complaints (WAL mode).

Not a test: run by hand on the disk the installation will use, e.g.
    COMPLAINTDESK_DATA=/srv/bench .venv/bin/python -m tests.reliability.bench_sqlite_synchronous
It migrates a fresh SQLite database in COMPLAINTDESK_DATA (default: a temporary directory on the
same filesystem as ./var), files complaints at each level and prints the time per complaint."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 5
PER_ROUND = 40


def main() -> None:
    data = os.environ.get("COMPLAINTDESK_DATA") or tempfile.mkdtemp(
        prefix="bench-sync-", dir=Path("var").resolve()
    )
    os.environ.update(
        COMPLAINTDESK_DATA=data,
        DJANGO_SETTINGS_MODULE="complaintdesk.settings",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tests.factories import file

    call_command("migrate", verbosity=0)
    timings: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    for round_number in range(ROUNDS):
        for level in timings:
            connection.ensure_connection()
            connection.cursor().execute(f"PRAGMA synchronous={level}")
            start = time.perf_counter()
            for n in range(PER_ROUND):
                file(email=f"bench-{level}-{round_number}-{n}@example.com")
            timings[level].append((time.perf_counter() - start) / PER_ROUND * 1000)
    print(f"SQLite in {data}, {ROUNDS} rounds of {PER_ROUND} complaints per level")
    for level, per_complaint in timings.items():
        print(
            f"synchronous={level:<6} median {statistics.median(per_complaint):6.2f} ms "
            f"per complaint (min {min(per_complaint):.2f}, max {max(per_complaint):.2f})"
        )


if __name__ == "__main__":
    sys.exit(main())
