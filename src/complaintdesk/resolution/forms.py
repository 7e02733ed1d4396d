"""The console's and the tracking page's forms for resolution; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Channel
from complaintdesk.resolution.models import CompensationKind, EntryKind, RemedyType
from complaintdesk.resolution.selectors import root_cause_categories
from complaintdesk.resolution.services import TEXT_MAX


class EntryForm(forms.Form):
    prefix = "entry"
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    text = forms.CharField(
        label=_("What was found or done"), widget=forms.Textarea, max_length=TEXT_MAX
    )
    record_reference = forms.CharField(
        label=_("Order or service record"), required=False, max_length=200
    )
    attachment = forms.TypedChoiceField(
        label=_("File"), required=False, coerce=int, empty_value=None
    )
    channel = forms.ChoiceField(
        label=_("Channel of the contact"), required=False, choices=[("", "—"), *Channel.choices]
    )

    def __init__(self, data: Any = None, *, files: Sequence[tuple[int, str]] = ()) -> None:
        super().__init__(data)
        field = self.fields["attachment"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *files]


class RootCauseForm(forms.Form):
    prefix = "cause"
    category = forms.ModelChoiceField(label=_("Category"), queryset=root_cause_categories())
    explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea, max_length=TEXT_MAX
    )
    five_whys = forms.CharField(
        label=_("Five whys (one answer a line)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=TEXT_MAX,
    )


class PlanForm(forms.Form):
    prefix = "plan"
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, max_length=TEXT_MAX)
    remedy_types = forms.MultipleChoiceField(
        label=_("Remedies"), choices=RemedyType.choices, widget=forms.CheckboxSelectMultiple
    )
    needs_confirmation = forms.BooleanField(
        label=_("The customer confirms it"), required=False, initial=True
    )
    no_confirmation_reason = forms.CharField(
        label=_("Why no confirmation is needed"), required=False, max_length=TEXT_MAX
    )


class StepForm(forms.Form):
    prefix = "step"
    plan = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    description = forms.CharField(label=_("Step"), max_length=TEXT_MAX)
    due_at = forms.DateTimeField(
        label=_("Due"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class StepStatusForm(forms.Form):
    prefix = "step-status"
    plan = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    step = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(choices=[("done", _("Done")), ("cancelled", _("Cancel"))])
    text = forms.CharField(label=_("Note or reason"), required=False, max_length=TEXT_MAX)


class ProposeForm(forms.Form):
    prefix = "propose"
    plan = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CompensationForm(forms.Form):
    prefix = "compensation"
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency"), min_length=3, max_length=3)
    kind = forms.ChoiceField(label=_("Kind"), choices=CompensationKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=TEXT_MAX)


class DecisionForm(forms.Form):
    prefix = "decision"
    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline")), ("pay", _("Paid"))]
    )
    text = forms.CharField(label=_("Note"), required=False, max_length=TEXT_MAX)


class CommentForm(forms.Form):
    prefix = "comment"
    text = forms.CharField(
        label=_("Your comment on our proposal"), widget=forms.Textarea, max_length=TEXT_MAX
    )
