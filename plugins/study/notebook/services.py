"""学记一本: writing, correcting and withdrawing notebook entries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand
from event_store.evidence import Upload
from plugins.carrier import files
from plugins.people.services import PeopleService
from plugins.study.domain import NotebookEntry
from plugins.study.kit import RecordService, Withdraw
from plugins.study.notebook.commands import AmendNote, WriteNote


class NotebookService(RecordService):
    """学记一本: notes and reflections in a cadre's study notebook."""

    rights_kind = "notebook"

    def _entry(self, command: WriteNote | dict, by: Actor) -> NotebookEntry:
        cmd = validate(WriteNote, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
        if cmd.study_entry_id is not None:
            study = self.ledger.query(
                "SELECT cadre_id, withdrawn FROM study_entries WHERE id = ?", (cmd.study_entry_id.hex,)
            )
            if not study or study[0]["cadre_id"] != cmd.cadre_id.hex or study[0]["withdrawn"]:
                raise InvalidCommand([("study_entry_id", "validation.unknown_study_entry", {})])
        return NotebookEntry(
            cadre_id=cmd.cadre_id,
            occurred_on=cmd.occurred_on,
            kind=cmd.kind,
            title=cmd.title,
            text=cmd.text,
            study_entry_id=cmd.study_entry_id,
            by=by,
        )

    def write(self, command: WriteNote | dict, by: Actor, *, uploads: Sequence[Upload] = ()) -> UUID:
        """Write a notebook entry, optionally on one of the cadre's study entries, with the files sent
        with it (a photo of the handwritten page): checked first, all saved together or nothing."""
        entry = self._entry(command, by)
        files.attach_new(self, entry, uploads, by)
        return entry.id

    def attach_files(self, entry_id: UUID, by: Actor, *, uploads: Sequence[Upload], version: int | None = None) -> None:
        """Add files to an entry (a photo of the page written by hand): whoever may change the entry."""
        entry = self.get(entry_id, NotebookEntry, version=version)
        self._may_change(entry, by)
        files.attach(self, entry, uploads, by)

    def write_batch(
        self, commands: Iterable[WriteNote | dict], by: Actor, *, each: Sequence[Actor] | None = None
    ) -> list[UUID]:
        """Many entries at once (imports, demo data): all checked before any is written.
        `each` (an import): the actor each command is recorded by, saying its file and row; `by` else."""
        commands = list(commands)
        actors = each if each is not None else [by] * len(commands)
        entries = [self._entry(c, actor) for c, actor in zip(commands, actors, strict=True)]
        self.save_many(entries)
        return [e.id for e in entries]

    def amend(self, entry_id: UUID, command: AmendNote | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct an entry's day, kind, title or text, with a reason."""
        self._amend(entry_id, NotebookEntry, validate(AmendNote, command), by, version)

    def withdraw(self, entry_id: UUID, command: Withdraw | dict, by: Actor, *, version: int | None = None) -> None:
        self._withdraw(entry_id, NotebookEntry, command, by, version)
