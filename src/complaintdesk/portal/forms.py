"""The customer's forms on the tracking page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.lifecycle import Transition
from complaintdesk.complaints.models import Complaint
from complaintdesk.portal.customer_status import CustomerAction


class CustomerForm(forms.Form):
    required_css_class = "required"
    error_css_class = "invalid"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class InformationForm(CustomerForm):
    prefix = "info"
    body = forms.CharField(
        label=_("Your message"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Anything that helps us: what happened, dates, order numbers, or your answer to "
            "our question."
        ),
    )


class ResponseForm(CustomerForm):
    """One thing the customer may do, with their words as the note (required where the
    lifecycle's guard needs a reason) and the version of the page they read."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        transition: Transition,
        complaint: Complaint,
        wording: CustomerAction,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", transition.action)
        kwargs.setdefault("initial", {"version": complaint.version})
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.wording = wording
        label: Any = wording.note_label  # lazy, translated when rendered
        self.fields["note"].label = label
        self.fields["note"].required = "note" in transition.guard(complaint, "", complaint.status)
