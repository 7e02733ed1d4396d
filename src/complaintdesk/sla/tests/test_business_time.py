"""Business-time arithmetic: examples a person can check by hand, then properties that must
hold for any start, duration, time zone and calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintdesk.sla.business_time import (
    BusinessCalendar,
    CalendarClock,
    NoWorkingTime,
    public_holidays,
)

PARIS = ZoneInfo("Europe/Paris")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


def at(zone, *parts):
    return datetime(*parts, tzinfo=zone)


def test_a_day_of_work_from_friday_afternoon_ends_on_monday_afternoon():
    calendar = BusinessCalendar("Europe/Paris")
    due = calendar.add(at(PARIS, 2026, 11, 27, 15, 0), timedelta(hours=8))
    assert due.astimezone(PARIS) == at(PARIS, 2026, 11, 30, 15, 0)


def test_work_arriving_at_night_starts_counting_at_the_next_opening():
    calendar = BusinessCalendar("Europe/Paris")
    due = calendar.add(at(PARIS, 2026, 11, 24, 22, 30), timedelta(hours=1))
    assert due.astimezone(PARIS) == at(PARIS, 2026, 11, 25, 10, 0)


def test_public_holidays_and_closing_days_do_not_count():
    closed = public_holidays("FR", [2026]) | {date(2026, 12, 24)}
    calendar = BusinessCalendar("Europe/Paris", closed=frozenset(closed))
    # Wed 23 Dec 16:00 + 2h: 1h on the 23rd, the 24th is a closing day, the 25th Christmas.
    due = calendar.add(at(PARIS, 2026, 12, 23, 16, 0), timedelta(hours=2))
    assert due.astimezone(PARIS) == at(PARIS, 2026, 12, 28, 10, 0)


def test_a_deadline_across_the_new_year_skips_the_holiday():
    calendar = BusinessCalendar("Europe/Paris", closed=frozenset(public_holidays("FR", [2027])))
    due = calendar.add(at(PARIS, 2026, 12, 31, 16, 0), timedelta(hours=2))
    assert due.astimezone(PARIS) == at(PARIS, 2027, 1, 4, 10, 0)


def test_a_round_the_clock_shift_counts_the_real_hours_of_a_daylight_saving_night():
    every_hour = {day: [("00:00", "24:00")] for day in range(7)}
    calendar = BusinessCalendar("Europe/Paris", hours=every_hour)
    # The clocks go forward on 29 March 2026: that local day has 23 hours.
    start = at(PARIS, 2026, 3, 29, 0, 0)
    end = at(PARIS, 2026, 3, 30, 0, 0)
    assert calendar.between(start, end) == timedelta(hours=23)
    assert calendar.add(start, timedelta(hours=23)).astimezone(PARIS) == end


def test_the_autumn_change_gives_a_25_hour_day():
    every_hour = {day: [("00:00", "24:00")] for day in range(7)}
    calendar = BusinessCalendar("America/New_York", hours=every_hour)
    start = at(NEW_YORK, 2026, 11, 1, 0, 0)
    assert calendar.between(start, at(NEW_YORK, 2026, 11, 2, 0, 0)) == timedelta(hours=25)


def test_each_department_counts_in_its_own_time_zone():
    moment = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 in Paris, 16:00 in Shanghai
    paris = BusinessCalendar("Europe/Paris").add(moment, timedelta(hours=2))
    shanghai = BusinessCalendar("Asia/Shanghai").add(moment, timedelta(hours=2))
    assert paris.astimezone(PARIS) == at(PARIS, 2026, 11, 25, 11, 0)
    assert shanghai.astimezone(SHANGHAI) == at(SHANGHAI, 2026, 11, 26, 10, 0)


def test_a_calendar_without_working_time_says_so():
    with pytest.raises(NoWorkingTime):
        BusinessCalendar("UTC", hours={}).add(datetime.now(UTC), timedelta(hours=1))


def test_an_interval_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="must end after"):
        BusinessCalendar("UTC", hours={0: [("17:00", "09:00")]})


def test_calendar_hours_count_every_hour():
    start = at(PARIS, 2026, 11, 27, 15, 0)
    assert CalendarClock().add(start, timedelta(hours=24)) == start + timedelta(hours=24)


ZONES = st.sampled_from(
    ["UTC", "Europe/Paris", "America/New_York", "Asia/Shanghai", "Australia/Lord_Howe"]
)
SHIFTS = st.sampled_from(
    [
        {day: [("09:00", "17:00")] for day in range(5)},
        {day: [("08:30", "12:00"), ("13:30", "18:00")] for day in range(6)},
        {day: [("00:00", "24:00")] for day in range(7)},
        {0: [("01:30", "03:30")], 6: [("22:00", "24:00")]},
    ]
)
MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
DURATIONS = st.integers(min_value=0, max_value=200 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def calendars(draw):
    zone = draw(ZONES)
    closed = draw(st.frozensets(st.dates(date(2025, 1, 1), date(2029, 1, 31)), max_size=40))
    return BusinessCalendar(zone, hours=draw(SHIFTS), closed=closed)


@settings(max_examples=300, deadline=None)
@given(calendar=calendars(), start=MOMENTS, duration=DURATIONS)
def test_the_working_time_until_the_due_moment_is_the_duration_given(calendar, start, duration):
    due = calendar.add(start, duration)
    assert due >= start
    assert calendar.between(start, due) == duration


@settings(max_examples=200, deadline=None)
@given(calendar=calendars(), start=MOMENTS, first=DURATIONS, second=DURATIONS)
def test_a_longer_duration_never_ends_earlier(calendar, start, first, second):
    short, long = sorted([first, second])
    assert calendar.add(start, short) <= calendar.add(start, long)


@settings(max_examples=200, deadline=None)
@given(calendar=calendars(), start=MOMENTS, first=DURATIONS, second=DURATIONS)
def test_adding_in_two_steps_ends_where_adding_at_once_does(calendar, start, first, second):
    second = second + timedelta(minutes=1)  # a zero second step may move to the next opening
    once = calendar.add(start, first + second)
    assert calendar.add(calendar.add(start, first), second) == once


@settings(max_examples=200, deadline=None)
@given(calendar=calendars(), start=MOMENTS, duration=DURATIONS)
def test_a_due_moment_is_never_on_a_closed_day(calendar, start, duration):
    due = calendar.add(start, duration + timedelta(minutes=1))
    local = due.astimezone(calendar.zone)
    # A due moment at exactly midnight closes the working day before it.
    day = (local - timedelta(microseconds=1)).date()
    assert day not in calendar.closed


@settings(max_examples=200, deadline=None)
@given(calendar=calendars(), start=MOMENTS, end=MOMENTS)
def test_working_time_between_two_moments_is_never_more_than_the_time_between_them(
    calendar, start, end
):
    worked = calendar.between(start, end)
    assert abs(worked) <= abs(end - start)
