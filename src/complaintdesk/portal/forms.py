"""The customer's forms on the tracking page."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.lifecycle import Transition
from complaintdesk.complaints.models import Complaint, Remedy
from complaintdesk.complaints.schemas import CURRENCY, PHONE, TEXT_MAX
from complaintdesk.intake.attachments import MB, size_limits
from complaintdesk.portal.customer_status import CustomerAction


class CustomerForm(forms.Form):
    required_css_class = "required"
    error_css_class = "invalid"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Any number of files. None is refused here: the attachment store judges each one, and a
    refused file never stops the rest of what the customer sent."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


def files_help_text() -> str:
    per_file, per_complaint = size_limits()
    return str(
        _(
            "Photos, receipts or documents: up to %(per_file)s MB each and %(per_complaint)s "
            "MB in all. Programs and scripts are not accepted."
        )
        % {"per_file": per_file // MB, "per_complaint": per_complaint // MB}
    )


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
    attachments = FilesField(label=_("Files (optional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = files_help_text()


class ComplaintForm(CustomerForm):
    """The public web form. Everything a complaint records, in the customer's words; each
    mistake is named next to its field."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please tell us your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the confirmation and our answers here."),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.com.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("Give an e-mail address, a phone number or both."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=TEXT_MAX,
        # Kept exactly as written, spacing included; a blank one is refused in clean().
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In your own words, in as much detail as you like."),
        error_messages={"required": _("Please tell us what happened.")},
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, for example 2024-03-31.")},
    )
    occurred_time = forms.TimeField(
        label=_("Time (if you know it)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 14:30.")},
    )
    location = forms.CharField(
        label=_("Where did it happen?"),
        required=False,
        max_length=300,
        help_text=_("A shop, an address, our website or app…"),
    )
    product_reference = forms.CharField(
        label=_("Product, order or booking reference"),
        required=False,
        max_length=200,
    )
    remedy_sought = forms.MultipleChoiceField(
        label=_("What would you like us to do?"),
        required=False,
        choices=Remedy.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply."),
    )
    claimed_amount = forms.DecimalField(
        label=_("Amount of compensation"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    claimed_currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("Three letters, e.g. EUR, USD, CNY"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": "4"}),
    )
    attachments = FilesField(label=_("Files (optional)"))
    consent = forms.BooleanField(
        label=_("I agree that my complaint and contact details are used to handle it."),
        error_messages={
            "required": _("Please agree to the privacy notice, or we cannot take your complaint.")
        },
    )
    # Set when the form is shown: the same form sent twice is filed once.
    form_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    ABOUT_YOU = ("name", "email", "phone")
    WHAT_HAPPENED = ("description", "location", "product_reference")
    WHEN = ("occurred_on", "occurred_time")
    WANTED = ("remedy_sought", "claimed_amount", "claimed_currency")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = files_help_text()
        self.fields["consent"].help_text = format_html(
            '<a href="{}" id="privacy-notice-link">{}</a>',
            reverse("webform:privacy"),
            _("Read the privacy notice"),
        )

    def group(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def about_you(self) -> list[forms.BoundField]:
        return self.group(self.ABOUT_YOU)

    def what_happened(self) -> list[forms.BoundField]:
        return self.group(self.WHAT_HAPPENED)

    def when(self) -> list[forms.BoundField]:
        return self.group(self.WHEN)

    def wanted(self) -> list[forms.BoundField]:
        return self.group(self.WANTED)

    def clean_description(self) -> str:
        description: str = self.cleaned_data["description"]
        if not description.strip():
            raise forms.ValidationError(self.fields["description"].error_messages["required"])
        return description

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number with digits, for example +44 20 7946 0000.")
            )
        return phone

    def clean_occurred_on(self) -> Any:
        day = self.cleaned_data["occurred_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("This date is in the future. Please give the day it happened.")
            )
        return day

    def clean_claimed_currency(self) -> str:
        currency: str = self.cleaned_data["claimed_currency"].strip().upper()
        if currency and not CURRENCY.match(currency):
            raise forms.ValidationError(_("Use the three-letter currency code, e.g. EUR."))
        return currency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("email")
            and not data.get("phone")
            and not {"email", "phone"} & set(self.errors)
        ):
            self.add_error("email", _("Give an e-mail address or a phone number to reach you."))
        if (
            data.get("claimed_amount") is not None
            and not data.get("claimed_currency")
            and "claimed_currency" not in self.errors
        ):
            self.add_error("claimed_currency", _("Say which currency the amount is in."))
        if data.get("occurred_time") and not data.get("occurred_on"):
            if "occurred_on" not in self.errors:
                self.add_error("occurred_on", _("Give the date as well as the time."))
        elif (
            data.get("occurred_on")
            and data.get("occurred_time")
            and self.occurred_at() is not None
            and self.occurred_at() > timezone.now()  # type: ignore[operator]
            and "occurred_on" not in self.errors
        ):
            self.add_error("occurred_time", _("This time is in the future."))
        return data

    def occurred_at(self) -> datetime | None:
        """The date and time given, in our time zone (the start of the day when only the date
        is known)."""
        day = self.cleaned_data.get("occurred_on")
        if not day:
            return None
        at = self.cleaned_data.get("occurred_time") or time(0, 0)
        return timezone.make_aware(datetime.combine(day, at))


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
