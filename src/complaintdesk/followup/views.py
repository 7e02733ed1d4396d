"""The follow-up's pages: the satisfaction survey a customer opens from our e-mail or their
tracking page (no login; a GET only shows the form, since mail scanners open links; only a POST
records), their position on a decision they do not accept, and the console's reply templates
inserted into the reply box (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.models import CUSTOMER, Party
from complaintdesk.complaints import tracking
from complaintdesk.complaints.lifecycle import InvalidFields, LifecycleError
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import access_complaint, complaint_for_tracking_token
from complaintdesk.followup import services
from complaintdesk.followup.forms import FinalPositionForm, SurveyForm
from complaintdesk.followup.models import Survey
from complaintdesk.followup.selectors import (
    SurveyLinkRefused,
    placeholder_values,
    reply_templates_for,
    survey_for_link,
)


def _private(response: HttpResponse, language: str) -> HttpResponse:
    # The link is the key: keep it out of referrers, caches and search engines.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Language"] = language
    return response


def _refused(request: HttpRequest, refusal: SurveyLinkRefused) -> HttpResponse:
    complaint = refusal.survey.complaint if refusal.survey is not None else None
    language = complaint.language if complaint else translation.get_language()
    with translation.override(language):
        response = render(
            request,
            "followup/survey_refused.html",
            {"reason": refusal.reason, "survey": refusal.survey},
            status=refusal.status,
        )
    return _private(response, language)


def _survey_page(
    request: HttpRequest, survey: Survey, form: SurveyForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "followup/survey.html",
        {"survey": survey, "complaint": survey.complaint, "form": form},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = survey_for_link(token)
    except SurveyLinkRefused as refusal:
        return _refused(request, refusal)
    complaint = found.complaint
    with translation.override(complaint.language):
        if request.method == "GET":
            return _private(_survey_page(request, found, SurveyForm()), complaint.language)
        form = SurveyForm(request.POST)
        if not form.is_valid():
            return _private(_survey_page(request, found, form, status=422), complaint.language)
        try:
            answered = services.answer_survey(
                survey=found,
                answer=services.SurveyAnswer(
                    score=form.cleaned_data["score"],
                    solved=form.cleaned_data["solved"],
                    comment=form.cleaned_data["comment"],
                ),
            )
        except SurveyLinkRefused as refusal:
            return _refused(request, refusal)
        except InvalidFields as refusal:
            for name, message in refusal.errors.items():
                form.add_error(name if name in form.fields else None, message)
            return _private(_survey_page(request, found, form, status=422), complaint.language)
        response = render(
            request,
            "followup/survey_thanks.html",
            {
                "survey": answered,
                "complaint": answered.complaint,
                "track_url": tracking.tracking_path(answered.complaint),
            },
        )
    return _private(response, complaint.language)


@never_cache
@require_POST
def final_position(request: HttpRequest, token: str) -> HttpResponse:
    """The customer does not accept the decision: their position, from the tracking page."""
    complaint = complaint_for_tracking_token(token)
    track = reverse("portal:track", args=[token]) + "#track-position"
    with translation.override(complaint.language):
        form = FinalPositionForm(request.POST)
        if form.is_valid():
            try:
                services.record_final_position(
                    complaint=complaint,
                    position=form.cleaned_data["position"],
                    actor=Party(CUSTOMER, complaint.customer.name),
                )
            except LifecycleError as refusal:
                messages.error(request, refusal.message)
                return redirect(track)
            messages.success(
                request,
                _("Thank you. Your position is recorded and a supervisor will read it."),
            )
            return redirect(track)
        response = render(
            request,
            "followup/position_refused.html",
            {"form": form, "complaint": complaint, "track_url": track},
            status=422,
        )
    return _private(response, complaint.language)


@login_required
@require_GET
def reply_template(request: HttpRequest, reference: str) -> HttpResponse:
    """The reply box filled with the chosen template, placeholders replaced (htmx swaps it in
    place of the console's reply box)."""
    complaint: Complaint = access_complaint(staff_user(request), reference)
    chosen = request.GET.get("template-id", "")
    if not chosen:
        # "—" chosen: nothing to put in the box, and what is in it stays.
        return HttpResponse(status=204)
    template = (
        reply_templates_for(complaint).filter(pk=int(chosen)).first() if chosen.isdigit() else None
    )
    if template is None:
        # Not swapped in (htmx leaves the box as it is on a 404).
        return HttpResponse(_("template-id: no such template for this complaint"), status=404)
    return render(
        request,
        "followup/_reply_box.html",
        {"text": template.fill(placeholder_values(complaint))},
    )
