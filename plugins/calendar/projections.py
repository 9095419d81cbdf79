"""The calendar's read model: each day an administrator marked, as it stands, and who marked it."""

from __future__ import annotations

from event_store.projection import Db, Projection, handles
from plugins.calendar.domain import CalendarDay


class CalendarProjection(Projection):
    """The marked days, one row each, as last marked."""

    name = "calendar_days"
    tables = {
        "calendar_days": "id TEXT PRIMARY KEY, day TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, "
        "marked_at TEXT NOT NULL, marked_by TEXT NOT NULL, version INTEGER NOT NULL, position INTEGER",
    }

    @handles(CalendarDay.Marked)
    def marked(self, db: Db, e: CalendarDay.Marked, position: int) -> None:
        db.execute(
            "INSERT INTO calendar_days VALUES (?,?,?,?,?,?,?,?)",
            (
                e.originator_id.hex,
                e.day.isoformat(),
                e.kind,
                e.name,
                e.timestamp.isoformat(),
                e.by.account,
                e.originator_version,
                position,
            ),
        )

    @handles(CalendarDay.Remarked)
    def remarked(self, db: Db, e: CalendarDay.Remarked, position: int) -> None:
        db.execute(
            "UPDATE calendar_days SET kind=?, name=?, marked_at=?, marked_by=?, version=?, position=? WHERE id=?",
            (
                e.kind,
                e.name,
                e.timestamp.isoformat(),
                e.by.account,
                e.originator_version,
                position,
                e.originator_id.hex,
            ),
        )
