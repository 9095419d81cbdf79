"""日学一时: recording a cadre's study, one sitting or a whole sheet at once, and correcting it."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate, validate_all
from domain.actor import Actor
from domain.errors import InvalidCommand, StaleRecord
from event_store.projection import frozen_heap
from plugins.people.services import PeopleService
from plugins.study.daily.commands import MINUTES_IN_A_DAY, AmendStudy, RecordStudy, WithdrawStudy
from plugins.study.domain import StudyDay, StudyEntry

ATTEMPTS = 5
"""How many times an entry racing others for the same day is checked again before it gives up."""


class StudyService(Service):
    """日学一时: a cadre's study entries."""

    def record_study(self, command: RecordStudy | dict, by: Actor) -> UUID:
        """Validate and record one sitting of study; nothing is written if it is refused."""
        cmd = validate(RecordStudy, command)
        with self.reading():  # the checks from one snapshot of the log, their records read in one query
            also = [*self.ledger.access.records_of(by), cmd.cadre_id]  # what the first two checks look at
            day, total = self._day_and_total(cmd.cadre_id, cmd.occurred_on, None, also=also)
            self.authorize(by, "record", cadre_id=cmd.cadre_id)
            self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
            self._refuse_beyond_the_day(cmd.occurred_on, total, cmd.minutes)
        for attempt in range(ATTEMPTS):
            if attempt:  # another entry for the same day was saved a moment ago: check again with it
                day = self._fits_in_the_day(cmd.cadre_id, cmd.occurred_on, cmd.minutes)
            entry = StudyEntry(
                cadre_id=cmd.cadre_id,
                occurred_on=cmd.occurred_on,
                minutes=cmd.minutes,
                material=cmd.material,
                mode=cmd.mode,
                place=cmd.place,
                by=by,
            )
            try:
                self.save(entry, self._counted(day, cmd.cadre_id, cmd.occurred_on, entry.id, by))
            except StaleRecord:
                continue
            return entry.id
        raise StaleRecord("the day kept changing; try again")

    def record_study_batch(
        self,
        commands: list[RecordStudy | dict],
        by: Actor,
        chunk: int = 1000,
        *,
        each: Sequence[Actor] | None = None,
    ) -> list[UUID]:
        """The bulk path (imports, demo data): every command validated first, then appended in chunks.
        `each` (an import): the actor each command is recorded by, saying its file and row; `by` else."""
        with frozen_heap():
            checked = validate_all(RecordStudy, commands)
            for cadre_id in {c.cadre_id for c in checked}:
                self.authorize(by, "record", cadre_id=cadre_id)
                self.ledger.service(PeopleService).active_cadre(cadre_id)
            self._batch_fits_in_its_days(checked)
            entries = [
                StudyEntry(
                    cadre_id=c.cadre_id,
                    occurred_on=c.occurred_on,
                    minutes=c.minutes,
                    material=c.material,
                    mode=c.mode,
                    place=c.place,
                    by=actor,
                )
                for c, actor in zip(checked, each if each is not None else [by] * len(checked), strict=True)
            ]
            self.save_many(entries, chunk)
        return [e.id for e in entries]

    def day_total(self, cadre_id: UUID, day: date, *, besides: UUID | None = None) -> int:
        """The minutes a cadre's (not withdrawn) entries add up to on one day, `besides` one entry left out."""
        return int(
            self.ledger.scalar(
                "SELECT COALESCE(SUM(minutes), 0) FROM study_entries "
                "WHERE cadre_id = ? AND occurred_on = ? AND withdrawn = 0 AND id <> ?",
                (cadre_id.hex, day.isoformat(), besides.hex if besides else ""),
            )
            or 0
        )

    @staticmethod
    def _counted(day: StudyDay | None, cadre_id: UUID, on: date, entry_id: UUID, by: Actor) -> StudyDay:
        """The day with `entry_id` counted in it: saved with the entry, it moves the day's version."""
        if day is None:
            return StudyDay(cadre_id=cadre_id, day=on, entry_id=entry_id, by=by)
        day.count(entry_id, by)
        return day

    def _day_and_total(
        self, cadre_id: UUID, on: date, besides: UUID | None, *, also: Sequence[UUID] = ()
    ) -> tuple[StudyDay | None, int]:
        """The log's count of the cadre's day (a copy to count a new entry in; None before any entry
        was counted in it) and the day's minutes as the log has them: every entry the day counted,
        and every one the read model knows of (entries recorded before days were counted, or in
        bulk), each read from the log as it stands now (amended, moved to another day, withdrawn),
        `besides` one entry left out. The day and the entries the read model names are read
        together (`read_many`: on PostgreSQL one round trip), with the records `also` names (for the
        checks of a `reading()` block after it), an entry only the day names after."""
        day_id = StudyDay.create_id(cadre_id, on)
        known = {
            UUID(r["id"])
            for r in self.ledger.query(
                "SELECT id FROM study_entries WHERE cadre_id = ? AND occurred_on = ? AND withdrawn = 0",
                (cadre_id.hex, on.isoformat()),
            )
        }
        found: dict[UUID, Any] = self.read_many([day_id, *sorted(known), *also], (StudyDay, StudyEntry))
        day = found.pop(day_id, None)
        if not isinstance(day, StudyDay):
            day = None
        counted = set(day.entries) if day is not None else set()
        found.update(self.read_many(sorted(counted - known), StudyEntry))
        total = 0
        for entry_id in (known | counted) - {besides}:
            entry = found.get(entry_id)
            if (
                isinstance(entry, StudyEntry)
                and not entry.withdrawn
                and entry.cadre_id == cadre_id
                and entry.occurred_on == on
            ):
                total += entry.minutes
        if day is None:
            return None, total
        # A copy of its own to count the entry in (the cached one stays as the log has it), as the
        # library's `get` copies: its lists (the entries, the events not yet saved) its own; the rest
        # (ids, days, times) never change in place: shared (a tenth of a deep copy's time).
        mine = copy.copy(day)
        for name, value in vars(day).items():
            if isinstance(value, list):
                setattr(mine, name, list(value))
        return mine, total

    def _fits_in_the_day(
        self, cadre_id: UUID, day: date, minutes: int, *, besides: UUID | None = None
    ) -> StudyDay | None:
        """Refuse study that would make a cadre's day longer than a day (24 hours in all entries);
        returns the day's count to save the entry with (`_counted`).

        Counted from the log (`_day_and_total`) as of the day's version read with it: the entry is
        saved with that day moved on, so two writers at once cannot both pass on the same total;
        the second is checked again."""
        day_count, total = self._day_and_total(cadre_id, day, besides)
        self._refuse_beyond_the_day(day, total, minutes)
        return day_count

    @staticmethod
    def _refuse_beyond_the_day(day: date, total: int, minutes: int) -> None:
        """InvalidCommand if `minutes` more would make the day's `total` longer than a day."""
        if total + minutes > MINUTES_IN_A_DAY:
            raise InvalidCommand(
                [
                    (
                        "minutes",
                        "validation.study_day_over_24_hours",
                        {"day": day.isoformat(), "total": total, "left": max(MINUTES_IN_A_DAY - total, 0)},
                    )
                ]
            )

    def _batch_fits_in_its_days(self, checked: list[RecordStudy]) -> None:
        """The bulk path's share of the 24-hour rule: the batch's own minutes per cadre and day, on
        top of what is already recorded for those days."""
        if not checked:
            return
        adding: dict[tuple[str, str], int] = {}
        for c in checked:
            key = (c.cadre_id.hex, c.occurred_on.isoformat())
            adding[key] = adding.get(key, 0) + c.minutes
        # Only a day already longer than what the batch adds to any day can be pushed past 24
        # hours: the bulk loads (demo, routine sheets) ask for the few busy days alone.
        having = MINUTES_IN_A_DAY - max(adding.values())
        first, last = min(k[1] for k in adding), max(k[1] for k in adding)
        recorded = {
            (r["cadre_id"], r["occurred_on"]): int(r["minutes"])
            for r in self.ledger.query(
                "SELECT cadre_id, occurred_on, SUM(minutes) AS minutes FROM study_entries "
                "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY cadre_id, occurred_on "
                "HAVING SUM(minutes) > ?",
                (first, last, having),
            )
        }
        for (cadre, day), minutes in adding.items():
            total = recorded.get((cadre, day), 0)
            if total + minutes > MINUTES_IN_A_DAY:
                raise InvalidCommand(
                    [
                        (
                            "minutes",
                            "validation.study_day_over_24_hours",
                            {"day": day, "total": total, "left": max(MINUTES_IN_A_DAY - total, 0)},
                        )
                    ]
                )

    def amend_study(self, entry_id: UUID, command: AmendStudy | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct an entry; the reason and the old values stay in the log."""
        cmd = validate(AmendStudy, command)
        for _ in range(ATTEMPTS):
            entry = self.get(entry_id, StudyEntry, version=version)
            self.authorize(by, "record", cadre_id=entry.cadre_id)
            changes = cmd.model_dump(exclude_none=True, exclude={"reason"})
            counted = []
            if not entry.withdrawn and ("minutes" in changes or "occurred_on" in changes):
                on = changes.get("occurred_on", entry.occurred_on)
                day = self._fits_in_the_day(entry.cadre_id, on, changes.get("minutes", entry.minutes), besides=entry.id)
                counted = [self._counted(day, entry.cadre_id, on, entry.id, by)]
            entry.amend(changes, cmd.reason, by)
            try:
                self.save(entry, *counted)
            except StaleRecord:
                if not counted:
                    raise
                continue  # the day (or the entry: then `get` says so) moved meanwhile: check again
            return
        raise StaleRecord("the day kept changing; try again")

    def withdraw_study(
        self, entry_id: UUID, command: WithdrawStudy | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Take an entry out of every count, with a reason."""
        cmd = validate(WithdrawStudy, command)
        entry = self.get(entry_id, StudyEntry, version=version)
        self.authorize(by, "record", cadre_id=entry.cadre_id)
        entry.withdraw(cmd.reason, by)
        self.save(entry)
