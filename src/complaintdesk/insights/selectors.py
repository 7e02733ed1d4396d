"""The figures of the dashboard, each computed by the database (GROUP BY, COUNT, SUM and one
percentile query) over the complaints in the caller's scope, so a department handler's
dashboard counts only what their department can see.

A `Slice` names what is measured: a period of days and optional department, category,
channel, language and severity. Every figure is read through `complaints_in(user, slice)`,
which starts from complaints.selectors.scoped_complaints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from complaintdesk.accounts.models import Department, User
from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Customer, Outcome
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.complaints.services import ARCHIVED
from complaintdesk.sla.models import Breach, Clock

# A period longer than this is counted per month rather than per day.
DAILY_UP_TO_DAYS = 62
UPHELD = (Outcome.UPHELD, Outcome.PARTIALLY_UPHELD)
REOPENED = "complaint.reopened"
# Work memory for the one grouping by customer (repeat complainers), for its transaction only.
GROUPING_WORK_MEM = "64MB"
FIRST_RESPONSE_TIME = ExpressionWrapper(
    F("first_response_at") - F("received_at"), output_field=DurationField()
)
RESOLUTION_TIME = ExpressionWrapper(
    F("resolved_at") - F("received_at"), output_field=DurationField()
)


@dataclass(frozen=True, kw_only=True)
class Slice:
    """What is measured: the complaints received from `start` to `end` (both days included,
    in the site's time zone), narrowed by the filters that are set."""

    start: date
    end: date
    department: int | None = None
    category: int | None = None
    channel: str = ""
    language: str = ""
    severity: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def monthly(self) -> bool:
        return self.days > DAILY_UP_TO_DAYS

    def previous(self) -> Slice:
        """The period of the same length just before, with the same filters."""
        return replace(
            self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1)
        )

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def queue_query(self, **extra: Any) -> dict[str, Any]:
        """The console queue's filters that list the complaints behind a figure."""
        query: dict[str, Any] = {
            "status": "all",
            "received_from": self.start.isoformat(),
            "received_to": self.end.isoformat(),
        }
        for name in ("department", "category", "channel", "language", "severity"):
            value = getattr(self, name)
            if value:
                query[name] = value
        query.update({name: value for name, value in extra.items() if value not in ("", None)})
        return query


def complaints_in(user: User, piece: Slice) -> QuerySet[Complaint]:
    """The complaints of the slice that this user may see."""
    return narrow(scoped_complaints(user), piece)


def narrow(complaints: QuerySet[Complaint], piece: Slice) -> QuerySet[Complaint]:
    """The complaints of the slice among `complaints` (the background jobs count them all)."""
    start, end = piece.bounds()
    complaints = complaints.filter(received_at__gte=start, received_at__lt=end)
    if piece.department:
        complaints = complaints.filter(department_id=piece.department)
    if piece.category:
        complaints = complaints.filter(
            Q(category_id=piece.category) | Q(category__parent_id=piece.category)
        )
    for name in ("channel", "language", "severity"):
        if value := getattr(piece, name):
            complaints = complaints.filter(**{name: value})
    return complaints


# --- volume ---------------------------------------------------------------------------------


def bucket_starts(piece: Slice) -> list[date]:
    """The first day of each day or month the slice is counted in."""
    if not piece.monthly:
        return [piece.start + timedelta(days=n) for n in range(piece.days)]
    months, day = [], piece.start.replace(day=1)
    while day <= piece.end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def volume_by(complaints: QuerySet[Complaint], piece: Slice, field: str) -> dict[Any, list[int]]:
    """Complaints received per day (or month) for each value of `field` ("" for the total),
    one GROUP BY query; each list runs along bucket_starts(piece)."""
    trunc = TruncMonth if piece.monthly else TruncDate
    starts = bucket_starts(piece)
    index = {start: n for n, start in enumerate(starts)}
    grouping = ["bucket", field] if field else ["bucket"]
    rows = (
        complaints.annotate(bucket=trunc("received_at", tzinfo=timezone.get_current_timezone()))
        .values(*grouping)
        .annotate(n=Count("id"))
        .order_by()
    )
    series: dict[Any, list[int]] = {}
    for row in rows:
        bucket = row["bucket"]
        day = bucket.date() if isinstance(bucket, datetime) else bucket
        key = row[field] if field else ""
        series.setdefault(key, [0] * len(starts))[index[day]] += row["n"]
    return series


def counts_by(complaints: QuerySet[Complaint], *fields: str) -> list[dict[str, Any]]:
    """How many complaints have each value of `fields`, most first.

    A related field ("category__name") that follows its foreign key ("category_id") is read
    after counting, for the few groups only, so the count itself joins no other table (and
    is answered from the covering index on PostgreSQL); the order is the same, the key
    coming first."""
    local = [name for name in fields if "__" not in name]
    later = [name for name in fields if "__" in name]
    if any(f"{name.split('__', 1)[0]}_id" not in local[: fields.index(name)] for name in later):
        return list(complaints.values(*fields).annotate(n=Count("id")).order_by("-n", *fields))
    rows = list(complaints.values(*local).annotate(n=Count("id")).order_by("-n", *local))
    for name in later:
        relation, attribute = name.split("__", 1)
        key = f"{relation}_id"
        model = Complaint._meta.get_field(relation).related_model
        found = dict(
            model._default_manager.filter(  # type: ignore[union-attr]
                pk__in={row[key] for row in rows if row[key] is not None}
            ).values_list("pk", attribute)
        )
        for row in rows:
            row[name] = found.get(row[key])
    return rows


# --- times ----------------------------------------------------------------------------------


class PercentileDisc(Aggregate):
    """PostgreSQL's percentile_disc over several shares at once: for each share, the smallest
    value with at least that share of the values at or below it (the nearest-rank
    percentile). One sort of the values serves every share; the answer is a list in the
    order of the shares."""

    function = "percentile_disc"
    template = "%(function)s(ARRAY[%(shares)s]::float8[]) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, shares: tuple[float, ...]) -> None:
        from django.contrib.postgres.fields import ArrayField

        super().__init__(expression, output_field=ArrayField(DurationField()))
        self.extra["shares"] = ", ".join(repr(float(share)) for share in shares)


def percentiles(
    complaints: QuerySet[Complaint], done_field: str, shares: tuple[float, ...]
) -> dict[float, timedelta | None]:
    """Nearest-rank percentiles of the time from receipt to `done_field`. PostgreSQL computes
    them in one ordered-set aggregate; elsewhere (SQLite) a bounded query per percentile reads
    the one row at its rank from the durations in order (COUNT, then ORDER BY … LIMIT 1
    OFFSET k), so no rows are loaded into Python either way."""
    duration = FIRST_RESPONSE_TIME if done_field == "first_response_at" else RESOLUTION_TIME
    done = complaints.filter(**{f"{done_field}__isnull": False}).order_by()
    if connection.vendor == "postgresql":
        found = done.aggregate(ranked=PercentileDisc(duration, shares))["ranked"]
        return dict(zip(shares, found or [None] * len(shares), strict=True))
    total = done.count()
    answer: dict[float, timedelta | None] = {}
    for share in shares:
        if not total:
            answer[share] = None
            continue
        rank = max(math.ceil(share * total), 1) - 1
        answer[share] = (
            done.annotate(took=duration).order_by("took").values_list("took", flat=True)[rank]
        )
    return answer


@dataclass(frozen=True)
class Times:
    counted: int
    median: timedelta | None
    p90: timedelta | None
    within_target: int

    @property
    def share_within_target(self) -> float | None:
        return self.within_target / self.counted if self.counted else None


def times(complaints: QuerySet[Complaint], done_field: str, target: timedelta) -> Times:
    """Median, 90th percentile and how many were done within `target` of their receipt."""
    done = complaints.filter(**{f"{done_field}__isnull": False}).order_by()
    counts: dict[str, Any] = {
        "counted": Count("id"),
        "within": Count("id", filter=Q(**{f"{done_field}__lte": F("received_at") + target})),
    }
    if connection.vendor == "postgresql":
        # One pass: the counts and both percentiles in the same aggregate query.
        duration = FIRST_RESPONSE_TIME if done_field == "first_response_at" else RESOLUTION_TIME
        found = done.aggregate(**counts, ranked=PercentileDisc(duration, (0.5, 0.9)))
        median, p90 = found["ranked"] or (None, None)
        return Times(found["counted"], median, p90, found["within"])
    counted = done.aggregate(**counts)
    ranked = percentiles(complaints, done_field, (0.5, 0.9))
    return Times(counted["counted"], ranked[0.5], ranked[0.9], counted["within"])


def sla_kept(complaints: QuerySet[Complaint], group: str = "") -> dict[Any, tuple[int, int]]:
    """(deadlines kept, deadlines decided) per value of `group` (or "" overall): a deadline is
    decided once its clock stopped or it was breached."""
    clocks = Clock.objects.filter(complaint__in=complaints.values("pk")).filter(
        Q(met__isnull=False) | Q(breached_at__isnull=False)
    )
    counts = {"kept": Count("id", filter=Q(met=True)), "decided": Count("id")}
    return _grouped(clocks, group, counts, ("kept", "decided"))


def _grouped(
    rows: QuerySet[Any], group: str, counts: dict[str, Any], names: tuple[str, str]
) -> dict[Any, tuple[int, int]]:
    """Two counts per value of `group`, or overall under the key "" when there is none."""
    if not group:
        found = rows.aggregate(**counts)
        return {"": (found[names[0]], found[names[1]])}
    grouped = rows.values(group).annotate(**counts).order_by()
    return {row[group]: (row[names[0]], row[names[1]]) for row in grouped}


# --- reopening, outcomes, customers ---------------------------------------------------------


def was_reopened() -> Q:
    """Reopened at least once. Written as `id IN (the reopened complaints)` rather than a
    correlated EXISTS: reopening is rare, so PostgreSQL hashes those few ids once instead of
    probing the audit trail for every complaint counted."""
    return Q(
        pk__in=Event.objects.filter(action=REOPENED, complaint__isnull=False).values("complaint_id")
    )


def was_resolved() -> Q:
    """Resolved at least once. Only the lifecycle's "resolve" stamps resolved_at and only
    "reopen" (which starts from a resolved, followed-up or closed complaint, all reached
    through "resolve") clears it, so a complaint was resolved once exactly when it is
    resolved now or was ever reopened; this reads no "complaint.resolved" events."""
    return Q(resolved_at__isnull=False) | was_reopened()


def reopen_rate(complaints: QuerySet[Complaint]) -> tuple[int, int]:
    """(reopened, resolved at least once) among the complaints, in one pass."""
    found = complaints.aggregate(
        reopened=Count("id", filter=was_reopened()),
        resolved=Count("id", filter=was_resolved()),
    )
    return found["reopened"], found["resolved"]


def repeat_complainers(
    complaints: QuerySet[Complaint], *, at_least: int = 2, limit: int = 10
) -> list[dict[str, Any]]:
    """Customers with at least `at_least` complaints in the slice, most first (then by name).

    Counted per customer id alone (from the covering index on PostgreSQL), read most first
    only as far as the `limit`-th count and its ties; only those few customers' names are
    then read, in the database's name order, so the table of customers is never joined to
    every complaint."""
    grouped = (
        complaints.values("customer_id")
        .annotate(n=Count("id"))
        .filter(n__gte=at_least)
        .order_by("-n")
        .values_list("customer_id", "n")
    )
    counted: dict[int, int] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A year's customers (315,000 on the 1M archive) do not fit PostgreSQL's default
            # 4 MB of work memory: the grouping spills to disk and takes twice as long.
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{GROUPING_WORK_MEM}'")
        for customer_id, n in grouped.iterator(chunk_size=max(limit * 4, 100)):
            if len(counted) >= limit and n < min(counted.values()):
                break
            counted[customer_id] = n
    customers = Customer.objects.filter(pk__in=counted).order_by("name")
    rows: list[dict[str, Any]] = [
        {"customer_id": pk, "customer__name": name, "customer__email": email, "n": counted[pk]}
        for pk, name, email in customers.values_list("pk", "name", "email")
    ]
    # A stable sort: customers with the same count stay in the database's name order.
    return sorted(rows, key=lambda row: -row["n"])[:limit]


def open_abnormal(scope: QuerySet[Complaint], *, limit: int = 10) -> tuple[int, list[Complaint]]:
    """Abnormal complaints open now (whenever received) among `scope`, the oldest first."""
    complaints = scope.filter(abnormal=True).exclude(status__in=ARCHIVED)
    first = complaints.select_related("department", "category").order_by("received_at")[:limit]
    return complaints.count(), list(first)


# --- departments ----------------------------------------------------------------------------


def department_counts(complaints: QuerySet[Complaint]) -> dict[int | None, dict[str, int]]:
    """Per responsible department (None for the complaints without one), in one pass:
    received, handled (resolved now), reopened and resolved at least once. Their sums are
    the reopen rate's figures, so the dashboard reads both from this one query."""
    rows: Any = (
        complaints.values("department_id")
        .annotate(
            received=Count("id"),
            handled=Count("id", filter=Q(resolved_at__isnull=False)),
            reopened=Count("id", filter=was_reopened()),
            resolved=Count("id", filter=was_resolved()),
        )
        .order_by()
    )
    return {row.pop("department_id"): row for row in rows}


def department_scorecards(
    complaints: QuerySet[Complaint],
    piece: Slice,
    *,
    counts: dict[int | None, dict[str, int]] | None = None,
    kept: dict[Any, tuple[int, int]] | None = None,
) -> list[dict[str, Any]]:
    """Per responsible department, by name: received, handled (resolved), deadlines kept,
    breaches attributed to it in the period, reopened, satisfied answers. `counts` and
    `kept` are department_counts(complaints) and sla_kept(complaints,
    "complaint__department_id") when the caller already has them."""
    return scorecards(
        department_counts(complaints) if counts is None else counts,
        sla_kept(complaints, "complaint__department_id") if kept is None else kept,
        breaches_by_department(complaints, piece),
        satisfaction(complaints, "complaint__department_id"),
    )


def breaches_by_department(complaints: QuerySet[Complaint], piece: Slice) -> dict[Any, int]:
    """Breaches recorded in the period of these complaints, per department attributed."""
    start, end = piece.bounds()
    return dict(
        Breach.objects.filter(
            complaint__in=complaints.values("pk"), breached_at__gte=start, breached_at__lt=end
        )
        .values("department_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("department_id", "n")
    )


def scorecards(
    counts: dict[int | None, dict[str, int]],
    kept: dict[Any, tuple[int, int]],
    breaches: dict[Any, int],
    satisfied: dict[Any, tuple[int, int]] | None,
) -> list[dict[str, Any]]:
    """The scorecard rows from the counts per department (live or from the rollup)."""
    named = Department.objects.filter(pk__in=[pk for pk in counts if pk is not None])
    rows: list[dict[str, Any]] = [
        {
            "department_id": pk,
            "department__name": name,
            "received": counts[pk]["received"],
            "handled": counts[pk]["handled"],
            "reopened": counts[pk]["reopened"],
        }
        for pk, name in named.order_by("name").values_list("pk", "name")
    ]
    for row in rows:
        department = row["department_id"]
        row["kept"], row["decided"] = kept.get(department, (0, 0))
        row["breaches"] = breaches.get(department, 0)
        row["satisfied"], row["answered"] = (
            satisfied.get(department, (0, 0)) if satisfied is not None else (None, None)
        )
    return rows


# --- what other apps record (joined in once they exist) -------------------------------------


def model_of(label: str) -> Any:
    """A model of another app, or None while that app is not installed."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def satisfaction(
    complaints: QuerySet[Complaint], group: str = ""
) -> dict[Any, tuple[int, int]] | None:
    """(answers scoring 4 or 5, answers) per value of `group`; None without the follow-up
    app's surveys."""
    survey = model_of("followup.Survey")
    if survey is None:
        return None
    answers = survey.objects.filter(complaint__in=complaints.values("pk"), score__isnull=False)
    counts = {"satisfied": Count("id", filter=Q(score__gte=4)), "answered": Count("id")}
    return _grouped(answers, group, counts, ("satisfied", "answered"))


def root_cause_pareto(complaints: QuerySet[Complaint]) -> list[dict[str, Any]] | None:
    """Root-cause categories of the upheld (fully or partly) complaints, most first, with the
    cumulative share; None without the resolution app's root causes."""
    root_cause = model_of("resolution.RootCause")
    if root_cause is None:
        return None
    rows = list(
        root_cause.objects.filter(complaint__in=complaints.filter(outcome__in=UPHELD).values("pk"))
        .values("category_id", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")
    )
    total = sum(row["n"] for row in rows)
    running = 0
    for row in rows:
        running += row["n"]
        row["cumulative"] = running / total
    return rows


def compensation_by_category(complaints: QuerySet[Complaint]) -> list[dict[str, Any]] | None:
    """Compensation recorded, per complaint category and currency (amounts are never added
    across currencies); None without the resolution app's ledger."""
    entry = model_of("resolution.CompensationEntry")
    if entry is None:
        return None
    return list(
        entry.objects.filter(complaint__in=complaints.values("pk"))
        .values("complaint__category_id", "complaint__category__name", "currency")
        .annotate(total=Sum("amount"), entries=Count("id"))
        .order_by("currency", "-total")
    )


def share(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None
