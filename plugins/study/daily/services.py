"""日学一时: recording a cadre's study, one sitting or a whole sheet at once, and correcting it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand
from event_store.projection import frozen_heap
from plugins.people.services import PeopleService
from plugins.study.daily.commands import MINUTES_IN_A_DAY, AmendStudy, RecordStudy, WithdrawStudy
from plugins.study.domain import StudyEntry


class StudyService(Service):
    """日学一时: a cadre's study entries."""

    def record_study(self, command: RecordStudy | dict, by: Actor) -> UUID:
        """Validate and record one sitting of study; nothing is written if it is refused."""
        cmd = validate(RecordStudy, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
        self._fits_in_the_day(cmd.cadre_id, cmd.occurred_on, cmd.minutes)
        entry = StudyEntry(
            cadre_id=cmd.cadre_id,
            occurred_on=cmd.occurred_on,
            minutes=cmd.minutes,
            material=cmd.material,
            mode=cmd.mode,
            place=cmd.place,
            by=by,
        )
        self.save(entry)
        return entry.id

    def record_study_batch(self, commands: list[RecordStudy | dict], by: Actor, chunk: int = 1000) -> list[UUID]:
        """The bulk path (imports, demo data): every command validated first, then appended in chunks."""
        with frozen_heap():
            checked = [validate(RecordStudy, c) for c in commands]
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
                    by=by,
                )
                for c in checked
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

    def _fits_in_the_day(self, cadre_id: UUID, day: date, minutes: int, *, besides: UUID | None = None) -> None:
        """Refuse study that would make a cadre's day longer than a day (24 hours in all entries).

        Read from the read model, which this process keeps caught up with its own writes: two
        entries for the same cadre and day saved at the very same moment by two writers could
        both pass (holding it under concurrency would take an aggregate per cadre and day)."""
        total = self.day_total(cadre_id, day, besides=besides)
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
        entry = self.get(entry_id, StudyEntry, version=version)
        self.authorize(by, "record", cadre_id=entry.cadre_id)
        changes = cmd.model_dump(exclude_none=True, exclude={"reason"})
        if not entry.withdrawn and ("minutes" in changes or "occurred_on" in changes):
            day = changes.get("occurred_on", entry.occurred_on)
            self._fits_in_the_day(entry.cadre_id, day, changes.get("minutes", entry.minutes), besides=entry.id)
        entry.amend(changes, cmd.reason, by)
        self.save(entry)

    def withdraw_study(
        self, entry_id: UUID, command: WithdrawStudy | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Take an entry out of every count, with a reason."""
        cmd = validate(WithdrawStudy, command)
        entry = self.get(entry_id, StudyEntry, version=version)
        self.authorize(by, "record", cadre_id=entry.cadre_id)
        entry.withdraw(cmd.reason, by)
        self.save(entry)
