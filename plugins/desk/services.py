"""The office's schedule: when each kind of deadline falls in a period, as the admin set it or by
its plugin's default, and publishing a new version of one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.periods import Period
from culture_ledger.registry import Deadline
from culture_ledger.validation import validate
from domain import clock
from domain.actor import Actor
from domain.errors import InvalidCommand
from plugins.desk.commands import SetDeadline
from plugins.desk.domain import DeadlineRule

MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


@dataclass(frozen=True)
class Due:
    """When a deadline falls in one period: its day, the day its window opens (None: no window),
    and whether the office set it (`version` of the setting) or it is the plugin's default."""

    kind: str
    period: Period
    due: date
    opens: date | None
    version: int | None = None

    @property
    def is_default(self) -> bool:
        return self.version is None

    def is_open_on(self, day: date) -> bool:
        """Whether the window is open (or there is none) and the day is not past."""
        return (self.opens is None or self.opens <= day) and day <= self.due


class ScheduleService(Service):
    """截止时间: the dates an office keeps, each kind declared by a plugin with its default."""

    def set_deadline(self, command: SetDeadline | dict, by: Actor) -> UUID:
        """Publish a version of a deadline's date. It may not take effect before today, so it never
        moves the deadline of a period that has ended; only an import may record an earlier day."""
        cmd = validate(SetDeadline, command)
        self.authorize(by, "admin")
        declared = self._declared(cmd.kind)
        if cmd.month > MONTHS_IN[declared.period]:
            raise InvalidCommand(
                [("month", "desk.error.month_outside", {"months": MONTHS_IN[declared.period]})], source="desk"
            )
        if cmd.effective_from < clock.today() and by.channel != "import":
            raise InvalidCommand([("effective_from", "desk.error.backdated", {})], source="desk")
        rule = DeadlineRule(
            kind=cmd.kind,
            occurred_on=cmd.effective_from,
            month=cmd.month,
            day=cmd.day,
            opens_days=cmd.opens_days,
            note=cmd.note,
            by=by,
        )
        self.save(rule)
        return rule.id

    def versions(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every published version (of one kind), numbered per kind in order of publication."""
        where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        rows = self.ledger.query(f"SELECT * FROM deadline_rules {where} ORDER BY position", params)
        numbers: dict[str, int] = {}
        for row in rows:
            numbers[row["kind"]] = row["version"] = numbers.get(row["kind"], 0) + 1
        return rows

    def due(self, kind: str, period: Period) -> Due:
        """When deadline `kind` falls in `period` (a calendar period of the kind's own): under the
        version in force on the period's last day, else the plugin's default."""
        declared = self._declared(kind)
        in_force = [v for v in self.versions(kind) if v["effective_from"] <= period.end.isoformat()]
        if in_force:
            chosen = max(in_force, key=lambda v: (v["effective_from"], v["version"]))
            month, day, opens_days, version = chosen["month"], chosen["day"], chosen["opens_days"], chosen["version"]
        else:
            month, day, opens_days, version = declared.month, declared.day, declared.opens_days, None
        on = Deadline.day_in(period.start, min(month, MONTHS_IN[declared.period]), day)
        return Due(kind, period, on, on - timedelta(days=opens_days) if opens_days else None, version)

    def due_on(self, kind: str, day: date) -> Due:
        """When deadline `kind` falls in its period that holds `day` (this year's, this quarter's)."""
        return self.due(kind, Period.containing(self._declared(kind).period, day))

    def _declared(self, kind: str) -> Deadline:
        """The deadline a plugin declares by that key; InvalidCommand when none does."""
        try:
            return self.ledger.registry.deadline(kind)
        except KeyError:
            raise InvalidCommand([("kind", "desk.error.unknown_kind", {})], source="desk") from None
