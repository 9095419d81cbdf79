"""The daily-study read model: every study entry as it stands now."""

from __future__ import annotations

from datetime import date

from event_store.projection import Db, Projection, Stored, handles, handles_stored
from plugins.study.domain import StudyEntry


class StudyProjection(Projection):
    """Every study entry as it stands now (withdrawn ones flagged, not removed)."""

    name = "study"
    title = "record.StudyEntry"
    tables = {
        "study_entries": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, occurred_on TEXT NOT NULL, "
        "minutes INTEGER NOT NULL, material TEXT, mode TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
        "recorded_at TEXT, recorded_by TEXT, version INTEGER, position INTEGER, place TEXT NOT NULL DEFAULT ''",
    }
    indexes = (
        # covers the compliance count: day, cadre, minutes, withdrawn, without touching the table; and
        # serves every look-up by day (and cadre) too (an index on (occurred_on, cadre_id) alone went
        # unchosen beside it, and cost a rebuild a sorted pass of its own)
        "CREATE INDEX IF NOT EXISTS study_entries_compliance ON study_entries (occurred_on, cadre_id, withdrawn, minutes)",
    )

    def create(self, db: Db, *, indexes: bool = True) -> None:
        super().create(db, indexes=indexes)
        # Read models built before StudyEntry.Recorded v2 have no place column: add it ("" as upcasting gives).
        db.execute("SELECT * FROM study_entries LIMIT 0")
        columns = getattr(db.cursor, "sqlite_cursor", db.cursor).description
        if "place" not in [column[0] for column in columns]:
            db.execute("ALTER TABLE study_entries ADD COLUMN place TEXT NOT NULL DEFAULT ''")

    @handles(StudyEntry.Recorded)
    def recorded(self, db: Db, e: StudyEntry.Recorded, position: int) -> None:
        db.insert(
            "study_entries",
            (
                e.originator_id.hex,
                e.cadre_id.hex,
                e.occurred_on.isoformat(),
                e.minutes,
                e.material,
                e.mode,
                0,
                e.timestamp.isoformat(),
                e.by.account,
                e.originator_version,
                position,
                e.place,
            ),
        )

    @handles_stored(StudyEntry.Recorded)
    def recorded_as_stored(self, db: Db, e: Stored, position: int) -> None:
        """The same row as `recorded`, read from the stored payload (a rebuild reads a million of them)."""
        state = e.state
        db.insert(
            "study_entries",
            (
                e.originator_hex,
                state["cadre_id"]["_data_"],
                state["occurred_on"]["_data_"],
                state["minutes"],
                state["material"],
                state["mode"],
                0,
                state["timestamp"]["_data_"],
                state["by"]["_data_"]["account"],
                e.originator_version,
                position,
                state.get("place", ""),  # StudyEntry.Recorded v1 had none: "" as its upcasting gives
            ),
        )

    @handles(StudyEntry.Amended)
    def amended(self, db: Db, e: StudyEntry.Amended, position: int) -> None:
        changes = {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in e.changes.items()
            if k in ("occurred_on", "minutes", "material", "mode", "place")
        }
        sets = "".join(f"{k}=?, " for k in changes)
        db.execute(
            f"UPDATE study_entries SET {sets}version=?, position=? WHERE id=?",
            (*changes.values(), e.originator_version, position, e.originator_id.hex),
        )

    @handles(StudyEntry.Withdrawn)
    def withdrawn(self, db: Db, e: StudyEntry.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE study_entries SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
