"""How fast the dashboard is on a seeded archive: the whole dashboard for one year, and each
of its charts alone, as a quality manager sees them (the whole archive in scope).

    .venv/bin/python -m bench.bench_dashboard \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench --runs 3

Runs in-process against the database (server time without HTTP and rendering): each run
computes every chart once through insights.selectors and then the whole dashboard through
insights.dashboard.figures, the code the page and GET /api/v1/insights/dashboard call.
Reports the median and range over the runs against the issue's targets (the full dashboard
for one year <= 1 s, each chart <= 300 ms)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

FULL_TARGET_MS = 1000.0
CHART_TARGET_MS = 300.0


def charts(scope: Any, piece: Any) -> dict[str, Callable[[], object]]:
    """Each chart of the dashboard as the one call that computes it."""
    from complaintdesk.insights import selectors

    complaints = selectors.narrow(scope, piece)

    def times(field: str) -> Callable[[], object]:
        return lambda: selectors.times(complaints, field, timedelta(hours=24))

    return {
        "volume over time": lambda: selectors.volume_by(complaints, piece, ""),
        "volume by channel": lambda: selectors.counts_by(complaints, "channel"),
        "volume by category": lambda: selectors.counts_by(
            complaints, "category_id", "category__name"
        ),
        "outcomes": lambda: selectors.counts_by(complaints.exclude(outcome=""), "outcome"),
        "first response times": times("first_response_at"),
        "resolution times": times("resolved_at"),
        "deadlines kept": lambda: selectors.sla_kept(complaints),
        "reopen rate": lambda: selectors.reopen_rate(complaints),
        "satisfaction": lambda: selectors.satisfaction(complaints),
        "department scorecards": lambda: selectors.department_scorecards(complaints, piece),
        "repeat complainers": lambda: selectors.repeat_complainers(complaints),
        "open abnormal": lambda: selectors.open_abnormal(scope),
        "root-cause Pareto": lambda: selectors.root_cause_pareto(complaints),
        "compensation by category": lambda: selectors.compensation_by_category(complaints),
    }


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    result = call()
    # Querysets are lazy: make sure the database did the work.
    if hasattr(result, "__iter__") and not isinstance(result, (str, bytes, dict, tuple)):
        list(result)  # type: ignore[call-overload]
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--days", type=int, default=365, help="the period, ending today")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.settings")
    import django

    django.setup()
    from django.utils import timezone

    from complaintdesk.accounts.models import Role, User
    from complaintdesk.complaints.selectors import scoped_complaints
    from complaintdesk.insights.dashboard import figures
    from complaintdesk.insights.selectors import Slice

    quality = User.objects.filter(role=Role.QUALITY_MANAGER, is_active=True).first()
    if quality is None:
        raise SystemExit("no quality manager in that database: seed it with bench/seed.py")
    today = timezone.localdate()
    piece = Slice(start=today - timedelta(days=args.days - 1), end=today)
    scope = scoped_complaints(quality)
    chart_ms: dict[str, list[float]] = {}
    full_ms: list[float] = []
    for run in range(args.runs):
        for name, call in charts(scope, piece).items():
            chart_ms.setdefault(name, []).append(timed(call))
        full_ms.append(timed(lambda: figures(quality, piece)))
        print(f"run {run + 1}: full dashboard {full_ms[-1]:.0f} ms", file=sys.stderr)

    def row(name: str, values: list[float], target: float) -> str:
        median = statistics.median(values)
        verdict = "✓" if median <= target else "✗"
        return (
            f"| {name} | {median:.0f} | {min(values):.0f}–{max(values):.0f} "
            f"| ≤ {target:.0f} {verdict} |"
        )

    print(f"dashboard for {args.days} days ending {today}, {args.runs} runs, as {quality}")
    print("| what | median (ms) | range (ms) | target |")
    print("|---|---:|---:|---|")
    print(row("the full dashboard", full_ms, FULL_TARGET_MS))
    for name, values in chart_ms.items():
        print(row(name, values, CHART_TARGET_MS))


if __name__ == "__main__":
    main()
