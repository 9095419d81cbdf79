"""What the study records share: the command that withdraws a record with a reason, a service
base that amends and withdraws, the day a step happened, a text's length, updating a read-model
row, and the cadres on the roll."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from culture_ledger.ledger import Service
from culture_ledger.memo import shared
from culture_ledger.validation import validate
from domain import clock
from domain.actor import Actor
from domain.errors import InvalidCommand
from event_store.projection import Db

if TYPE_CHECKING:
    import pandas as pd

    from culture_ledger.ledger import Ledger


# --- commands ----------------------------------------------------------------------------


class Withdraw(BaseModel):
    """Take a record out of every count, with a reason."""

    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)


def ends_after_start(start: date, end: date) -> None:
    if end < start:
        raise PydanticCustomError("end_before_start", "ends before it starts")


# --- services ----------------------------------------------------------------------------


def step_day(on: date | None) -> date:
    """The day a step happened: today unless given (imports of past records); never in the future."""
    on = on or clock.today()
    if on > clock.today():
        raise InvalidCommand([("occurred_on", "validation.date_future", {})])
    return on


class RecordService(Service):
    """A study record's service: it amends or withdraws one of its records, with a reason, if the
    rights table lets the actor change that record (`rights.RECORDS[rights_kind]`)."""

    rights_kind = ""
    """The record kind of `culture_ledger.rights.RECORDS` its records are."""

    def _may_change(self, record: Any, by: Actor, rights_kind: str | None = None) -> None:
        """Refuse unless `by` may change this record: about their cadre, or (for records about no
        cadre: sessions and tours) recorded by them."""
        cadre_id = getattr(record, "cadre_id", None)
        self.authorize_change(
            by,
            rights_kind or self.rights_kind,
            cadre_id=cadre_id,
            recorder=getattr(record, "recorded_by", None) if cadre_id is None else None,
        )

    def _amend(
        self,
        record_id: UUID,
        kind: type,
        command: BaseModel,
        by: Actor,
        version: int | None,
        changes: dict[str, Any] | None = None,
    ) -> None:
        record = self.get(record_id, kind, version=version)
        self._may_change(record, by)
        record.amend(
            changes if changes is not None else command.model_dump(exclude_none=True, exclude={"reason"}),
            command.reason,
            by,
        )
        self.save(record)

    def _withdraw(
        self,
        record_id: UUID,
        kind: type,
        command: Withdraw | dict,
        by: Actor,
        version: int | None,
        rights_kind: str | None = None,
    ) -> None:
        cmd = validate(Withdraw, command)
        record = self.get(record_id, kind, version=version)
        self._may_change(record, by, rights_kind)
        record.withdraw(cmd.reason, by)
        self.save(record)


# --- projections -------------------------------------------------------------------------


def text_length(text: str) -> int:
    """字数: characters, not counting whitespace."""
    return len("".join(text.split()))


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def update_row(db: Db, table: str, e: Any, position: int, columns: dict[str, Any]) -> None:
    """Set a record's row to the event's columns, with the record's new version and log position."""
    sets = "".join(f"{k}=?, " for k in columns)
    db.execute(
        f"UPDATE {table} SET {sets}version=?, position=? WHERE id=?",
        (*[_value(v) for v in columns.values()], e.originator_version, position, e.originator_id.hex),
    )


# --- queries -----------------------------------------------------------------------------


def active_cadres(ledger: Ledger, start: date, end: date, department_id: str | None = None) -> list[dict[str, Any]]:
    """Cadres on the roll at some time in [start, end], with their department."""
    where, params = ("AND c.department_id = ?", (department_id,)) if department_id else ("", ())
    return ledger.query(
        "SELECT c.id, c.name, c.department_id, d.name AS department FROM cadres c "
        "JOIN departments d ON d.id = c.department_id "
        f"WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?) {where} ORDER BY d.name, c.name",
        (end.isoformat(), start.isoformat(), *params),
    )


@shared
def roll(ledger: Ledger, start: date, end: date) -> list[dict[str, Any]]:
    """`active_cadres` of the whole office. Within a computation (`culture_ledger.memo`) each span's
    roll is made once, from the office's cadres read once: a trend of six periods (and the papers of
    each of its years) asks the store once, not once per span."""
    first, last = start.isoformat(), end.isoformat()
    return [
        {"id": c["id"], "name": c["name"], "department_id": c["department_id"], "department": c["department"]}
        for c in _cadres(ledger)
        if c["joined_on"] is not None
        and c["joined_on"] <= last
        and (c["retired_on"] is None or c["retired_on"] >= first)
    ]


@shared
def _cadres(ledger: Ledger) -> list[dict[str, Any]]:
    """Every cadre with their department and the days they joined and retired, as `active_cadres` orders them."""
    return ledger.query(
        "SELECT c.id, c.name, c.department_id, d.name AS department, c.joined_on, c.retired_on FROM cadres c "
        "JOIN departments d ON d.id = c.department_id ORDER BY d.name, c.name"
    )


def mean(values: list[float]) -> float:
    """The mean as pandas takes it (a float64 sum, pairwise, over the count): the figures stay what they were."""
    import numpy as np

    return float(np.asarray(values, dtype="float64").sum() / len(values))


def of_department(table: pd.DataFrame, department_id: str | None) -> pd.DataFrame:
    """The rows of one department's cadres (the whole table without one): the office-wide table is
    computed once and shared (`@shared`) when the overview asks for every department in turn."""
    if not department_id:
        return table
    return table[table["department_id"] == department_id].reset_index(drop=True)
