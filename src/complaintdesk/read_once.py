"""Configuration read once within one use case.

Filing a complaint starts clocks after routing and recomputes them at the automatic triage,
and announces its arrival and each status change to webhooks: the same policies, ladders,
calendars and endpoints would be read two or three times. Within `read_once()` (one
transaction that changes none of them) each is read from the database once; blocks nested in
it share the reads; outside any block every call reads afresh."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import cast

_reads: ContextVar[dict[object, object] | None] = ContextVar("read_once", default=None)


@contextmanager
def read_once() -> Iterator[None]:
    if _reads.get() is not None:
        yield
        return
    token = _reads.set({})
    try:
        yield
    finally:
        _reads.reset(token)


def remembered[T](key: object, read: Callable[[], T]) -> T:
    """`read()`, or what it gave earlier in this block for the same key (keys name their app)."""
    reads = _reads.get()
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return cast(T, reads[key])
