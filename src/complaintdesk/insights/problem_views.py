"""Problems (many complaints, one cause, one answer) and spike alerts in the console."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.insights import problems as problem_services
from complaintdesk.insights.action_forms import ProblemForm, ProblemResolutionForm
from complaintdesk.insights.action_views import complaints_named
from complaintdesk.insights.models import Problem, ProblemState, SpikeAlert, SpikeState

OTHER_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "en"]


@login_required
@require_http_methods(["GET", "POST"])
def problems(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    initial = {}
    if spike_id := request.GET.get("spike", ""):
        spike = SpikeAlert.objects.filter(pk=int(spike_id) if spike_id.isdigit() else 0).first()
        if spike is not None:
            initial = {
                "title": spike.label,
                "complaint_references": "\n".join(
                    scoped_complaints(user)
                    .filter(pk__in=problem_services.complaints_of_spike(spike).values("pk"))
                    .values_list("reference", flat=True)
                ),
            }
    form = ProblemForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        complaints = complaints_named(user, form)
        if complaints is not None:
            problem = problem_services.open_problem(
                actor=user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                complaints=complaints,
            )
            return redirect("insights:problem", problem.pk)
    return render(
        request,
        "insights/problems.html",
        {"problems": Problem.objects.order_by("state", "-created_at")[:200], "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    problem = Problem.objects.filter(pk=pk).first()
    if problem is None:
        raise Http404("No such problem")
    form = ProblemResolutionForm(request.POST if request.method == "POST" else None)
    link_form = ProblemForm(initial={"title": problem.title})
    status = 200
    if request.method == "POST" and request.POST.get("step") == "link":
        link_form = ProblemForm(request.POST)
        if link_form.is_valid() and (found := complaints_named(user, link_form)) is not None:
            problem_services.link_to_problem(actor=user, problem=problem, complaints=found)
            return redirect("insights:problem", pk)
        form, status = ProblemResolutionForm(), 422
    elif request.method == "POST":
        if form.is_valid():
            translations = {
                code: request.POST.get(f"resolution_{code}", "") for code, _n in OTHER_LANGUAGES
            }
            try:
                told = problem_services.resolve_problem(
                    actor=user,
                    problem=problem,
                    resolution=form.cleaned_data["resolution"],
                    translations=translations,
                )
            except problem_services.ActionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, _("Resolved; %(n)s customers are being told.") % {"n": told}
                )
                return redirect("insights:problem", pk)
        status = 422
    visible = scoped_complaints(user).filter(pk__in=problem.complaints.values("pk"))
    return render(
        request,
        "insights/problem.html",
        {
            "problem": problem,
            "complaints": visible.select_related("customer"),
            "form": form,
            "link_form": link_form,
            "other_languages": OTHER_LANGUAGES,
            "open": problem.state == ProblemState.OPEN,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def spike_alerts(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "insights/spikes.html",
        {"spikes": SpikeAlert.objects.order_by("-starts_at", "-count")[:100]},
    )


@login_required
@require_POST
def dismiss_spike(request: HttpRequest, pk: int) -> HttpResponse:
    spike = SpikeAlert.objects.filter(pk=pk, state=SpikeState.OPEN).first()
    if spike is not None:
        problem_services.dismiss_spike(actor=staff_user(request), spike=spike)
    return redirect("insights:spikes")
