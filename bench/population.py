"""Who complains about what, when, and how far each complaint has got: the seeded archive's
shape, drawn for all complaints at once with numpy so a million cost seconds.

Skewed like real data: volume grows over the three years, follows the working week and day,
and jumps on a few outage days; a few categories and a few customers take a large share; most
complaints are closed, those of the last weeks are still open with their deadlines around now.

A complaint's history follows a planned path through the lifecycle (HISTORY below): each step
happens at a fraction of the complaint's planned handling time, and the steps whose time has
not come yet have not happened, which is what leaves recent complaints open. The number of
events and messages each complaint gets is computed here from the same table that rows.py
walks, so ids can be handed out before any row is written."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bench import organisation
from bench.phrases import LANGUAGE_SHARES

DAY = 86_400
CHANNELS = ("web", "email", "phone", "chat", "api", "letter", "in_person")
CHANNEL_SHARES = (0.35, 0.3, 0.2, 0.07, 0.04, 0.02, 0.02)
SEVERITIES = ("low", "medium", "high", "critical")
SEVERITY_SHARES = (0.3, 0.45, 0.2, 0.05)
NATURES = ("valid", "help_seeking", "consultative", "venting", "not_a_complaint")
NATURE_SHARES = (0.85, 0.06, 0.03, 0.04, 0.02)
IMPACTS = ("one_customer", "several_customers", "public", "safety_legal")
IMPACT_SHARES = (0.9, 0.07, 0.02, 0.01)
COMPLEXITIES = ("simple", "moderate", "complex")
COMPLEXITY_SHARES = (0.6, 0.32, 0.08)
OUTCOMES = ("upheld", "partially_upheld", "not_upheld")
OUTCOME_SHARES = (0.55, 0.3, 0.15)

# Customers: most complain once; the rest come back, a few of them very often.
REPEAT_SHARE = 0.3
REPEAT_POOL_SHARE = 0.05
REPEAT_SKEW = 0.7
# Planned handling time: median six days, a long tail, and 1% that get stuck for months.
HANDLING_MEDIAN_DAYS = 6
HANDLING_SIGMA = 0.9
STUCK_SHARE = 0.01
MISROUTED_SHARE = 0.05
OUTAGE_DAYS = 8
OUTAGE_FACTOR = 4.0
WEEKDAY_FACTORS = (1.25, 1.15, 1.05, 1.0, 0.95, 0.55, 0.4)  # Monday first
# Complaints the read benchmark opens: 31 events and 19 messages each.
LONG_STORIES = 5


@dataclass(frozen=True)
class Step:
    """One step of the planned path: the audit action it records, when it happens (a fraction
    of the handling time, plus seconds), which complaints take it (a flag and the least value
    it needs) and how many messages go with it."""

    action: str
    fraction: float
    flag: str = ""
    at_least: int = 1
    messages: int = 0
    status: str = ""  # the status after it; "" leaves the status as it was
    seconds: int = 0


def _loop(number: int) -> list[Step]:
    """Asking the customer for something and their answer."""
    start = 0.12 + 0.09 * number
    return [
        Step(
            "complaint.information_requested", start, "loops", number + 1, 1, "waiting_on_customer"
        ),
        Step("message.received", start + 0.03, "loops", number + 1, 1),
        Step("complaint.customer_replied", start + 0.035, "loops", number + 1, 0, "investigating"),
    ]


MAX_LOOPS = 4
MAX_NOTES = 3
HISTORY: tuple[Step, ...] = (
    Step("complaint.received", 0.0, status="received"),
    Step("complaint.acknowledged", 0.0, messages=1, status="acknowledged", seconds=2),
    Step("complaint.triaged", 0.05, status="triaged"),
    Step("complaint.reassigned", 0.08, "reassign"),
    Step("complaint.investigation_started", 0.10, status="investigating"),
    *_loop(0),
    Step("note.added", 0.14, "notes", 1, 1),
    *_loop(1),
    Step("note.added", 0.27, "notes", 2, 1),
    *_loop(2),
    Step("message.sent", 0.36, "reply", 1, 1),
    *_loop(3),
    Step("note.added", 0.44, "notes", 3, 1),
    Step("complaint.updated", 0.5, "reassign", 2),
    Step("complaint.remedy_proposed", 0.55, "remedy", 1, 1, "remedy_proposed"),
    Step("complaint.remedy_accepted", 0.65, "remedy", 1, 0, "in_remedy"),
    Step("complaint.resolved", 0.75, messages=1, status="resolved"),
    Step("complaint.follow_up_started", 0.78, "follow", status="follow_up"),
    Step("complaint.closed", 1.0, messages=1, status="closed"),
    Step("complaint.reopened", 1.3, "reopen", 1, 1, "reopened"),
    Step("complaint.investigation_started", 1.35, "reopen", status="investigating"),
    Step("complaint.resolved", 1.6, "reopen", 1, 1, "resolved"),
    Step("complaint.closed", 1.8, "reopen", 1, 1, "closed"),
)
WITHDRAWN = Step("complaint.withdrawn", math.nan, messages=1, status="withdrawn")
# Writes that bump the complaint's version (everything but messages and notes does).
UNVERSIONED = {"complaint.received", "message.received", "message.sent", "note.added"}
assert all(_loop(n)[0].fraction < 0.55 for n in range(MAX_LOOPS))


@dataclass(kw_only=True)
class Customers:
    count: int
    language: np.ndarray  # index into phrases.BANKS
    region: np.ndarray  # index into organisation.REGIONS
    given: np.ndarray
    family: np.ndarray
    has_email: np.ndarray
    has_phone: np.ndarray
    in_crm: np.ndarray
    created: np.ndarray  # epoch seconds


@dataclass(kw_only=True)
class Complaints:
    count: int
    received: np.ndarray  # epoch seconds, ascending: ids follow time
    customer: np.ndarray  # index into Customers
    duration: np.ndarray  # planned handling time, seconds
    withdraw_at: np.ndarray  # fraction of the handling time; inf: never withdrawn
    leaf: np.ndarray  # index into Organisation.leaf_ids
    department: np.ndarray  # index into Organisation.department_ids
    owner_draw: np.ndarray  # [0, 1): which of the department's staff
    second_owner_draw: np.ndarray
    channel: np.ndarray
    severity: np.ndarray
    nature: np.ndarray
    impact: np.ndarray
    complexity: np.ndarray
    outcome: np.ndarray
    flags: dict[str, np.ndarray]
    events: np.ndarray  # how many each has
    messages: np.ndarray
    long_stories: np.ndarray  # indices of the complaints with 50 events and messages


def _choice(rng: np.random.Generator, shares: tuple[float, ...] | np.ndarray, size: int):
    return rng.choice(len(shares), size=size, p=np.asarray(shares) / np.sum(shares)).astype(
        np.int8 if len(shares) < 128 else np.int32
    )


def arrival_times(rng: np.random.Generator, count: int, *, now: int, years: float) -> np.ndarray:
    """When complaints arrive over the period: growing volume, weekdays and office hours
    busier, and a few outage days with several times the usual load. Sorted."""
    hours = int(years * 365 * 24)
    end_hour = now // 3600
    start = (end_hour - hours + 1) * 3600
    index = np.arange(hours)
    day = index // 24
    weekday = ((start // DAY) + 3 + day) % 7  # 1970-01-01 was a Thursday
    hour_of_day = index % 24
    office = np.where((hour_of_day >= 8) & (hour_of_day < 19), 1.0, 0.25)
    growth = 0.7 + 0.6 * day / max(1, day[-1])
    weights = growth * np.asarray(WEEKDAY_FACTORS)[weekday] * office
    outages = rng.choice(int(day[-1]) + 1, size=min(OUTAGE_DAYS, int(day[-1]) + 1), replace=False)
    weights[np.isin(day, outages)] *= OUTAGE_FACTOR
    drawn = rng.choice(hours, size=count, p=weights / weights.sum())
    received = start + drawn.astype(np.int64) * 3600 + rng.integers(0, 3600, size=count)
    return np.sort(np.minimum(received, now - 1))


def plan_customers_and_assign(
    rng: np.random.Generator, received: np.ndarray
) -> tuple[Customers, np.ndarray]:
    """The customers, in the order they first complained, and each complaint's customer."""
    count = len(received)
    pool = max(10, int(count * REPEAT_POOL_SHARE))
    ranks = np.arange(1, pool + 1)
    pool_weights = 1.0 / ranks**REPEAT_SKEW
    repeat = rng.random(count) < REPEAT_SHARE
    raw = np.empty(count, dtype=np.int64)
    raw[repeat] = rng.choice(pool, size=int(repeat.sum()), p=pool_weights / pool_weights.sum())
    raw[~repeat] = pool + np.arange(int((~repeat).sum()))
    # Number customers by their first complaint, as the product would have created them.
    first_seen = np.full(pool + int((~repeat).sum()), np.iinfo(np.int64).max)
    np.minimum.at(first_seen, raw, received)
    used = np.flatnonzero(first_seen != np.iinfo(np.int64).max)
    used = used[np.argsort(first_seen[used], kind="stable")]
    renumber = np.empty(len(first_seen), dtype=np.int64)
    renumber[used] = np.arange(len(used))
    total = len(used)
    has_email = rng.random(total) < 0.88
    has_phone = rng.random(total) < 0.55
    customers = Customers(
        count=total,
        language=_choice(rng, LANGUAGE_SHARES, total),
        region=_choice(rng, organisation.REGION_SHARES, total),
        given=rng.integers(0, 16, size=total, dtype=np.int8),
        family=rng.integers(0, 16, size=total, dtype=np.int8),
        has_email=has_email,
        has_phone=has_phone | ~has_email,
        in_crm=rng.random(total) < 0.2,
        created=first_seen[used],
    )
    return customers, renumber[raw]


def plan_complaints(
    rng: np.random.Generator,
    count: int,
    org: organisation.Organisation,
    *,
    now: int,
    years: float,
) -> tuple[Customers, Complaints]:
    received = arrival_times(rng, count, now=now, years=years)
    customers, customer = plan_customers_and_assign(rng, received)

    duration = np.exp(rng.normal(math.log(HANDLING_MEDIAN_DAYS * DAY), HANDLING_SIGMA, size=count))
    duration = np.clip(duration, 2 * 3600, 120 * DAY)
    duration[rng.random(count) < STUCK_SHARE] *= 8
    duration = duration.astype(np.int64)

    leaf = rng.choice(len(org.leaf_ids), size=count, p=org.leaf_weights).astype(np.int16)
    function = np.asarray(org.leaf_functions, dtype=np.int16)[leaf]
    department = function * len(organisation.REGIONS) + customers.region[customer]
    misrouted = rng.random(count) < MISROUTED_SHARE
    department[misrouted] = rng.integers(0, len(org.department_ids), size=int(misrouted.sum()))

    flags = {
        "loops": _choice(rng, (0.86, 0.1, 0.03, 0.008, 0.002), count),
        "notes": _choice(rng, (0.8, 0.14, 0.04, 0.02), count),
        "reply": (rng.random(count) < 0.1).astype(np.int8),
        "remedy": (rng.random(count) < 0.2).astype(np.int8),
        "follow": (rng.random(count) < 0.4).astype(np.int8),
        "reopen": (rng.random(count) < 0.015).astype(np.int8),
        "reassign": (rng.random(count) < 0.05).astype(np.int8),
    }
    withdraw_at = np.where(rng.random(count) < 0.035, rng.uniform(0.11, 0.6, size=count), np.inf)

    # A few old, closed complaints of the bench agent's department with the longest history
    # the read benchmark asks for: 31 events and 19 messages.
    candidates = np.flatnonzero((department == org.bench_department) & (received < now - 60 * DAY))
    long_stories = candidates[:: max(1, len(candidates) // LONG_STORIES)][:LONG_STORIES]
    for name, value in (
        ("loops", MAX_LOOPS),
        ("notes", MAX_NOTES),
        ("reply", 1),
        ("remedy", 1),
        ("follow", 1),
        ("reopen", 1),
        ("reassign", 2),
    ):
        flags[name][long_stories] = value
    withdraw_at[long_stories] = np.inf
    duration[long_stories] = 10 * DAY

    complaints = Complaints(
        count=count,
        received=received,
        customer=customer,
        duration=duration,
        withdraw_at=withdraw_at,
        leaf=leaf,
        department=department,
        owner_draw=rng.random(count),
        second_owner_draw=rng.random(count),
        channel=_choice(rng, CHANNEL_SHARES, count),
        severity=_choice(rng, SEVERITY_SHARES, count),
        nature=_choice(rng, NATURE_SHARES, count),
        impact=_choice(rng, IMPACT_SHARES, count),
        complexity=_choice(rng, COMPLEXITY_SHARES, count),
        outcome=_choice(rng, OUTCOME_SHARES, count),
        flags=flags,
        events=np.zeros(count, dtype=np.int64),
        messages=np.zeros(count, dtype=np.int64),
        long_stories=long_stories,
    )
    complaints.events, complaints.messages = history_sizes(complaints, now=now)
    return customers, complaints


def step_time(received: int, duration: int, fraction: float, seconds: int) -> int:
    """When a step happens; the same arithmetic as history_sizes, so both agree."""
    return received + int(fraction * duration) + seconds


def history_sizes(complaints: Complaints, *, now: int) -> tuple[np.ndarray, np.ndarray]:
    """How many events and messages each complaint has by `now`."""
    events = np.zeros(complaints.count, dtype=np.int64)
    messages = np.zeros(complaints.count, dtype=np.int64)
    for step in HISTORY:
        taken = (
            complaints.received
            + (step.fraction * complaints.duration).astype(np.int64)
            + step.seconds
        ) <= now
        taken &= step.fraction < complaints.withdraw_at
        if step.flag:
            taken &= complaints.flags[step.flag] >= step.at_least
        events += taken
        messages += taken * step.messages
    withdrawn = np.isfinite(complaints.withdraw_at) & (
        complaints.received
        + (
            np.where(np.isfinite(complaints.withdraw_at), complaints.withdraw_at, 0)
            * complaints.duration
        ).astype(np.int64)
        <= now
    )
    events += withdrawn
    messages += withdrawn * WITHDRAWN.messages
    return events, messages
