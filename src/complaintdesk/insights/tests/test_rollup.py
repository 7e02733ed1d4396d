"""The daily rollup: the dashboard's figures read from it equal the live ones (the fixed data
set of conftest.py, and random complaints and filters), the job counts again only the changed
days, and the rebuild command counts everything again."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintdesk.audit.services import record
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Channel, Complaint, Outcome
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.insights import rollup
from complaintdesk.insights.dashboard import Figures, figures, figures_in
from complaintdesk.insights.models import DailyFigures, DailyTimes, RollupState
from complaintdesk.insights.models.rollup import EDGES
from complaintdesk.insights.rollup_selectors import percentile
from complaintdesk.insights.selectors import Slice
from tests.factories import CategoryFactory

from .conftest import NOVEMBER

pytestmark = pytest.mark.django_db
LATER = datetime(2026, 11, 20, 12, tzinfo=UTC)


def width_at(value: timedelta) -> timedelta:
    """The width of the histogram bucket holding `value` (the last one: unbounded)."""
    for n, edge in enumerate(EDGES):
        if value <= edge:
            return edge - (EDGES[n - 1] if n else timedelta(0))
    return timedelta.max


def assert_same_figures(rolled: Figures, live: Figures) -> None:
    """Every figure equal, except the percentiles: within the width of the true value's
    bucket."""
    assert rolled.as_of is not None
    assert live.as_of is None
    for field in dataclasses.fields(Figures):
        if field.name in ("as_of", "first_response", "resolution"):
            continue
        assert getattr(rolled, field.name) == getattr(live, field.name), field.name
    for name in ("first_response", "resolution"):
        got, want = getattr(rolled, name), getattr(live, name)
        assert (got.counted, got.within_target) == (want.counted, want.within_target), name
        for estimate, exact in ((got.median, want.median), (got.p90, want.p90)):
            assert (estimate is None) == (exact is None), name
            if exact is not None:
                assert abs(estimate - exact) < width_at(exact), name


def live_and_rolled(user, piece: Slice) -> tuple[Figures, Figures]:
    live = figures_in(scoped_complaints(user), piece, whole_archive=False)
    return figures(user, piece), live


def test_the_rollup_gives_the_hand_computed_figures_of_november(november, quality_manager):
    with time_machine.travel(LATER, tick=False):
        rollup.rebuild()
    piece = Slice(start=NOVEMBER[0], end=NOVEMBER[1])
    rolled, live = live_and_rolled(quality_manager, piece)
    assert rolled.as_of == LATER
    assert (rolled.total, rolled.previous_total) == (5, 1)
    assert rolled.volume[1:6] == [1, 2, 0, 1, 1]
    assert {row["channel"]: (row["n"], row["previous"]) for row in rolled.by_channel} == {
        "web": (2, 1),
        "email": (2, 0),
        "phone": (1, 0),
    }
    assert (rolled.reopened, rolled.resolved) == (1, 3)
    # 1, 2, 4, 8, 30 hours: the true median (4 h) is in the bucket (3 h, 4 h], estimated 3.5 h.
    assert rolled.first_response.median == timedelta(hours=3, minutes=30)
    assert rolled.first_response.within_target == 4
    assert_same_figures(rolled, live)


def test_the_rollup_answers_a_department_and_a_category_like_the_live_count(
    november, quality_manager, billing
):
    with time_machine.travel(LATER, tick=False):
        rollup.rebuild()
    category = november["A"].category
    for piece in (
        Slice(start=NOVEMBER[0], end=NOVEMBER[1], department=billing.pk),
        Slice(start=NOVEMBER[0], end=NOVEMBER[1], category=category.parent_id or category.pk),
        Slice(start=date(2026, 10, 1), end=date(2026, 11, 30)),
    ):
        assert_same_figures(*live_and_rolled(quality_manager, piece))


def test_a_channel_filter_or_a_department_handler_is_counted_live(
    november, quality_manager, handler
):
    with time_machine.travel(LATER, tick=False):
        rollup.rebuild()
    piece = Slice(start=NOVEMBER[0], end=NOVEMBER[1])
    assert figures(quality_manager, dataclasses.replace(piece, channel="web")).as_of is None
    assert figures(handler, piece).as_of is None


def test_without_a_full_count_the_dashboard_is_counted_live(november, quality_manager):
    assert figures(quality_manager, Slice(start=NOVEMBER[0], end=NOVEMBER[1])).as_of is None


def test_the_job_counts_again_only_the_days_whose_complaints_changed(
    november, quality_manager, supervisor
):
    with time_machine.travel(LATER, tick=False):
        rollup.rebuild()
    untouched = set(DailyFigures.objects.filter(day=date(2026, 11, 2)).values_list("pk"))
    with time_machine.travel(LATER + timedelta(hours=1), tick=False):
        complaint = Complaint.objects.get(pk=november["C"].pk)
        lifecycle.perform(complaint, "request_information", actor=supervisor, note="Which order?")
        counted = rollup.refresh()
    assert counted == [date(2026, 11, 3)]
    assert set(DailyFigures.objects.filter(day=date(2026, 11, 2)).values_list("pk")) == untouched
    # The next run looks back LAG before this one began (a late commit), so it counts that
    # day once more; the one after has nothing to do.
    with time_machine.travel(LATER + timedelta(hours=2), tick=False):
        assert rollup.refresh() == [date(2026, 11, 3)]
    with time_machine.travel(LATER + timedelta(hours=3), tick=False):
        assert rollup.refresh() == []
    piece = Slice(start=NOVEMBER[0], end=NOVEMBER[1])
    assert_same_figures(*live_and_rolled(quality_manager, piece))


def test_the_job_counts_a_complaint_that_moved_to_another_department_under_its_new_one(
    november, quality_manager, delivery
):
    with time_machine.travel(LATER, tick=False):
        rollup.rebuild()
    Complaint.objects.filter(pk=november["A"].pk).update(department=delivery)
    # A move is written with its event (routing); here the event is all the job reads.
    with time_machine.travel(LATER + timedelta(hours=1), tick=False), transaction.atomic():
        record(action="complaint.reassigned", complaint=november["A"])
    with time_machine.travel(LATER + timedelta(hours=1), tick=False):
        assert rollup.refresh() == [date(2026, 11, 2)]
    piece = Slice(start=NOVEMBER[0], end=NOVEMBER[1], department=delivery.pk)
    rolled, live = live_and_rolled(quality_manager, piece)
    assert rolled.total == 2
    assert_same_figures(rolled, live)


def test_the_first_run_of_the_job_counts_every_day(november):
    with time_machine.travel(LATER, tick=False):
        assert rollup.refresh() == []
    state = RollupState.objects.get()
    assert state.built_at == LATER
    assert sum(DailyFigures.objects.values_list("received", flat=True)) == 6


def test_the_rebuild_command_counts_every_day_again_or_those_since_a_day(november):
    call_command("rollup", "--rebuild")
    DailyFigures.objects.filter(day=date(2026, 10, 20)).update(received=99)
    DailyFigures.objects.filter(day=date(2026, 11, 2)).update(received=99)
    call_command("rollup", "--rebuild", "--since", "2026-11-01")
    assert DailyFigures.objects.get(day=date(2026, 10, 20)).received == 99
    assert DailyFigures.objects.get(day=date(2026, 11, 2)).received == 1
    call_command("rollup", "--rebuild")
    assert DailyFigures.objects.get(day=date(2026, 10, 20)).received == 1
    # One histogram per day and department: B and C (3 November, billing) share one.
    assert DailyTimes.objects.filter(kind="first_response").count() == 5


def test_the_dashboard_page_and_the_api_say_when_the_figures_were_counted(
    november, quality_manager, client
):
    with time_machine.travel(LATER, tick=False):
        rollup.rebuild()
    client.force_login(quality_manager)
    page = client.get(reverse("insights:dashboard"), {"period": "2026-11"})
    assert "Figures as of 12:00" in page.content.decode()
    answer = client.get("/api/v1/insights/dashboard", {"period": "2026-11"})
    assert answer.json()["as_of"].startswith("2026-11-20T12:00")
    assert answer.json()["total"] == 5


@given(st.lists(st.integers(min_value=0, max_value=400 * 24 * 60), min_size=1, max_size=60))
def test_a_percentile_from_the_histogram_is_off_by_less_than_its_bucket_width(minutes):
    durations = sorted(timedelta(minutes=m) for m in minutes)
    counts = [0] * (len(EDGES) + 1)
    for value in durations:
        counts[next((n for n, edge in enumerate(EDGES) if value <= edge), len(EDGES))] += 1
    for share in (0.5, 0.9):
        exact = durations[max(math.ceil(share * len(durations)), 1) - 1]
        assert abs(percentile(counts, share) - exact) < width_at(exact)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_rolled_up_figures_equal_the_live_ones_for_random_complaints_and_filters(
    november, quality_manager, billing, delivery, data
):
    parent = CategoryFactory(code="delivery", name="Delivery")
    child = CategoryFactory(code="late", name="Late", parent=parent)
    categories = [None, november["A"].category, parent, child]
    start = datetime(2026, 10, 1, tzinfo=UTC)
    for complaint in november.values():
        # Received before the rollup is counted (LATER): a later one waits for the next run.
        received = start + timedelta(minutes=data.draw(st.integers(0, 50 * 24 * 60)))
        first = data.draw(st.none() | st.integers(0, 2000 * 60))
        resolved = data.draw(st.none() | st.integers(0, 3000 * 60))
        Complaint.objects.filter(pk=complaint.pk).update(
            received_at=received,
            department=data.draw(st.sampled_from([None, billing, delivery])),
            category=data.draw(st.sampled_from(categories)),
            channel=data.draw(st.sampled_from(Channel.values)),
            outcome=data.draw(st.sampled_from(["", *Outcome.values])),
            first_response_at=None if first is None else received + timedelta(minutes=first),
            resolved_at=None if resolved is None else received + timedelta(minutes=resolved),
        )
    with time_machine.travel(LATER, tick=False):
        rollup.rebuild()
    first_day = date(2026, 10, 1) + timedelta(days=data.draw(st.integers(0, 59)))
    piece = Slice(
        start=first_day,
        end=first_day + timedelta(days=data.draw(st.integers(0, 70))),
        department=data.draw(st.sampled_from([None, billing.pk, delivery.pk])),
        category=data.draw(st.sampled_from([None, parent.pk, child.pk])),
    )
    assert_same_figures(*live_and_rolled(quality_manager, piece))
