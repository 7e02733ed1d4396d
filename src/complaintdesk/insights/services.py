"""Every write of the insights app, one function per use case, each its own transaction with
its audit event and the alerts it queues."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Department, Role, User
from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.insights import selectors
from complaintdesk.insights.models import (
    UNFINISHED,
    ActionStatus,
    CorrectiveAction,
    Lesson,
    Measure,
    ReportSchedule,
    SpikeAlert,
    SpikeState,
    TargetResult,
)
from complaintdesk.insights.targets import measure, objectives_for
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind

TARGET_ALERT = AlertKind.TARGET
ACTION_ALERT = AlertKind.CAPA
# A share over fewer complaints than this says little: it is kept, but nobody is alerted.
ALERT_FROM_COUNTED = 10


def month_slice(month: date, department: Department | None) -> selectors.Slice:
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return selectors.Slice(start=first, end=last, department=department.pk if department else None)


def quality_managers() -> list[User]:
    return list(User.objects.filter(role=Role.QUALITY_MANAGER, is_active=True))


def record_target_results(*, month: date, now: datetime | None = None) -> list[TargetResult]:
    """Measure one month, for every department and for all together, against the targets;
    keep each result (the trend) and tell the quality managers and the department's head, once,
    about each target missed. Run again later in the month, it updates the figures."""
    now = now or timezone.now()
    written: list[TargetResult] = []
    with transaction.atomic():
        for department in [None, *Department.objects.order_by("name")]:
            piece = month_slice(month, department)
            complaints = selectors.narrow(Complaint.objects.all(), piece)
            for result in measure(complaints, objectives_for(piece.department)):
                row, _created = TargetResult.objects.update_or_create(
                    month=piece.start,
                    measure=result.measure,
                    department=department,
                    defaults={
                        "value": result.value,
                        "counted": result.counted,
                        "percent": result.objective.percent,
                        "met": result.met,
                        "recorded_at": now,
                    },
                )
                if (
                    row.met is False
                    and row.alerted_at is None
                    and row.counted >= ALERT_FROM_COUNTED
                ):
                    _alert_missed(row, department, now)
                written.append(row)
    return written


def _alert_missed(row: TargetResult, department: Department | None, now: datetime) -> None:
    people = quality_managers()
    if department is not None and department.head is not None:
        people.append(department.head)
    alert_staff(
        people,
        complaint=None,
        kind=TARGET_ALERT,
        template="insights_target_missed",
        email=True,
        measure=Measure(row.measure).label,
        month=row.month,
        value=None if row.value is None else round(row.value * 100, 1),
        target=row.percent,
        department=department,
    )
    TargetResult.objects.filter(pk=row.pk).update(alerted_at=now)
    record(
        action="insights.target_missed",
        subject=f"target:{row.measure}:{row.month:%Y-%m}:{department.code if department else '*'}",
        note=f"{row.value} against {row.percent}%",
    )


# --- corrective and preventive actions (the CAPA register) ----------------------------------


class ActionRefused(Exception):
    """A change the action's state does not allow; the message says why."""


def open_corrective_action(
    *,
    actor: User,
    kind: str,
    title: str,
    problem: str,
    owner: User,
    department: Department,
    due_date: date,
    plan: str = "",
    root_cause_category_id: int | None = None,
    category_id: int | None = None,
    complaints: list[Complaint] | None = None,
    check_after_days: int = 90,
    spike: SpikeAlert | None = None,
) -> CorrectiveAction:
    """Enter an action in the register, with the complaints that show the problem."""
    with transaction.atomic():
        action = CorrectiveAction.objects.create(
            kind=kind,
            title=title,
            problem=problem,
            plan=plan,
            owner=owner,
            department=department,
            due_date=due_date,
            root_cause_category_id=root_cause_category_id,
            category_id=category_id,
            check_after_days=check_after_days,
            created_by=actor,
            spike=spike,
        )
        if complaints:
            action.complaints.set(complaints)
        if spike is not None:
            SpikeAlert.objects.filter(pk=spike.pk).update(state=SpikeState.ACTION)
        record(
            action="capa.opened",
            actor=actor,
            subject=f"capa:{action.pk}",
            note=title,
            changes={"owner": [None, owner.username], "due_date": [None, due_date.isoformat()]},
        )
    return action


def start_corrective_action(*, actor: User, action: CorrectiveAction) -> CorrectiveAction:
    return _move(actor, action, ActionStatus.IN_PROGRESS, (ActionStatus.OPEN,), "capa.started")


def mark_action_implemented(
    *, actor: User, action: CorrectiveAction, note: str = ""
) -> CorrectiveAction:
    """The fix is in place: the effectiveness check counts from now."""
    return _move(actor, action, ActionStatus.IMPLEMENTED, UNFINISHED, "capa.implemented", note=note)


def close_corrective_action(
    *, actor: User, action: CorrectiveAction, effective: bool, note: str
) -> CorrectiveAction:
    """Record the effectiveness check's verdict and close the action."""
    if not note.strip():
        raise ActionRefused(str(_("Say what the check found.")))
    status = ActionStatus.EFFECTIVE if effective else ActionStatus.INEFFECTIVE
    return _move(actor, action, status, (ActionStatus.IMPLEMENTED,), "capa.closed", note=note)


def cancel_corrective_action(
    *, actor: User, action: CorrectiveAction, note: str
) -> CorrectiveAction:
    if not note.strip():
        raise ActionRefused(str(_("Say why the action is cancelled.")))
    return _move(actor, action, ActionStatus.CANCELLED, UNFINISHED, "capa.cancelled", note=note)


def _move(
    actor: User,
    action: CorrectiveAction,
    status: str,
    sources: tuple[str, ...],
    code: str,
    *,
    note: str = "",
) -> CorrectiveAction:
    now = timezone.now()
    fields: dict[str, object] = {"status": status}
    if status == ActionStatus.IMPLEMENTED:
        fields["implemented_at"] = now
    if status in (ActionStatus.EFFECTIVE, ActionStatus.INEFFECTIVE, ActionStatus.CANCELLED):
        fields["closed_at"] = now
        fields["outcome_note"] = note
    with transaction.atomic():
        # Conditional: of two people closing the same action at once, one wins.
        changed = CorrectiveAction.objects.filter(pk=action.pk, status__in=sources).update(**fields)
        if not changed:
            raise ActionRefused(
                str(_("This action is no longer %(states)s."))
                % {"states": ", ".join(str(ActionStatus(s).label) for s in sources)}
            )
        record(
            action=code,
            actor=actor,
            subject=f"capa:{action.pk}",
            changes={"status": [action.status, status]},
            note=note,
        )
    action.refresh_from_db()
    return action


def escalate_overdue_actions(*, now: datetime | None = None) -> int:
    """Tell the head of each overdue action's department (the quality managers when it has
    none), once per action; each action is claimed with a conditional UPDATE so two workers
    never tell twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    told = 0
    overdue = CorrectiveAction.objects.filter(
        status__in=UNFINISHED, escalated_at__isnull=True, due_date__lt=today
    ).select_related("department__head", "owner")
    for action in overdue:
        with transaction.atomic():
            claimed = CorrectiveAction.objects.filter(
                pk=action.pk, escalated_at__isnull=True
            ).update(escalated_at=now)
            if not claimed:
                continue
            head = action.department.head
            people = [head] if head is not None and head.is_active else quality_managers()
            alert_staff(
                people,
                complaint=None,
                kind=ACTION_ALERT,
                template="insights_action_overdue",
                email=True,
                action=action,
                path=reverse("insights:action", args=[action.pk]),
            )
            record(
                action="capa.escalated",
                subject=f"capa:{action.pk}",
                note=", ".join(p.username for p in people),
            )
            told += 1
    return told


# --- scheduled reports ----------------------------------------------------------------------


def send_scheduled_reports(*, today: date | None = None) -> list[str]:
    """E-mail each active schedule's report of the last complete week or month, once: the
    schedule is claimed with a conditional UPDATE of the period it last covered. Each person
    gets it in their own language."""
    from django.core.mail import EmailMessage
    from django.utils import translation

    from complaintdesk.insights import reports

    today = today or timezone.localdate()
    sent = []
    for schedule in ReportSchedule.objects.filter(active=True).select_related("department"):
        period = reports.last_period(schedule.frequency, today)
        if schedule.last_period == period:
            continue
        claimed = ReportSchedule.objects.filter(
            pk=schedule.pk, last_period=schedule.last_period
        ).update(last_period=period, last_sent_at=timezone.now())
        if not claimed:
            continue
        by_language: dict[str, list[str]] = {}
        for person in schedule.recipients.filter(is_active=True).exclude(email=""):
            by_language.setdefault(person.language, []).append(person.email)
        for language, addresses in by_language.items():
            with translation.override(language):
                report = reports.build_report(period, department=schedule.department)
                content = reports.RENDERERS[schedule.format](report)
                message = EmailMessage(
                    subject=report.title,
                    body=str(_("The complaints report is attached.")),
                    to=addresses,
                    headers={"Auto-Submitted": "auto-generated"},
                )
            message.attach(
                f"complaints-{period}.{schedule.format}",
                content,
                reports.CONTENT_TYPES[schedule.format],
            )
            message.send()
        sent.append(f"{schedule.name} {period}")
    return sent


# --- lessons learned --------------------------------------------------------------------------


def mark_as_lesson(*, actor: User, complaint: Complaint, summary: str) -> Lesson:
    """Keep what a closed complaint taught, for the handlers of the next ones of its kind."""
    if complaint.status != Status.CLOSED:
        raise ActionRefused(str(_("Only a closed complaint can become a lesson.")))
    if not summary.strip():
        raise ActionRefused(str(_("Write what the complaint taught.")))
    with transaction.atomic():
        lesson, created = Lesson.objects.get_or_create(
            complaint=complaint,
            defaults={
                "category": complaint.category,
                "language": complaint.language,
                "title": complaint.subject[:300],
                "summary": summary.strip(),
                "created_by": actor,
            },
        )
        if not created:
            raise ActionRefused(str(_("This complaint is already a lesson.")))
        record(action="lesson.recorded", actor=actor, complaint=complaint, note=summary[:500])
    return lesson
