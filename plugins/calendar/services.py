"""工作日历: administrators mark holidays and working days over the national calendar."""

from __future__ import annotations

from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import NotFound
from plugins.calendar.commands import MarkDay
from plugins.calendar.domain import CalendarDay


class CalendarService(Service):
    """Mark a day a holiday or a working day (调休, a local holiday, a year the package does not know yet)."""

    def mark_day(self, command: MarkDay | dict, by: Actor) -> UUID:
        """Mark one day; marking it again changes the one record the day has (its id is the day's)."""
        cmd = validate(MarkDay, command)
        self.authorize(by, "admin")
        day_id = CalendarDay.create_id(cmd.day)
        try:
            day = self.get(day_id, CalendarDay)
        except NotFound:
            day = CalendarDay(day=cmd.day, kind=cmd.kind, name=cmd.name, by=by)
        else:
            day.remark(cmd.kind, cmd.name, by)
        self.save(day)
        return day.id
