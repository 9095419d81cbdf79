"""The office's deadlines as data: each version of a deadline's date, in force from a day."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import event

from domain.actor import Actor
from domain.records import Record


class DeadlineRule(Record):
    """One version of a deadline's date (which day of which month of its period it falls on, and
    how many days before it the window opens), in force from `effective_from` (its occurred_on).

    Like the study scoring rules, a later version never changes the dates of periods that ended
    before it took effect: each period keeps the version in force on its last day."""

    @event("Published")
    def __init__(
        self, kind: str, occurred_on: date, month: int, day: int, opens_days: int, note: str, by: Actor
    ) -> None:
        self._start(occurred_on, by)
        self.kind = kind
        self.month = month
        self.day = day
        self.opens_days = opens_days
        self.note = note
