"""The deadlines' read model: every published version, in order of publication."""

from __future__ import annotations

from event_store.projection import Db, Projection, handles
from plugins.desk.domain import DeadlineRule


class ScheduleProjection(Projection):
    """Every version of every deadline, in order of publication."""

    name = "desk_deadlines"
    tables = {
        "deadline_rules": "id TEXT PRIMARY KEY, kind TEXT NOT NULL, effective_from TEXT NOT NULL, "
        "month INTEGER NOT NULL, day INTEGER NOT NULL, opens_days INTEGER NOT NULL, note TEXT, "
        "published_at TEXT, published_by TEXT, position INTEGER",
    }

    @handles(DeadlineRule.Published)
    def published(self, db: Db, e: DeadlineRule.Published, position: int) -> None:
        db.execute(
            "INSERT INTO deadline_rules VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                e.originator_id.hex,
                e.kind,
                e.occurred_on.isoformat(),
                e.month,
                e.day,
                e.opens_days,
                e.note,
                e.timestamp.isoformat(),
                e.by.account,
                position,
            ),
        )
