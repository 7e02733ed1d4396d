"""Counting the daily rollup (insights.models.rollup) from the complaints, and keeping it true.

- `rebuild(since=None)` counts every day again (from `since` on), from the complaints, the
  clocks, the surveys and the breaches: the first run of the job and `complaintdesk rollup
  --rebuild [--since DATE]`.
- `refresh()` (the job `refresh_rollup`, every 5 minutes) counts again only the days of
  receipt of the complaints that changed since the last refresh. Every change to a complaint
  or to what the rollup counts of it (its clocks, surveys, breaches) is written with an audit
  event (the architecture's rule), so the changed complaints are those of the events recorded
  since the last refresh began — read through the index on `audit_event.at`. The look-back
  starts `LAG` earlier, so an event written by a transaction that committed after the last
  refresh began (but was stamped before) is not missed.

A day is counted whole: its rows are deleted and written again in one transaction, so a
complaint that moved to another department or category leaves its old row. The rollup's
writes are this app's own tables only; it reads the complaints.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Channel, Complaint, Outcome
from complaintdesk.insights.models import (
    DailyBreaches,
    DailyDepartmentFigures,
    DailyFigures,
    DailyTimes,
    RollupState,
)
from complaintdesk.insights.models.rollup import BUCKET_FIELDS, EDGES, Counts
from complaintdesk.insights.selectors import REOPENED, model_of
from complaintdesk.sla.models import Breach, Clock, ClockKind

# How far before the last refresh's start the next one looks for events (longer than any
# transaction that writes a complaint's change).
LAG = timedelta(minutes=10)
# Days counted per pass of a rebuild: a month of a large archive is a few tens of thousands
# of complaints, grouped by the database.
CHUNK_DAYS = 31
Key = tuple[date, int | None, int | None]
COUNTS = tuple(field.name for field in Counts._meta.get_fields())
KINDS = (DailyTimes.Kind.FIRST_RESPONSE.value, DailyTimes.Kind.RESOLUTION.value)


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def received_between(first: date, last: date) -> QuerySet[Complaint]:
    start, end = bounds(first, last)
    return Complaint.objects.filter(received_at__gte=start, received_at__lt=end).order_by()


def _day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def count_figures(first: date, last: date) -> list[DailyFigures]:
    """The DailyFigures rows of the days `first` … `last`, counted from the complaints (one
    GROUP BY each for complaints, clocks and surveys)."""
    complaints = received_between(first, last)
    # As selectors.was_reopened, but only these days' complaints' events are looked at
    # (through the events' complaint index), not every reopening of the archive.
    reopened = Q(
        pk__in=Event.objects.filter(action=REOPENED, complaint__in=complaints.values("pk")).values(
            "complaint_id"
        )
    )
    counts: dict[str, Any] = {
        "received": Count("id"),
        **{channel.value: Count("id", filter=Q(channel=channel.value)) for channel in Channel},
        "handled": Count("id", filter=Q(resolved_at__isnull=False)),
        "reopened": Count("id", filter=reopened),
        "ever_resolved": Count("id", filter=Q(resolved_at__isnull=False) | reopened),
        **{outcome.value: Count("id", filter=Q(outcome=outcome.value)) for outcome in Outcome},
    }
    rows: dict[Key, DailyFigures] = {}
    grouped: Any = (
        complaints.annotate(day=_day("received_at"))
        .values("day", "department_id", "category_id")
        .annotate(**counts)
    )
    for found in grouped:
        key = (_as_date(found.pop("day")), found.pop("department_id"), found.pop("category_id"))
        rows[key] = DailyFigures(day=key[0], department_id=key[1], category_id=key[2], **found)
    clocks = Clock.objects.filter(complaint__in=complaints.values("pk")).filter(
        Q(met__isnull=False) | Q(breached_at__isnull=False)
    )
    per_kind: Any = (
        clocks.annotate(day=_day("complaint__received_at"))
        .values("day", "complaint__department_id", "complaint__category_id", "kind")
        .annotate(decided=Count("id"), kept=Count("id", filter=Q(met=True)))
        .order_by()
    )
    for found in per_kind:
        row = rows.get(
            (
                _as_date(found["day"]),
                found["complaint__department_id"],
                found["complaint__category_id"],
            )
        )
        if row is not None and found["kind"] in ClockKind.values:
            setattr(row, f"{found['kind']}_decided", found["decided"])
            setattr(row, f"{found['kind']}_kept", found["kept"])
    survey = model_of("followup.Survey")
    if survey is not None:
        answers = survey.objects.filter(complaint__in=complaints.values("pk"), score__isnull=False)
        for found in (
            answers.annotate(day=_day("complaint__received_at"))
            .values("day", "complaint__department_id", "complaint__category_id")
            .annotate(answered=Count("id"), satisfied=Count("id", filter=Q(score__gte=4)))
            .order_by()
        ):
            key = (
                _as_date(found["day"]),
                found["complaint__department_id"],
                found["complaint__category_id"],
            )
            if (row := rows.get(key)) is not None:
                row.answered, row.satisfied = found["answered"], found["satisfied"]
    return list(rows.values())


def per_department(figures: list[DailyFigures]) -> list[DailyDepartmentFigures]:
    """The DailyFigures rows summed per day and department."""
    rows: dict[tuple[date, int | None], DailyDepartmentFigures] = {}
    for row in figures:
        key = (row.day, row.department_id)
        summed = rows.get(key) or rows.setdefault(
            key, DailyDepartmentFigures(day=row.day, department_id=row.department_id)
        )
        for name in COUNTS:
            setattr(summed, name, getattr(summed, name) + getattr(row, name))
    return list(rows.values())


def bucket_of(took: timedelta) -> int:
    """The histogram bucket of a duration (see insights.models.rollup.EDGES)."""
    return bisect_left(EDGES, took)


def count_times(first: date, last: date) -> list[DailyTimes]:
    """The DailyTimes rows (histograms of first-response and resolution times) of the days.
    The durations are read (two timestamps per complaint, one indexed range) and put in
    their buckets here: a CASE of 55 edges costs the database, and Django, more."""
    rows: dict[tuple[date, int | None, str], DailyTimes] = {}
    zone = timezone.get_current_timezone()
    done = received_between(first, last).filter(
        Q(first_response_at__isnull=False) | Q(resolved_at__isnull=False)
    )
    for department, received, *finished in done.values_list(
        "department_id", "received_at", "first_response_at", "resolved_at"
    ).iterator(chunk_size=5000):
        day = timezone.localdate(received, zone)
        for kind, at in zip(KINDS, finished, strict=True):
            if at is None:
                continue
            key = (day, department, kind)
            row = rows.get(key) or rows.setdefault(
                key, DailyTimes(day=day, department_id=department, kind=kind)
            )
            name = BUCKET_FIELDS[bucket_of(at - received)]
            setattr(row, name, getattr(row, name) + 1)
    return list(rows.values())


def count_breaches(first: date, last: date) -> list[DailyBreaches]:
    """The DailyBreaches rows of the complaints received on the days."""
    complaints = received_between(first, last)
    grouped = (
        Breach.objects.filter(complaint__in=complaints.values("pk"))
        .annotate(day=_day("complaint__received_at"), breached_on=_day("breached_at"))
        .values("day", "breached_on", "complaint__department_id", "department_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        DailyBreaches(
            day=_as_date(found["day"]),
            breached_on=_as_date(found["breached_on"]),
            department_id=found["complaint__department_id"],
            breach_department_id=found["department_id"],
            breaches=found["n"],
        )
        for found in grouped
    ]


def recount(first: date, last: date) -> int:
    """Count the days `first` … `last` again, replacing their rows (inside the caller's
    transaction). Returns how many rows were written."""
    figures = count_figures(first, last)
    counted: tuple[tuple[Any, list[Any]], ...] = (
        (DailyFigures, figures),
        (DailyDepartmentFigures, per_department(figures)),
        (DailyTimes, count_times(first, last)),
        (DailyBreaches, count_breaches(first, last)),
    )
    written = 0
    for model, rows in counted:
        model.objects.filter(day__gte=first, day__lte=last).delete()
        written += len(model.objects.bulk_create(rows, batch_size=2000))
    return written


def runs(days: Iterable[date], longest: int = CHUNK_DAYS) -> list[tuple[date, date]]:
    """The days as runs of consecutive days (at most `longest` each), so each run is one
    range of receipt times."""
    found: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if (
            found
            and day == found[-1][1] + timedelta(days=1)
            and (day - found[-1][0]).days < longest
        ):
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found


def _state() -> RollupState:
    """The one state row, locked until the caller's transaction ends, so two counts never
    interleave (a no-op lock on SQLite, which writes one at a time anyway)."""
    state = RollupState.objects.select_for_update().order_by("pk").first()
    return state or RollupState.objects.create(time_zone=timezone.get_current_timezone_name())


def rebuild(*, since: date | None = None) -> int:
    """Count the rollup again from the complaints: every day, or the days from `since` on
    (the days before keep their rows). Returns how many rows were written."""
    started = timezone.now()
    with transaction.atomic():
        state = _state()
        zone = timezone.get_current_timezone_name()
        if state.time_zone != zone or state.built_at is None:
            # Counted in another zone, or never in full: only a full count makes it usable.
            since = None
        first = since
        if first is None:
            earliest = Complaint.objects.order_by("received_at").values_list(
                "received_at", flat=True
            )[:1]
            first = timezone.localdate(earliest[0]) if earliest else timezone.localdate()
            for model in (DailyFigures, DailyDepartmentFigures, DailyTimes, DailyBreaches):
                model.objects.all().delete()
        last = max(timezone.localdate(started), first)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        written = sum(recount(a, b) for a, b in runs(days))
        state.time_zone = zone
        if since is None:
            state.built_at = state.refreshed_at = started
        # After a partial count the watermark stays: changes to the days before `since` since
        # the last refresh are still the job's to count.
        state.save()
    return written


def changed_days(after: datetime) -> set[date]:
    """The days of receipt of the complaints with an event recorded from `after` on."""
    changed = Event.objects.filter(at__gte=after, complaint__isnull=False).values("complaint_id")
    received = (
        Complaint.objects.filter(pk__in=changed)
        .annotate(day=_day("received_at"))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    return {_as_date(day) for day in received}


def refresh() -> list[date]:
    """Count again the days whose complaints changed since the last refresh began (every
    day, the first time). Returns the days counted again (none listed after a full count)."""
    with transaction.atomic():
        state = _state()
        built = state.built_at is not None and state.time_zone == (
            timezone.get_current_timezone_name()
        )
        if not built or state.refreshed_at is None:
            full = True
        else:
            full = False
            started = timezone.now()
            days = changed_days(state.refreshed_at - LAG)
            for first, last in runs(days):
                recount(first, last)
            state.refreshed_at = started
            state.save(update_fields=["refreshed_at"])
    if full:
        rebuild()
        return []
    return sorted(days)
