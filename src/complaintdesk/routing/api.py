"""/api/v1/complaints/{reference}/take, /reassign, /tasks and /grants: who answers for a
complaint, and the departments working with the lead on an abnormal one."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from complaintdesk.accounts.api import api_user
from complaintdesk.complaints.lifecycle import InvalidFields
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.schemas import ComplaintDetail, RowId, answers
from complaintdesk.complaints.selectors import access_complaint, assessment_values
from complaintdesk.routing import coordination, services
from complaintdesk.routing.models import CoordinationTask
from complaintdesk.routing.schemas import GrantIn, ReassignIn, TaskIn, TaskOut, TaskOutcomeIn
from complaintdesk.routing.selectors import active_user, task_of, tasks_of

router = Router(tags=["routing"])


@router.post(
    "/{reference}/take",
    response=answers({200: ComplaintDetail}, 403, 404, 409),
    summary="Take a complaint",
    operation_id="take_complaint",
)
def take(request: HttpRequest, reference: str) -> Complaint:
    """Become the owner of an unowned complaint of your department. When two take it at the
    same moment, one gets it and the other is answered 409 naming who has it."""
    actor = api_user(request)
    return services.take_complaint(complaint=access_complaint(actor, reference), actor=actor)


@router.post(
    "/{reference}/reassign",
    response=answers({200: ComplaintDetail}, 403, 404, 409, 422),
    summary="Reassign a complaint",
    operation_id="reassign_complaint",
)
def reassign(request: HttpRequest, reference: str, payload: ReassignIn) -> Complaint:
    """For a supervisor of its department or a quality manager: give the complaint to another
    person or department, with a `reason`."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    rows = assessment_values({"department": payload.department, "owner": payload.owner})
    return services.reassign_complaint(
        complaint=complaint,
        actor=actor,
        reason=payload.reason,
        department=rows.get("department"),
        owner=rows.get("owner"),
        expected_version=payload.version,
    )


@router.get(
    "/{reference}/tasks",
    response=answers({200: list[TaskOut]}, 404),
    summary="Coordination tasks",
    operation_id="list_tasks",
)
def tasks(request: HttpRequest, reference: str) -> list[CoordinationTask]:
    return tasks_of(access_complaint(api_user(request), reference))


@router.post(
    "/{reference}/tasks",
    response=answers({201: TaskOut}, 403, 404, 409, 422),
    summary="Ask another department for its part",
    operation_id="add_task",
)
def add_task(request: HttpRequest, reference: str, payload: TaskIn) -> Status[CoordinationTask]:
    """For the lead of an abnormal complaint: a task for a collaborating department, with a
    deadline. The complaint cannot be resolved while a task is open."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    rows = assessment_values({"department": payload.department, "owner": payload.owner})
    task = coordination.add_task(
        complaint=complaint,
        actor=actor,
        department=rows["department"],
        owner=rows.get("owner"),
        description=payload.description,
        due_at=payload.aware_due_at(),
    )
    return Status(201, task)


def _task(complaint: Complaint, task_id: int) -> CoordinationTask:
    try:
        return task_of(complaint, task_id)
    except CoordinationTask.DoesNotExist:
        raise Http404(_("No such task on this complaint")) from None


@router.post(
    "/{reference}/tasks/{task_id}/complete",
    response=answers({200: TaskOut}, 403, 404, 409, 422),
    summary="Complete a task",
    operation_id="complete_task",
)
def complete(
    request: HttpRequest, reference: str, task_id: RowId, payload: TaskOutcomeIn
) -> CoordinationTask:
    """For the task's owner or its department's supervisors: say what was done."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    return coordination.complete_task(
        complaint=complaint, task=_task(complaint, task_id), actor=actor, outcome=payload.text
    )


@router.post(
    "/{reference}/tasks/{task_id}/close",
    response=answers({200: TaskOut}, 403, 404, 409, 422),
    summary="Close a task",
    operation_id="close_task",
)
def close(
    request: HttpRequest, reference: str, task_id: RowId, payload: TaskOutcomeIn
) -> CoordinationTask:
    """For the lead: close a task that is no longer needed, saying why."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    return coordination.close_task(
        complaint=complaint, task=_task(complaint, task_id), actor=actor, reason=payload.text
    )


@router.post(
    "/{reference}/grants",
    response=answers({204: None}, 403, 404, 422),
    summary="Let someone see the complaint",
    operation_id="grant_access",
)
def grant(request: HttpRequest, reference: str, payload: GrantIn) -> Status[None]:
    """For the lead: let one more person see the complaint, with a reason."""
    actor = api_user(request)
    complaint = access_complaint(actor, reference)
    user = active_user(payload.user)
    if user is None:
        raise InvalidFields({"user": _("no active user has this id")})
    coordination.grant_access(complaint=complaint, actor=actor, user=user, reason=payload.reason)
    return Status(204, None)
