"""Working hours as an administrator writes them."""

from __future__ import annotations

import pytest

from complaintdesk.sla.working_hours import InvalidWorkingHours, parse_working_hours


def test_a_range_of_days_with_two_spans_each():
    hours = parse_working_hours("Mon-Thu 08:30-12:30, 13:30-17:00; Fri 08:30-15:00")
    assert hours[0] == [("08:30", "12:30"), ("13:30", "17:00")]
    assert hours[4] == [("08:30", "15:00")]
    assert 5 not in hours


def test_round_the_clock_is_every_hour_of_every_day():
    assert parse_working_hours("24/7") == {day: [("00:00", "24:00")] for day in range(7)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mon-Fri", "gives no hours"),
        ("Mun-Fri 09:00-17:00", "is not a day"),
        ("Fri-Mon 09:00-17:00", "runs backwards"),
        ("Mon 9-17", "is not a time"),
        ("Mon 17:00-09:00", "must end after"),
        ("Mon 09:00-12:00, 11:00-13:00", "overlap"),
        ("Mon 09:00-12:00; Mon 13:00-17:00", "given twice"),
        ("", "no working hours"),
    ],
)
def test_unreadable_hours_are_refused_saying_why(text, message):
    with pytest.raises(InvalidWorkingHours, match=message):
        parse_working_hours(text)
