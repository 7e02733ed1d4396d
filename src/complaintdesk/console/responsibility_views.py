"""Console actions on who answers for a complaint: take it, reassign it, and the coordination
tasks of an abnormal complaint. Like views.py, they decide nothing: the routing services do,
and their refusals are shown on the complaint page next to the fields they name."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints.lifecycle import ActionNotAllowed, LifecycleError
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import access_complaint
from complaintdesk.console.forms import ReassignForm, TaskForm, TaskOutcomeForm
from complaintdesk.console.views import _back_to, _complaint_page, _refused, _user
from complaintdesk.routing import coordination
from complaintdesk.routing.models import CoordinationTask
from complaintdesk.routing.selectors import task_of
from complaintdesk.routing.services import reassign_complaint, take_complaint


def _refusal(
    request: HttpRequest, complaint: Complaint, form: forms.Form, refusal: LifecycleError
) -> HttpResponse:
    # These refusals say precisely why (already taken, not abnormal, no longer open); the
    # generic "cannot be done in this state" would hide it.
    if isinstance(refusal, ActionNotAllowed):
        return _complaint_page(request, complaint, bound=form, alert=refusal.message, status=409)
    return _refused(request, complaint.reference, form, refusal)


@login_required
@require_POST
def take(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    try:
        take_complaint(complaint=complaint, actor=user)
    except LifecycleError as refusal:
        messages.error(request, refusal.message)
        return _back_to(request, reference)
    messages.success(request, _("The complaint is yours."))
    return _back_to(request, reference)


@login_required
@require_POST
def reassign(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    form = ReassignForm(complaint, request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, bound=form, status=422)
    data = form.cleaned_data
    try:
        reassign_complaint(
            complaint=complaint,
            actor=user,
            reason=data["reason"],
            department=data["department"],
            owner=data["owner"],
            expected_version=data["version"],
        )
    except LifecycleError as refusal:
        return _refusal(request, complaint, form, refusal)
    messages.success(request, _("Reassigned."))
    return _back_to(request, reference)


@login_required
@require_POST
def add_task(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    form = TaskForm(complaint, request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, bound=form, status=422)
    data = form.cleaned_data
    try:
        coordination.add_task(
            complaint=complaint,
            actor=user,
            department=data["department"],
            owner=data["owner"],
            description=data["description"],
            due_at=data["due_at"],
        )
    except LifecycleError as refusal:
        return _refusal(request, complaint, form, refusal)
    messages.success(request, _("Task added."))
    return _back_to(request, reference)


@login_required
@require_POST
def finish_task(request: HttpRequest, reference: str, task_id: int, kind: str) -> HttpResponse:
    """kind: complete (the collaborator says what was done) or close (the lead says why)."""
    if kind not in {"complete", "close"}:
        raise Http404("No such action")
    user = _user(request)
    complaint = access_complaint(user, reference)
    try:
        task = task_of(complaint, task_id)
    except CoordinationTask.DoesNotExist:
        raise Http404("No such task") from None
    form = TaskOutcomeForm(task.pk, kind, request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, bound=form, status=422)
    try:
        if kind == "complete":
            coordination.complete_task(
                complaint=complaint, task=task, actor=user, outcome=form.cleaned_data["text"]
            )
        else:
            coordination.close_task(
                complaint=complaint, task=task, actor=user, reason=form.cleaned_data["text"]
            )
    except LifecycleError as refusal:
        return _refusal(request, complaint, form, refusal)
    messages.success(request, _("Task completed.") if kind == "complete" else _("Task closed."))
    return _back_to(request, reference)
