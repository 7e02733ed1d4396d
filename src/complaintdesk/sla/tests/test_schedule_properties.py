"""Properties of a clock's schedule for any calendar, start, allowance and pause: the ladder's
thresholds come in order, the 100% threshold is the due time, and a pause moves the due time
by exactly the working time paused."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from complaintdesk.sla.models import Clock
from complaintdesk.sla.selectors import DEFAULT_STEPS, DEFAULT_URGENT_START, Ladder
from complaintdesk.sla.services import fire_time, schedule
from complaintdesk.sla.tests.test_business_time import DURATIONS, MOMENTS, calendars

ALLOWANCES = st.integers(min_value=1, max_value=120 * 60).map(lambda m: timedelta(minutes=m))


@settings(max_examples=150, deadline=None)
@given(calendar=calendars(), start=MOMENTS, allowed=ALLOWANCES, urgent=st.booleans())
def test_the_thresholds_fire_in_order_and_the_deadline_one_at_the_due_time(
    calendar, start, allowed, urgent
):
    rungs = Ladder(DEFAULT_STEPS, DEFAULT_URGENT_START).rungs(urgent=urgent)
    clock = Clock(started_at=start, allowed=allowed)
    schedule(clock, calendar, rungs)

    moments = [fire_time(clock, calendar, rung) for rung in rungs]
    assert moments == sorted(moments)
    assert fire_time(clock, calendar, next(r for r in rungs if r.percent == 100)) == clock.due_at
    assert clock.next_step_at == moments[0]


@settings(max_examples=150, deadline=None)
@given(calendar=calendars(), start=MOMENTS, allowed=ALLOWANCES, paused=DURATIONS)
def test_a_pause_moves_the_due_time_by_the_working_time_paused(calendar, start, allowed, paused):
    clock = Clock(started_at=start, allowed=allowed)
    schedule(clock, calendar, [])
    before = clock.due_at

    clock.paused_for = paused
    schedule(clock, calendar, [])

    assert calendar.between(start, clock.due_at) == allowed + paused
    assert clock.due_at >= before
