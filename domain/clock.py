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
    return office_now().date()


@contextmanager
def simulated(moment: datetime) -> Iterator[datetime]:
    """Stamp the events created inside the block with `moment` (aware, UTC or not)."""
    if moment.tzinfo is None:
        raise ValueError("a simulated moment needs a timezone")
    token = _simulated.set(moment)
    try:
        yield moment
    finally:
        _simulated.reset(token)


class Aggregate(library.Aggregate):
    """The base of the project's aggregates: the library's, with events stamped by this clock."""

    class Event(library.Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return now()

    class Created(Event, library.Aggregate.Created):
        pass
