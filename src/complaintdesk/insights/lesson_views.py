"""Lessons learned in the console: the panel beside a complaint (loaded by htmx after the
page), marking a closed complaint as a lesson, and the search."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.complaints.models import Category, Status
from complaintdesk.complaints.selectors import access_complaint
from complaintdesk.insights import services
from complaintdesk.insights.lessons import lessons_for, search_lessons
from complaintdesk.insights.models import Lesson


class LessonForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("What this complaint taught"),
        max_length=5000,
        widget=forms.Textarea({"rows": 3}),
    )


class LessonSearch(forms.Form):
    q = forms.CharField(label=gettext_lazy("Words"), required=False, max_length=200)
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[("", gettext_lazy("Any")), *settings.LANGUAGES],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("Any")),
            *((c.pk, str(c)) for c in Category.objects.select_related("parent")),
        ]


@login_required
@require_GET
def lessons_panel(request: HttpRequest, reference: str) -> HttpResponse:
    user = staff_user(request)
    complaint = access_complaint(user, reference)
    may_mark = (
        complaint.status == Status.CLOSED
        and may(user, Can.WRITE_NOTES)
        and not Lesson.objects.filter(complaint=complaint).exists()
    )
    return render(
        request,
        "insights/_lessons_panel.html",
        {
            "complaint": complaint,
            "lessons": lessons_for(complaint),
            "form": LessonForm() if may_mark else None,
        },
    )


@login_required
@require_POST
def mark_lesson(request: HttpRequest, reference: str) -> HttpResponse:
    user = staff_user(request)
    complaint = access_complaint(user, reference)
    form = LessonForm(request.POST)
    if form.is_valid():
        try:
            services.mark_as_lesson(
                actor=user, complaint=complaint, summary=form.cleaned_data["summary"]
            )
        except services.ActionRefused as refusal:
            form.add_error("summary", str(refusal))
        else:
            messages.success(request, _("Kept as a lesson for the next complaints of its kind."))
            return redirect("console:complaint", complaint.reference)
    return render(
        request,
        "insights/_lessons_panel.html",
        {"complaint": complaint, "lessons": lessons_for(complaint), "form": form},
        status=422,
    )


@login_required
@require_GET
def lessons(request: HttpRequest) -> HttpResponse:
    search = LessonSearch(request.GET)
    found = Lesson.objects.none()
    if search.is_valid():
        data = search.cleaned_data
        found = search_lessons(category=data["category"], language=data["language"], text=data["q"])
    return render(
        request,
        "insights/lessons.html",
        {"search": search, "lessons": found[:100]},
        status=400 if search.errors else 200,
    )
