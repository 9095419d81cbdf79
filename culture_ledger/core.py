"""The core plugin: departments and cadres, the home page, and the host's own messages.

The host's defaults are just another plugin, registered first."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from culture_ledger.activities import ActivitiesProjection, ActivityService, RecordActivity
from culture_ledger.ledger import Service
from culture_ledger.locale import CORE_TRANSLATIONS
from culture_ledger.overview import departments_without_activity
from culture_ledger.overview_locale import OVERVIEW_TRANSLATIONS
from culture_ledger.registry import Gap, Page, Plugin
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError, NotFound
from domain.activity import Activity
from domain.people import Cadre, Department
from event_store.projection import Db, Projection, handles


class RegisterDepartment(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)  # a blank name is no name

    name: str = Field(min_length=1, max_length=60)

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()


class RegisterCadre(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)  # a blank name is no name

    name: str = Field(min_length=1, max_length=60)
    department_id: UUID
    position: str = Field(default="", max_length=60)
    joined_on: date


class PeopleService(Service):
    """Register departments and cadres, transfer and retire cadres."""

    def register_department(self, command: RegisterDepartment | dict, by: Actor) -> UUID:
        self.authorize(by, "admin")
        cmd = validate(RegisterDepartment, command)
        if not cmd.name:
            raise InvalidCommand([("name", "validation.string_too_short", {"min_length": 1})])
        department = Department(name=cmd.name, by=by)
        self._save(department)
        return department.id

    def register_cadre(self, command: RegisterCadre | dict, by: Actor) -> UUID:
        self.authorize(by, "admin")
        cmd = validate(RegisterCadre, command)
        if not self._exists(cmd.department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        cadre = Cadre(name=cmd.name.strip(), department_id=cmd.department_id, position=cmd.position.strip(),
                      joined_on=cmd.joined_on, by=by)
        self._save(cadre)
        return cadre.id

    def transfer(self, cadre_id: UUID, department_id: UUID, occurred_on: date, by: Actor) -> None:
        self.authorize(by, "admin")
        cadre = self._get(cadre_id, Cadre)
        if not self._exists(department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        cadre.transfer(department_id, occurred_on, by)
        self._save(cadre)

    def retire(self, cadre_id: UUID, occurred_on: date, by: Actor) -> None:
        self.authorize(by, "admin")
        cadre = self._get(cadre_id, Cadre)
        cadre.retire(occurred_on, by)
        self._save(cadre)

    def active_cadre(self, cadre_id: UUID) -> Cadre:
        """The cadre, if registered and not retired (records are only kept for them)."""
        try:
            cadre = self._get(cadre_id, Cadre)
        except NotFound:
            raise InvalidCommand([("cadre_id", "validation.unknown_cadre", {})]) from None
        if cadre.retired_on is not None:
            raise LedgerError("cadre retired", key="error.cadre_retired")
        return cadre


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
        db.execute("INSERT INTO cadres VALUES (?,?,?,?,?,NULL)",
                   (e.originator_id.hex, e.name, e.department_id.hex, e.position, e.joined_on.isoformat()))

    @handles(Cadre.Transferred)
    def transferred(self, db: Db, e: Cadre.Transferred, position: int) -> None:
        db.execute("UPDATE cadres SET department_id=? WHERE id=?", (e.department_id.hex, e.originator_id.hex))

    @handles(Cadre.Retired)
    def retired(self, db: Db, e: Cadre.Retired, position: int) -> None:
        db.execute("UPDATE cadres SET retired_on=? WHERE id=?", (e.occurred_on.isoformat(), e.originator_id.hex))


def _home() -> None:
    from dashboard.views import home

    home.render()


def _overview() -> None:
    from dashboard.views import overview

    overview.render()


def _people() -> None:
    from dashboard.views import people

    people.render()


plugin = Plugin(
    id="core",
    title="plugin.core",
    aggregates=(Department, Cadre, Activity),
    commands=(RegisterDepartment, RegisterCadre, RecordActivity),
    projections=(PeopleProjection, ActivitiesProjection),
    services={"people": PeopleService, "activities": ActivityService},
    pages=(
        Page("home", "page.home", _home, icon=":material/home:", section="nav.section.overview"),
        Page("people", "page.people", _people, icon=":material/groups:", roles=("admin",), section="nav.section.admin"),
        Page("overview", "page.overview", _overview, icon=":material/monitoring:", roles=("leader", "auditor", "admin"),
             section="nav.section.overview"),
    ),
    gaps=(Gap("carrier_without_activity", "overview.gap.carrier_without_activity", departments_without_activity,
              period="quarter"),),
    translations={lang: {**CORE_TRANSLATIONS[lang], **OVERVIEW_TRANSLATIONS[lang]} for lang in CORE_TRANSLATIONS},
)
