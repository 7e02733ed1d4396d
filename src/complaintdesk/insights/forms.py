"""The dashboard's filters: a period (a month such as 2026-11, or from and to dates) and the
optional department, category, channel, language and severity. They check input only; the
figures come from the selectors."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Department, User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.accounts.selectors import department_ids
from complaintdesk.complaints.models import Category, Channel, Severity
from complaintdesk.insights.selectors import Slice

# A year and a bit: what the dashboard is built to answer quickly (see docs/insights.md).
MAX_DAYS = 400
DEFAULT_DAYS = 30
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# The days a filter may name: what a month may name, so that the previous period (and a day
# past the end) still exists as a date.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)
DAY_BOUNDS = [MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)]


def month_bounds(text: str) -> tuple[date, date] | None:
    """The first and last day of a month written YYYY-MM, or None."""
    match = MONTH.match(text.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and FIRST_DAY.year <= year <= LAST_DAY.year):
        return None
    first = date(year, month, 1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


class InsightFilters(forms.Form):
    period = forms.CharField(
        label=_("Month"), required=False, max_length=7, help_text=_("e.g. 2026-11")
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        validators=DAY_BOUNDS,
        widget=forms.DateInput({"type": "date"}),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        validators=DAY_BOUNDS,
        widget=forms.DateInput({"type": "date"}),
    )
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any")), *Channel.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *settings.LANGUAGES]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any")), *Severity.choices]
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        departments = Department.objects.order_by("name")
        if not may(user, Can.READ_ALL_COMPLAINTS):
            departments = departments.filter(pk__in=department_ids(user))
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            ("", _("Any")),
            *((d.pk, d.name) for d in departments),
        ]
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("Any")),
            *((c.pk, str(c)) for c in Category.objects.select_related("parent")),
        ]

    def clean_period(self) -> str:
        period: str = self.cleaned_data.get("period", "")
        if period and month_bounds(period) is None:
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2026-11."))
        return period

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        elif start and end and (end - start).days + 1 > MAX_DAYS:
            self.add_error("end", _("Choose at most %(days)s days.") % {"days": MAX_DAYS})
        return data

    def slice(self) -> Slice:
        """The slice the valid filters describe (an invalid filter is ignored and shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        today = timezone.localdate()
        start, end = data.get("start"), data.get("end")
        if bounds := month_bounds(data.get("period") or ""):
            start, end = bounds
        if "end" in self.errors or "start" in self.errors:
            start = end = None
        end = end or today
        start = start or end - timedelta(days=DEFAULT_DAYS - 1)
        return Slice(
            start=start,
            end=end,
            department=data.get("department"),
            category=data.get("category"),
            channel=data.get("channel", ""),
            language=data.get("language", ""),
            severity=data.get("severity", ""),
        )
