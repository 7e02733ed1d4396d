"""The customer's pages: the public web form to make a complaint, and the tracking page, reached
with no account through the unguessable link we sent them.

The tracking page shows where the complaint stands in plain words and only what the customer
may see; every change is a POST (CSRF-protected) through the lifecycle, with the customer as
the actor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaintdesk.accounts import throttling
from complaintdesk.complaints import tracking
from complaintdesk.complaints.lifecycle import (
    TRANSITIONS,
    ActionNotAllowed,
    GuardFailed,
    InvalidFields,
    LifecycleError,
    RoleNotAllowed,
    StaleVersion,
    allowed_actions,
)
from complaintdesk.complaints.models import Attachment, Complaint, Message, Status, Visibility
from complaintdesk.complaints.schemas import subject_from
from complaintdesk.complaints.selectors import complaint_for_tracking_token, timeline
from complaintdesk.intake.downloads import download
from complaintdesk.intake.selectors import attachment_of, attachments_of
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails
from complaintdesk.intake.webform import (
    WEB_FORM,
    TooManySubmissions,
    new_form_key,
    submit_web_complaint,
)
from complaintdesk.portal import services
from complaintdesk.portal.customer_status import CUSTOMER_ACTIONS, CUSTOMER_STATUS
from complaintdesk.portal.forms import ComplaintForm, InformationForm, ResponseForm
from complaintdesk.portal.uploads import SizeCappedUploads, cap_uploads, uploaded_files
from complaintdesk.relations.selectors import merged_for_customer

# Shown with the proposal while the customer is deciding on it or it is being carried out.
PROPOSAL_STATES = {Status.REMEDY_PROPOSED, Status.IN_REMEDY}


def _language(request: HttpRequest, complaint: Complaint) -> str:
    """The complaint's language, unless the customer picked another with the switcher."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen and translation.check_for_language(chosen):
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return complaint.language or complaint.customer.language or settings.LANGUAGE_CODE


def _private(response: HttpResponse, language: str) -> HttpResponse:
    # The link is the key to the page: keep it out of other sites' referrers, caches and search
    # engines. Not "no-referrer": browsers then send "Origin: null" and CSRF refuses every form.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Language"] = language
    return response


@never_cache
@require_GET
def track(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_tracking_token(token)
    language = _language(request, complaint)
    with translation.override(language):
        return _private(_page(request, complaint), language)


@never_cache
@csrf_exempt
@require_POST
def add_information(request: HttpRequest, token: str) -> HttpResponse:
    # The upload cap must be in place before anything reads the files, the CSRF check too.
    return _add_information(request, token, cap_uploads(request))


@csrf_protect
def _add_information(request: HttpRequest, token: str, cap: SizeCappedUploads) -> HttpResponse:
    complaint = complaint_for_tracking_token(token)
    language = _language(request, complaint)
    with translation.override(language):
        form = InformationForm(request.POST, request.FILES)
        if not complaint.is_open:
            return _private(
                _page(
                    request,
                    complaint,
                    alert=_(
                        "Your complaint is no longer open, so we cannot add to it. If the "
                        "problem is not solved, you can reopen it below or contact us again."
                    ),
                    status=409,
                ),
                language,
            )
        if not form.is_valid():
            _ask_for_files_again(request, form, cap)
            return _private(_page(request, complaint, bound=form, status=422), language)
        added = services.add_information(
            complaint=complaint,
            body=form.cleaned_data["body"],
            attachments=uploaded_files(request, "info-attachments", cap),
        )
        messages.success(
            request, _("Thank you. We have received your message and will read it carefully.")
        )
        if added.refused:
            messages.warning(
                request,
                _("These files were not kept: %(files)s. Everything else was received.")
                % {"files": "; ".join(str(refused) for refused in added.refused)},
            )
    return _private(redirect(reverse("portal:track", args=[token]) + "#main"), language)


@never_cache
@require_GET
def customer_file(request: HttpRequest, token: str, attachment_id: int) -> HttpResponseBase:
    """A file of the customer's own complaint that they may see, as a download."""
    complaint = complaint_for_tracking_token(token)
    attachment = _customer_attachment(complaint, attachment_id)
    response = download(attachment)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _customer_attachment(complaint: Complaint, attachment_id: int) -> Attachment:
    """A file the customer may see of this complaint or of one of theirs merged into it."""
    for source in [complaint, *merged_for_customer(complaint)]:
        try:
            return attachment_of(source, attachment_id, customer_visible_only=True)
        except Http404:
            continue
    raise Http404("No such file")


def _ask_for_files_again(request: HttpRequest, form: forms.Form, cap: SizeCappedUploads) -> None:
    # Browsers never fill a file field in again: say so next to it, or the files are lost.
    field = f"{form.prefix}-attachments" if form.prefix else "attachments"
    if request.FILES.getlist(field) or cap.cut_off.get(field):
        form.add_error(
            "attachments",
            _("Your files were not sent because of the mistakes shown; please choose them again."),
        )


@never_cache
@require_POST
def respond(request: HttpRequest, token: str, action: str) -> HttpResponse:
    complaint = complaint_for_tracking_token(token)
    transition = TRANSITIONS.get(action)
    wording = CUSTOMER_ACTIONS.get(action)
    if transition is None or wording is None:
        raise Http404("No such answer")
    language = _language(request, complaint)
    with translation.override(language):
        form = ResponseForm(transition, complaint, wording, request.POST)
        if not form.is_valid():
            return _private(_page(request, complaint, bound=form, status=422), language)
        try:
            services.respond(
                complaint=complaint,
                action=action,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except LifecycleError as refusal:
            return _private(_refused(request, token, form, refusal), language)
        messages.success(request, str(wording.done))
    return _private(redirect(reverse("portal:track", args=[token]) + "#main"), language)


def _refused(
    request: HttpRequest, token: str, form: ResponseForm, refusal: LifecycleError
) -> HttpResponse:
    complaint = complaint_for_tracking_token(token)  # as it now is
    if isinstance(refusal, GuardFailed | InvalidFields):
        for name, message in refusal.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return _page(request, complaint, bound=form, status=422)
    if isinstance(refusal, StaleVersion):
        alert = _(
            "Your complaint was updated while you were reading this page, so we have not "
            "recorded your answer yet. Please read the latest version below, then answer again."
        )
    elif isinstance(refusal, ActionNotAllowed | RoleNotAllowed):
        alert = _("This is no longer possible at this stage of your complaint.")
    else:
        alert = _("We could not record this. Please try again.")
    return _page(request, complaint, alert=alert, status=409)


def _page(
    request: HttpRequest,
    complaint: Complaint,
    *,
    bound: forms.Form | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    customer = services.customer_of(complaint)
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)
    responses = []
    for action in allowed_actions(complaint, customer):
        wording = CUSTOMER_ACTIONS.get(action)
        transition = TRANSITIONS[action]
        # A customer never fills in staff fields; such an action is not theirs to take here.
        if wording is None or transition.fields:
            continue
        if isinstance(bound, ResponseForm) and bound.transition.action == action:
            responses.append(bound)
        else:
            responses.append(ResponseForm(transition, complaint, wording))
    information_form: Any = None
    if complaint.is_open:
        information_form = bound if isinstance(bound, InformationForm) else InformationForm()
    # The customer's complaints merged into this one (relations) read as part of it, each
    # message and file marked with the reference the customer knew it by.
    merged = merged_for_customer(complaint)
    shown: list[Message] = []
    files: list[Attachment] = []
    for source in [complaint, *merged]:
        from_reference = "" if source is complaint else source.reference
        for _kind, item in timeline(source, include_internal=False):
            # The selector already leaves internal messages out; this makes sure of it.
            if isinstance(item, Message) and item.visibility == Visibility.CUSTOMER:
                item.from_reference = from_reference  # type: ignore[attr-defined]
                shown.append(item)
        for attachment in attachments_of(source, customer_visible_only=True):
            attachment.from_reference = from_reference  # type: ignore[attr-defined]
            files.append(attachment)
    shown.sort(key=lambda message: (message.created_at, message.pk))
    for message in shown:
        # Only the files the customer may see, whatever the message holds.
        message.customer_files = [f for f in files if f.message_id == message.pk]  # type: ignore[attr-defined]
    context = {
        "complaint": complaint,
        "files_with_complaint": [f for f in files if f.message_id is None],
        "status": CUSTOMER_STATUS[complaint.status],
        "responses": responses,
        "information_form": information_form,
        "open_form": bound.prefix if bound is not None else "",
        "shown_messages": shown,
        "merged": merged,
        "show_proposal": complaint.status in PROPOSAL_STATES and bool(complaint.remedy_plan),
        "alert": alert,
        "page_token": token,
        "page_url": reverse("portal:track", args=[token]),
    }
    return render(request, "portal/track.html", context, status=status)


# The public web form.

RECEIPT = "web_complaint_receipt"


def _chosen_language() -> str:
    """The language the customer reads the form in (switcher, else their browser's): their
    complaint is handled and answered in it."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def complain(request: HttpRequest) -> HttpResponse:
    # The upload cap must be in place before anything reads the files, the CSRF check too.
    cap = cap_uploads(request) if request.method == "POST" else None
    return _complain(request, cap)


@csrf_protect
def _complain(request: HttpRequest, cap: SizeCappedUploads | None) -> HttpResponse:
    if cap is None:
        form = ComplaintForm(initial={"form_key": new_form_key()})
        return render(request, "portal/complain.html", {"form": form})
    form = ComplaintForm(request.POST, request.FILES)
    if not form.is_valid():
        _ask_for_files_again(request, form, cap)
        return render(request, "portal/complain.html", {"form": form}, status=422)
    data = form.cleaned_data
    language = _chosen_language()
    try:
        received = submit_web_complaint(
            form_key=data["form_key"] or new_form_key(),
            client=throttling.client_key(request, WEB_FORM),
            customer=CustomerDetails(
                name=data["name"], email=data["email"], phone=data["phone"], language=language
            ),
            complaint=ComplaintDetails(
                subject=subject_from(data["description"]),
                description=data["description"],
                language=language,
                occurred_at=form.occurred_at(),
                location=data["location"],
                product_reference=data["product_reference"],
                remedy_sought=tuple(data["remedy_sought"]),
                claimed_amount=data["claimed_amount"],
                claimed_currency=data["claimed_currency"],
            ),
            attachments=uploaded_files(request, "attachments", cap),
        )
    except TooManySubmissions as refusal:
        minutes = max(1, int(refusal.retry_after.total_seconds() // 60) + 1)
        response = render(
            request,
            "portal/too_many.html",
            {"minutes": minutes, "contact": settings.INTAKE_MAIL_ADDRESS},
            status=429,
        )
        response["Retry-After"] = str(minutes * 60)
        return response
    complaint = received.complaint
    request.session[RECEIPT] = {
        "token": tracking.token_for(complaint.reference, complaint.tracking_salt),
        "refused": [[refused.filename, refused.reason] for refused in received.refused],
    }
    return redirect("webform:received")


@never_cache
@require_GET
def complaint_received(request: HttpRequest) -> HttpResponse:
    """The confirmation after the form: the reference, what happens next and by when, the
    tracking link, and any file that was not kept. Shown only to the browser that sent it."""
    receipt = request.session.get(RECEIPT)
    if not isinstance(receipt, dict):
        return redirect("webform:complain")
    try:
        complaint = complaint_for_tracking_token(str(receipt.get("token", "")))
    except Http404:
        return redirect("webform:complain")
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)
    context = {
        "complaint": complaint,
        "tracking_path": reverse("portal:track", args=[token]),
        "tracking_url": tracking.tracking_url(complaint),
        "refused": receipt.get("refused", []),
    }
    response = render(request, "portal/complaint_received.html", context)
    response["Referrer-Policy"] = "same-origin"
    return response


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html", {"contact": settings.INTAKE_MAIL_ADDRESS})
