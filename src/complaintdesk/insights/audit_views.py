"""The internal audit and the management review in the console."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.models import Department
from complaintdesk.insights import audit
from complaintdesk.insights.models import (
    CHECKLIST,
    AuditItem,
    AuditSample,
    CorrectiveAction,
    ManagementReview,
)

ANSWERS = [("", _("Not applicable")), ("yes", _("Yes")), ("no", _("No"))]


class SampleForm(forms.Form):
    start = forms.DateField(label=_("Closed from"), widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(label=_("Closed until"), widget=forms.DateInput({"type": "date"}))
    department = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.order_by("name"),
        empty_label=_("All departments"),
    )
    size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=audit.MAX_SAMPLE)


class ItemForm(forms.Form):
    finding = forms.CharField(
        label=_("Finding"), required=False, max_length=5000, widget=forms.Textarea({"rows": 2})
    )
    action = forms.ModelChoiceField(
        label=_("Corrective action"),
        required=False,
        queryset=CorrectiveAction.objects.order_by("-created_at"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST.items():
            self.fields[key] = forms.ChoiceField(label=label, required=False, choices=ANSWERS)

    def answers(self) -> dict[str, bool | None]:
        return {
            key: {"yes": True, "no": False}.get(self.cleaned_data.get(key, "")) for key in CHECKLIST
        }


def _initial(item: AuditItem) -> dict[str, Any]:
    shown = {True: "yes", False: "no", None: ""}
    return {
        **{key: shown[item.answers.get(key)] for key in CHECKLIST},
        "finding": item.finding,
        "action": item.action_id,
    }


class ReviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput({"type": "date"}))
    period = forms.CharField(label=_("Period reviewed"), max_length=20, help_text=_("e.g. 2026-11"))
    inputs = forms.CharField(
        label=_("Other inputs"), required=False, widget=forms.Textarea({"rows": 3})
    )
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea({"rows": 4}))
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions decided"),
        required=False,
        queryset=CorrectiveAction.objects.order_by("-created_at"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def audits(request: HttpRequest) -> HttpResponse:
    form = SampleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = audit.draw_audit_sample(
                actor=staff_user(request),
                start=data["start"],
                end=data["end"],
                department=data["department"],
                size=data["size"],
            )
        except audit.AuditRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("insights:audit", sample.pk)
    return render(
        request,
        "insights/audits.html",
        {
            "form": form,
            "samples": AuditSample.objects.select_related("department")[:50],
            "open_findings": audit.open_findings()[:50],
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def audit_sample(request: HttpRequest, pk: int) -> HttpResponse:
    sample = AuditSample.objects.select_related("department").filter(pk=pk).first()
    if sample is None:
        raise Http404("No such audit sample")
    items = list(sample.items.select_related("complaint", "action"))
    bound_pk, bound = None, None
    if request.method == "POST":
        item = next((i for i in items if str(i.pk) == request.POST.get("item")), None)
        if item is None:
            raise Http404("No such audited complaint")
        bound_pk, bound = item.pk, ItemForm(request.POST, prefix=f"i{item.pk}")
        if bound.is_valid():
            try:
                audit.review_audit_item(
                    actor=staff_user(request),
                    item=item,
                    answers=bound.answers(),
                    finding=bound.cleaned_data["finding"],
                    action=bound.cleaned_data["action"],
                )
            except audit.AuditRefused as refusal:
                bound.add_error("finding", str(refusal))
            else:
                return redirect("insights:audit", pk)
    rows = [
        (
            item,
            bound
            if item.pk == bound_pk
            else ItemForm(initial=_initial(item), prefix=f"i{item.pk}"),
        )
        for item in items
    ]
    return render(
        request,
        "insights/audit.html",
        {"sample": sample, "rows": rows},
        status=422 if bound is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviews(request: HttpRequest) -> HttpResponse:
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate(), "period": last_month},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit.record_management_review(
                actor=staff_user(request),
                held_on=data["held_on"],
                period=data["period"],
                inputs=data["inputs"],
                decisions=data["decisions"],
                actions=list(data["actions"]),
            )
        except audit.AuditRefused as refusal:
            form.add_error("period", str(refusal))
        else:
            return redirect("insights:reviews")
    return render(
        request,
        "insights/reviews.html",
        {
            "form": form,
            "reviews": ManagementReview.objects.prefetch_related("actions")[:20],
            "open_findings": audit.open_findings()[:50],
        },
        status=422 if form.errors else 200,
    )
