"""The dashboard's figures read from the daily rollup (insights.models.rollup), in the same
shapes as the live selectors (insights.selectors) give them.

The rollup answers a slice when the reader sees every complaint (the rollup has no scope),
it was counted in full in the site's current time zone, and the slice filters at most by
department and category: channel, language and severity (alone or with others) are counted
live. Within an answerable slice two figures may still be live: the time percentiles and
the breaches with a category filter (their rollups are per department), and "within the
target" when the target's hours are not a histogram edge.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from complaintdesk.complaints.models import Category, Channel, Outcome
from complaintdesk.insights.models import (
    DailyBreaches,
    DailyDepartmentFigures,
    DailyFigures,
    DailyTimes,
    RollupState,
)
from complaintdesk.insights.models.rollup import BUCKET_FIELDS, EDGES
from complaintdesk.insights.selectors import Slice, Times, bucket_starts
from complaintdesk.sla.models import ClockKind

COUNTED = (
    "received",
    "handled",
    "reopened",
    "ever_resolved",
    "answered",
    "satisfied",
    *(channel.value for channel in Channel),
    *(outcome.value for outcome in Outcome),
    *(f"{kind}_{part}" for kind in ClockKind.values for part in ("kept", "decided")),
)


def as_of(piece: Slice, *, whole_archive: bool) -> datetime | None:
    """When the rollup's figures were counted, if it can answer this slice; else None."""
    if not whole_archive or piece.channel or piece.language or piece.severity:
        return None
    state = RollupState.objects.order_by("pk").first()
    if (
        state is None
        or state.built_at is None
        or state.time_zone != timezone.get_current_timezone_name()
    ):
        return None
    return state.refreshed_at


def _rows(model: Any, piece: Slice) -> QuerySet[Any]:
    rows = model.objects.filter(day__gte=piece.start, day__lte=piece.end)
    if piece.department:
        rows = rows.filter(department_id=piece.department)
    if piece.category and model is DailyFigures:
        # The category and its sub-categories, as selectors.narrow counts them.
        rows = rows.filter(Q(category_id=piece.category) | Q(category__parent_id=piece.category))
    return rows.order_by()


def _counts(piece: Slice) -> QuerySet[Any]:
    """The rows of counts for the slice: per department, unless narrowed to a category."""
    return _rows(DailyFigures if piece.category else DailyDepartmentFigures, piece)


def volume(piece: Slice) -> list[int]:
    """Complaints received per day (or month) of the slice, along bucket_starts(piece)."""
    starts = bucket_starts(piece)
    index = {start: n for n, start in enumerate(starts)}
    series = [0] * len(starts)
    per_day = _counts(piece).values("day").annotate(n=Sum("received"))
    for row in per_day.values_list("day", "n"):
        day: date = row[0]
        series[index[day.replace(day=1) if piece.monthly else day]] += row[1]
    return series


def department_counts(piece: Slice) -> dict[int | None, dict[str, int]]:
    """Per department, every count of the rollup summed over the slice (one GROUP BY); the
    dashboard adds them up for the overall figures."""
    rows: Any = (
        _counts(piece).values("department_id").annotate(**{name: Sum(name) for name in COUNTED})
    )
    return {row.pop("department_id"): {**row, "resolved": row["ever_resolved"]} for row in rows}


def total(counts: dict[Any, dict[str, int]], name: str) -> int:
    return sum(row[name] for row in counts.values())


def by_channel(counts: dict[Any, dict[str, int]]) -> list[dict[str, Any]]:
    """As selectors.counts_by(complaints, "channel"): most first, then by channel."""
    found = [{"channel": c.value, "n": total(counts, c.value)} for c in Channel]
    return sorted((row for row in found if row["n"]), key=lambda row: (-row["n"], row["channel"]))


def by_outcome(counts: dict[Any, dict[str, int]]) -> list[dict[str, Any]]:
    """As selectors.counts_by(complaints.exclude(outcome=""), "outcome")."""
    found = [{"outcome": o.value, "n": total(counts, o.value)} for o in Outcome]
    return sorted((row for row in found if row["n"]), key=lambda row: (-row["n"], row["outcome"]))


def kept(counts: dict[Any, dict[str, int]]) -> dict[Any, tuple[int, int]]:
    """As selectors.sla_kept(complaints, "complaint__department_id")."""
    return {
        department: (
            sum(row[f"{kind}_kept"] for kind in ClockKind.values),
            sum(row[f"{kind}_decided"] for kind in ClockKind.values),
        )
        for department, row in counts.items()
    }


def by_category(piece: Slice) -> list[dict[str, Any]]:
    """As selectors.counts_by(complaints, "category_id", "category__name")."""
    rows = list(
        _rows(DailyFigures, piece)
        .values("category_id")
        .annotate(n=Sum("received"))
        .order_by("-n", "category_id")
    )
    names = dict(
        Category.objects.filter(
            pk__in={row["category_id"] for row in rows if row["category_id"] is not None}
        ).values_list("pk", "name")
    )
    for row in rows:
        row["category__name"] = names.get(row["category_id"])
    return rows


def breaches(piece: Slice) -> dict[int | None, int] | None:
    """As the scorecards count them: breaches recorded in the period of the period's
    complaints, per department they are attributed to; None with a category filter."""
    if piece.category:
        return None
    rows = (
        _rows(DailyBreaches, piece)
        .filter(breached_on__gte=piece.start, breached_on__lte=piece.end)
        .values("breach_department_id")
        .annotate(n=Sum("breaches"))
    )
    return {row["breach_department_id"]: row["n"] for row in rows}


def histogram(piece: Slice, kind: str) -> list[int]:
    """The bucket counts of first-response or resolution times over the slice."""
    found = (
        _rows(DailyTimes, piece)
        .filter(kind=kind)
        .aggregate(**{name: Sum(name) for name in BUCKET_FIELDS})
    )
    return [found[name] or 0 for name in BUCKET_FIELDS]


def percentile(counts: list[int], share: float) -> timedelta | None:
    """The nearest-rank percentile estimated from the histogram: the bucket holding the
    value of rank ⌈share × n⌉ is found exactly, and the value interpolated linearly within
    it (by rank, at the middle of its share of the bucket). The estimate lies in the same
    bucket as the true value, so it is off by less than that bucket's width (docs/insights.md
    gives the bounds); above the last edge it is the last edge."""
    counted = sum(counts)
    if not counted:
        return None
    rank = max(math.ceil(share * counted), 1)
    below = 0
    for n, in_bucket in enumerate(counts):
        if below + in_bucket >= rank:
            if n == len(EDGES):
                return EDGES[-1]
            low = EDGES[n - 1] if n else timedelta(0)
            return low + (EDGES[n] - low) * ((rank - below - 0.5) / in_bucket)
        below += in_bucket
    return None  # not reached: the ranks are within the counts


def times(piece: Slice, kind: str, target: timedelta) -> Times | None:
    """As selectors.times from the histogram, or None when the rollup cannot say (a category
    filter, or a target that is not an edge of the histogram)."""
    if piece.category or target not in EDGES:
        return None
    counts = histogram(piece, kind)
    within = sum(counts[: EDGES.index(target) + 1])
    return Times(sum(counts), percentile(counts, 0.5), percentile(counts, 0.9), within)
