"""Every figure of the dashboard for one slice, as plain numbers: the console draws them, the
API returns them and the periodic report prints them. Only aggregates are read (one GROUP BY
per breakdown), never the complaints themselves, except the ten open abnormal ones listed.

When the reader sees every complaint and the slice's filters allow it, the counts come from
the daily rollup (insights.rollup_selectors; `Figures.as_of` says when it was counted), the
rest live: repeat complainers, open abnormal complaints, root causes and compensation always
are (docs/insights.md, "Speed on a large archive")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import SEE_EVERYTHING, scoped_complaints
from complaintdesk.insights import rollup_selectors, selectors
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
    # When the rollup these figures were read from was counted; None when counted live.
    as_of: datetime | None = None

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
    scope = scoped_complaints(user)
    whole_archive = user.role in SEE_EVERYTHING and may(user, Can.READ_COMPLAINTS)
    return figures_in(scope, piece, whole_archive=whole_archive)


def figures_in(scope: QuerySet[Complaint], piece: Slice, *, whole_archive: bool) -> Figures:
    """The figures of the slice among `scope`; `whole_archive` says the scope is every
    complaint (the periodic report, the roles that see everything), so the rollup may answer."""
    as_of = rollup_selectors.as_of(piece, whole_archive=whole_archive)
    if as_of is not None:
        return rolled_figures(scope, piece, as_of)
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


def rolled_figures(scope: QuerySet[Complaint], piece: Slice, as_of: datetime) -> Figures:
    """The figures of the slice from the rollup (every complaint in scope), the same as
    figures_in counts them live, the time percentiles within the histogram's error."""
    complaints = selectors.narrow(scope, piece)
    earlier = piece.previous()
    objectives = objectives_for(piece.department)
    first_hours = objectives[Measure.FIRST_RESPONSE].within_hours or 24
    resolution_hours = objectives[Measure.RESOLUTION].within_hours or 24 * 30
    counts = rollup_selectors.department_counts(piece)
    previous_counts = rollup_selectors.department_counts(earlier)
    reopened = rollup_selectors.total(counts, "reopened")
    resolved = rollup_selectors.total(counts, "ever_resolved")
    kept = rollup_selectors.kept(counts)
    satisfied = None
    if selectors.model_of("followup.Survey") is not None:
        satisfied = {
            department: (row["satisfied"], row["answered"]) for department, row in counts.items()
        }
    overall_satisfied = (
        (rollup_selectors.total(counts, "satisfied"), rollup_selectors.total(counts, "answered"))
        if satisfied is not None
        else None
    )
    timed = {}
    for kind, done_field, hours in (
        ("first_response", "first_response_at", first_hours),
        ("resolution", "resolved_at", resolution_hours),
    ):
        target = timedelta(hours=hours)
        timed[kind] = rollup_selectors.times(piece, kind, target) or selectors.times(
            complaints, done_field, target
        )
    breaches = rollup_selectors.breaches(piece)
    if breaches is None:
        breaches = selectors.breaches_by_department(complaints, piece)
    known: dict[str, tuple[int, int] | None] = {
        Measure.REOPEN_RATE: (reopened, resolved),
        Measure.SATISFACTION: overall_satisfied,
        Measure.FIRST_RESPONSE: (
            timed["first_response"].within_target,
            timed["first_response"].counted,
        ),
        Measure.RESOLUTION: (timed["resolution"].within_target, timed["resolution"].counted),
    }
    volume = rollup_selectors.volume(piece)
    previous_volume = rollup_selectors.volume(earlier)
    open_count, open_first = selectors.open_abnormal(scope)
    return Figures(
        slice=piece,
        total=sum(volume),
        previous_total=sum(previous_volume),
        buckets=selectors.bucket_starts(piece),
        volume=volume,
        previous_volume=previous_volume,
        by_channel=_merge(
            rollup_selectors.by_channel(counts),
            rollup_selectors.by_channel(previous_counts),
            "channel",
        ),
        by_category=_merge(
            rollup_selectors.by_category(piece),
            rollup_selectors.by_category(earlier),
            "category_id",
        ),
        by_outcome=rollup_selectors.by_outcome(counts),
        first_response=timed["first_response"],
        resolution=timed["resolution"],
        sla=(sum(k for k, _ in kept.values()), sum(d for _, d in kept.values())),
        reopened=reopened,
        resolved=resolved,
        results=measure(complaints, objectives, known=known),
        departments=selectors.scorecards(counts, kept, breaches, satisfied),
        repeat_customers=selectors.repeat_complainers(complaints),
        open_abnormal=open_count,
        open_abnormal_first=open_first,
        satisfaction=overall_satisfied,
        root_causes=selectors.root_cause_pareto(complaints),
        compensation=selectors.compensation_by_category(complaints),
        as_of=as_of,
    )
