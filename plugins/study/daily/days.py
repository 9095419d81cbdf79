"""Which days the daily rule counts (kept light: the to-do list asks it before the navigation is drawn)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.periods import Period
from domain import clock

if TYPE_CHECKING:
    from plugins.calendar.queries import WorkCalendar


def rule_days(period: Period, calendar: WorkCalendar, today: date | None = None) -> list[date]:
    """The days of a period the daily rule applies to: its working days (public holidays off,
    make-up working days on, as the office's calendar says), not past today. A period without
    one (a holiday week) requires nothing."""
    today = today or clock.today()
    return calendar.working_days(d for d in period.dates() if d <= today)
