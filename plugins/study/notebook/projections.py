"""The notebook's read model: every entry with its length, searchable."""

from __future__ import annotations

from event_store.projection import Db, Projection, handles
from plugins.study.domain import NotebookEntry
from plugins.study.kit import text_length, update_row


class NotebookProjection(Projection):
    """Every notebook entry with its length, searchable; withdrawn ones flagged, not removed."""

    name = "notebook"
    title = "page.study_notebook"
    tables = {
        "notebook_entries": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, occurred_on TEXT NOT NULL, kind TEXT NOT NULL, "
        "title TEXT NOT NULL, text TEXT NOT NULL, length INTEGER NOT NULL, study_entry_id TEXT, "
        "withdrawn INTEGER NOT NULL DEFAULT 0, recorded_at TEXT, recorded_by TEXT, "
        "version INTEGER, position INTEGER",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS notebook_entries_cadre ON notebook_entries (cadre_id, occurred_on)",)

    @handles(NotebookEntry.Recorded)
    def recorded(self, db: Db, e: NotebookEntry.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO notebook_entries VALUES (?,?,?,?,?,?,?,?,0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.cadre_id.hex,
                e.occurred_on.isoformat(),
                e.kind,
                e.title,
                e.text,
                text_length(e.text),
                e.study_entry_id.hex if e.study_entry_id else None,
                e.timestamp.isoformat(),
                e.by.account,
                e.originator_version,
                position,
            ),
        )

    @handles(NotebookEntry.Amended)
    def amended(self, db: Db, e: NotebookEntry.Amended, position: int) -> None:
        columns = {k: v for k, v in e.changes.items() if k in ("occurred_on", "kind", "title", "text")}
        if "text" in columns:
            columns["length"] = text_length(columns["text"])
        update_row(db, "notebook_entries", e, position, columns)

    @handles(NotebookEntry.FilesAttached)
    def files_attached(self, db: Db, e: NotebookEntry.FilesAttached, position: int) -> None:
        update_row(db, "notebook_entries", e, position, {})  # its files: the `record_files` read model

    @handles(NotebookEntry.Withdrawn)
    def withdrawn(self, db: Db, e: NotebookEntry.Withdrawn, position: int) -> None:
        update_row(db, "notebook_entries", e, position, {"withdrawn": 1})
