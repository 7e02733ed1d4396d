"""Loads the demo organisation: its departments, staff and categories, and about two hundred
complaints in four languages spread over the last ninety days and over every state a complaint
can rest in.

Every complaint is filed with intake's file_complaint and moved on with lifecycle.perform and
the complaint services, exactly as the console and the API would, so each has a coherent trail
of events and messages. The history is written with the clock set back (see clock.py), one
step at a time. The customers are made up and their mail is never sent: the delivery tasks the
demo queues are removed and its outbound messages marked as sent, all in the one transaction
that loads the demo.

Loading is idempotent: the organisation is found again by codes and usernames, and the
complaints are loaded only if no demo customer exists yet."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.accounts.models import SYSTEM_PARTY, Department, Role, User
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import (
    Category,
    Complaint,
    Complexity,
    Customer,
    DeliveryStatus,
    Direction,
    ImpactScope,
    Message,
    Priority,
    Status,
)
from complaintdesk.demo import clock
from complaintdesk.demo.decisions import load_decision_settings, survey_window
from complaintdesk.demo.organisation import COLLEAGUES, ROLE_ACCOUNTS, load_organisation
from complaintdesk.demo.scenario import Situation
from complaintdesk.demo.situations import LANGUAGES
from complaintdesk.demo.steps import STEPS, Filing, Story
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint

SEED = 10002
DEMO_KEY = "demo"
S = Status

# (state the complaint rests in, share of the complaints, youngest and oldest age in days):
# young complaints are still open, most old ones are closed.
STATE_MIX: list[tuple[str, int, tuple[float, float]]] = [
    (S.ACKNOWLEDGED, 12, (0.05, 4)),
    (S.TRIAGED, 12, (0.3, 8)),
    (S.INVESTIGATING, 22, (2, 30)),
    (S.WAITING_ON_CUSTOMER, 14, (3, 25)),
    (S.REMEDY_PROPOSED, 12, (4, 30)),
    (S.IN_REMEDY, 12, (6, 40)),
    (S.RESOLVED, 16, (6, 45)),
    (S.FOLLOW_UP, 16, (10, 60)),
    (S.CLOSED, 56, (15, 90)),
    (S.REOPENED, 10, (15, 85)),
    (S.WITHDRAWN, 12, (1, 85)),
]

# How long after the previous step each step usually comes, in hours.
PACE: dict[str, tuple[float, float]] = {
    "triage": (0.5, 20),
    "start_investigation": (1, 30),
    "note": (0.5, 24),
    "holding_reply": (2, 48),
    "chaser": (24, 96),
    "request_information": (4, 48),
    "customer_answer": (6, 72),
    "propose_remedy": (24, 96),
    "reject_remedy": (12, 72),
    "improve_remedy": (12, 48),
    "accept_remedy": (6, 72),
    "resolve": (24, 120),
    "start_follow_up": (48, 120),
    # Customers who answer the survey mostly do so within days of the decision.
    "close": (12, 120),
    "close_early": (24, 96),
    "reopen": (12, 96),
    "withdraw": (6, 120),
}

STAFF_STEPS = frozenset(
    {
        "triage",
        "start_investigation",
        "note",
        "holding_reply",
        "request_information",
        "propose_remedy",
        "improve_remedy",
        "resolve",
        "close_early",
    }
)

PRIORITY = {"low": Priority.P4, "medium": Priority.P3, "high": Priority.P2, "critical": Priority.P1}
COMPLEXITY = {
    "low": Complexity.SIMPLE,
    "medium": Complexity.MODERATE,
    "high": Complexity.MODERATE,
    "critical": Complexity.COMPLEX,
}


@dataclass
class DemoResult:
    complaints: int
    skipped: bool


@dataclass
class Staff:
    triagers: list[User]
    handlers: dict[str, list[User]]
    quality_manager: User


def load_demo() -> DemoResult:
    """Load what is missing of the demo, in one transaction."""
    queued: list[str] = []

    def remember(sender: object, task_result: Any, **kwargs: object) -> None:
        queued.append(task_result.id)

    with transaction.atomic():
        load_organisation()
        load_decision_settings()
        if Customer.objects.filter(external_ids__has_key=DEMO_KEY).exists():
            return DemoResult(complaints=0, skipped=True)
        task_enqueued.connect(remember, dispatch_uid="demo-loader")
        try:
            complaints = write_complaints()
        finally:
            task_enqueued.disconnect(dispatch_uid="demo-loader")
        settle_outbox(complaints, queued)
    return DemoResult(complaints=len(complaints), skipped=False)


def filings() -> list[Filing]:
    return [
        Filing(language, situation, customer, f"{language.code}-{number:02d}-{position}")
        for language in LANGUAGES
        for number, situation in enumerate(language.situations, start=1)
        for position, customer in enumerate(situation.customers, start=1)
    ]


def states_for(count: int) -> list[tuple[str, tuple[float, float]]]:
    """`count` resting states in the proportions of STATE_MIX (largest remainder)."""
    total = sum(share for _, share, _ in STATE_MIX)
    exact = [(count * share / total, state, ages) for state, share, ages in STATE_MIX]
    counts = [int(value) for value, _, _ in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i][0] - counts[i], reverse=True)
    for i in by_remainder[: count - sum(counts)]:
        counts[i] += 1
    return [
        (state, ages) for n, (_, state, ages) in zip(counts, exact, strict=True) for _ in range(n)
    ]


def write_complaints() -> list[Complaint]:
    now = timezone.now()
    rng = random.Random(SEED)
    todo = filings()
    rng.shuffle(todo)
    plan = states_for(len(todo))
    rng.shuffle(plan)
    with clock.set_back(now) as demo_clock:
        historian = Historian(rng=rng, now=now, clock=demo_clock)
        complaints = [
            historian.write(filing, target, received=business_hours(now - age, rng))
            for filing, (target, (youngest, oldest)) in zip(todo, plan, strict=True)
            for age in [timedelta(days=rng.uniform(youngest, oldest))]
        ]
    redate_customers(since=now)
    return complaints


def business_hours(moment: datetime, rng: random.Random) -> datetime:
    """Complaints mostly arrive in the day: keep the date, pick a time between 8:00 and 21:00,
    never later than `moment`."""
    moved = moment.replace(hour=rng.randint(8, 20), minute=rng.randint(0, 59), second=0)
    return min(moved, moment)


def gather_staff() -> Staff:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[m.username for m in ROLE_ACCOUNTS + COLLEAGUES])
    }
    handlers: dict[str, list[User]] = {}
    for member in ROLE_ACCOUNTS + COLLEAGUES:
        if member.role in {Role.HANDLER, Role.AGENT}:
            for code in member.departments:
                handlers.setdefault(code, []).append(users[member.username])
    # The demo's own handler carries most of billing, so their queue is worth a look.
    handlers["billing"] += [users["handler"]] * 2
    triagers = [users[m.username] for m in ROLE_ACCOUNTS + COLLEAGUES if m.role == Role.AGENT]
    return Staff(triagers, handlers, users["quality_manager"])


def road(target: str, rng: random.Random) -> list[str]:
    """The steps from acknowledged to `target`, with the detours real complaints take."""
    if target == S.ACKNOWLEDGED:
        return []
    if target == S.WITHDRAWN:
        return rng.choice(
            [["withdraw"], ["triage", "withdraw"], ["triage", "start_investigation", "withdraw"]]
        )
    steps = ["triage"]
    if target == S.TRIAGED:
        return steps
    steps += ["start_investigation", "note"]
    if rng.random() < 0.5:
        steps.append("holding_reply")
    if target == S.INVESTIGATING:
        return [*steps, "chaser"] if rng.random() < 0.4 else steps
    if target == S.WAITING_ON_CUSTOMER:
        return [*steps, "request_information"]
    if rng.random() < 0.5:
        steps += ["request_information", "customer_answer"]
    resolving = target in {S.RESOLVED, S.FOLLOW_UP, S.CLOSED, S.REOPENED}
    if not (resolving and rng.random() < 0.35):
        steps.append("propose_remedy")
        if rng.random() < 0.2:
            steps += ["reject_remedy", "improve_remedy"]
        if target == S.REMEDY_PROPOSED:
            return steps
        steps.append("accept_remedy")
        if target == S.IN_REMEDY:
            return steps
    steps.append("resolve")
    if target == S.RESOLVED:
        return steps
    if target == S.REOPENED:
        return [
            *steps,
            *rng.choice([[], ["start_follow_up"], ["start_follow_up", "close"]]),
            "reopen",
        ]
    if target == S.CLOSED and rng.random() < 0.2:
        return [*steps, "close_early"]
    steps.append("start_follow_up")
    return steps if target == S.FOLLOW_UP else [*steps, "close"]


def timetable(
    steps: list[str], received: datetime, now: datetime, rng: random.Random
) -> list[datetime]:
    """When each step happens: its usual pace, squeezed to fit between receipt and now, with
    staff working office hours."""
    gaps = [rng.uniform(*PACE[step]) for step in steps]
    room = (now - received).total_seconds() / 3600 * 0.95
    scale = min(1.0, room / sum(gaps)) if gaps else 1.0
    latest = now - timedelta(minutes=1)
    times, planned, previous = [], received, received
    for step, gap in zip(steps, gaps, strict=True):
        planned += timedelta(hours=max(gap * scale, 0.01))
        at = office_hours(planned) if step in STAFF_STEPS else planned
        previous = min(max(at, previous + timedelta(minutes=1)), max(latest, previous))
        times.append(previous)
    return times


def within_the_survey_window(
    steps: list[str], times: list[datetime], now: datetime
) -> list[datetime]:
    """A complaint resting resolved or in follow-up still waits for the customer's survey
    answer, so its decision is recent enough for the survey to be open: the decision and the
    steps after it move later if needed (the worker would otherwise close it at once)."""
    decided = steps.index("resolve")
    shift = now - survey_window() + timedelta(hours=12) - times[decided]
    if shift <= timedelta(0):
        return times
    later = times[decided:]
    moved = [
        min(at + shift, now - timedelta(minutes=len(later) - position))
        for position, at in enumerate(later)
    ]
    return times[:decided] + moved


def office_hours(at: datetime) -> datetime:
    """The same day, moved into 8:00–19:00."""
    if at.hour < 8:
        return at.replace(hour=8 + at.hour % 3)
    if at.hour >= 19:
        return at.replace(hour=16 + at.hour % 3)
    return at


class Historian:
    """Writes each complaint's story, step by step, with the clock set to each step's time."""

    def __init__(self, *, rng: random.Random, now: datetime, clock: clock.DemoClock) -> None:
        self.rng = rng
        self.now = now
        self.clock = clock
        self.staff = gather_staff()
        self.categories = {c.code: c for c in Category.objects.all()}
        self.departments = {d.code: d for d in Department.objects.all()}

    def write(self, filing: Filing, target: str, *, received: datetime) -> Complaint:
        rng, situation = self.rng, filing.situation
        triager = rng.choice(self.staff.triagers)
        self.clock.at = received
        complaint = self.file(filing, received, triager)
        if not lifecycle.answers_for(triager, complaint) and complaint.department is not None:
            # Routing sent it straight to its department: someone there triages it.
            triager = rng.choice(self.staff.handlers[complaint.department.code])
        # A complaint left at "triaged" is sometimes still waiting for someone to take it.
        unowned = target == S.TRIAGED and rng.random() < 0.5
        owner = None if unowned else rng.choice(self.staff.handlers[situation.department])
        story = Story(filing, complaint, rng, triager, owner, self.staff.quality_manager)
        story.triage_fields = {
            "category": self.categories[situation.category],
            "severity": situation.severity,
            "department": self.departments[situation.department],
            "nature": situation.nature,
            "impact_scope": impact_of(situation),
            "complexity": COMPLEXITY[situation.severity],
            "priority": PRIORITY[situation.severity],
            "immediate_action": situation.severity == "critical",
            "owner": owner,
        }
        redate_messages(complaint, at=received, since=self.now)
        steps = road(target, rng)
        times = timetable(steps, received, self.now, rng)
        if target in {S.RESOLVED, S.FOLLOW_UP}:
            times = within_the_survey_window(steps, times, self.now)
        for step, at in zip(steps, times, strict=True):
            self.clock.at = at
            STEPS[step](story)
            redate_messages(complaint, at=at, since=self.now)
        return complaint

    def file(self, filing: Filing, received: datetime, triager: User) -> Complaint:
        situation = filing.situation
        name, email, phone = filing.customer
        taken_by_staff = situation.channel in {"phone", "in_person", "letter", "chat"}
        return file_complaint(
            channel=situation.channel,
            customer=CustomerDetails(
                name=name,
                email=email,
                phone=phone,
                language=filing.language.code,
                external_ids={DEMO_KEY: filing.key},
            ),
            complaint=ComplaintDetails(
                subject=situation.subject,
                description=situation.description,
                language=filing.language.code,
                occurred_at=received
                - timedelta(days=self.rng.randint(0, 5), hours=self.rng.randint(0, 12)),
                location=situation.location,
                product_reference=situation.reference,
                remedy_sought=situation.remedy_sought,
                claimed_amount=situation.claimed_amount,
                claimed_currency=situation.claimed_currency,
            ),
            actor=triager if taken_by_staff else SYSTEM_PARTY,
            received_at=received,
        )


def impact_of(situation: Situation) -> str:
    if situation.category.startswith("safety") or situation.severity == "critical":
        return ImpactScope.SAFETY_LEGAL
    return (
        ImpactScope.SEVERAL_CUSTOMERS if len(situation.customers) > 1 else ImpactScope.ONE_CUSTOMER
    )


# Messages and customers take their time from a model field default, which holds the real
# clock: the rows just written (dated after `since`, the real start) get the demo time.


def redate_messages(complaint: Complaint, *, at: datetime, since: datetime) -> None:
    Message.objects.filter(complaint=complaint, created_at__gte=since).update(created_at=at)


def redate_customers(*, since: datetime) -> None:
    first_complaint = (
        Complaint.objects.filter(customer=OuterRef("pk"))
        .order_by("received_at")
        .values("received_at")
    )
    Customer.objects.filter(external_ids__has_key=DEMO_KEY, created_at__gte=since).update(
        created_at=Subquery(first_complaint[:1])
    )


def settle_outbox(complaints: list[Complaint], queued: list[str]) -> None:
    """The customers are made up: nothing the demo queued may ever be sent."""
    DBTaskResult.objects.filter(id__in=queued).delete()
    Message.objects.filter(
        complaint__in=complaints,
        direction=Direction.OUTBOUND,
        delivery_status=DeliveryStatus.PENDING,
    ).update(delivery_status=DeliveryStatus.SENT, sent_at=F("created_at"), delivery_attempts=1)
