"""Which days are working days: China's public holidays and make-up working days (调休) as the
`chinese-calendar` package knows them, under what administrators marked (a year the package does
not know yet, a local holiday). Study and deadlines ask here; nothing else decides a working day.

Outside the package's years (it knows 2004 to the year it was released for) an unmarked day is
a working day from Monday to Friday."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import chinese_calendar

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

HOLIDAY_NAMES = {h.value: h.name for h in chinese_calendar.Holiday}
"""The package's English holiday names -> our catalog's (`calendar.holiday.<name>`)."""


@dataclass(frozen=True)
class Day:
    """One day as the calendar sees it: working or not, why, and whether an administrator marked it."""

    day: date
    working: bool
    holiday: str | None = None  # a catalog key's tail (national_day) or an administrator's own name
    marked: bool = False


@functools.lru_cache(maxsize=8192)
def national(day: date) -> Day:
    """The day as the national calendar has it (weekdays work outside the package's years). Kept per
    day (the package's tables do not change while a process runs; a Day is frozen): a quarter's trend
    asks about some 550 days, each through the package's checks, on every first view."""
    try:
        holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year the package does not know
        return Day(day, day.weekday() < 5)
    working = chinese_calendar.is_workday(day)
    key = HOLIDAY_NAMES.get(name) if name else None
    # The package names a 调休 working day after the holiday it makes up for; a plain weekend has no name.
    return Day(day, working, key if (holiday or working and day.weekday() >= 5) else None)


class WorkCalendar:
    """The office's calendar: the national one, overridden by the days administrators marked."""

    def __init__(self, marks: dict[str, tuple[str, str]]):
        self.marks = marks  # ISO day -> (kind, name)

    @classmethod
    def load(cls, ledger: Ledger) -> WorkCalendar:
        rows = ledger.query("SELECT day, kind, name FROM calendar_days WHERE kind <> 'national'")
        return cls({r["day"]: (r["kind"], r["name"]) for r in rows})

    def day(self, day: date) -> Day:
        mark = self.marks.get(day.isoformat())
        if mark is None:
            return national(day)
        kind, name = mark
        return Day(day, kind == "workday", name or None, marked=True)

    def is_working_day(self, day: date) -> bool:
        return self.day(day).working

    def working_days(self, days: Iterable[date]) -> list[date]:
        return [d for d in days if self.is_working_day(d)]

    def between(self, start: date, end: date) -> list[Day]:
        return [self.day(start + timedelta(days=i)) for i in range((end - start).days + 1)]


def is_working_day(ledger: Ledger, day: date) -> bool:
    """Whether study (and any deadline counted in working days) is due on `day`."""
    return WorkCalendar.load(ledger).is_working_day(day)


def working_days(ledger: Ledger, start: date, end: date) -> list[date]:
    """The working days from `start` to `end`, both included."""
    calendar = WorkCalendar.load(ledger)
    return [d.day for d in calendar.between(start, end) if d.working]


def marked_days(ledger: Ledger, year: int | None = None) -> list[dict]:
    """The days administrators marked (those set back to national too), newest day first, with who and when."""
    where, params = ("WHERE day LIKE ?", (f"{year}-%",)) if year else ("", ())
    return ledger.query(
        f"SELECT id, day, kind, name, marked_at, marked_by, version FROM calendar_days {where} ORDER BY day DESC",
        params,
    )
