"""What the responsibility matrix sets off when a complaint's category is set: the consulted
departments become collaborators (a coordination task asking for their view, which must be
answered, or closed by the lead with a reason, before the complaint is resolved) and the
informed departments' supervisors get a staff alert. Routing itself reads the matrix
(selectors.destination_for). Everything here runs inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Department, Party, User, user_of
from complaintdesk.audit.models import Event
from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.routing.matrix import Matrix, matrix_for
from complaintdesk.routing.models import CoordinationTask, TaskState
from complaintdesk.routing.selectors import choose_owner
from complaintdesk.routing.services import route_complaint
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind

APPLIED = "matrix.applied"
ARCHIVED = (Status.CLOSED, Status.WITHDRAWN)
# A consulted department answers by the complaint's resolution due time, and has at least this.
CONSULTATION_MIN = timedelta(days=1)


def _consultation_due(complaint: Complaint) -> datetime:
    soonest = timezone.now() + CONSULTATION_MIN
    due = complaint.resolution_due
    return due if due is not None and due > soonest else soonest


def _supervisors(department: Department) -> list[User]:
    people = list(department.supervisors.filter(is_active=True).order_by("id"))
    head = department.head
    if head is not None and head.is_active and head not in people:
        people.append(head)
    return people


def _consult(
    complaint: Complaint, department: Department, matrix: Matrix, actor: User | Party
) -> CoordinationTask:
    owner = choose_owner(department, complaint).owner
    description = _(
        "Consulted on complaints of %(category)s (responsibility matrix): give the lead "
        "department your view before the complaint is resolved."
    ) % {"category": matrix.category.name}
    task = CoordinationTask.objects.create(
        complaint=complaint,
        department=department,
        owner=owner,
        description=description,
        due_at=_consultation_due(complaint),
        created_by=user_of(actor),
        consultation=True,
        created_at=timezone.now(),
    )
    record(
        action="task.added",
        actor=user_of(actor),
        actor_label=str(actor),
        complaint=complaint,
        subject=f"task:{task.pk}",
        changes={"task": [None, f"{department.name}: {owner or _('nobody yet')}"]},
        note=description,
    )
    # Without an owner, the department's supervisors hand it out.
    told = [owner] if owner else _supervisors(department)
    alert_staff(
        told, complaint=complaint, kind=AlertKind.TASK, template="task", email=True, task=task
    )
    return task


def _withdraw_consultations(
    complaint: Complaint, keep: set[int], actor: User | Party, category: str
) -> set[int]:
    """Open consultations of departments the complaint's (new) category does not consult are
    closed, saying why. Returns the departments whose consultation stays open (read in the
    same query: a new complaint has none, and this is its only read of its tasks)."""
    open_consultations = list(
        CoordinationTask.objects.filter(
            complaint=complaint, consultation=True, state=TaskState.OPEN
        )
    )
    stale = [task for task in open_consultations if task.department_id not in keep]
    reason = _("No longer consulted: the complaint's category is now %(category)s.") % {
        "category": category
    }
    for task in stale:
        closed = CoordinationTask.objects.filter(pk=task.pk, state=TaskState.OPEN).update(
            state=TaskState.CLOSED,
            finished_by=user_of(actor),
            finished_at=timezone.now(),
            outcome=reason,
        )
        if closed:
            record(
                action="task.closed",
                actor=user_of(actor),
                actor_label=str(actor),
                complaint=complaint,
                subject=f"task:{task.pk}",
                changes={"task": [str(TaskState.OPEN.label), str(TaskState.CLOSED.label)]},
                note=reason,
            )
    return {task.department_id for task in open_consultations if task.department_id in keep}


def involve_departments(
    *, complaint: Complaint, actor: User | Party, matrix: Matrix | None = None
) -> Matrix | None:
    """Consult and inform the departments the matrix names for the complaint's category: once
    per category the complaint takes (setting it again to the same one does nothing). The
    responsible department itself is neither consulted nor informed. `matrix`: the category's,
    when the caller has read it already."""
    with transaction.atomic():
        if matrix is None:
            matrix = matrix_for(complaint.category)
        category = complaint.category.name if complaint.category else "—"
        keep = {d.pk for d in matrix.consulted} if matrix else set()
        asked = _withdraw_consultations(complaint, keep, actor, category)
        if matrix is None or complaint.status in ARCHIVED:
            return matrix
        subject = f"category:{matrix.category.pk}"
        last = (
            Event.objects.filter(complaint=complaint, action=APPLIED)
            .order_by("-id")
            .values_list("subject", flat=True)
            .first()
        )
        if last == subject:
            return matrix
        lead = complaint.department_id
        consulted = [
            _consult(complaint, department, matrix, actor).department.name
            for department in matrix.consulted
            if department.pk != lead and department.pk not in asked
        ]
        informed = [d for d in matrix.informed if d.pk != lead]
        for department in informed:
            alert_staff(
                _supervisors(department),
                complaint=complaint,
                kind=AlertKind.INFORMED,
                template="informed",
                email=False,
                department=department,
                matrix=matrix,
            )
        record(
            action=APPLIED,
            actor=user_of(actor),
            actor_label=str(actor),
            complaint=complaint,
            subject=subject,
            changes={
                "consulted": [None, ", ".join(consulted)],
                "informed": [None, ", ".join(d.name for d in informed)],
            },
            note=_("Responsibility matrix of %(category)s.") % {"category": matrix.category.name},
        )
    return matrix


def follow_category(
    *, complaint: Complaint, actor: User | Party, department_chosen: bool
) -> Matrix | None:
    """After a person set or corrected the category (at triage or later): when the matrix
    covers the new category, route the complaint again, so its responsible department takes
    it (unless a more specific rule says otherwise), and consult and inform as it says. A
    department the person chose in the same change stands."""
    with transaction.atomic():
        matrix = matrix_for(complaint.category)
        if (
            not department_chosen
            and matrix is not None
            and matrix.responsible is not None
            and complaint.status not in ARCHIVED
        ):
            route_complaint(complaint=complaint, actor=actor, matrix=matrix)
        return involve_departments(complaint=complaint, actor=actor, matrix=matrix)
