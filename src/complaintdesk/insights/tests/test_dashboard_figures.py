"""The dashboard's figures on the fixed data set of conftest.py, against hand-computed
values."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from complaintdesk.insights.dashboard import figures
from complaintdesk.insights.models import Measure
from complaintdesk.insights.selectors import Slice

from .conftest import NOVEMBER

pytestmark = pytest.mark.django_db


def test_volume_counts_every_complaint_of_the_period_with_the_previous_period(
    november, quality_manager
):
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert found.total == 5
    assert found.previous_total == 1
    assert len(found.volume) == 30
    assert found.volume[1:6] == [1, 2, 0, 1, 1]


def test_volume_by_channel_sets_this_period_beside_the_previous_one(november, quality_manager):
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    channels = {row["channel"]: (row["n"], row["previous"]) for row in found.by_channel}
    assert channels == {"web": (2, 1), "email": (2, 0), "phone": (1, 0)}


def test_first_response_median_and_90th_percentile_are_nearest_rank(november, quality_manager):
    # 1, 2, 4, 8, 30 hours: the median is the 3rd, the 90th percentile the 5th; 4 of 5 in 24 h.
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert found.first_response.median == timedelta(hours=4)
    assert found.first_response.p90 == timedelta(hours=30)
    assert found.first_response.share_within_target == pytest.approx(0.8)


def test_resolution_times_count_only_resolved_complaints(november, quality_manager):
    # 10 and 30 hours.
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert found.resolution.counted == 2
    assert found.resolution.median == timedelta(hours=10)
    assert found.resolution.p90 == timedelta(hours=30)


def test_reopen_rate_is_reopened_over_ever_resolved(november, quality_manager):
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert (found.reopened, found.resolved) == (1, 3)
    reopen = found.result(Measure.REOPEN_RATE)
    assert reopen.value == pytest.approx(1 / 3)
    assert reopen.met is False


def test_outcomes_count_the_decisions_standing(november, quality_manager):
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert {row["outcome"]: row["n"] for row in found.by_outcome} == {
        "upheld": 1,
        "not_upheld": 1,
    }


def test_department_scorecards_count_per_responsible_department(november, quality_manager):
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    cards = {row["department__name"]: row for row in found.departments}
    assert (cards["Billing"]["received"], cards["Billing"]["handled"]) == (4, 2)
    assert cards["Billing"]["reopened"] == 1
    assert (cards["Delivery"]["received"], cards["Delivery"]["handled"]) == (1, 0)


def test_filters_narrow_every_figure(november, quality_manager):
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1], channel="email"))
    assert found.total == 2
    assert found.first_response.median == timedelta(hours=4)


def test_a_department_handler_counts_only_their_department(november, handler):
    found = figures(handler, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert found.total == 4
    assert [row["department__name"] for row in found.departments] == ["Billing"]


def test_a_handler_of_another_department_sees_none_of_billings_figures(november, outsider):
    found = figures(outsider, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert found.total == 1
    assert {row["channel"] for row in found.by_channel} == {"phone"}


def test_a_long_period_is_counted_per_month(november, quality_manager):
    found = figures(
        quality_manager,
        Slice(start=NOVEMBER[0].replace(month=1), end=NOVEMBER[1]),
    )
    assert len(found.volume) == 11
    assert found.volume[-2:] == [1, 5]


def test_satisfaction_root_causes_and_compensation_are_joined_in(
    november, quality_manager, supervisor
):
    from complaintdesk.complaints.models import Complaint
    from complaintdesk.followup.models import Survey
    from complaintdesk.resolution.models import CompensationEntry, RootCause, RootCauseCategory

    a, b, c, e = november["A"], november["B"], november["C"], november["E"]
    for complaint, score in ((a, 5), (b, 2), (c, 4)):
        Survey.objects.create(
            complaint=complaint,
            state="answered",
            score=score,
            expires_at=complaint.received_at + timedelta(days=14),
            answered_at=complaint.received_at + timedelta(days=2),
        )
    Complaint.objects.filter(pk=c.pk).update(outcome="partially_upheld")
    process, _ = RootCauseCategory.objects.get_or_create(code="process-x", name="Process X")
    system, _ = RootCauseCategory.objects.get_or_create(code="system-y", name="System Y")
    for complaint, cause in ((a, process), (b, system), (c, process)):
        RootCause.objects.create(
            complaint=complaint, category=cause, explanation="Why.", recorded_by=supervisor
        )
    for complaint, amount, currency in (
        (a, "50.00", "EUR"),
        (c, "20.00", "EUR"),
        (e, "30.00", "USD"),
    ):
        CompensationEntry.objects.create(
            complaint=complaint,
            amount=Decimal(amount),
            currency=currency,
            kind="money",
            created_by=supervisor,
        )
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert found.satisfaction == (2, 3)
    # Only upheld and partly upheld complaints count: B (not upheld) is left out.
    assert [(r["category__name"], r["n"], r["cumulative"]) for r in found.root_causes] == [
        ("Process X", 2, 1.0)
    ]
    assert {(r["currency"], r["total"]) for r in found.compensation} == {
        ("EUR", Decimal("70.00")),
        ("USD", Decimal("30.00")),
    }
    cards = {row["department__name"]: row for row in found.departments}
    assert (cards["Billing"]["satisfied"], cards["Billing"]["answered"]) == (2, 3)


def test_deadlines_kept_count_the_clocks_stopped_in_time_over_those_decided(
    november, quality_manager
):
    from complaintdesk.sla.models import Clock

    a, b, c = november["A"], november["B"], november["C"]
    Clock.objects.update(met=None, breached_at=None)
    for complaint, met in ((a, True), (b, True), (c, False)):
        Clock.objects.create(
            complaint=complaint,
            kind="plan",
            allowed=timedelta(hours=8),
            started_at=complaint.received_at,
            due_at=complaint.received_at + timedelta(hours=8),
            stopped_at=complaint.received_at + timedelta(hours=4),
            met=met,
        )
    # One more breached and still running: decided (missed) already.
    Clock.objects.filter(complaint=november["D"]).update(breached_at=november["D"].received_at)
    breached = Clock.objects.filter(complaint=november["D"]).count()
    found = figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1]))
    assert found.sla == (2, 3 + breached)
    cards = {row["department__name"]: row for row in found.departments}
    assert (cards["Billing"]["kept"], cards["Billing"]["decided"]) == (2, 3 + breached)
