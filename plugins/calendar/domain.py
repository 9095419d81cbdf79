"""工作日历: the days an administrator marks as holidays or working days, over the national calendar."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain.actor import Actor
from domain.clock import Aggregate
from domain.errors import LedgerError

CALENDAR_NAMESPACE = UUID("0b0d7f3e-5a43-4c83-9d55-9a4b1f0d6c21")

DAY_KINDS = ("holiday", "workday", "national")
"""What a marked day is: a holiday (no study due), a working day (a 调休 or any day study is due),
or back to the national calendar (the mark withdrawn)."""


class CalendarDay(Aggregate):
    """One day of the office's calendar as an administrator marked it.

    Its id is derived from the day, so a day has one record however many administrators mark
    it at once (the store refuses the same id twice); a later mark is a change of that record."""

    @staticmethod
    def create_id(day: date) -> UUID:
        return uuid5(CALENDAR_NAMESPACE, day.isoformat())

    @event("Marked")
    def __init__(self, day: date, kind: str, name: str, by: Actor) -> None:
        self.day = day
        self.kind = kind
        self.name = name

    def remark(self, kind: str, name: str, by: Actor) -> None:
        """Mark the day again (another kind or name); the earlier mark stays in the log."""
        if (kind, name) == (self.kind, self.name):
            raise LedgerError("nothing changed", key="error.nothing_changed")
        self._remarked(kind=kind, name=name, by=by)

    @event("Remarked")
    def _remarked(self, kind: str, name: str, by: Actor) -> None:
        self.kind = kind
        self.name = name
