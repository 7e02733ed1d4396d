"""What routing, the clocks and triage leave behind, for the seeded archive: the company's
routing rules, service levels and escalation ladder (written once), and for each complaint its
SLA clocks, the breaches of the deadlines it missed and its triage assessment field by field.

The clocks follow the complaint's story (history.py) as the sla app would have kept them:
started on arrival under the policy of the complaint's final priority (as recomputed at
triage), the first response stopped when staff first answered, the plan when a remedy was
proposed, the resolution when it was resolved, the follow-up (from the resolution) when it was
closed; everything stops at closing or withdrawal, and a reopening starts the plan and the
resolution again. Handling clocks are paused while the complaint waits on the customer. A clock
past its due time was breached a few seconds after (the sweep runs every minute) and has its
Breach row; the ladder's rungs reached by then are counted in `next_rung`, and running clocks
have their `next_step_at` for the escalation sweep. Escalation rows and staff alerts of those
past rungs are not written.

Clock, breach and assessment ids are laid out per complaint (4 clock slots, 12 assessment
slots), so worker processes can write their chunks without asking each other; the unused slots
are gaps in the ids."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bench.bulk import Json
from bench.history import PRIORITY_OF_SEVERITY, iso

if TYPE_CHECKING:
    from bench.history import Story
    from bench.organisation import Organisation
    from bench.rows import Archive, RowSink

HOUR = 3600
DAY = 24 * HOUR
KINDS = ("first_response", "plan", "resolution", "follow_up")
HANDLING = ("plan", "resolution", "follow_up")
# (first response, plan, resolution, follow-up) per priority, counted in calendar hours: set to
# the archive's pace (population.py: a median handling time of six days, staff answering first
# at a third of it), so that most deadlines are kept and the rest make the breach figures.
SERVICE_LEVELS = {
    "p1": (2 * DAY, 3 * DAY, 7 * DAY, 7 * DAY),
    "p2": (4 * DAY, 5 * DAY, 10 * DAY, 7 * DAY),
    "p3": (7 * DAY, 10 * DAY, 14 * DAY, 7 * DAY),
    "p4": (7 * DAY, 14 * DAY, 21 * DAY, 7 * DAY),
}
PRIORITY_NAMES = {"p1": "P1 — immediate", "p2": "P2 — high", "p3": "P3 — normal", "p4": "P4 — low"}
# The company ladder: share of the time used, who is told.
LADDER = ((75, "owner"), (100, "supervisors"), (150, "head"), (200, "quality_managers"))
URGENT_START = 2
# Seconds between a deadline passing and the sweep recording the breach.
SWEEP_DELAY = 30
FIELDS = (
    "language", "nature", "category", "severity", "impact_scope", "complexity",
    "immediate_action", "remedy_sought", "customer_state", "emotional_intensity", "priority",
    "abnormal",
)  # fmt: skip
# What a person settles at triage (lifecycle.TRIAGE_FIELDS that are assessed fields).
SETTLED_AT_TRIAGE = {
    "category", "severity", "nature", "impact_scope", "complexity", "immediate_action", "priority",
}  # fmt: skip
# Left for a person on complaints that wait in the needs-triage queue.
LEFT_FOR_A_PERSON = ("severity", "priority")

CLOCK_COLUMNS = (
    "id", "complaint_id", "kind", "policy_id", "basis", "business_hours", "allowed",
    "started_at", "due_at", "warning_at", "paused_at", "paused_for", "next_rung",
    "next_step_at", "breached_at", "stopped_at", "met",
)  # fmt: skip
BREACH_COLUMNS = (
    "id", "clock_id", "complaint_id", "kind", "due_at", "breached_at", "department_id",
    "owner_id", "department_name", "owner_name",
)  # fmt: skip
ASSESSMENT_COLUMNS = (
    "id", "complaint_id", "field", "value", "applied", "confidence", "source", "explanation",
    "model_version", "assessed_at",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class ServiceLevels:
    policy_ids: dict[str, int]  # by priority
    default_first_response: int  # seconds, for complaints without a priority yet
    default_resolution: int
    first_clock_id: int
    first_breach_id: int
    first_assessment_id: int
    # Complaints received since then (epoch seconds) are assessed field by field, and every
    # open one whenever it came.
    assessed_since: int


def create_service_levels(org: Organisation) -> dict[str, int]:
    """Routing rules (each root category to its function's central department), the default
    department, one policy per priority and the company's escalation ladder. Returns the
    policies' ids by priority."""
    from bench.organisation import CATEGORY_TREE, FUNCTIONS, LEAVES_PER_ROOT, REGIONS
    from complaintdesk.complaints.models import Category
    from complaintdesk.routing.models import RoutingRule, RoutingSettings
    from complaintdesk.sla.models import EscalationLadder, EscalationStep, SlaPolicy

    central = REGIONS.index("Central")
    rules = RoutingRule.objects.bulk_create(
        RoutingRule(
            name=f"{root} → {function}",
            position=10 * (index + 1),
            department_id=org.department_ids[FUNCTIONS.index(function) * len(REGIONS) + central],
        )
        for index, (root, function, _theme, _leaves) in enumerate(CATEGORY_TREE)
    )
    roots = {c.name: c.pk for c in Category.objects.filter(parent__isnull=True)}
    Link = RoutingRule.categories.through
    Link.objects.bulk_create(
        Link(routingrule_id=rule.pk, category_id=category)
        for index, (rule, (root, _f, _t, leaves)) in enumerate(
            zip(rules, CATEGORY_TREE, strict=True)
        )
        for category in [
            roots[root],
            *org.leaf_ids[index * LEAVES_PER_ROOT : index * LEAVES_PER_ROOT + len(leaves)],
        ]
    )
    RoutingSettings.objects.update_or_create(
        pk=1, defaults={"default_department_id": org.department_ids[org.bench_department]}
    )
    policies = {
        priority: SlaPolicy.objects.create(
            name=f"Priority {PRIORITY_NAMES[priority]}",
            priority=priority,
            business_hours=False,
            first_response=timedelta(seconds=first),
            plan=timedelta(seconds=plan),
            resolution=timedelta(seconds=resolution),
            follow_up=timedelta(seconds=follow_up),
        ).pk
        for priority, (first, plan, resolution, follow_up) in SERVICE_LEVELS.items()
    }
    ladder, _created = EscalationLadder.objects.get_or_create(
        department=None, defaults={"name": "Company ladder", "urgent_start": URGENT_START}
    )
    if not ladder.steps.exists():
        EscalationStep.objects.bulk_create(
            EscalationStep(ladder=ladder, percent=percent, notify=notify)
            for percent, notify in LADDER
        )
    return policies


def _hours(seconds: int) -> str:
    hours, rest = divmod(seconds // 60, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


@dataclass
class Due:
    """What the complaint row keeps of its clocks."""

    first_response: int
    resolution: int
    next_due: int | None


def clock_rows(
    archive: Archive,
    index: int,
    story: Story,
    moments: dict[str, int],
    *,
    clocks: RowSink,
    breaches: RowSink,
) -> Due:
    """Write the complaint's clocks and breaches; `moments` holds when each action last
    happened in its story."""
    levels: ServiceLevels = archive.levels
    org = archive.org
    state = story.state
    now = archive.now
    triaged = state.triaged_at is not None
    priority = PRIORITY_OF_SEVERITY[story.severity] if triaged else ""
    if priority:
        first, plan, resolution, follow_up = SERVICE_LEVELS[priority]
        policy_id: int | None = levels.policy_ids[priority]
        name = f"Priority {PRIORITY_NAMES[priority]}"
    else:
        first, plan, resolution, follow_up = (
            levels.default_first_response, 0, levels.default_resolution, 0
        )  # fmt: skip
        policy_id, name = None, "Default"
    ended = state.closed_at if state.status in ("closed", "withdrawn") else None
    reopened = moments.get("complaint.reopened")
    handling_from = reopened if reopened is not None else story.received
    resolved = state.resolved_at
    proposed = moments.get("complaint.remedy_proposed")
    if proposed is not None and proposed < handling_from:
        proposed = None
    waiting_since = state.status_changed_at if state.status == "waiting_on_customer" else None
    urgent = story.severity == "critical" and triaged
    # Urgent complaints climb the same thresholds, each reaching a higher step (sla.selectors
    # .Ladder.rungs): the last ones fall off.
    percents = [p for p, _notify in LADDER]
    if urgent:
        percents = percents[: len(LADDER) - (URGENT_START - 1)]
    planned: list[tuple[str, int, int, int | None]] = [
        # kind, started, allowed, stopped
        ("first_response", story.received, first, _first(state.first_response_at, ended)),
        ("resolution", handling_from, resolution, _first(resolved, ended)),
    ]
    if plan:
        planned.append(("plan", handling_from, plan, _first(proposed, resolved, ended)))
    if follow_up and resolved is not None:
        planned.append(("follow_up", resolved, follow_up, ended))
    department_id = org.department_ids[story.department] if triaged else None
    owner_id = state.owner_id if triaged else None
    ticking: list[int] = []
    for kind, started, allowed, stopped in planned:
        slot = index * len(KINDS) + KINDS.index(kind)
        clock_id = levels.first_clock_id + slot
        due = started + allowed
        paused = waiting_since if kind in HANDLING and stopped is None else None
        until = stopped if stopped is not None else paused if paused is not None else now
        breached = due + SWEEP_DELAY if due + SWEEP_DELAY <= until else None
        fired = [started + allowed * p // 100 for p in percents]
        next_rung = sum(1 for moment in fired if moment <= until)
        next_step = None
        if stopped is None and paused is None:
            pending = [fired[next_rung]] if next_rung < len(fired) else []
            if breached is None:
                pending.append(due)
            next_step = min(pending) if pending else None
            ticking.append(due)
        clocks((
            clock_id, story.complaint_id, kind, policy_id,
            f"{name}: {_hours(allowed)}, counted in calendar hours", False,
            timedelta(seconds=allowed), iso(started), iso(due),
            iso(started + allowed * percents[0] // 100), _when(paused), timedelta(0), next_rung,
            _when(next_step), _when(breached), _when(stopped),
            None if stopped is None else (breached is None and stopped <= due),
        ))  # fmt: skip
        if breached is not None:
            breaches((
                levels.first_breach_id + slot, clock_id, story.complaint_id, kind, iso(due),
                iso(breached), department_id, owner_id,
                org.department_names[story.department] if triaged else "",
                story.label(owner_id) if owner_id else "",
            ))  # fmt: skip
    return Due(
        first_response=story.received + first,
        resolution=handling_from + resolution,
        next_due=min(ticking) if ticking else None,
    )


def assessment_rows(
    archive: Archive, index: int, story: Story, rnd: random.Random, *, assessments: RowSink
) -> None:
    """The complaint's assessment, field by field, if it falls in the assessed period or is
    still open: what triage concluded with its confidence and reason, and for a triaged
    complaint the fields its owner settled (source "human"); an untriaged one waits with its
    severity and priority left for a person."""
    from bench.population import IMPACTS, NATURES

    levels: ServiceLevels = archive.levels
    state = story.state
    if story.received < levels.assessed_since and state.status in ("closed", "withdrawn"):
        return
    complaints = archive.complaints
    triaged = state.triaged_at is not None
    severity = story.severity
    values: dict[str, Any] = {
        "language": story.bank.language.split("-")[0].lower(),
        "nature": NATURES[complaints.nature[index]],
        "category": archive.org.leaf_codes[story.leaf],
        "severity": severity,
        "impact_scope": IMPACTS[complaints.impact[index]],
        "complexity": state.complexity,
        "immediate_action": severity == "critical",
        "remedy_sought": [],
        "customer_state": "remedy",
        "emotional_intensity": "low",
        "priority": PRIORITY_OF_SEVERITY[severity],
        "abnormal": False,
    }
    assessed_at = iso(story.received + 2)
    for number, field in enumerate(FIELDS):
        value = values[field]
        if field == "language":
            source, confidence, applied, why = "input", 1.0, True, "given at intake"
        elif triaged and field in SETTLED_AT_TRIAGE:
            source, confidence, applied = "human", 1.0, True
            why = story.label(state.owner_id)
        elif not triaged and field in LEFT_FOR_A_PERSON:
            source, confidence, applied = "model", round(rnd.uniform(0.25, 0.55), 4), False
            why = "model bench-1: below the field's threshold"
        else:
            source, confidence, applied = "rule", round(rnd.uniform(0.6, 0.95), 4), True
            why = f"rule matched the {field.replace('_', ' ')}"
        assessments((
            levels.first_assessment_id + index * len(FIELDS) + number, story.complaint_id,
            field, value if isinstance(value, list) else Json(value), applied, confidence,
            source, why, "bench-1" if source == "model" else "", assessed_at,
        ))  # fmt: skip


def _first(*moments: int | None) -> int | None:
    present = [moment for moment in moments if moment is not None]
    return min(present) if present else None


def _when(epoch: int | None) -> str | None:
    return iso(epoch) if epoch is not None else None
