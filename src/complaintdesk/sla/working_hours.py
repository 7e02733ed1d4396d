"""A department's working hours as people write them, e.g.

    Mon-Fri 09:00-17:00
    Mon-Thu 08:30-12:30, 13:30-17:00; Fri 08:30-15:00
    24/7

parsed into the weekday → intervals mapping BusinessCalendar counts with."""

from __future__ import annotations

import itertools
import re

from complaintdesk.sla.business_time import BusinessCalendar

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROUND_THE_CLOCK = "24/7"
MOMENT = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


class InvalidWorkingHours(ValueError):
    """The text cannot be read as working hours; the message says which part and why."""


def _day(name: str) -> int:
    key = name.strip().lower()[:3]
    if key not in DAYS:
        raise InvalidWorkingHours(f"“{name.strip()}” is not a day; use Mon, Tue, … Sun")
    return DAYS.index(key)


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        first, dash, last = part.partition("-")
        if not dash:
            days.append(_day(first))
            continue
        start, end = _day(first), _day(last)
        if end < start:
            raise InvalidWorkingHours(f"“{part.strip()}” runs backwards; write e.g. Mon-Fri")
        days.extend(range(start, end + 1))
    return days


def _moment(text: str) -> str:
    match = MOMENT.match(text.strip())
    if match is None or (match[1] == "24" and match[2] != "00"):
        raise InvalidWorkingHours(f"“{text.strip()}” is not a time such as 09:00")
    return f"{int(match[1]):02d}:{match[2]}"


def parse_working_hours(text: str) -> dict[int, list[tuple[str, str]]]:
    """Weekday (0 = Monday) → ("HH:MM", "HH:MM") intervals; raises InvalidWorkingHours."""
    text = text.strip()
    if text == ROUND_THE_CLOCK:
        return {day: [("00:00", "24:00")] for day in range(7)}
    if not text:
        raise InvalidWorkingHours("no working hours given; write e.g. Mon-Fri 09:00-17:00")
    hours: dict[int, list[tuple[str, str]]] = {}
    for rule in filter(None, (part.strip() for part in re.split(r"[;\n]", text))):
        day_text, _space, spans_text = rule.partition(" ")
        if not spans_text.strip():
            raise InvalidWorkingHours(f"“{rule}” gives no hours; write e.g. Mon-Fri 09:00-17:00")
        spans = []
        for span in spans_text.split(","):
            start, dash, end = span.partition("-")
            if not dash:
                raise InvalidWorkingHours(f"“{span.strip()}” is not a span such as 09:00-17:00")
            spans.append((_moment(start), _moment(end)))
        spans.sort()
        for (_start, end), (start, _end) in itertools.pairwise(spans):
            if start < end:
                raise InvalidWorkingHours(f"“{spans_text.strip()}”: the spans overlap")
        for day in _days(day_text):
            if day in hours:
                raise InvalidWorkingHours(f"{DAYS[day].title()} is given twice")
            hours[day] = list(spans)
    try:
        BusinessCalendar("UTC", hours=hours)
    except ValueError as exc:
        raise InvalidWorkingHours(str(exc)) from None
    return hours
