"""How fast the dashboard is on a seeded archive: the whole dashboard for one year, and each
of its charts alone, as a quality manager sees them (the whole archive in scope).

    .venv/bin/python -m bench.bench_dashboard \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench --runs 3

Runs in-process against the database (server time without HTTP and rendering): each run
computes every chart once through insights.selectors and then the whole dashboard through
insights.dashboard.figures, the code the page and GET /api/v1/insights/dashboard call.
Reports the median and range over the runs against the issue's targets (the full dashboard
for one year <= 1 s, each chart <= 300 ms).

First it brings the daily rollup up to date (insights.rollup; the only writes it makes, to the
rollup's own tables): a full count with --rebuild (timed), then, timed, a refresh with nothing
changed and the count again of the days that N changed complaints would touch (N of the last
day's and N of the last 30 days', --changed). The charts are then timed as the dashboard reads
them from the rollup (insights.rollup_selectors) and the live ones it keeps; --live times the
live selectors instead."""

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


def rolled_charts(scope: Any, piece: Any) -> dict[str, Callable[[], object]]:
    """Each chart as the dashboard computes it from the rollup (the live ones as they are)."""
    from complaintdesk.insights import rollup_selectors as rolled
    from complaintdesk.insights import selectors

    complaints = selectors.narrow(scope, piece)

    def counts() -> Any:
        return rolled.department_counts(piece)

    def scorecards() -> object:
        found = counts()
        satisfied = {pk: (row["satisfied"], row["answered"]) for pk, row in found.items()}
        breaches = rolled.breaches(piece) or {}
        return selectors.scorecards(found, rolled.kept(found), breaches, satisfied)

    return {
        "volume over time": lambda: rolled.volume(piece),
        "volume by channel": lambda: rolled.by_channel(counts()),
        "volume by category": lambda: rolled.by_category(piece),
        "outcomes": lambda: rolled.by_outcome(counts()),
        "first response times": lambda: rolled.times(piece, "first_response", timedelta(hours=24)),
        "resolution times": lambda: rolled.times(piece, "resolution", timedelta(hours=720)),
        "deadlines kept": lambda: rolled.kept(counts()),
        "reopen rate": lambda: rolled.total(counts(), "reopened"),
        "satisfaction": lambda: rolled.total(counts(), "satisfied"),
        "department scorecards": scorecards,
        "repeat complainers": lambda: selectors.repeat_complainers(complaints),
        "open abnormal": lambda: selectors.open_abnormal(scope),
        "root-cause Pareto": lambda: selectors.root_cause_pareto(complaints),
        "compensation by category": lambda: selectors.compensation_by_category(complaints),
    }


def bring_rollup_up_to_date(*, rebuild: bool, changed: int) -> list[str]:
    """Count the rollup (in full with `rebuild`) and time its refreshes; returns the lines
    to print."""
    from django.db import transaction
    from django.utils import timezone

    from complaintdesk.complaints.models import Complaint
    from complaintdesk.insights import rollup

    lines = []
    if rebuild:
        started = time.perf_counter()
        written = rollup.rebuild()
        lines.append(f"rollup rebuilt: {written} rows in {time.perf_counter() - started:.1f} s")
    else:
        rollup.refresh()
    started = time.perf_counter()
    rollup.refresh()
    lines.append(f"refresh, nothing changed: {(time.perf_counter() - started) * 1000:.0f} ms")
    today = timezone.localdate()
    for label, days in (("the last day", 1), ("the last 30 days", 30)):
        first = today - timedelta(days=days - 1)
        sample = list(
            rollup.received_between(first, today)
            .order_by("?")
            .values_list("pk", flat=True)[:changed]
        )
        received = Complaint.objects.filter(pk__in=sample).values_list("received_at", flat=True)
        touched = {timezone.localdate(at) for at in received}
        started = time.perf_counter()
        with transaction.atomic():
            for a, b in rollup.runs(touched):
                rollup.recount(a, b)
        lines.append(
            f"recount after {len(sample)} changed complaints of {label} "
            f"({len(touched)} days): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
    return lines


def check(quality: Any, piece: Any) -> list[str]:
    """Compare the figures from the rollup with the live ones on a few slices ending
    yesterday (today's complaints keep arriving while a bench runs), just after a refresh;
    returns a line per slice (the counts that differ, and the percentiles' errors). The open
    abnormal complaints are counted live both ways, so they are not compared."""
    import dataclasses

    from complaintdesk.complaints.models import Category, Complaint
    from complaintdesk.complaints.selectors import scoped_complaints
    from complaintdesk.insights import rollup
    from complaintdesk.insights.dashboard import Figures, figures, figures_in

    scope = scoped_complaints(quality)
    piece = dataclasses.replace(
        piece, start=piece.start - timedelta(days=1), end=piece.end - timedelta(days=1)
    )
    busiest = (
        Complaint.objects.exclude(department=None)
        .values_list("department_id", flat=True)
        .order_by("department_id")
        .first()
    )
    parent = Category.objects.filter(children__isnull=False).values_list("pk", flat=True)
    slices = {
        "the year": piece,
        "90 days of one department": dataclasses.replace(
            piece, start=piece.end - timedelta(days=89), department=busiest
        ),
        "the year of one category (with its sub-categories)": dataclasses.replace(
            piece, category=parent.first() or Category.objects.values_list("pk", flat=True)[0]
        ),
    }
    lines = []
    for label, each in slices.items():
        rollup.refresh()
        rolled = figures(quality, each)
        live = figures_in(scope, each, whole_archive=False)
        differ = [
            field.name
            for field in dataclasses.fields(Figures)
            if field.name
            not in ("as_of", "first_response", "resolution", "open_abnormal", "open_abnormal_first")
            and getattr(rolled, field.name) != getattr(live, field.name)
        ]
        errors = []
        for name in ("first_response", "resolution"):
            got, want = getattr(rolled, name), getattr(live, name)
            if (got.counted, got.within_target) != (want.counted, want.within_target):
                differ.append(name)
            for part in ("median", "p90"):
                estimate, exact = getattr(got, part), getattr(want, part)
                if estimate is not None and exact:
                    error = (estimate - exact) / exact * 100
                    errors.append(f"{name} {part} {exact} → {estimate} ({error:+.1f} %)")
        verdict = "all counts equal" if not differ else f"DIFFER: {', '.join(differ)}"
        lines.append(f"{label}: {verdict}; " + "; ".join(errors))
    return lines


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
    parser.add_argument("--rebuild", action="store_true", help="count the rollup in full first")
    parser.add_argument("--changed", type=int, default=100, help="complaints changed (refresh)")
    parser.add_argument("--live", action="store_true", help="time the live selectors")
    parser.add_argument(
        "--check", action="store_true", help="compare the rollup's figures with the live ones"
    )
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
    from complaintdesk.insights.dashboard import figures, figures_in
    from complaintdesk.insights.selectors import Slice

    quality = User.objects.filter(role=Role.QUALITY_MANAGER, is_active=True).first()
    if quality is None:
        raise SystemExit("no quality manager in that database: seed it with bench/seed.py")
    today = timezone.localdate()
    piece = Slice(start=today - timedelta(days=args.days - 1), end=today)
    scope = scoped_complaints(quality)
    rollup_lines = (
        [] if args.live else bring_rollup_up_to_date(rebuild=args.rebuild, changed=args.changed)
    )
    for line in rollup_lines:
        print(line, file=sys.stderr)
    chart_calls = charts if args.live else rolled_charts
    if args.check:
        for line in check(quality, piece):
            print(line)
        return

    def full() -> object:
        if args.live:
            return figures_in(scope, piece, whole_archive=False)
        return figures(quality, piece)

    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    chart_ms: dict[str, list[float]] = {}
    full_ms: list[float] = []
    for run in range(args.runs):
        for name, call in chart_calls(scope, piece).items():
            chart_ms.setdefault(name, []).append(timed(call))
        full_ms.append(timed(full))
        print(f"run {run + 1}: full dashboard {full_ms[-1]:.0f} ms", file=sys.stderr)

    def row(name: str, values: list[float], target: float) -> str:
        median = statistics.median(values)
        verdict = "✓" if median <= target else "✗"
        return (
            f"| {name} | {median:.0f} | {min(values):.0f}–{max(values):.0f} "
            f"| ≤ {target:.0f} {verdict} |"
        )

    source = "live" if args.live else "from the rollup"
    print(f"dashboard for {args.days} days ending {today} ({source}), {args.runs} runs")
    print(f"load average at the start: {load}")
    for line in rollup_lines:
        print(f"- {line}")
    print("| what | median (ms) | range (ms) | target |")
    print("|---|---:|---:|---|")
    print(row("the full dashboard", full_ms, FULL_TARGET_MS))
    for name, values in chart_ms.items():
        print(row(name, values, CHART_TARGET_MS))


if __name__ == "__main__":
    main()
