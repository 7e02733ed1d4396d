"""What the complaint page shows about who answers for the complaint and by when: its
deadlines in colour, what was escalated, taking and reassigning it, and the tasks of the
departments working with the lead on an abnormal complaint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from complaintdesk.accounts.models import User
from complaintdesk.accounts.selectors import department_ids
from complaintdesk.complaints.lifecycle import HANDLERS
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import ARCHIVED
from complaintdesk.console.forms import ReassignForm, TaskForm, TaskOutcomeForm
from complaintdesk.routing.coordination import leads, may_complete
from complaintdesk.routing.models import CoordinationTask, TaskState
from complaintdesk.routing.selectors import tasks_of
from complaintdesk.routing.services import may_reassign
from complaintdesk.sla.selectors import breaches_of, clocks_of, escalations_of
from complaintdesk.sla.services import mark_alerts_read


@dataclass(frozen=True)
class TaskRow:
    task: CoordinationTask
    complete_form: TaskOutcomeForm | None
    close_form: TaskOutcomeForm | None


def _bound_or[F: forms.Form](bound: forms.Form | None, form: F) -> F:
    """The form the user just sent (to show its errors), else a fresh one."""
    if isinstance(bound, type(form)) and bound.prefix == form.prefix:
        return bound
    return form


def may_take(user: User, complaint: Complaint) -> bool:
    return (
        complaint.owner_id is None
        and complaint.status not in ARCHIVED
        and user.role in HANDLERS
        and complaint.department_id is not None
        and complaint.department_id in department_ids(user)
    )


def page_context(complaint: Complaint, user: User, bound: forms.Form | None) -> dict[str, Any]:
    """The complaint page's deadline, ownership and coordination sections."""
    mark_alerts_read(user, complaint)
    archived = complaint.status in ARCHIVED
    lead = leads(user, complaint)
    rows = []
    for task in tasks_of(complaint):
        open_ = task.state == TaskState.OPEN and not archived
        completes = open_ and may_complete(user, complaint, task)
        rows.append(
            TaskRow(
                task,
                _bound_or(bound, TaskOutcomeForm(task.pk, "complete")) if completes else None,
                _bound_or(bound, TaskOutcomeForm(task.pk, "close")) if open_ and lead else None,
            )
        )
    reassign = None
    if not archived and may_reassign(user, complaint):
        reassign = _bound_or(bound, ReassignForm(complaint))
    task_form = None
    if not archived and complaint.abnormal and lead:
        task_form = _bound_or(bound, TaskForm(complaint))
    return {
        "clocks": clocks_of(complaint),
        "escalations": list(escalations_of(complaint)),
        "breaches": list(breaches_of(complaint)),
        "may_take": may_take(user, complaint),
        "reassign_form": reassign,
        "task_rows": rows,
        "task_form": task_form,
    }
