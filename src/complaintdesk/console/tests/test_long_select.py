"""The console's one-pass select writes what Django's Select writes."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from complaintdesk.console.widgets import LongSelect

CHOICES = [
    ("", "Anyone"),
    ("mine", "Mine"),
    (7, 'Zoë <Quist> & "Partners"'),
    ("Billing", [("1", "Double charge"), ("2", mark_safe("<em>Refund</em>"))]),
    ("7", "The same value again"),
]


@pytest.mark.parametrize("value", [None, "", "mine", 7, "7", "2", ["mine"], "absent"])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_owner", "required": True, "aria-describedby": "id_owner_helptext"},
        {"id": "id_owner", "disabled": False, "aria-invalid": "true", "data-x": 'a"b'},
    ],
)
def test_a_long_select_writes_the_same_markup_as_djangos_select(value, attrs):
    django_select = forms.Select(attrs={"class": "wide"}, choices=CHOICES)
    long_select = LongSelect(attrs={"class": "wide"}, choices=CHOICES)

    ours = long_select.render("owner", value, attrs=attrs)
    theirs = django_select.render("owner", value, attrs=attrs)

    assert parse_html(ours) == parse_html(theirs)


def test_the_console_forms_use_it_for_their_selects():
    from complaintdesk.console.forms import NewComplaintForm

    assert isinstance(NewComplaintForm().fields["language"].widget, LongSelect)
