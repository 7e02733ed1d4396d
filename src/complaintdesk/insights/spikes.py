"""Spike detection: is the count of complaints in the last hour or day, for one category,
product or channel, abnormally high against its own history?

The method (docs/insights.md): the baseline is the median of the same key's counts over the
past HISTORY_DAYS windows (for hours: the same hour of the day, so the daily rhythm does not
alarm), the spread is the median absolute deviation scaled to a standard deviation (×1.4826),
floored at the square root of the median (counts of complaints are roughly Poisson, whose
spread is √mean, and a quiet history has a MAD of 0) and at 1. A count is a spike when it
exceeds median + K × spread and is at least MIN_COUNT. Median and MAD ignore the spikes of the
past, so one earlier wave does not hide the next (unlike a mean and standard deviation).

The counting is one GROUP BY per window and dimension; only the grouped counts reach Python.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from complaintdesk.complaints.models import Category, Channel, Complaint

K = 4.0
MIN_COUNT = 5
HISTORY_DAYS = 28
DIMENSIONS = {"category": "category_id", "product": "product_reference", "channel": "channel"}


@dataclass(frozen=True)
class Verdict:
    count: int
    baseline: float
    threshold: float

    @property
    def spike(self) -> bool:
        return self.count > self.threshold and self.count >= MIN_COUNT


def judge(count: int, history: list[int]) -> Verdict:
    """Whether `count` is abnormally high against `history` (missing windows count as 0)."""
    median = statistics.median(history) if history else 0.0
    mad = statistics.median([abs(n - median) for n in history]) if history else 0.0
    spread = max(1.4826 * mad, math.sqrt(median), 1.0)
    return Verdict(count, float(median), median + K * spread)


@dataclass(frozen=True)
class Window:
    kind: str  # "hour" or "day"
    start: datetime
    end: datetime

    def history(self) -> list[tuple[datetime, datetime]]:
        """The windows compared with this one: the same hour of each earlier day, or each
        earlier day, over HISTORY_DAYS days."""
        length = self.end - self.start
        return [
            (self.start - timedelta(days=n), self.start - timedelta(days=n) + length)
            for n in range(1, HISTORY_DAYS + 1)
        ]


def last_complete_windows(now: datetime) -> list[Window]:
    local = timezone.localtime(now)
    hour = local.replace(minute=0, second=0, microsecond=0)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return [
        Window("hour", hour - timedelta(hours=1), hour),
        Window("day", day - timedelta(days=1), day),
    ]


def _counts(complaints: QuerySet[Complaint], window: Window, field: str) -> dict[str, dict]:
    """Counts per key and per window start, the current window and its history, one query."""
    starts = [window.start, *(start for start, _end in window.history())]
    earliest = min(starts)
    trunc = TruncHour if window.kind == "hour" else TruncDate
    rows = complaints.filter(received_at__gte=earliest, received_at__lt=window.end)
    if window.kind == "hour":
        rows = rows.filter(received_at__hour=timezone.localtime(window.start).hour)
    grouped = (
        rows.exclude(**{f"{field}__isnull": True})
        .exclude(**{field: ""} if field != "category_id" else {})
        .annotate(bucket=trunc("received_at", tzinfo=timezone.get_current_timezone()))
        .values(field, "bucket")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, dict] = defaultdict(dict)
    for row in grouped:
        bucket = row["bucket"]
        if isinstance(bucket, datetime) and window.kind == "day":
            bucket = bucket.date()
        found[str(row[field])][bucket] = row["n"]
    return found


def _bucket(window: Window, start: datetime) -> object:
    local = timezone.localtime(start)
    return local.date() if window.kind == "day" else local


def detect(
    complaints: QuerySet[Complaint], window: Window, dimension: str
) -> list[tuple[str, Verdict]]:
    """The keys of `dimension` whose count in `window` is a spike."""
    field = DIMENSIONS[dimension]
    found = []
    for key, by_bucket in _counts(complaints, window, field).items():
        current = _count_at(by_bucket, _bucket(window, window.start))
        if current < MIN_COUNT:
            continue
        history = [_count_at(by_bucket, _bucket(window, start)) for start, _e in window.history()]
        verdict = judge(current, history)
        if verdict.spike:
            found.append((key, verdict))
    return found


def _count_at(by_bucket: dict, bucket: object) -> int:
    return int(by_bucket.get(bucket, 0))


def label_of(dimension: str, key: str) -> str:
    if dimension == "category":
        category = Category.objects.filter(pk=int(key)).first() if key.isdigit() else None
        return str(category or key)
    if dimension == "channel":
        return str(dict(Channel.choices).get(key, key))
    return key
