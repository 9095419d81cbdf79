"""When events are stamped: the real UTC now, except inside `simulated(moment)`.

The library stamps every event with its class's `create_timestamp()`; the project's
aggregates derive from `Aggregate` below, whose events ask this clock instead. Production
code never sets it: the demo records its weeks of history as they happened (and tests
record "last month") by stamping under a simulated moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from eventsourcing import domain as library

_simulated: ContextVar[datetime | None] = ContextVar("simulated_moment", default=None)


def now() -> datetime:
    """The moment an event created now is stamped with (timezone-aware)."""
    moment = _simulated.get()
    return moment if moment is not None else datetime.now(UTC)


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
