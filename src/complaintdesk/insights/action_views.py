"""The CAPA register in the console: the list, a new action, one action with its measured
effect and the buttons that move it on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.models import User
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.insights import problems, services
from complaintdesk.insights.action_forms import ActionForm, NoteForm, VerdictForm, references
from complaintdesk.insights.effectiveness import effect_of
from complaintdesk.insights.models import UNFINISHED, ActionStatus, CorrectiveAction, SpikeAlert


def complaints_named(
    user: User, form: forms.BaseForm, field: str = "complaint_references"
) -> list[Complaint] | None:
    """The complaints the form's references name, within the user's scope; None (and an error
    on the field) when one names nothing the user can see."""
    wanted = references(form.cleaned_data.get(field, ""))
    found = list(scoped_complaints(user).filter(reference__in=wanted))
    missing = sorted(set(wanted) - {c.reference for c in found})
    if missing:
        form.add_error(
            field,
            _("No complaint you can see has the reference %(refs)s.")
            % {"refs": ", ".join(missing)},
        )
        return None
    return found


@login_required
@require_http_methods(["GET"])
def register(request: HttpRequest) -> HttpResponse:
    actions = CorrectiveAction.objects.select_related(
        "owner", "department", "root_cause_category", "category"
    ).order_by("due_date", "id")
    status = request.GET.get("status", "open")
    if status == "open":
        actions = actions.filter(status__in=[*UNFINISHED, ActionStatus.IMPLEMENTED])
    elif status in ActionStatus.values:
        actions = actions.filter(status=status)
    today = timezone.localdate()
    return render(
        request,
        "insights/actions.html",
        {
            "actions": actions[:200],
            "status": status,
            "statuses": ActionStatus.choices,
            "today": today,
            "unfinished": UNFINISHED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_action(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    spike = None
    if spike_id := request.GET.get("spike", ""):
        spike = SpikeAlert.objects.filter(pk=int(spike_id) if spike_id.isdigit() else 0).first()
    initial: dict[str, Any] = {"due_date": timezone.localdate() + timedelta(days=30)}
    if spike is not None:
        initial |= {"title": spike.label, "problem": str(spike)}
        if spike.dimension == "category" and spike.key.isdigit():
            initial["category"] = int(spike.key)
        linked = problems.complaints_of_spike(spike)
        initial["complaint_references"] = "\n".join(
            scoped_complaints(user).filter(pk__in=linked).values_list("reference", flat=True)
        )
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        complaints = complaints_named(user, form)
        if complaints is not None:
            data = form.cleaned_data
            action = services.open_corrective_action(
                actor=user,
                kind=data["kind"],
                title=data["title"],
                problem=data["problem"],
                plan=data["plan"],
                owner=data["owner"],
                department=data["department"],
                due_date=data["due_date"],
                root_cause_category_id=getattr(data["root_cause_category"], "pk", None),
                category_id=getattr(data["category"], "pk", None),
                complaints=complaints,
                check_after_days=data["check_after_days"],
                spike=spike,
            )
            messages.success(request, _("Action entered in the register."))
            return redirect("insights:action", action.pk)
    status = 422 if form.errors else 200
    return render(request, "insights/action_form.html", {"form": form}, status=status)


def _action(pk: int) -> CorrectiveAction:
    action = (
        CorrectiveAction.objects.select_related(
            "owner", "department", "root_cause_category", "category", "created_by"
        )
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


@login_required
@require_http_methods(["GET"])
def action_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_action(request, pk)


def _render_action(request: HttpRequest, pk: int, bound: forms.Form | None = None) -> HttpResponse:
    user = staff_user(request)
    action = _action(pk)
    visible = (
        scoped_complaints(user)
        .filter(pk__in=action.complaints.values("pk"))
        .select_related("category")
    )
    return render(
        request,
        "insights/action.html",
        {
            "action": action,
            "effect": effect_of(action),
            "complaints": visible,
            "hidden": action.complaints.count() - visible.count(),
            "overdue": action.status in UNFINISHED and action.due_date < timezone.localdate(),
            "verdict_form": bound if isinstance(bound, VerdictForm) else VerdictForm(),
            "note_form": bound if isinstance(bound, NoteForm) else NoteForm(),
        },
        status=422 if bound is not None else 200,
    )


@login_required
@require_POST
def move_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = staff_user(request)
    action = _action(pk)
    form: forms.Form = VerdictForm(request.POST) if step == "close" else NoteForm(request.POST)
    if not form.is_valid():
        return _render_action(request, pk, bound=form)
    note = form.cleaned_data.get("note", "")
    try:
        if step == "start":
            services.start_corrective_action(actor=user, action=action)
        elif step == "implemented":
            services.mark_action_implemented(actor=user, action=action, note=note)
        elif step == "close":
            services.close_corrective_action(
                actor=user, action=action, effective=form.cleaned_data["effective"], note=note
            )
        elif step == "cancel":
            services.cancel_corrective_action(actor=user, action=action, note=note)
        else:
            raise Http404("No such step")
    except services.ActionRefused as refusal:
        form.add_error("note", str(refusal))
        return _render_action(request, pk, bound=form)
    return redirect("insights:action", pk)
