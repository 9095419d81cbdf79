"""Periods: the spans of days that figures, evaluations and assessments are about.

A `Period` is a calendar day, week (ISO: Monday first), month, quarter, half-year or year, or a
custom span of days. Its `code` is how it is written down and stored: an evaluation is for
"2026-Q1", "2026-H2" or "2026", a five-type assessment for "2026-Q4"; `Period.parse` reads any
code back. A `Scope` is a period with the filters a figure is computed under: what every
indicator and gap receives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

KINDS = ("day", "week", "month", "quarter", "half", "year")
"""The calendar kinds of period, shortest first; a period may also be `custom`."""

_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
"""How many months a period of each month-aligned kind holds."""

_CODE = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})"
    r"|Q(?P<quarter>[1-4])|H(?P<half>[12])))?"
)


def _months_after(first: date, months: int) -> date:
    """The first day of the month `months` months after the month that starts on `first`."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _span(kind: str, day: date) -> tuple[date, date]:
    """First and last day of the calendar period of this kind that holds `day`."""
    if kind == "day":
        return day, day
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if kind in _MONTHS:
        months = _MONTHS[kind]
        start = date(day.year, (day.month - 1) // months * months + 1, 1)
        return start, _months_after(start, months) - timedelta(days=1)
    raise ValueError(f"unknown period {kind!r}")


@dataclass(frozen=True)
class Period:
    """A span of days: a calendar day, week, month, quarter, half-year or year, or a custom span."""

    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind == "custom":
            if self.end < self.start:
                raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")
        elif _span(self.kind, self.start) != (self.start, self.end):
            raise ValueError(f"{self.start}~{self.end} is not a calendar {self.kind}")

    @classmethod
    def containing(cls, kind: str, day: date) -> Period:
        """The calendar period of this kind that holds `day`."""
        return cls(kind, *_span(kind, day))

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        """The days from `start` to `end`, both included (in whichever order they are given)."""
        if end < start:
            start, end = end, start
        return cls("custom", start, end)

    @classmethod
    def parse(cls, code: str) -> Period:
        """The period a `code` names: 2026, 2026-H2, 2026-Q1, 2026-11, 2026-W49, 2026-11-03 or 2026-11-01~2026-11-10."""
        if "~" in code:
            start, _, end = code.partition("~")
            return cls("custom", date.fromisoformat(start), date.fromisoformat(end))
        found = _CODE.fullmatch(code)
        if found is None:
            raise ValueError(f"not a period: {code!r}")
        year, parts = int(found["year"]), {k: int(v) for k, v in found.groupdict().items() if v is not None}
        if "day" in parts:
            return cls.containing("day", date(year, parts["month"], parts["day"]))
        if "month" in parts:
            return cls.containing("month", date(year, parts["month"], 1))
        if "week" in parts:
            return cls.containing("week", date.fromisocalendar(year, parts["week"], 1))
        if "quarter" in parts:
            return cls.containing("quarter", date(year, 3 * parts["quarter"] - 2, 1))
        if "half" in parts:
            return cls.containing("half", date(year, 6 * parts["half"] - 5, 1))
        return cls.containing("year", date(year, 1, 1))

    @property
    def code(self) -> str:
        """How the period is written and stored; `Period.parse` reads it back."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{self.start.year}-H{(self.start.month - 1) // 6 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}~{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """How the overview's trends and report names show the period: its code, a quarter as 2026Q1."""
        return self.code.replace("-Q", "Q") if self.kind == "quarter" else self.code

    @property
    def days(self) -> int:
        """How many days the period holds."""
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        """Every day of the period, in order."""
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def previous(self) -> Period:
        """The period just before: the calendar one of the same kind, or a custom span of the same length."""
        if self.kind == "custom":
            return Period("custom", self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        return Period.containing(self.kind, self.start - timedelta(days=1))

    def in_progress(self, today: date) -> bool:
        """Whether the period has begun and not yet ended on `today` (the office's day)."""
        return self.start <= today < self.end

    def to_date(self, today: date) -> Period:
        """What has passed of the period by `today`: itself once over (or not begun), else its days up to today."""
        return Period.custom(self.start, today) if self.in_progress(today) else self

    def same_span_before(self, today: date) -> Period:
        """What a period in progress is compared with: the same span of the period before.

        1-6 December against 1-6 November, Monday-Wednesday against last Monday-Wednesday, a
        quarter or year to date against the same dates of the quarter or year before (the same
        day of the month, clipped to that month's end: 1-30 March against 1-28 February); a
        custom span against as many first days of the span of its length before it. A period
        that is over (or not begun) is compared with the whole period before it.
        """
        before = self.previous()
        if not self.in_progress(today):
            return before
        if self.kind in _MONTHS:
            months = _MONTHS[self.kind]
            month_start = _months_after(date(today.year, today.month, 1), -months)
            last = _months_after(month_start, 1) - timedelta(days=1)
            end = min(month_start.replace(day=min(today.day, last.day)), before.end)
        else:  # a week or a custom span: as many days from the start of the one before
            end = before.start + (today - self.start)
        return Period.custom(before.start, end)

    def back(self, count: int) -> list[Period]:
        """This period and the `count - 1` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]


@dataclass(frozen=True)
class Scope:
    """What an indicator or a gap is computed over: one period, and optionally a department, a
    carrier, an idea (what a leader chose on the overview, or a carrier page's filters)."""

    period: Period
    department_id: str | None = None  # hex id, as in the read models
    carrier: str | None = None  # a carrier plugin's id (Registry.carriers)
    idea: str | None = None  # one of domain.vocabulary.IDEAS

    @classmethod
    def between(cls, start: date, end: date, **filters: str | None) -> Scope:
        """The custom span from `start` to `end`, with these filters."""
        return cls(Period.custom(start, end), **filters)

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end

    def over(self, period: Period) -> Scope:
        """The same filters over another period (the one before, a trend's, a gap's)."""
        return replace(self, period=period)
