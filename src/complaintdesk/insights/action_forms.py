"""The forms of the CAPA register, problems and spike alerts: they check input only."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Department, User
from complaintdesk.complaints.models import Category
from complaintdesk.insights.models import ActionKind, CorrectiveAction
from complaintdesk.insights.selectors import model_of

REFERENCES_HELP = _("References of the complaints that show the problem, one per line or comma.")


def references(text: str) -> list[str]:
    return [part.strip().upper() for part in text.replace(",", "\n").splitlines() if part.strip()]


class ActionForm(forms.ModelForm):
    complaint_references = forms.CharField(
        label=_("Complaints"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=REFERENCES_HELP,
    )

    class Meta:
        model = CorrectiveAction
        fields = [
            "kind",
            "title",
            "problem",
            "plan",
            "root_cause_category",
            "category",
            "owner",
            "department",
            "due_date",
            "check_after_days",
        ]
        widgets = {
            "due_date": forms.DateInput({"type": "date"}),
            "problem": forms.Textarea({"rows": 3}),
            "plan": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ActionKind.CORRECTIVE
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = User.objects.filter(is_active=True).order_by("first_name", "username")
        cast(
            forms.ModelChoiceField, self.fields["department"]
        ).queryset = Department.objects.order_by("name")
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = Category.objects.filter(
            active=True
        )
        root_cause = model_of("resolution.RootCauseCategory")
        if root_cause is not None:
            cast(
                forms.ModelChoiceField, self.fields["root_cause_category"]
            ).queryset = root_cause.objects.filter(active=True)


class VerdictForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Verdict"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Effective")), ("no", _("Not effective"))],
    )
    note = forms.CharField(label=_("What the check found"), widget=forms.Textarea({"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea({"rows": 2})
    )


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 3})
    )
    complaint_references = forms.CharField(
        label=_("Complaints"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=REFERENCES_HELP,
    )


class ProblemResolutionForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution sent to every linked customer"),
        max_length=5000,
        widget=forms.Textarea({"rows": 4}),
    )
