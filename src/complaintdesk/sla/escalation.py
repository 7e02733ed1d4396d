"""The escalation sweep: every minute the worker looks for clocks whose next step has come,
warns the owner, records breaches and climbs the department's ladder.

Each step is claimed with a conditional UPDATE of the clock (it must still be on the rung the
sweep read) in the same transaction as its Escalation row (unique per clock and rung), its
audit Event and the alerts it queues; on PostgreSQL the rows are also taken FOR UPDATE SKIP
LOCKED. So two workers sweeping at once never send the same step twice: the second finds the
row locked or the rung already moved, and leaves it."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.notifications.models import WebhookEndpoint, WebhookEvent
from complaintdesk.notifications.webhooks import announce
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind, Breach, Clock, ClockKind, Escalation, Notify
from complaintdesk.sla.selectors import Rung, quality_managers
from complaintdesk.sla.services import Timekeeper, fire_time, next_step_at, stop_clocks

logger = logging.getLogger(__name__)

BATCH = 200
ARCHIVED = {Status.CLOSED, Status.WITHDRAWN}
# The groups a step can name, lowest first; see Sweep.recipients for who stands in.
CHAIN = [Notify.OWNER, Notify.SUPERVISORS, Notify.HEAD, Notify.QUALITY_MANAGERS]


@dataclass
class SweepReport:
    warnings: int = 0
    escalations: int = 0
    breaches: int = 0
    # Clocks found done (answered, archived) and stopped.
    stopped: int = 0
    # Steps another worker had already taken.
    skipped: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Sweep:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.keeper = Timekeeper(now)
        self.report = SweepReport()
        self._supervisors: dict[int, list[User]] = {}
        self._quality: list[User] | None = None
        self._endpoints: list[WebhookEndpoint] | None = None

    def endpoints(self) -> list[WebhookEndpoint]:
        if self._endpoints is None:
            self._endpoints = list(WebhookEndpoint.objects.filter(active=True))
        return self._endpoints

    def group(self, notify: str, complaint: Complaint) -> list[User]:
        department = complaint.department
        if notify == Notify.OWNER:
            # An owner who is away cannot act on a warning; the step above stands in.
            owner = complaint.owner
            return [owner] if owner and owner.is_active and not owner.absent else []
        if notify == Notify.SUPERVISORS and department is not None:
            if department.pk not in self._supervisors:
                self._supervisors[department.pk] = list(
                    department.supervisors.filter(is_active=True).order_by("id")
                )
            return self._supervisors[department.pk]
        if notify == Notify.HEAD and department is not None and department.head_id:
            head = department.head
            return [head] if head is not None and head.is_active else []
        if notify == Notify.QUALITY_MANAGERS:
            if self._quality is None:
                self._quality = quality_managers()
            return self._quality
        return []

    def recipients(self, notify: str, complaint: Complaint) -> tuple[str, list[User]]:
        """The people a step names; when there are none, the next group up; when nobody is
        above either, the nearest group below, so that someone is always told."""
        named = CHAIN.index(Notify(notify))
        for group in CHAIN[named:] + CHAIN[:named][::-1]:
            people = self.group(group, complaint)
            if people:
                return group, people
        return notify, []

    def step(self, clock: Clock) -> None:
        complaint = clock.complaint
        if complaint.status in ARCHIVED:
            stop_clocks(complaint, (clock.kind,), at=self.now)
            self.report.stopped += 1
            return
        if clock.kind == ClockKind.FIRST_RESPONSE and complaint.first_response_at is not None:
            stop_clocks(complaint, (clock.kind,), at=complaint.first_response_at)
            self.report.stopped += 1
            return
        work = self.keeper.clockwork(complaint, clock.business_hours)
        rungs = self.keeper.rungs(complaint)
        reached = [
            index
            for index in range(clock.next_rung, len(rungs))
            if fire_time(clock, work, rungs[index]) <= self.now
        ]
        breached = clock.breached_at is None and clock.due_at <= self.now
        seen_rung, seen_next = clock.next_rung, clock.next_step_at
        if reached:
            clock.next_rung = reached[-1] + 1
        if breached:
            clock.breached_at = self.now
        clock.next_step_at = next_step_at(clock, work, rungs)
        claimed = Clock.objects.filter(
            pk=clock.pk, next_rung=seen_rung, next_step_at=seen_next, stopped_at__isnull=True
        ).update(
            next_rung=clock.next_rung,
            breached_at=clock.breached_at,
            next_step_at=clock.next_step_at,
        )
        if not claimed:
            self.report.skipped += 1
            return
        if breached:
            self.breach(clock)
        if reached:
            self.escalate(clock, reached[-1], rungs[reached[-1]], passed=reached[:-1])

    def _due_text(self, clock: Clock) -> str:
        """The due time as the responsible department reads it."""
        department = clock.complaint.department
        zone = ZoneInfo(department.time_zone) if department else timezone.get_default_timezone()
        return clock.due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")

    def breach(self, clock: Clock) -> None:
        complaint = clock.complaint
        department, owner = complaint.department, complaint.owner
        Breach.objects.create(
            clock=clock,
            complaint=complaint,
            kind=clock.kind,
            due_at=clock.due_at,
            breached_at=self.now,
            department=department,
            owner=owner,
            department_name=department.name if department else "",
            owner_name=str(owner) if owner else "",
        )
        record(
            action="sla.breached",
            actor_label="system",
            complaint=complaint,
            subject=f"clock:{clock.pk}",
            note=_("%(deadline)s was due %(due)s. Responsible: %(department)s, %(owner)s.")
            % {
                "deadline": clock.get_kind_display(),
                "due": self._due_text(clock),
                "department": department.name if department else _("no department"),
                "owner": owner or _("nobody"),
            },
        )
        announce(
            WebhookEvent.DEADLINE_BREACHED,
            complaint,
            endpoints=self.endpoints(),
            deadline=clock.kind,
            due_at=clock.due_at.isoformat(),
            department=department.code if department else None,
        )
        self.report.breaches += 1

    def escalate(self, clock: Clock, index: int, rung: Rung, *, passed: list[int]) -> None:
        complaint = clock.complaint
        told, people = self.recipients(rung.notify, complaint)
        names = ", ".join(str(person) for person in people) or _("nobody could be found")
        Escalation.objects.create(
            clock=clock,
            complaint=complaint,
            rung=index,
            step=rung.step,
            percent=rung.percent,
            notify=told,
            recipients=names,
            at=self.now,
        )
        warning = rung.percent < 100
        note = _("%(deadline)s: %(percent)s%% of the time used (due %(due)s). Told: %(names)s.") % {
            "deadline": clock.get_kind_display(),
            "percent": rung.percent,
            "due": self._due_text(clock),
            "names": names,
        }
        if passed:
            note += " " + _("Earlier steps passed while nobody swept: %(steps)s.") % {
                "steps": ", ".join(str(i + 1) for i in passed)
            }
        record(
            action="sla.warning" if warning else "sla.escalated",
            actor_label="system",
            complaint=complaint,
            subject=f"clock:{clock.pk}",
            note=note,
        )
        alert_staff(
            people,
            complaint=complaint,
            kind=AlertKind.WARNING if warning else AlertKind.ESCALATION,
            template="escalation",
            email=True,
            clock=clock,
            rung=rung,
            warning=warning,
            due=self._due_text(clock),
        )
        if warning:
            self.report.warnings += 1
        else:
            self.report.escalations += 1


def _due_clocks(now: datetime, after: tuple[datetime, int] | None, batch: int) -> list[Clock]:
    due = Clock.objects.filter(next_step_at__lte=now, stopped_at__isnull=True)
    if after is not None:
        due = due.filter(Q(next_step_at__gt=after[0]) | Q(next_step_at=after[0], pk__gt=after[1]))
    due = due.select_related(
        "complaint", "complaint__department", "complaint__department__head", "complaint__owner"
    ).order_by("next_step_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True, of=("self",))
    return list(due[:batch])


def stop_answered_first_responses(sweep: Sweep, batch: int) -> None:
    """Staff may answer without a lifecycle action (a plain reply): stop those first-response
    clocks now rather than when their next step comes, so the queue's order stays true."""
    answered = Clock.objects.filter(
        kind=ClockKind.FIRST_RESPONSE,
        stopped_at__isnull=True,
        complaint__first_response_at__isnull=False,
    ).select_related("complaint")
    for clock in answered[:batch]:
        with transaction.atomic():
            stop_clocks(clock.complaint, (clock.kind,), at=clock.complaint.first_response_at)
            sweep.report.stopped += 1


def run_escalation_sweep(*, now: datetime | None = None, batch: int = BATCH) -> SweepReport:
    """Take every step that has come on every clock, a batch of clocks per transaction, each
    clock in its own savepoint (one that fails is logged and left for the next sweep)."""
    sweep = Sweep(now or timezone.now())
    stop_answered_first_responses(sweep, batch)
    after: tuple[datetime, int] | None = None
    while True:
        with transaction.atomic():
            clocks = _due_clocks(sweep.now, after, batch)
            if clocks:
                last = clocks[-1]
                assert last.next_step_at is not None
                after = (last.next_step_at, last.pk)
            for clock in clocks:
                try:
                    with transaction.atomic():
                        sweep.step(clock)
                except Exception:
                    logger.exception("escalation of clock %s failed", clock.pk)
                    sweep.report.failed += 1
        if len(clocks) < batch:
            break
    return sweep.report
