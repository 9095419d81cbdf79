"""Departments (科室) and cadres (干部): the people every record is about."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.clock import Aggregate
from domain.errors import LedgerError


class Department(Aggregate):
    """An internal unit of the office."""

    @event("Registered")
    def __init__(self, name: str, by: Actor) -> None:
        self.name = name
        self.dissolved = False

    @event("Renamed")
    def rename(self, name: str, by: Actor) -> None:
        self.name = name


class Cadre(Aggregate):
    """A staff member of the office; belongs to one department at a time."""

    @event("Registered")
    def __init__(self, name: str, department_id: UUID, position: str, joined_on: date, by: Actor) -> None:
        self.name = name
        self.department_id = department_id
        self.position = position
        self.joined_on = joined_on
        self.retired_on: date | None = None

    def transfer(self, department_id: UUID, occurred_on: date, by: Actor) -> None:
        """Move to another department from a given day."""
        if self.retired_on is not None:
            raise LedgerError("a retired cadre cannot be transferred", key="error.cadre_retired")
        if department_id == self.department_id:
            raise LedgerError("already in that department", key="error.already_in_department")
        self._transferred(department_id=department_id, occurred_on=occurred_on, by=by)

    @event("Transferred")
    def _transferred(self, department_id: UUID, occurred_on: date, by: Actor) -> None:
        self.department_id = department_id

    def retire(self, occurred_on: date, by: Actor) -> None:
        if self.retired_on is not None:
            raise LedgerError("already retired", key="error.cadre_retired")
        self._retired(occurred_on=occurred_on, by=by)

    @event("Retired")
    def _retired(self, occurred_on: date, by: Actor) -> None:
        self.retired_on = occurred_on
