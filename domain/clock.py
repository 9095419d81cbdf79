"""When events are stamped: the real UTC now, except inside `simulated(moment)`.

The library stamps every event with its class's `create_timestamp()`; the project's
aggregates derive from `Aggregate` below, whose events ask this clock instead. Production
code never sets it: the demo records its weeks of history as they happened (and tests
record "last month") by stamping under a simulated moment.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from eventsourcing import domain as library

_simulated: ContextVar[datetime | None] = ContextVar("simulated_moment", default=None)
_this_day: ContextVar[date | None] = ContextVar("this_day", default=None)


def now() -> datetime:
    """The moment an event created now is stamped with (timezone-aware)."""
    moment = _simulated.get()
    return moment if moment is not None else datetime.now(UTC)


DEFAULT_TIME_ZONE = "Asia/Shanghai"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def office_zone() -> ZoneInfo:
    """The office's time zone: `CULTURE_LEDGER_TZ` (an IANA name), Beijing time by default.

    It decides what "today" is in every form, rule and period, and every time shown to a person
    is shown in it."""
    return _zone(os.environ.get("CULTURE_LEDGER_TZ") or DEFAULT_TIME_ZONE)


def office_now() -> datetime:
    """Now (or the simulated moment) on the office's clock."""
    return now().astimezone(office_zone())


def today() -> date:
    """Today in the office's time zone (00:30 in Beijing is already tomorrow in UTC terms)."""
    pinned = _this_day.get()
    return pinned if pinned is not None else office_now().date()


@contextmanager
def one_day() -> Iterator[date]:
    """Inside the block `today()` is the day it began on: what is judged in it (a command's days, a
    batch of a hundred thousand) is judged as of one day, even across midnight, and the clock and
    the office's time zone are read once instead of three times per command."""
    token = _this_day.set(today())
    try:
        yield _this_day.get()  # type: ignore[misc]
    finally:
        _this_day.reset(token)


@contextmanager
def simulated(moment: datetime) -> Iterator[datetime]:
    """Stamp the events created inside the block with `moment` (aware, UTC or not)."""
    if moment.tzinfo is None:
        raise ValueError("a simulated moment needs a timezone")
    token, day = _simulated.set(moment), _this_day.set(None)  # today is the simulated moment's day
    try:
        yield moment
    finally:
        _this_day.reset(day)
        _simulated.reset(token)


class Aggregate(library.Aggregate):
    """The base of the project's aggregates: the library's, with events stamped by this clock."""

    class Event(library.Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return now()

    class Created(Event, library.Aggregate.Created):
        pass
