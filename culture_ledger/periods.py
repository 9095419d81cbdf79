"""Calendar periods that figures are computed over: a day, a week (Monday first), a month,
a quarter or a year containing a given day."""

from __future__ import annotations

from datetime import date, timedelta

CALENDAR_PERIODS = ("day", "week", "month", "quarter", "year")


def next_month(day: date) -> date:
    """The first day of the month after the one `day` is in."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def calendar_span(kind: str, day: date) -> tuple[date, date]:
    """First and last day of the calendar period of this kind that contains `day`."""
    if kind == "day":
        return day, day
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if kind == "month":
        start = day.replace(day=1)
        return start, next_month(start) - timedelta(days=1)
    if kind == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return start, next_month(next_month(next_month(start))) - timedelta(days=1)
    if kind == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    raise ValueError(f"unknown period {kind!r}")
