"""Cross-department work on an abnormal complaint: the responsible department and owner lead;
each collaborating department gets a task with an owner and a deadline. The complaint cannot
be resolved while a task is open (the lifecycle's guard), unless the lead closes it with a
reason. Collaborators see the complaint; others only when the lead lets them in."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Department, Role, User
from complaintdesk.accounts.selectors import department_ids
from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import (
    HANDLERS,
    ActionNotAllowed,
    InvalidFields,
    RoleNotAllowed,
    allowed_actions,
)
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.schemas import checked_text
from complaintdesk.routing.models import AccessGrant, CoordinationTask, TaskState
from complaintdesk.routing.selectors import choose_owner
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind

TEXT_MAX = 5_000
ARCHIVED = (Status.CLOSED, Status.WITHDRAWN)


def leads(user: User, complaint: Complaint) -> bool:
    """The complaint's owner, a supervisor of its department, or a quality manager."""
    if user.role == Role.QUALITY_MANAGER:
        return True
    if complaint.owner_id is not None and complaint.owner_id == user.pk:
        return True
    return user.role == Role.SUPERVISOR and complaint.department_id in department_ids(user)


def may_complete(user: User, complaint: Complaint, task: CoordinationTask) -> bool:
    """The task's owner, a supervisor of its department, or the lead."""
    return (
        task.owner_id == user.pk
        or (user.role == Role.SUPERVISOR and task.department_id in department_ids(user))
        or leads(user, complaint)
    )


def _text(errors: dict[str, str], name: str, value: str, missing: str) -> str:
    return checked_text(errors, name, value, limit=TEXT_MAX, missing=missing)


def _refuse_unless_lead(actor: User, complaint: Complaint) -> None:
    if not leads(actor, complaint):
        raise RoleNotAllowed(
            _("only the lead (its owner, a supervisor of its department or a quality manager) "
              "may do this")
        )  # fmt: skip


def add_task(
    *,
    complaint: Complaint,
    actor: User,
    department: Department,
    description: str,
    due_at: datetime,
    owner: User | None = None,
) -> CoordinationTask:
    """The lead asks another department for its part, by a deadline."""
    _refuse_unless_lead(actor, complaint)
    if not complaint.abnormal:
        raise ActionNotAllowed(
            _("only abnormal complaints are coordinated across departments; flag it first"),
            allowed_actions=allowed_actions(complaint, actor),
        )
    if complaint.status in ARCHIVED:
        raise ActionNotAllowed(
            _("the complaint is archived"), allowed_actions=allowed_actions(complaint, actor)
        )
    errors: dict[str, str] = {}
    description = _text(errors, "description", description, _("say what is needed"))
    if department.pk == complaint.department_id:
        errors["department"] = _("is the lead department; choose a collaborating one")
    if due_at <= timezone.now():
        errors["due_at"] = _("must be in the future")
    if owner is not None and (
        not owner.is_active
        or owner.role not in HANDLERS
        or department.pk not in department_ids(owner)
    ):
        errors["owner"] = _("must be an active member of %(department)s") % {
            "department": department
        }
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        if owner is None:
            owner = choose_owner(department, complaint).owner
        task = CoordinationTask.objects.create(
            complaint=complaint,
            department=department,
            owner=owner,
            description=description,
            due_at=due_at,
            created_by=actor,
            created_at=timezone.now(),
        )
        record(
            action="task.added",
            actor=actor,
            complaint=complaint,
            subject=f"task:{task.pk}",
            changes={"task": [None, f"{department.name}: {owner or _('nobody yet')}"]},
            note=description,
        )
        # Without an owner, the department's supervisors hand it out.
        told = [owner] if owner else list(department.supervisors.filter(is_active=True))
        alert_staff(
            told, complaint=complaint, kind=AlertKind.TASK, template="task", email=True, task=task
        )
    return task


def complete_task(
    *, complaint: Complaint, task: CoordinationTask, actor: User, outcome: str
) -> CoordinationTask:
    """The collaborating department says what it did."""
    if not may_complete(actor, complaint, task):
        raise RoleNotAllowed(_("only the task's owner or its department's supervisors may"))
    return _finish(task, actor, outcome, TaskState.DONE, "task.completed", _("say what was done"))


def close_task(
    *, complaint: Complaint, task: CoordinationTask, actor: User, reason: str
) -> CoordinationTask:
    """The lead closes a task that is no longer needed or will not be done, saying why."""
    _refuse_unless_lead(actor, complaint)
    return _finish(task, actor, reason, TaskState.CLOSED, "task.closed", _("say why it is closed"))


def _finish(
    task: CoordinationTask, actor: User, text: str, state: str, action: str, missing: str
) -> CoordinationTask:
    errors: dict[str, str] = {}
    field = "outcome" if state == TaskState.DONE else "reason"
    text = _text(errors, field, text, missing)
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        now = timezone.now()
        updated = CoordinationTask.objects.filter(pk=task.pk, state=TaskState.OPEN).update(
            state=state, finished_by=actor, finished_at=now, outcome=text
        )
        if not updated:
            raise ActionNotAllowed(_("the task is no longer open"))
        task.refresh_from_db()
        record(
            action=action,
            actor=actor,
            complaint=task.complaint,
            subject=f"task:{task.pk}",
            changes={"task": [str(TaskState.OPEN.label), str(task.get_state_display())]},
            note=text,
        )
    return task


def grant_access(*, complaint: Complaint, actor: User, user: User, reason: str) -> AccessGrant:
    """The lead lets one more person see the complaint (e.g. a colleague of a collaborator)."""
    _refuse_unless_lead(actor, complaint)
    errors: dict[str, str] = {}
    reason = _text(errors, "reason", reason, _("say why they need to see it"))
    if not user.is_active:
        errors["user"] = _("must be an active user")
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        grant, created = AccessGrant.objects.get_or_create(
            complaint=complaint,
            user=user,
            defaults={"granted_by": actor, "reason": reason, "created_at": timezone.now()},
        )
        if created:
            record(
                action="access.granted",
                actor=actor,
                complaint=complaint,
                subject=f"user:{user.pk}",
                changes={"access": [None, str(user)]},
                note=reason,
            )
    return grant
