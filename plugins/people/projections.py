"""Departments and cadres as they stand now: the read model every other plugin joins on."""

from __future__ import annotations

from domain.people import Cadre, Department
from event_store.projection import Db, Projection, handles


class PeopleProjection(Projection):
    """Departments and cadres as they stand now."""

    name = "people"
    tables = {
        "departments": "id TEXT PRIMARY KEY, name TEXT NOT NULL, registered_at TEXT",
        "cadres": "id TEXT PRIMARY KEY, name TEXT NOT NULL, department_id TEXT NOT NULL, position TEXT, "
        "joined_on TEXT, retired_on TEXT",
    }

    @handles(Department.Registered)
    def registered_department(self, db: Db, e: Department.Registered, position: int) -> None:
        db.execute("INSERT INTO departments VALUES (?,?,?)", (e.originator_id.hex, e.name, e.timestamp.isoformat()))

    @handles(Department.Renamed)
    def renamed_department(self, db: Db, e: Department.Renamed, position: int) -> None:
        db.execute("UPDATE departments SET name=? WHERE id=?", (e.name, e.originator_id.hex))

    @handles(Cadre.Registered)
    def registered_cadre(self, db: Db, e: Cadre.Registered, position: int) -> None:
        db.execute(
            "INSERT INTO cadres VALUES (?,?,?,?,?,NULL)",
            (e.originator_id.hex, e.name, e.department_id.hex, e.position, e.joined_on.isoformat()),
        )

    @handles(Cadre.Transferred)
    def transferred(self, db: Db, e: Cadre.Transferred, position: int) -> None:
        db.execute("UPDATE cadres SET department_id=? WHERE id=?", (e.department_id.hex, e.originator_id.hex))

    @handles(Cadre.Retired)
    def retired(self, db: Db, e: Cadre.Retired, position: int) -> None:
        db.execute("UPDATE cadres SET retired_on=? WHERE id=?", (e.occurred_on.isoformat(), e.originator_id.hex))
