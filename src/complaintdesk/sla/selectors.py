"""Reads for the clocks: which calendar a department counts in, which policy a complaint falls
under, the rungs of its escalation ladder, and the clocks and alerts people look at."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Department, User
from complaintdesk.complaints.models import Complaint, Severity
from complaintdesk.read_once import remembered
from complaintdesk.sla.business_time import (
    DEFAULT_HOURS,
    BusinessCalendar,
    CalendarClock,
    public_holidays,
)
from complaintdesk.sla.models import (
    Breach,
    Clock,
    ClockKind,
    ClosingDay,
    Escalation,
    EscalationLadder,
    Notify,
    SlaPolicy,
    StaffAlert,
)
from complaintdesk.sla.working_hours import parse_working_hours

# Public holidays are looked up for the years around the moment counted from; deadlines longer
# than this are not expected (and would only miss holidays, not fail).
HOLIDAY_YEARS_BEFORE = 1
HOLIDAY_YEARS_AFTER = 3

Clockwork = BusinessCalendar | CalendarClock


@functools.lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str, years: tuple[int, ...]) -> frozenset:  # type: ignore[type-arg]
    return frozenset(public_holidays(country, years, subdivision))


def calendar_for(department: Department | None, around: datetime | None = None) -> BusinessCalendar:
    """The working time of a department (or of the company, for an unrouted complaint): its
    hours in its time zone, without public holidays of its country and closing days."""
    around = around or timezone.now()
    return remembered(
        ("sla.calendar", department.pk if department else None, around.year),
        lambda: _calendar(department, around),
    )


def _calendar(department: Department | None, around: datetime) -> BusinessCalendar:
    closing = ClosingDay.objects.filter(department__isnull=True)
    if department is None:
        return BusinessCalendar(
            settings.TIME_ZONE,
            hours=DEFAULT_HOURS,
            closed=frozenset(closing.values_list("date", flat=True)),
        )
    closing = ClosingDay.objects.filter(Q(department__isnull=True) | Q(department=department))
    closed = set(closing.values_list("date", flat=True))
    if department.holiday_country:
        years = tuple(
            range(around.year - HOLIDAY_YEARS_BEFORE, around.year + HOLIDAY_YEARS_AFTER + 1)
        )
        closed |= _holidays(department.holiday_country, department.holiday_subdivision, years)
    return BusinessCalendar(
        department.time_zone,
        hours=parse_working_hours(department.working_hours),
        closed=frozenset(closed),
    )


def calendar_summary(department: Department | None) -> str:
    if department is None:
        return _("company hours (%(zone)s)") % {"zone": settings.TIME_ZONE}
    holidays = (
        _(", public holidays of %(country)s") % {"country": department.holiday_country}
        if department.holiday_country
        else ""
    )
    return _("%(department)s's hours (%(hours)s, %(zone)s%(holidays)s)") % {
        "department": department.name,
        "hours": department.working_hours,
        "zone": department.time_zone,
        "holidays": holidays,
    }


def default_policy() -> SlaPolicy:
    """What applies when no policy matches: the installation's promises in calendar hours."""
    return SlaPolicy(
        name=_("Default"),
        business_hours=False,
        first_response=timedelta(hours=settings.FIRST_RESPONSE_HOURS),
        resolution=timedelta(days=settings.RESOLUTION_DAYS),
    )


def _category_chain(complaint: Complaint) -> set[int]:
    """The complaint's category and every category above it."""
    chain: set[int] = set()
    category = complaint.category
    while category is not None and category.pk not in chain:
        chain.add(category.pk)
        category = category.parent
    return chain


def policy_for(complaint: Complaint, policies: list[SlaPolicy] | None = None) -> SlaPolicy:
    """The most specific active policy matching the complaint's priority, category and
    customer segment (the oldest wins a tie), or the default."""
    if policies is None:
        policies = remembered(
            "sla.policies", lambda: list(SlaPolicy.objects.filter(active=True).order_by("id"))
        )
    chain = _category_chain(complaint) if any(p.category_id for p in policies) else set()
    segment = complaint.customer.segment if any(p.segment for p in policies) else ""
    matching = [
        policy
        for policy in policies
        if (not policy.priority or policy.priority == complaint.priority)
        and (not policy.category_id or policy.category_id in chain)
        and (not policy.segment or policy.segment == segment)
    ]
    if not matching:
        return default_policy()
    return max(matching, key=lambda p: (p.specificity, -p.pk))


@dataclass(frozen=True)
class Rung:
    """One threshold a clock crosses: at `percent` of its time, tell `notify` (the people of
    ladder step `step`)."""

    percent: int
    step: int
    notify: str


# Used while no ladder has been set up: warn the owner, then climb at the deadline.
DEFAULT_STEPS: tuple[tuple[int, str], ...] = (
    (75, Notify.OWNER),
    (100, Notify.SUPERVISORS),
    (150, Notify.HEAD),
    (200, Notify.QUALITY_MANAGERS),
)
DEFAULT_URGENT_START = 2


@dataclass(frozen=True)
class Ladder:
    steps: tuple[tuple[int, str], ...]
    urgent_start: int

    def rungs(self, *, urgent: bool) -> list[Rung]:
        """Abnormal and critical complaints climb the same thresholds, each reaching the
        people of a higher step."""
        shift = max(0, self.urgent_start - 1) if urgent else 0
        shift = min(shift, max(0, len(self.steps) - 1))
        return [
            Rung(self.steps[i][0], i + shift + 1, self.steps[i + shift][1])
            for i in range(len(self.steps) - shift)
        ]


def ladders() -> dict[int | None, Ladder]:
    """Every ladder by department id (None: the default), in two queries."""
    return remembered("sla.ladders", _read_ladders)


def _read_ladders() -> dict[int | None, Ladder]:
    found: dict[int | None, Ladder] = {}
    for ladder in EscalationLadder.objects.prefetch_related("steps"):
        steps = tuple(
            (step.percent, step.notify)
            for step in sorted(ladder.steps.all(), key=lambda s: s.percent)
        )
        found[ladder.department_id] = Ladder(steps, ladder.urgent_start)
    found.setdefault(None, Ladder(DEFAULT_STEPS, DEFAULT_URGENT_START))
    return found


def ladder_for(department_id: int | None, known: dict[int | None, Ladder] | None = None) -> Ladder:
    known = ladders() if known is None else known
    return known.get(department_id) or known[None]


def is_urgent(complaint: Complaint) -> bool:
    return complaint.abnormal or complaint.severity == Severity.CRITICAL


def running_clocks(complaint: Complaint) -> QuerySet[Clock]:
    return Clock.objects.filter(complaint=complaint, stopped_at__isnull=True).order_by("due_at")


def clocks_of(complaint: Complaint) -> list[Clock]:
    """Every clock of a complaint, running first, each kind once (the latest)."""
    latest: dict[str, Clock] = {}
    for clock in Clock.objects.filter(complaint=complaint).order_by("started_at", "id"):
        latest[clock.kind] = clock
    order = list(ClockKind.values)
    return sorted(latest.values(), key=lambda c: (not c.running, order.index(c.kind)))


def with_running_clocks(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The complaints with their running clocks in `running_clocks`, in one more query."""
    return complaints.prefetch_related(
        Prefetch(
            "clocks",
            queryset=Clock.objects.filter(stopped_at__isnull=True).order_by("due_at"),
            to_attr="running_clocks",
        )
    )


def next_clock(complaint: Complaint) -> Clock | None:
    """The running clock due first, from the prefetched `running_clocks`; a paused clock
    counts only when nothing else runs."""
    clocks = getattr(complaint, "running_clocks", None)
    if clocks is None:
        clocks = list(running_clocks(complaint))
    if complaint.first_response_at is not None:
        # Answered: the sweep stops that clock within a minute; do not show it meanwhile.
        clocks = [c for c in clocks if c.kind != ClockKind.FIRST_RESPONSE]
    ticking = [c for c in clocks if c.paused_at is None]
    candidates = ticking or clocks
    return min(candidates, key=lambda c: c.due_at) if candidates else None


def escalations_of(complaint: Complaint) -> QuerySet[Escalation]:
    return Escalation.objects.filter(complaint=complaint).order_by("at", "id")


def breaches_of(complaint: Complaint) -> QuerySet[Breach]:
    return Breach.objects.filter(complaint=complaint).order_by("breached_at")


def unread_alerts(user: User, limit: int = 10) -> list[StaffAlert]:
    return list(
        StaffAlert.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("complaint")
        .order_by("-created_at", "-id")[:limit]
    )


def quality_managers() -> list[User]:
    return list(User.objects.filter(role="quality_manager", is_active=True).order_by("id"))
