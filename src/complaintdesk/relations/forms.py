"""The related-complaints panel's forms: they check and convert input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.schemas import TEXT_MAX
from complaintdesk.complaints.selectors import REFERENCE_MAX_LENGTH
from complaintdesk.relations.models import MANUAL_KINDS, LinkKind
from complaintdesk.relations.services import NOTE_MAX, SUBJECT_MAX

KIND_CHOICES = [
    (LinkKind.RELATED.value, _("Related")),
    (LinkKind.DUPLICATE.value, _("This complaint duplicates it (without merging)")),
]
assert {kind for kind, _label in KIND_CHOICES} == set(MANUAL_KINDS)


class LinkForm(forms.Form):
    prefix = "link"
    reference = forms.CharField(label=_("Other complaint's reference"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX, widget=forms.Textarea({"rows": 2})
    )


class MergeForm(forms.Form):
    prefix = "merge"
    into = forms.CharField(
        label=_("Merge this complaint into"),
        max_length=REFERENCE_MAX_LENGTH,
        help_text=_("The reference of the complaint that goes on."),
    )
    reason = forms.CharField(
        label=_("Why they are the same matter"),
        max_length=NOTE_MAX,
        widget=forms.Textarea({"rows": 2}),
    )
    confirm_other_customer = forms.BooleanField(
        label=_("I confirm: merge even though the customers differ"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class SplitForm(forms.Form):
    prefix = "split"
    text = forms.CharField(
        label=_("The second matter, in the customer's words"),
        max_length=TEXT_MAX,
        widget=forms.Textarea({"rows": 4}),
    )
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=SUBJECT_MAX,
        help_text=_("Taken from the text when left empty."),
    )
