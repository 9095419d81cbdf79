"""日学一时: recording a cadre's study, one sitting or a whole sheet at once, and correcting it."""

from __future__ import annotations

from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from event_store.projection import frozen_heap
from plugins.people.services import PeopleService
from plugins.study.daily.commands import AmendStudy, RecordStudy, WithdrawStudy
from plugins.study.domain import StudyEntry


class StudyService(Service):
    """日学一时: a cadre's study entries."""

    def record_study(self, command: RecordStudy | dict, by: Actor) -> UUID:
        """Validate and record one sitting of study; nothing is written if it is refused."""
        cmd = validate(RecordStudy, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
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

    def amend_study(self, entry_id: UUID, command: AmendStudy | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct an entry; the reason and the old values stay in the log."""
        cmd = validate(AmendStudy, command)
        entry = self.get(entry_id, StudyEntry, version=version)
        self.authorize(by, "record", cadre_id=entry.cadre_id)
        changes = cmd.model_dump(exclude_none=True, exclude={"reason"})
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
