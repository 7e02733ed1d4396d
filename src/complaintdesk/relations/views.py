"""The related-complaints panel of the console's complaint page (loaded by htmx, or a page of
its own without JavaScript): links both ways, possible duplicates, the histories of complaints
merged into this one, and the forms to link, merge and split. The services decide; refusals
are shown next to the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import (
    TRANSITIONS,
    GuardFailed,
    InvalidFields,
    LifecycleError,
    RoleNotAllowed,
)
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import access_complaint
from complaintdesk.relations import services
from complaintdesk.relations.forms import LinkForm, MergeForm, SplitForm
from complaintdesk.relations.forwarding import survivor_of
from complaintdesk.relations.selectors import (
    link_of,
    links_of,
    merge_target,
    merged_histories,
    named_complaint,
    possible_duplicates,
)

EVENT_LABELS = {transition.event: transition.label for transition in TRANSITIONS.values()}


def _history_label(event: Event) -> Any:
    return EVENT_LABELS.get(event.action, event.action)


def _render(
    request: HttpRequest,
    complaint: Complaint,
    *,
    bound: forms.Form | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    user = staff_user(request)
    editable = may(user, Can.RELATE_COMPLAINTS) and complaint.is_open

    def form(form_class: type[forms.Form], **initial: Any) -> forms.Form | None:
        if not editable:
            return None
        return bound if isinstance(bound, form_class) else form_class(initial=initial)

    survivor = survivor_of(complaint)
    histories = [
        (
            history.complaint,
            [
                {"kind": kind, "item": item, "label": _history_label(item)}
                if isinstance(item, Event)
                else {"kind": kind, "item": item}
                for kind, item in history.items
            ],
        )
        for history in merged_histories(complaint)
    ]
    context = {
        "complaint": complaint,
        "survivor": survivor if survivor.pk != complaint.pk else None,
        "rows": links_of(user, complaint),
        "suggestions": possible_duplicates(user, complaint) if complaint.is_open else [],
        "histories": histories,
        "link_form": form(LinkForm),
        # Removing a link made by hand is offered to those who may link.
        "may_unlink": editable,
        "merge_form": form(MergeForm, version=complaint.version),
        "split_form": form(SplitForm),
        "open_form": bound.prefix if bound is not None else "",
        "alert": alert,
    }
    htmx = getattr(request, "htmx", None)
    partial = htmx is not None and bool(htmx) and not htmx.history_restore_request
    template = "relations/_panel.html" if partial else "relations/page.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _refused(
    request: HttpRequest, complaint: Complaint, form: forms.Form, refusal: LifecycleError
) -> HttpResponse:
    complaint = access_complaint(staff_user(request), complaint.reference)  # as it now is
    if isinstance(refusal, GuardFailed | InvalidFields):
        for name, message in refusal.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _render(request, complaint, bound=form, status=422)
    status = 403 if isinstance(refusal, RoleNotAllowed) else 409
    return _render(request, complaint, bound=form, alert=refusal.message, status=status)


def _done(request: HttpRequest, reference: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("console:complaint", args=[reference]) + "#relations")


@login_required
@require_GET
def panel(request: HttpRequest, reference: str) -> HttpResponse:
    return _render(request, access_complaint(staff_user(request), reference))


@login_required
@require_POST
def link(request: HttpRequest, reference: str) -> HttpResponse:
    user = staff_user(request)
    complaint = access_complaint(user, reference)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _render(request, complaint, bound=form, status=422)
    data = form.cleaned_data
    try:
        other = named_complaint(user, data["reference"], "reference")
        services.link_complaints(
            complaint=complaint, other=other, actor=user, kind=data["kind"], note=data["note"]
        )
    except LifecycleError as refusal:
        return _refused(request, complaint, form, refusal)
    return _done(request, reference, _("Linked to %(other)s.") % {"other": other.reference})


@login_required
@require_POST
def unlink(request: HttpRequest, reference: str, link_id: int) -> HttpResponse:
    user = staff_user(request)
    complaint = access_complaint(user, reference)
    try:
        link = link_of(user, complaint, link_id)
    except Http404:
        alert = _("This link no longer exists; someone may have removed it already.")
        return _render(request, complaint, alert=alert, status=404)
    other = link.target if link.source_id == complaint.pk else link.source
    try:
        services.unlink_complaints(complaint=complaint, link=link, actor=user)
    except LifecycleError as refusal:
        complaint = access_complaint(user, reference)  # as it now is
        status = 403 if isinstance(refusal, RoleNotAllowed) else 409
        return _render(request, complaint, alert=refusal.message, status=status)
    return _done(request, reference, _("Unlinked from %(other)s.") % {"other": other.reference})


@login_required
@require_POST
def merge(request: HttpRequest, reference: str) -> HttpResponse:
    user = staff_user(request)
    complaint = access_complaint(user, reference)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _render(request, complaint, bound=form, status=422)
    data = form.cleaned_data
    try:
        survivor = services.merge_complaints(
            duplicate=complaint,
            into=merge_target(user, data["into"]),
            actor=user,
            reason=data["reason"],
            confirm_other_customer=data["confirm_other_customer"],
            expected_version=data["version"],
        )
    except LifecycleError as refusal:
        return _refused(request, complaint, form, refusal)
    return _done(
        request,
        survivor.reference,
        _("%(merged)s was merged into %(survivor)s; the customer has been told.")
        % {"merged": complaint.reference, "survivor": survivor.reference},
    )


@login_required
@require_POST
def split(request: HttpRequest, reference: str) -> HttpResponse:
    user = staff_user(request)
    complaint = access_complaint(user, reference)
    form = SplitForm(request.POST)
    if not form.is_valid():
        return _render(request, complaint, bound=form, status=422)
    try:
        new = services.split_complaint(
            complaint=complaint,
            actor=user,
            text=form.cleaned_data["text"],
            subject=form.cleaned_data["subject"],
        )
    except LifecycleError as refusal:
        return _refused(request, complaint, form, refusal)
    return _done(
        request,
        reference,
        _("%(new)s was split off and acknowledged to the customer.") % {"new": new.reference},
    )
