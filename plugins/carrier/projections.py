"""The `activities` read model every carrier shares, and each carrier's record-history table."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from domain.activity import Activity
from event_store.projection import Db, Projection, handles


class ActivitiesProjection(Projection):
    """Every activity of every carrier as it stands, and its review history."""

    name = "activities"
    tables = {
        "activities": "id TEXT PRIMARY KEY, carrier TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, "
        "department_id TEXT NOT NULL, occurred_on TEXT NOT NULL, place TEXT, organiser TEXT, "
        "expected INTEGER, present INTEGER, absent INTEGER, absentees TEXT, ideas TEXT, "
        "agenda TEXT, content TEXT, outcome TEXT, evidence TEXT, details TEXT, "
        "review TEXT NOT NULL, withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, recorded_at TEXT, "
        "version INTEGER, position INTEGER",
        "activity_history": "activity_id TEXT NOT NULL, position INTEGER NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, "
        "account TEXT NOT NULL, role TEXT NOT NULL, reason TEXT, PRIMARY KEY (activity_id, position)",
    }
    indexes = (
        "CREATE INDEX IF NOT EXISTS activities_carrier ON activities (carrier, occurred_on)",
        # the review inbox and each person's returned activities, asked on every page for the navigation's counts
        "CREATE INDEX IF NOT EXISTS activities_review ON activities (review, recorded_by)",
    )

    @staticmethod
    def _history(db: Db, e: Any, position: int, action: str, reason: str | None = None) -> None:
        db.execute(
            "INSERT INTO activity_history VALUES (?,?,?,?,?,?,?)",
            (e.originator_id.hex, position, e.timestamp.isoformat(), action, e.by.account, e.by.role, reason),
        )

    @handles(Activity.Recorded)
    def recorded(self, db: Db, e: Activity.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO activities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'draft',0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.carrier,
                e.kind,
                e.title,
                e.department_id.hex,
                e.occurred_on.isoformat(),
                e.place,
                e.organiser,
                e.expected,
                e.present,
                e.expected - e.present,
                json.dumps(e.absentees, ensure_ascii=False),
                ",".join(e.ideas),
                e.agenda,
                e.content,
                e.outcome,
                json.dumps(e.evidence, ensure_ascii=False),
                json.dumps(e.details, ensure_ascii=False, default=str),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        self._history(db, e, position, "recorded")

    @handles(Activity.Amended)
    def amended(self, db: Db, e: Activity.Amended, position: int) -> None:
        columns = {"title", "place", "organiser", "expected", "present", "agenda", "content", "outcome", "kind"}
        sets, params = [], []
        for key, value in e.changes.items():
            if key in columns:
                sets.append(f"{key}=?")
                params.append(value)
            elif key == "occurred_on":
                sets.append("occurred_on=?")
                params.append(value.isoformat() if isinstance(value, date) else value)
            elif key == "department_id":
                sets.append("department_id=?")
                params.append(value.hex if isinstance(value, UUID) else value)
            elif key in ("absentees", "evidence", "details"):
                sets.append(f"{key}=?")
                params.append(json.dumps(value, ensure_ascii=False, default=str))
            elif key == "ideas":
                sets.append("ideas=?")
                params.append(",".join(value))
        db.execute(
            f"UPDATE activities SET {''.join(s + ', ' for s in sets)}absent=expected-present, version=?, position=? "
            "WHERE id=?",
            (*params, e.originator_version, position, e.originator_id.hex),
        )
        db.execute("UPDATE activities SET absent=expected-present WHERE id=?", (e.originator_id.hex,))
        self._history(db, e, position, "amended", e.reason)

    @handles(Activity.Withdrawn)
    def withdrawn(self, db: Db, e: Activity.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE activities SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
        self._history(db, e, position, "withdrawn", e.reason)

    def _review(self, db: Db, e: Any, position: int, state: str, reason: str | None = None) -> None:
        db.execute(
            "UPDATE activities SET review=?, version=?, position=? WHERE id=?",
            (state, e.originator_version, position, e.originator_id.hex),
        )
        self._history(db, e, position, state, reason)

    @handles(Activity.Submitted)
    def submitted(self, db: Db, e: Activity.Submitted, position: int) -> None:
        self._review(db, e, position, "submitted")

    @handles(Activity.Confirmed)
    def confirmed(self, db: Db, e: Activity.Confirmed, position: int) -> None:
        self._review(db, e, position, "confirmed")

    @handles(Activity.Returned)
    def returned(self, db: Db, e: Activity.Returned, position: int) -> None:
        self._review(db, e, position, "returned", e.reason)


HISTORY_COLUMNS = (
    "record_id TEXT NOT NULL, position INTEGER NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, "
    "account TEXT NOT NULL, role TEXT NOT NULL, reason TEXT, PRIMARY KEY (record_id, position)"
)
"""The columns of a carrier's `<carrier>_history` table."""


def write_history(db: Db, table: str, e: Any, position: int, action: str, reason: str | None = None) -> None:
    """One step of a record's history, from the event that made it."""
    db.execute(
        f"INSERT INTO {table} VALUES (?,?,?,?,?,?,?)",
        (e.originator_id.hex, position, e.timestamp.isoformat(), action, e.by.account, e.by.role, reason),
    )


def record_history(ledger: Any, table: str, record_id: str) -> list[dict[str, Any]]:
    return ledger.query(
        f"SELECT position, at, action, account, role, reason FROM {table} WHERE record_id = ? ORDER BY position",
        (record_id,),
    )
