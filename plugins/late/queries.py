"""Late entries (补录): records appended to the log later than their kind's rule allows (`rules.py`).

Read at the moment they are shown: the day a record describes is its first event's `occurred_on`
(the audit plugin's event index), the moment it was appended is the chain row's appended-at
(`event_chain.recorded_at`, the store's clock, hashed), and the delay is counted on today's work
calendar, so a day an administrator marks later counts at once. One query finds the candidates
(appended on a later UTC day than the day described: every allowance is at least one working
day, so nothing late is missed), the calendar decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from culture_ledger import timefmt
from plugins.late.rules import LateRule, rule_for

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.periods import Scope
    from plugins.calendar.queries import WorkCalendar


@dataclass(frozen=True)
class Lateness:
    """How late one record was appended: the day it describes, the day it went into the log, the
    working days between, and its kind's rule."""

    described: date
    appended: date
    delay: int  # working days after `described`, up to and including `appended`
    rule: LateRule

    @property
    def late(self) -> bool:
        return self.delay > self.rule.allowed


class WorkingDays:
    """Working days counted between days on one calendar, each day asked once (a running count)."""

    def __init__(self, calendar: WorkCalendar):
        self.calendar = calendar
        self.start: date | None = None
        self.counts = [0]  # counts[i]: working days in (start, start + i]

    def after(self, day: date, until: date) -> int:
        """The working days in (day, until]: 0 on the day itself, 1 on the next working day."""
        if until <= day:
            return 0
        if self.start is None or day < self.start:
            # Start again from the earlier day, as far as was counted before (rare: rows come by day).
            end = until if self.start is None else max(until, self.start + timedelta(days=len(self.counts) - 1))
            self.start, self.counts = day, [0]
            self._count_to(end)
        self._count_to(until)
        return self.counts[(until - self.start).days] - self.counts[(day - self.start).days]

    def _count_to(self, end: date) -> None:
        assert self.start is not None
        while len(self.counts) <= (end - self.start).days:
            self.counts.append(self.counts[-1] + self.calendar.is_working_day(self.start + timedelta(len(self.counts))))


def lateness(
    days: WorkingDays, record_type: str, described: str | date | None, appended_at: str | None, opened: date | None
) -> Lateness | None:
    """How late a record was appended, or None when it describes no day, has no appended-at, or
    describes a day before the ledger was opened (`opened`: brought over from the paper ledgers when
    the office began, it could not have been appended on time)."""
    if not described or not appended_at:
        return None
    day = described if isinstance(described, date) else date.fromisoformat(str(described)[:10])
    if opened is not None and day < opened:
        return None
    appended = timefmt.office_moment(appended_at).date()
    return Lateness(day, appended, days.after(day, appended), rule_for(record_type))


def _days(ledger: Ledger) -> WorkingDays:
    from plugins.calendar.queries import WorkCalendar

    return WorkingDays(WorkCalendar.load(ledger))


def opened(ledger: Ledger) -> date | None:
    """The day the ledger was opened: the office day its first event was appended."""
    first = ledger.query("SELECT recorded_at FROM event_chain WHERE position = 1")
    return timefmt.office_moment(first[0]["recorded_at"]).date() if first else None


def candidates(where: str = "") -> str:
    """The first events of records describing a day before the day they were appended, among those
    `where` (more conditions on the event index `i`, each starting with AND). For some records (a
    period's, a page's), each one's appended-at is looked up by its position (PostgreSQL would
    otherwise hash the whole chain to join a few hundred records); for the whole log, joined."""
    if not where:
        return (
            "SELECT i.position, i.originator_id, i.record_type, i.topic, i.carrier, i.account, i.channel, i.label, "
            "i.occurred_on, c.recorded_at AS appended_at FROM event_index i JOIN event_chain c ON c.position = "
            "i.position WHERE i.version = 1 AND i.occurred_on IS NOT NULL AND substr(c.recorded_at, 1, 10) > "
            "i.occurred_on"
        )
    return (
        "SELECT x.* FROM (SELECT i.position, i.originator_id, i.record_type, i.topic, i.carrier, i.account, "
        "i.channel, i.label, i.occurred_on, "
        "(SELECT c.recorded_at FROM event_chain c WHERE c.position = i.position) AS appended_at "
        f"FROM event_index i WHERE i.version = 1 AND i.occurred_on IS NOT NULL{where}) AS x "
        "WHERE substr(x.appended_at, 1, 10) > x.occurred_on"
    )


def late_entries(ledger: Ledger, start: date | None = None, end: date | None = None) -> list[dict[str, Any]]:
    """Every record appended late, oldest described day first (its first event's index row, with
    `appended_at`, `delay` and `allowed`); only records describing a day in [start, end] if given."""
    where, params = "", []
    if start is not None:
        where += " AND i.occurred_on >= ?"
        params.append(start.isoformat())
    if end is not None:
        where += " AND i.occurred_on <= ?"
        params.append(end.isoformat())
    sql = candidates(where)
    days, since = _days(ledger), opened(ledger)
    out = []
    for row in ledger.query(sql + " ORDER BY 9, 1", params):  # the described day, then the position
        found = lateness(days, row["record_type"], row["occurred_on"], row["appended_at"], since)
        if found is not None and found.late:
            out.append({**row, "delay": found.delay, "allowed": found.rule.allowed, "kind": found.rule.kind})
    return out


def late_positions(ledger: Ledger) -> list[int]:
    """The log positions of the first events of the records appended late (the event browser's filter)."""
    return [r["position"] for r in late_entries(ledger)]


def late_records(ledger: Ledger, originator_ids: list[str]) -> dict[str, Lateness]:
    """Of these records (hex ids), the ones appended late, with how late: one query for them all."""
    if not originator_ids:
        return {}
    marks = ", ".join("?" * len(originator_ids))
    rows = ledger.query(candidates(f" AND i.originator_id IN ({marks})"), list(originator_ids))
    if not rows:
        return {}
    days, since = _days(ledger), opened(ledger)
    out = {}
    for row in rows:
        found = lateness(days, row["record_type"], row["occurred_on"], row["appended_at"], since)
        if found is not None and found.late:
            out[row["originator_id"]] = found
    return out


def flag(t: Any, found: Lateness | None) -> str:
    """The flag a late record carries wherever it is shown: 补录 · 迟 3 个工作日 ('' when on time)."""
    return t("late.flag", days=found.delay) if found is not None and found.late else ""


def rule_text(t: Any, found: Lateness) -> str:
    """Why it counts as late: 日学一时应在学习日后 1 个工作日内写入."""
    return t("late.rule", kind=t(f"late.kind.{found.rule.kind}"), allowed=found.rule.allowed)


def gap_rows(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """The leaders' gap list of late entries: records describing a day of the period, appended late."""
    rows = []
    for r in late_entries(ledger, scope.start, scope.end):
        if scope.carrier and r["carrier"] != scope.carrier:
            continue
        rows.append(
            {
                "id": r["originator_id"],
                "record": r["label"] or "",
                "kind": r["kind"],
                "person": r["account"],
                "occurred_on": r["occurred_on"],
                "appended_at": r["appended_at"],
                "delay": r["delay"],
            }
        )
    return rows


def appended_at(ledger: Ledger, positions: list[int]) -> dict[int, str]:
    """The appended-at (写入时间) of the events at these positions: one query."""
    if not positions:
        return {}
    marks = ", ".join("?" * len(positions))
    rows = ledger.query(f"SELECT position, recorded_at FROM event_chain WHERE position IN ({marks})", list(positions))
    return {int(r["position"]): r["recorded_at"] for r in rows}
