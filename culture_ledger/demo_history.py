"""The demo's history, recorded as it happened.

Every plugin's demo seeds its own records, one plugin after another, so in the order they
are seeded a study entry of early October follows a proposal adopted yesterday. An auditor
going back to "the end of last month" must find the office as it stood then, so the demo is
first recorded in a scratch store (in memory), then each event gets the moment it would have
been recorded at, and the events are appended to the real store in that order, each stamped
with its moment, and appended by the store at that moment (`event_store.chain.appended_as`: the
chain's appended-at, 写入时间, is the demo's moment, not the minute the demo ran): the log's
timestamps and appended-at times grow with its positions.

When an event would have been recorded:
- what happened on a day (its `occurred_on`, or the day a decision, rating, resolution...
  took effect) is recorded that day; sheets brought in by the administrator (channel
  `import`) the next working morning (on China's work calendar), as paper sheets are, except
  the study sheets of about one day in 23, four working days late (`LATE_SHEETS`: 补录);
- a review, a correction or a withdrawal (no day of its own) follows the record's previous
  event: submitted with it, confirmed or returned the next working day, corrected or
  withdrawn a few days later;
- the office itself (departments, cadres, accounts) and what was brought over from the
  paper ledgers of earlier years are recorded on the first morning of the demo;
- nothing later than now, and a record's events never out of their order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import chinese_calendar

from domain import clock
from event_store.chain import FORMAT, appended_as, appended_text

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

DAY_FIELDS = (
    "occurred_on",
    "on",
    "rated_on",
    "decided_on",
    "actual_on",
    "resolved_on",
    "repealed_on",
    "effective_on",
    "hired_on",
    "left_on",
)
"""The fields that say on which day an event's fact happened, most telling first."""

FOLLOW_UP = {
    "Submitted": (0, time(0, 10)),
    "Confirmed": (1, time(10)),
    "Returned": (1, time(10)),
    "Amended": (3, time(11)),
    "Withdrawn": (3, time(11)),
}
"""Events with no day of their own: (working days after the record's previous event, at what time)."""


def local(day: date, at: time) -> datetime:
    """A wall-clock time of the office (domain.clock.office_zone()), as an aware moment."""
    return datetime.combine(day, at, tzinfo=clock.office_zone())


def is_working_day(day: date) -> bool:
    """China's national work calendar (holidays and 调休 from `chinese-calendar`); Monday to Friday
    outside the years it knows. The demo office marks no days of its own."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def next_working_day(day: date, after: int = 1) -> date:
    while after > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            after -= 1
    return day


LATE_SHEETS = 23
"""The study sign-in sheets of about one day in 23 turn up in the week after and are brought in four
working days late: the demo's late entries (补录), as a real office has a few."""


def moments(events: list[Any], first: date, now: datetime) -> list[datetime]:
    """When each event (in a record-consistent order) would have been recorded, see the module's doc."""
    opening = local(first, time(8, 30))
    last_of: dict[Any, datetime] = {}
    stamped = []
    for n, event in enumerate(events):
        kind = type(event).__name__
        day = next((value for name in DAY_FIELDS if isinstance(value := getattr(event, name, None), date)), None)
        previous = last_of.get(event.originator_id)
        if day is not None:
            channel = getattr(getattr(event, "by", None), "channel", "form")
            late = type(event).__qualname__ == "StudyEntry.Recorded" and day.toordinal() % LATE_SHEETS == 0
            after = 4 if late else 1
            when = local(next_working_day(day, after), time(9)) if channel == "import" else local(day, time(17, 30))
        elif previous is not None:
            after, at = FOLLOW_UP.get(kind, (0, time(0, 5)))
            when = (
                local(next_working_day(previous.date(), after), at)
                if after
                else previous + timedelta(hours=at.hour, minutes=at.minute)
            )
        else:
            when = opening
        # Seconds keep the events of one moment in the order they were seeded.
        when = max(when, opening) + timedelta(seconds=n % 3600)
        if previous is not None:
            when = max(when, previous + timedelta(milliseconds=1))
        when = min(when, now)
        last_of[event.originator_id] = when
        stamped.append(when)
    return stamped


def record_in_date_order(
    scratch: Ledger, ledger: Ledger, first: date, now: datetime | None = None, batch: int = 2_000
) -> int:
    """Append the scratch store's events to `ledger` in the order they happened, stamped then; returns how many."""
    now = now or clock.now()
    events = [scratch.app.mapper.to_domain_event(n) for page in scratch.app.pages() for n in page]
    when = moments(events, first, now)
    order = sorted(range(len(events)), key=lambda i: (when[i], i))
    # A record's events keep their versions' order: their moments only grow (clamped above).
    for start in range(0, len(order), batch):
        chunk = [replace(events[i], timestamp=when[i].astimezone(UTC)) for i in order[start : start + batch]]
        # The store's clock says the same: each event appended at its moment, not at the demo's run.
        stamps = {(e.originator_id, e.originator_version): (FORMAT, appended_text(e.timestamp)) for e in chunk}
        with appended_as(stamps):
            ledger.app.save(*chunk)
    ledger.catch_up()
    return len(events)
