"""The follow-up's forms: the customer's survey and position on a decision, and the console's
reply-template picker. Each mistake is named next to its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.followup.models import ReplyTemplate
from complaintdesk.followup.services import TEXT_MAX


class _Form(forms.Form):
    required_css_class = "required"
    error_css_class = "invalid"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SurveyForm(_Form):
    prefix = "survey"
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled your complaint?"),
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — neither satisfied nor dissatisfied")),
            (2, _("2 — dissatisfied")),
            (1, _("1 — very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    solved = forms.TypedChoiceField(
        label=_("Was your problem solved?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FinalPositionForm(_Form):
    prefix = "position"
    position = forms.CharField(
        label=_("Your position on our decision"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "If you do not accept our decision, tell us why in your own words. It is kept "
            "with your complaint and read by a supervisor."
        ),
    )


class TemplatePickerForm(_Form):
    prefix = "template"

    def __init__(self, templates: list[ReplyTemplate], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id"] = forms.TypedChoiceField(
            label=_("Start from a template"),
            choices=[("", "—"), *((t.pk, t.title) for t in templates)],
            coerce=int,
        )
