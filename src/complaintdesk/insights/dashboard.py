"""Every figure of the dashboard for one slice, as plain numbers: the console draws them, the
API returns them and the periodic report prints them. Only aggregates are read (one GROUP BY
per breakdown), never the complaints themselves, except the ten open abnormal ones listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from complaintdesk.accounts.models import User
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.insights import selectors
from complaintdesk.insights.models import Measure
from complaintdesk.insights.selectors import Slice
from complaintdesk.insights.targets import Result, measure, objectives_for

# Categories shown one by one in the volume chart; the rest are summed as "other".
TOP_CATEGORIES = 8


@dataclass
class Figures:
    slice: Slice
    total: int
    previous_total: int
    buckets: list[date]
    volume: list[int]
    previous_volume: list[int]
    by_channel: list[dict[str, Any]]
    by_category: list[dict[str, Any]]
    by_outcome: list[dict[str, Any]]
    first_response: selectors.Times
    resolution: selectors.Times
    sla: tuple[int, int]
    reopened: int
    resolved: int
    results: list[Result]
    departments: list[dict[str, Any]]
    repeat_customers: list[dict[str, Any]]
    open_abnormal: int
    open_abnormal_first: list[Complaint]
    # None while the app that records them is not installed.
    satisfaction: tuple[int, int] | None
    root_causes: list[dict[str, Any]] | None
    compensation: list[dict[str, Any]] | None
    extra: dict[str, Any] = field(default_factory=dict)

    def result(self, name: str) -> Result | None:
        return next((r for r in self.results if r.measure == name), None)


def _merge(
    current: list[dict[str, Any]], previous: list[dict[str, Any]], key: str
) -> list[dict[str, Any]]:
    """Current counts with the previous period's beside them (0 when absent there)."""
    before = {row[key]: row["n"] for row in previous}
    return [{**row, "previous": before.get(row[key], 0)} for row in current]


def figures(user: User, piece: Slice) -> Figures:
    """The figures of the complaints this user may see."""
    return figures_in(scoped_complaints(user), piece)


def figures_in(scope: QuerySet[Complaint], piece: Slice) -> Figures:
    """The figures of the slice among `scope` (every complaint, for the periodic report)."""
    complaints = selectors.narrow(scope, piece)
    earlier = selectors.narrow(scope, piece.previous())
    objectives = objectives_for(piece.department)
    first_hours = objectives[Measure.FIRST_RESPONSE].within_hours or 24
    resolution_hours = objectives[Measure.RESOLUTION].within_hours or 24 * 30
    volume = selectors.volume_by(complaints, piece, "").get("", [])
    previous_volume = selectors.volume_by(earlier, piece.previous(), "").get("", [])
    starts = selectors.bucket_starts(piece)
    by_category = _merge(
        selectors.counts_by(complaints, "category_id", "category__name"),
        selectors.counts_by(earlier, "category_id", "category__name"),
        "category_id",
    )
    # One pass per department gives the scorecards and, summed, the reopen rate.
    counts = selectors.department_counts(complaints)
    reopened = sum(row["reopened"] for row in counts.values())
    resolved = sum(row["resolved"] for row in counts.values())
    # Deadlines per department once; the overall figure is their sum (no department included).
    kept = selectors.sla_kept(complaints, "complaint__department_id")
    satisfied = selectors.satisfaction(complaints)
    first_response = selectors.times(complaints, "first_response_at", timedelta(hours=first_hours))
    resolution = selectors.times(complaints, "resolved_at", timedelta(hours=resolution_hours))
    # The gauges measure what was just counted: pass it on rather than count it again (the
    # times only when the gauge's default hours are the ones counted here).
    known: dict[str, tuple[int, int] | None] = {
        Measure.REOPEN_RATE: (reopened, resolved),
        Measure.SATISFACTION: satisfied.get("", (0, 0)) if satisfied is not None else None,
    }
    for name, counted, hours in (
        (Measure.FIRST_RESPONSE, first_response, first_hours),
        (Measure.RESOLUTION, resolution, resolution_hours),
    ):
        if hours == (objectives[name].within_hours or 24):
            known[name] = (counted.within_target, counted.counted)
    open_count, open_first = selectors.open_abnormal(scope)
    return Figures(
        slice=piece,
        total=sum(volume),
        previous_total=sum(previous_volume),
        buckets=starts,
        volume=volume or [0] * len(starts),
        previous_volume=previous_volume or [0] * len(selectors.bucket_starts(piece.previous())),
        by_channel=_merge(
            selectors.counts_by(complaints, "channel"),
            selectors.counts_by(earlier, "channel"),
            "channel",
        ),
        by_category=by_category,
        by_outcome=selectors.counts_by(complaints.exclude(outcome=""), "outcome"),
        first_response=first_response,
        resolution=resolution,
        sla=(sum(k for k, _ in kept.values()), sum(d for _, d in kept.values())),
        reopened=reopened,
        resolved=resolved,
        results=measure(complaints, objectives, known=known),
        departments=selectors.department_scorecards(complaints, piece, counts=counts, kept=kept),
        repeat_customers=selectors.repeat_complainers(complaints),
        open_abnormal=open_count,
        open_abnormal_first=open_first,
        satisfaction=satisfied.get("", (0, 0)) if satisfied is not None else None,
        root_causes=selectors.root_cause_pareto(complaints),
        compensation=selectors.compensation_by_category(complaints),
    )
