"""Time as a department's calendar counts it: working hours in its own time zone, minus public
holidays and company closing days.

Every duration here is real elapsed time (computed in UTC), so an interval that spans a
daylight-saving change counts the hours that really passed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Monday..Friday, 09:00–17:00: what a calendar has until an admin says otherwise.
DEFAULT_HOURS: dict[int, list[tuple[str, str]]] = {day: [("09:00", "17:00")] for day in range(5)}
# A calendar with no working time at all would make every deadline infinite.
HORIZON_DAYS = 3 * 366


class NoWorkingTime(ValueError):
    """The calendar has no working time within the horizon."""


def _parse(moment: str) -> time | None:
    """'HH:MM' as a time; '24:00' (the end of the day) as None."""
    if moment == "24:00":
        return None
    hours, minutes = moment.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class BusinessCalendar:
    time_zone: str = "UTC"
    # Weekday (0 = Monday) → list of ("HH:MM", "HH:MM") working intervals.
    hours: Mapping[int, list[tuple[str, str]]] = field(default_factory=lambda: DEFAULT_HOURS)
    closed: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        zone = ZoneInfo(self.time_zone)  # raises for an unknown zone
        object.__setattr__(self, "_zone", zone)
        parsed: dict[int, list[tuple[time, time | None]]] = {}
        for weekday, intervals in self.hours.items():
            if not 0 <= int(weekday) <= 6:
                raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
            spans = []
            for start, end in intervals:
                begin, finish = _parse(start), _parse(end)
                if begin is None or (finish is not None and finish <= begin):
                    raise ValueError(f"working interval {start}–{end} must end after it starts")
                spans.append((begin, finish))
            parsed[int(weekday)] = sorted(spans, key=lambda span: span[0])
        object.__setattr__(self, "_parsed", parsed)

    @property
    def zone(self) -> ZoneInfo:
        return self._zone  # type: ignore[attr-defined,no-any-return]

    def intervals(self, since: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals in UTC, in order, from the local day of `since` onwards."""
        day = since.astimezone(self.zone).date()
        for offset in range(HORIZON_DAYS):
            current = day + timedelta(days=offset)
            if current in self.closed:
                continue
            for begin, finish in self._parsed.get(current.weekday(), []):  # type: ignore[attr-defined]
                start = datetime.combine(current, begin, tzinfo=self.zone)
                if finish is None:
                    end = datetime.combine(current + timedelta(days=1), time(0), tzinfo=self.zone)
                else:
                    end = datetime.combine(current, finish, tzinfo=self.zone)
                yield start.astimezone(UTC), end.astimezone(UTC)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when `duration` of working time has passed after `start`."""
        if duration < timedelta(0):
            raise ValueError("duration must not be negative")
        start = start.astimezone(UTC)
        remaining = duration
        for begin, end in self.intervals(start):
            if end <= start:
                continue
            begin = max(begin, start)
            available = end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise NoWorkingTime(f"no working time within {HORIZON_DAYS} days")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time between two moments (negative when `end` is before `start`)."""
        if end < start:
            return -self.between(end, start)
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        total = timedelta(0)
        for begin, finish in self.intervals(start):
            if begin >= end:
                break
            overlap = min(finish, end) - max(begin, start)
            if overlap > timedelta(0):
                total += overlap
        return total


@dataclass(frozen=True)
class CalendarClock:
    """Round-the-clock time, for policies that count calendar hours."""

    def add(self, start: datetime, duration: timedelta) -> datetime:
        if duration < timedelta(0):
            raise ValueError("duration must not be negative")
        return (start.astimezone(UTC) + duration).astimezone(UTC)

    def between(self, start: datetime, end: datetime) -> timedelta:
        return end.astimezone(UTC) - start.astimezone(UTC)


def public_holidays(country: str, years: Iterable[int], subdivision: str = "") -> set[date]:
    """Public holidays from the `holidays` library for a country (and region)."""
    import holidays

    calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=list(years))
    return set(calendar.keys())
