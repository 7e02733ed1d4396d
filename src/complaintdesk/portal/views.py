"""The customer's tracking page: no account, only the unguessable link we sent them.

It shows where the complaint stands in plain words and only what the customer may see; every
change is a POST (CSRF-protected) through the lifecycle, with the customer as the actor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

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
from complaintdesk.complaints.models import Complaint, Message, Status, Visibility
from complaintdesk.complaints.selectors import complaint_for_tracking_token, timeline
from complaintdesk.portal import services
from complaintdesk.portal.customer_status import CUSTOMER_ACTIONS, CUSTOMER_STATUS
from complaintdesk.portal.forms import InformationForm, ResponseForm

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
@require_POST
def add_information(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_tracking_token(token)
    language = _language(request, complaint)
    with translation.override(language):
        form = InformationForm(request.POST)
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
            return _private(_page(request, complaint, bound=form, status=422), language)
        services.add_information(complaint=complaint, body=form.cleaned_data["body"])
        messages.success(
            request, _("Thank you. We have received your message and will read it carefully.")
        )
    return _private(redirect(reverse("portal:track", args=[token]) + "#main"), language)


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
    shown: list[Message] = [
        item
        for _kind, item in timeline(complaint, include_internal=False)
        # The selector already leaves internal messages out; this makes sure of it.
        if isinstance(item, Message) and item.visibility == Visibility.CUSTOMER
    ]
    context = {
        "complaint": complaint,
        "status": CUSTOMER_STATUS[complaint.status],
        "responses": responses,
        "information_form": information_form,
        "open_form": bound.prefix if bound is not None else "",
        "shown_messages": shown,
        "show_proposal": complaint.status in PROPOSAL_STATES and bool(complaint.remedy_plan),
        "alert": alert,
        "page_token": token,
        "page_url": reverse("portal:track", args=[token]),
    }
    return render(request, "portal/track.html", context, status=status)
