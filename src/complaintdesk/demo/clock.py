"""A clock the demo loader can set, so ninety days of history can be written in seconds.

The services read the time through django.utils.timezone.now(), and so (since audit.record
passes `at=` explicitly) do the audit events. While `set_back()` is active that function is
replaced by one returning the time the loader chose. It is meant for the demo loader alone: a
one-shot, single-threaded command. Rows whose time comes from a model field default (which
holds the original function) are re-dated by the loader itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone


class DemoClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


@contextmanager
def set_back(at: datetime) -> Iterator[DemoClock]:
    clock = DemoClock(at)
    real_now = timezone.now
    setattr(timezone, "now", clock.now)  # noqa: B010 (the replacement is the point)
    try:
        yield clock
    finally:
        setattr(timezone, "now", real_now)  # noqa: B010
