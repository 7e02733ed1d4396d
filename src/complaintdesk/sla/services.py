"""The clocks of a complaint: started when it is acknowledged, paused while it waits on the
customer, recomputed when its priority or its department changes, stopped when the step they
time is done. Called from the reactions in wiring.py and from routing, inside the caller's
transaction; nothing here commits on its own."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Party, User, user_of
from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import audit_value
from complaintdesk.complaints.models import Complaint
from complaintdesk.sla.business_time import CalendarClock
from complaintdesk.sla.models import Clock, ClockKind, SlaPolicy, StaffAlert
from complaintdesk.sla.selectors import (
    Clockwork,
    Ladder,
    Rung,
    calendar_for,
    calendar_summary,
    is_urgent,
    ladder_for,
    ladders,
    policy_for,
    running_clocks,
)

K = ClockKind
# The clocks that time the handling of the complaint; the first response is timed apart.
HANDLING = (K.PLAN, K.RESOLUTION, K.FOLLOW_UP)


def hours_text(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if minutes:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(hours)d h") % {"hours": hours}


class Timekeeper:
    """Calendars and ladders looked up once per use, however many clocks are computed."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self._calendars: dict[int | None, Clockwork] = {}
        self._ladders: dict[int | None, Ladder] | None = None

    def clockwork(self, complaint: Complaint, business_hours: bool) -> Clockwork:
        if not business_hours:
            return CalendarClock()
        key = complaint.department_id
        if key not in self._calendars:
            self._calendars[key] = calendar_for(complaint.department, self.now)
        return self._calendars[key]

    def rungs(self, complaint: Complaint) -> list[Rung]:
        if self._ladders is None:
            self._ladders = ladders()
        return ladder_for(complaint.department_id, self._ladders).rungs(urgent=is_urgent(complaint))


def fire_time(clock: Clock, work: Clockwork, rung: Rung) -> datetime:
    """When `rung.percent` of the clock's time will have been used."""
    return work.add(clock.started_at, clock.allowed * rung.percent / 100 + clock.paused_for)


def next_step_at(clock: Clock, work: Clockwork, rungs: list[Rung]) -> datetime | None:
    if clock.stopped_at is not None or clock.paused_at is not None:
        return None
    moments = []
    if clock.next_rung < len(rungs):
        moments.append(fire_time(clock, work, rungs[clock.next_rung]))
    if clock.breached_at is None:
        moments.append(clock.due_at)
    return min(moments) if moments else None


def schedule(clock: Clock, work: Clockwork, rungs: list[Rung]) -> None:
    """Set the due time, the warning threshold and the next step from what the clock allows
    and how long it has been paused."""
    clock.due_at = work.add(clock.started_at, clock.allowed + clock.paused_for)
    warning = next((rung for rung in rungs if rung.percent < 100), None)
    clock.warning_at = fire_time(clock, work, warning) if warning else None
    clock.next_step_at = next_step_at(clock, work, rungs)


def _basis(policy: SlaPolicy, clock: Clock, complaint: Complaint) -> str:
    counted = (
        calendar_summary(complaint.department) if clock.business_hours else _("calendar hours")
    )
    return _("%(policy)s: %(allowed)s, counted in %(counted)s") % {
        "policy": policy.name,
        "allowed": hours_text(clock.allowed),
        "counted": counted,
    }


def _clock(
    complaint: Complaint,
    kind: str,
    policy: SlaPolicy,
    started_at: datetime,
    keeper: Timekeeper,
) -> Clock | None:
    allowed = policy.allowed(kind)
    if allowed is None:
        return None
    clock = Clock(
        complaint=complaint,
        kind=kind,
        policy=policy if policy.pk else None,
        business_hours=policy.business_hours,
        allowed=allowed,
        started_at=started_at,
    )
    clock.basis = _basis(policy, clock, complaint)
    schedule(clock, keeper.clockwork(complaint, clock.business_hours), keeper.rungs(complaint))
    return clock


def _start(
    complaint: Complaint,
    kind: str,
    policy: SlaPolicy,
    started_at: datetime,
    keeper: Timekeeper,
) -> Clock | None:
    clock = _clock(complaint, kind, policy, started_at, keeper)
    if clock is not None:
        clock.save()
    return clock


def sync_due_times(complaint: Complaint, clocks: list[Clock] | None = None) -> None:
    """Copy the clocks' due times onto the complaint, where the queue sorts and filters.
    `clocks`: every clock of the complaint, oldest first, when the caller has them already."""
    if clocks is None:
        clocks = list(Clock.objects.filter(complaint=complaint).order_by("started_at", "id"))
    latest: dict[str, Clock] = {}
    for clock in clocks:
        latest[clock.kind] = clock
    ticking = [c.due_at for c in latest.values() if c.running and c.paused_at is None]
    values: dict[str, Any] = {"next_due_at": min(ticking) if ticking else None}
    if K.FIRST_RESPONSE in latest:
        values["first_response_due"] = latest[K.FIRST_RESPONSE].due_at
    if K.RESOLUTION in latest:
        values["resolution_due"] = latest[K.RESOLUTION].due_at
    Complaint.objects.filter(pk=complaint.pk).update(**values)
    for name, value in values.items():
        setattr(complaint, name, value)


def start_clocks(complaint: Complaint, *, now: datetime | None = None) -> list[Clock]:
    """Start the first-response, plan and resolution clocks of a new complaint, counted from
    when it was received. Clocks already running are left as they are."""
    keeper = Timekeeper(now)
    policy = policy_for(complaint)
    # Which clocks it has at all, in the query that finds the running ones: a new complaint
    # has none, and its due times then come from the clocks started here, without reading
    # them back.
    existing = list(
        Clock.objects.filter(complaint=complaint).order_by().values_list("kind", "stopped_at")
    )
    running = {kind for kind, stopped_at in existing if stopped_at is None}
    kinds = [K.PLAN, K.RESOLUTION]
    if complaint.first_response_at is None:
        kinds.insert(0, K.FIRST_RESPONSE)
    started = [
        clock
        for kind in kinds
        if kind not in running
        and (clock := _clock(complaint, kind, policy, complaint.received_at, keeper)) is not None
    ]
    # One INSERT for all of them.
    Clock.objects.bulk_create(started)
    sync_due_times(complaint, None if existing else started)
    return started


def stop_clocks(
    complaint: Complaint, kinds: tuple[str, ...], *, at: datetime | None = None
) -> None:
    """The steps these clocks time are done: each is met if done by its due time."""
    at = at or timezone.now()
    keeper = Timekeeper(at)
    for clock in running_clocks(complaint).filter(kind__in=kinds):
        if clock.paused_at is not None:
            _unpause(clock, complaint, keeper, at)
        clock.stopped_at = at
        clock.met = clock.breached_at is None and at <= clock.due_at
        clock.next_step_at = None
        clock.save()
    sync_due_times(complaint)


def stop_first_response(complaint: Complaint) -> None:
    """Staff answered the customer (Complaint.first_response_at)."""
    if complaint.first_response_at is not None:
        stop_clocks(complaint, (K.FIRST_RESPONSE,), at=complaint.first_response_at)


def pause_clocks(complaint: Complaint, *, at: datetime | None = None) -> None:
    """The complaint waits on the customer: its handling clocks stop counting."""
    at = at or timezone.now()
    running_clocks(complaint).filter(kind__in=HANDLING, paused_at__isnull=True).update(
        paused_at=at, next_step_at=None
    )
    sync_due_times(complaint)


def _unpause(clock: Clock, complaint: Complaint, keeper: Timekeeper, at: datetime) -> None:
    assert clock.paused_at is not None
    work = keeper.clockwork(complaint, clock.business_hours)
    clock.paused_for += max(work.between(clock.paused_at, at), timedelta(0))
    clock.paused_at = None
    schedule(clock, work, keeper.rungs(complaint))


def resume_clocks(complaint: Complaint, *, at: datetime | None = None) -> None:
    """The customer answered: the paused clocks count again, their due times moved on by the
    working time they were paused."""
    at = at or timezone.now()
    keeper = Timekeeper(at)
    for clock in running_clocks(complaint).filter(paused_at__isnull=False):
        _unpause(clock, complaint, keeper, at)
        clock.save()
    sync_due_times(complaint)


def _scheduled(clock: Clock) -> tuple[Any, ...]:
    """What recomputing a clock may change."""
    return (
        clock.policy_id,
        clock.allowed,
        clock.business_hours,
        clock.basis,
        clock.due_at,
        clock.warning_at,
        clock.next_step_at,
    )


def recompute_clocks(complaint: Complaint, *, actor: User | Party | None, reason: str) -> bool:
    """Apply the policy and calendar that now fit the complaint (after a change of priority,
    category, severity or department) to its running clocks. When a due time moves, an
    `sla.recomputed` event records old and new and why; returns whether one moved."""
    clocks = list(running_clocks(complaint))
    if not clocks:
        # Not started yet (routing runs before the clocks start on arrival).
        return False
    keeper = Timekeeper()
    policy = policy_for(complaint)
    changes: dict[str, list[Any]] = {}
    saved = False
    for clock in clocks:
        allowed = policy.allowed(clock.kind)
        if allowed is None:
            # The new policy sets no such deadline.
            allowed = clock.allowed
        before = clock.due_at
        was = _scheduled(clock)
        clock.policy = policy if policy.pk else None
        clock.allowed = allowed
        clock.business_hours = policy.business_hours
        clock.basis = _basis(policy, clock, complaint)
        schedule(clock, keeper.clockwork(complaint, clock.business_hours), keeper.rungs(complaint))
        if _scheduled(clock) != was:
            # A clock the same policy and calendar leave as it was is not written again.
            clock.save()
            saved = True
        if clock.due_at != before:
            changes[f"{clock.kind}_due"] = [audit_value(before), audit_value(clock.due_at)]
    if saved:
        sync_due_times(complaint)
    if not changes:
        return False
    record(
        action="sla.recomputed",
        actor=user_of(actor) if actor is not None else None,
        actor_label=str(actor) if actor is not None else "",
        complaint=complaint,
        changes=changes,
        note=_("%(reason)s; now under “%(policy)s”.") % {"reason": reason, "policy": policy.name},
    )
    return True


def restart_after_reopening(complaint: Complaint, *, at: datetime | None = None) -> None:
    """A reopened complaint is worked on again: a new plan and resolution clock from now."""
    at = at or timezone.now()
    stop_clocks(complaint, HANDLING, at=at)
    keeper = Timekeeper(at)
    policy = policy_for(complaint)
    for kind in (K.PLAN, K.RESOLUTION):
        _start(complaint, kind, policy, at, keeper)
    sync_due_times(complaint)


def start_follow_up_clock(complaint: Complaint, *, at: datetime | None = None) -> None:
    """Resolved: the follow-up is due within the policy's time, if it sets one."""
    at = at or timezone.now()
    if not running_clocks(complaint).filter(kind=K.FOLLOW_UP).exists():
        _start(complaint, K.FOLLOW_UP, policy_for(complaint), at, Timekeeper(at))
    sync_due_times(complaint)


def mark_alerts_read(user: User, complaint: Complaint) -> None:
    """The person has opened the complaint their alerts are about."""
    StaffAlert.objects.filter(recipient=user, complaint=complaint, read_at__isnull=True).update(
        read_at=timezone.now()
    )
