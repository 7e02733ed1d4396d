"""The dashboard's queries written for a large archive (one pass for several figures, names
read after counting, figures counted once) give the same figures as counting each alone."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint
from complaintdesk.insights import selectors
from complaintdesk.insights.dashboard import figures
from complaintdesk.insights.selectors import Slice, complaints_in
from complaintdesk.insights.targets import measure, objectives_for
from tests.factories import file

from .conftest import NOVEMBER

pytestmark = pytest.mark.django_db


def test_repeat_complainers_are_most_first_then_by_name_keeping_ties_at_the_limit():
    for name, complaints in (("Zoe", 3), ("Cy", 2), ("Amy", 2), ("Bob", 2), ("Dan", 1)):
        for _ in range(complaints):
            file(name=name, email=f"{name.lower()}@example.com")
    every = Complaint.objects.all()

    def listed(**limits):
        return [
            (row["customer__name"], row["n"])
            for row in selectors.repeat_complainers(every, **limits)
        ]

    assert listed() == [("Zoe", 3), ("Amy", 2), ("Bob", 2), ("Cy", 2)]
    assert listed(limit=2) == [("Zoe", 3), ("Amy", 2)]
    assert listed(at_least=3) == [("Zoe", 3)]
    assert selectors.repeat_complainers(every)[0]["customer__email"] == "zoe@example.com"


def test_categories_are_counted_with_their_names_read_after_counting(november, quality_manager):
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert [(row["category__name"], row["n"], row["previous"]) for row in found.by_category] == [
        ("Billing and charges", 5, 1)
    ]


def test_the_gauges_equal_the_measures_counted_alone(november, quality_manager):
    piece = Slice(start=NOVEMBER[0], end=NOVEMBER[1])
    alone = measure(complaints_in(quality_manager, piece), objectives_for(None))
    found = figures(quality_manager, piece)
    assert [(r.measure, r.value, r.counted) for r in found.results] == [
        (r.measure, r.value, r.counted) for r in alone
    ]


def test_one_pass_per_department_sums_to_the_reopen_rate_and_the_deadlines(
    november, quality_manager
):
    piece = Slice(start=NOVEMBER[0], end=NOVEMBER[1])
    complaints = complaints_in(quality_manager, piece)
    counts = selectors.department_counts(complaints)
    assert (
        (
            sum(row["reopened"] for row in counts.values()),
            sum(row["resolved"] for row in counts.values()),
        )
        == selectors.reopen_rate(complaints)
        == (1, 3)
    )
    found = figures(quality_manager, piece)
    assert found.sla == selectors.sla_kept(complaints)[""]
