"""The agent console: the queue, one complaint's page with everything that may be done to it,
and taking a complaint down from a call, a letter or a visit.

The views decide nothing about the process: the buttons come from the lifecycle table, the
writes from the services, and their refusals are shown next to the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.permissions import Can, may, roles_that
from complaintdesk.accounts.views import SignInView
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.lifecycle import (
    TRANSITIONS,
    ActionNotAllowed,
    GuardFailed,
    InvalidFields,
    LifecycleError,
    RoleNotAllowed,
    StaleVersion,
)
from complaintdesk.complaints.models import Channel, Complaint, Remedy
from complaintdesk.complaints.selectors import access_complaint, scoped_complaints
from complaintdesk.complaints.services import (
    ARCHIVED,
    EDITABLE_FIELDS,
    add_internal_note,
    reply_to_customer,
    update_complaint,
)
from complaintdesk.console import responsibility
from complaintdesk.console.filter_block import filter_fields
from complaintdesk.console.forms import (
    ActionForm,
    AssessmentForm,
    NewComplaintForm,
    NoteForm,
    QueueFilters,
    ReplyForm,
)
from complaintdesk.console.paging import SearchPaginator
from complaintdesk.console.queue_rows import queue_rows
from complaintdesk.console.timeline import complaint_story, field_label, story_html
from complaintdesk.intake.downloads import download
from complaintdesk.intake.selectors import attachment_of
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, take_complaint_down
from complaintdesk.sla.selectors import unread_alerts, with_running_clocks
from complaintdesk.triage.selectors import assessment_panel

PAGE_SIZE = 25
# Who may write notes and who may write to customers; the services enforce the same rule,
# the console only uses it to avoid offering forms that would be refused.
NOTE_WRITERS = roles_that(Can.WRITE_NOTES)
REPLY_WRITERS = roles_that(Can.WRITE_TO_CUSTOMERS)
REMEDY_LABELS = dict(Remedy.choices)

# Throttled, with the optional second factor (accounts.views).
login_view = SignInView.as_view()
logout_view = auth_views.LogoutView.as_view()


# Every view below is behind login_required and the permission gate.
_user = staff_user


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = QueueFilters(request.GET, user=user)
    complaints = filters.apply(
        with_running_clocks(
            scoped_complaints(user).select_related("customer", "category", "department", "owner")
        )
    )
    wanted = request.GET.get("page")
    # A text search counts only up to 1,000 ("1,000+"): console.paging.
    paginator = (
        SearchPaginator(complaints, PAGE_SIZE, page=wanted)
        if filters.searches_text
        else Paginator(complaints, PAGE_SIZE)
    )
    page = paginator.get_page(wanted)
    now = timezone.now()
    htmx = getattr(request, "htmx", None)
    # htmx asks only for the results when a filter changes; anything else gets the whole page.
    partial = (
        htmx is not None
        and bool(htmx)
        and htmx.target == "queue-results"
        and not htmx.history_restore_request
    )
    response = render(
        request,
        "console/_queue_results.html" if partial else "console/queue.html",
        {
            "filters": filters,
            "page": page,
            "rows": queue_rows(page.object_list, now),
            "now": now,
            "alerts": [] if partial else unread_alerts(user),
            "filter_fields": "" if partial else filter_fields(filters),
        },
        status=400 if filters.errors else 200,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def new_complaint(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may(user, Can.FILE_COMPLAINTS):
        raise PermissionDenied(_("Only agents, handlers and supervisors take complaints in."))
    form = NewComplaintForm(request.POST or None, initial={"language": settings.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint = take_complaint_down(
            channel=data["channel"],
            customer=CustomerDetails(
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                language=data["language"],
            ),
            complaint=ComplaintDetails(
                subject=data["subject"],
                description=data["description"],
                language=data["language"],
                occurred_at=data["occurred_at"],
                location=data["location"],
                product_reference=data["product_reference"],
                remedy_sought=tuple(data["remedy_sought"]),
                claimed_amount=data["claimed_amount"],
                claimed_currency=data["claimed_currency"],
            ),
            agent=user,
            received_at=data["called_at"] if data["channel"] == Channel.PHONE else None,
            promised=data["promised"],
        )
        if complaint.channel == Channel.PHONE:
            # The agent gives the acknowledgement on the phone: what to tell the caller.
            messages.success(
                request,
                _(
                    "Complaint %(reference)s recorded. Tell the caller their reference, "
                    "%(reference)s, and that we will answer by %(due)s."
                )
                % {
                    "reference": complaint.reference,
                    "due": date_format(
                        timezone.localtime(complaint.first_response_due), "DATETIME_FORMAT"
                    ),
                },
            )
        else:
            messages.success(
                request,
                _("Complaint %(reference)s recorded and acknowledged.")
                % {"reference": complaint.reference},
            )
        return _back_to(request, complaint.reference)
    status = 422 if form.is_bound else 200
    return render(request, "console/new_complaint.html", {"form": form}, status=status)


@login_required
@require_GET
def complaint_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _complaint_page(request, access_complaint(_user(request), reference))


@login_required
@require_GET
def attachment_file(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponseBase:
    """A file of a complaint in the user's scope, always as a download (404 outside it)."""
    complaint = access_complaint(_user(request), reference)
    return download(attachment_of(complaint, attachment_id, customer_visible_only=False))


@login_required
@require_POST
def take_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Http404("No such action")
    form = ActionForm(transition, complaint, request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, bound=form, status=422)
    try:
        lifecycle.perform(
            complaint,
            action,
            actor=user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            **form.transition_fields(),
        )
    except LifecycleError as refusal:
        return _refused(request, reference, form, refusal)
    messages.success(
        request,
        _("%(action)s: done. The complaint is now “%(status)s”.")
        % {"action": transition.label, "status": complaint.get_status_display()},
    )
    return _back_to(request, reference)


@login_required
@require_POST
def edit_complaint(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    form = AssessmentForm(complaint, request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, bound=form, status=422)
    changed = form.changed_fields()
    if not changed:
        messages.info(request, _("Nothing was changed."))
        return _back_to(request, reference)
    try:
        update_complaint(
            complaint=complaint,
            actor=user,
            expected_version=form.cleaned_data["version"],
            fields=changed,
            note=form.cleaned_data["note"],
        )
    except LifecycleError as refusal:
        return _refused(request, reference, form, refusal)
    messages.success(request, _("Changes saved."))
    return _back_to(request, reference)


@login_required
@require_POST
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, bound=form, status=422)
    try:
        add_internal_note(complaint=complaint, actor=user, body=form.cleaned_data["body"])
    except LifecycleError as refusal:
        return _refused(request, reference, form, refusal)
    messages.success(request, _("Note added."))
    return _back_to(request, reference)


@login_required
@require_POST
def reply(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _complaint_page(request, complaint, bound=form, status=422)
    try:
        reply_to_customer(
            complaint=complaint,
            actor=user,
            body=form.cleaned_data["body"],
            subject=form.cleaned_data["subject"],
        )
    except LifecycleError as refusal:
        return _refused(request, reference, form, refusal)
    messages.success(request, _("Message sent to the customer."))
    return _back_to(request, reference)


def _refused(
    request: HttpRequest, reference: str, form: forms.Form, refusal: LifecycleError
) -> HttpResponse:
    """Show a refused change on the page it came from, with the complaint as it now is (the
    refused write left nothing behind, but the instance in hand may have been touched)."""
    complaint = access_complaint(_user(request), reference)
    alert, status, lost = "", 409, []
    bound: forms.Form | None = form
    if isinstance(refusal, StaleVersion):
        alert = _(
            "Someone else changed this complaint while you were working on it, so nothing was "
            "saved. The page now shows the current version: check it and try again."
        )
        # Fresh forms, so the other person's change is not overwritten by a second click;
        # what was typed is shown so it is not lost.
        lost = [
            (form[name].label, value)
            for name, value in form.cleaned_data.items()
            if isinstance(value, str) and value.strip()
        ]
        bound = None
    elif isinstance(refusal, GuardFailed | InvalidFields):
        for name, message in refusal.errors.items():
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, f"{field_label(name)}: {message}")
        status = 422
    elif isinstance(refusal, RoleNotAllowed):
        alert, status = _("Your role does not allow this."), 403
    elif isinstance(refusal, ActionNotAllowed):
        alert = _("This cannot be done now: the complaint is “%(status)s”.") % {
            "status": complaint.get_status_display()
        }
    else:
        alert = refusal.message
    return _complaint_page(
        request,
        complaint,
        bound=bound,
        open_form=form.prefix or "",
        alert=alert,
        lost=lost,
        status=status,
    )


def _complaint_page(
    request: HttpRequest,
    complaint: Complaint,
    *,
    bound: forms.Form | None = None,
    open_form: str = "",
    alert: str = "",
    lost: list[tuple[Any, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    archived = complaint.status in ARCHIVED
    # The complaint's files are listed by the page and by the resolution panel: one query.
    prefetch_related_objects([complaint], "attachments")

    def form_or_bound(form_class: type[forms.Form], *args: Any) -> forms.Form:
        if isinstance(bound, form_class) and not isinstance(bound, ActionForm):
            return bound
        return form_class(*args)

    actions = []
    for action in lifecycle.allowed_actions(complaint, user):
        if not TRANSITIONS[action].generic:
            continue  # merging has its own form (the related complaints panel)
        if isinstance(bound, ActionForm) and bound.transition.action == action:
            actions.append(bound)
        else:
            actions.append(ActionForm(TRANSITIONS[action], complaint))
    context = {
        "complaint": complaint,
        "customer": complaint.customer,
        "archived": archived,
        "actions": actions,
        "edit_form": None
        if archived or user.role not in EDITABLE_FIELDS
        else form_or_bound(AssessmentForm, complaint),
        "note_form": None if archived or user.role not in NOTE_WRITERS else form_or_bound(NoteForm),
        "reply_form": None
        if archived or user.role not in REPLY_WRITERS
        else form_or_bound(ReplyForm),
        "open_form": open_form or (bound.prefix if bound is not None else ""),
        "alert": alert,
        "lost": lost or [],
        "story": story_html(complaint_story(complaint), complaint.reference),
        "assessment": assessment_panel(complaint),
        "remedies_sought": [REMEDY_LABELS.get(r, r) for r in complaint.remedy_sought],
        "now": timezone.now(),
        # Where the language switcher returns to, also after a refused POST.
        "page_url": reverse("console:complaint", args=[complaint.reference]),
        **responsibility.page_context(complaint, user, bound),
    }
    return render(request, "console/complaint.html", context, status=status)


def _back_to(request: HttpRequest, reference: str) -> HttpResponse:
    """After a change, back to the complaint; or to the queue if the change (a new department,
    say) took it out of this user's scope."""
    try:
        access_complaint(_user(request), reference)
    except Http404:
        messages.info(
            request,
            _("%(reference)s is now outside your queue.") % {"reference": reference},
        )
        return redirect("console:queue")
    # "#main": back to the top where the confirmation is, not to the form's own fragment.
    return redirect(reverse("console:complaint", args=[reference]) + "#main")
