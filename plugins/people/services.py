"""Registering departments and cadres, transferring and retiring cadres."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import RecordDay, validate, validate_all
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError, NotFound
from domain.people import Cadre, Department
from plugins.people.commands import EnrolCadre, RegisterCadre, RegisterDepartment


def department_name(ledger, department_id: UUID | str | None) -> str | None:
    """A department's name from the read model (None when there is no such department)."""
    if not department_id:
        return None
    key = department_id.hex if isinstance(department_id, UUID) else str(department_id)
    return ledger.scalar("SELECT name FROM departments WHERE id = ?", (key,))


class PeopleService(Service):
    """Register departments and cadres, transfer and retire cadres."""

    def register_department(self, command: RegisterDepartment | dict, by: Actor) -> UUID:
        self.authorize(by, "admin")
        cmd = validate(RegisterDepartment, command)
        if not cmd.name:
            raise InvalidCommand([("name", "validation.string_too_short", {"min_length": 1})])
        department = Department(name=cmd.name, by=by)
        self.save(department)
        return department.id

    def rename_department(self, department_id: UUID, command: RegisterDepartment | dict, by: Actor) -> None:
        """A department's new name (its records keep pointing at it: they name it by its id)."""
        self.authorize(by, "admin")
        cmd = validate(RegisterDepartment, command)
        try:
            department = self.get(department_id, Department)
        except NotFound:
            raise InvalidCommand([("department_id", "validation.unknown_department", {})]) from None
        if department.name == cmd.name:
            raise LedgerError("same name", key="people.error.same_name")
        department.rename(cmd.name, by)
        self.save(department)

    def register_cadre(self, command: RegisterCadre | dict, by: Actor) -> UUID:
        self.authorize(by, "admin")
        cmd = validate(RegisterCadre, command)
        if not self.exists(cmd.department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        cadre = Cadre(
            name=cmd.name.strip(),
            department_id=cmd.department_id,
            position=cmd.position.strip(),
            joined_on=cmd.joined_on,
            by=by,
        )
        self.save(cadre)
        return cadre.id

    def enrol_batch(
        self, commands: Iterable[EnrolCadre | dict], by: Actor, *, each: Sequence[Actor] | None = None
    ) -> list[UUID]:
        """The roster's batch path (the 干部花名册 import): every row checked first as the forms check
        it, then written at once: the new departments (one per name, in the order the rows first
        name them) before the cadres. Nothing is written if any row is refused. The cadres' ids.
        `each` (an import): the actor each row is recorded by, saying its file and row (a new
        department by the row that first names it); `by` else."""
        self.authorize(by, "admin")
        checked = validate_all(EnrolCadre, commands)
        actors = each if each is not None else [by] * len(checked)
        new: dict[str, Department] = {}
        registered: set[UUID] = set()
        for cmd, actor in zip(checked, actors, strict=True):
            if cmd.department is not None:
                if cmd.department.name not in new:
                    new[cmd.department.name] = Department(name=cmd.department.name, by=actor)
            elif cmd.department_id not in registered:
                if not self.exists(cmd.department_id, Department):
                    raise InvalidCommand([("department_id", "validation.unknown_department", {})])
                registered.add(cmd.department_id)
        cadres = [
            Cadre(
                name=cmd.name.strip(),
                department_id=cmd.department_id if cmd.department is None else new[cmd.department.name].id,
                position=cmd.position.strip(),
                joined_on=cmd.joined_on,
                by=actor,
            )
            for cmd, actor in zip(checked, actors, strict=True)
        ]
        records = [*new.values(), *cadres]
        self.save_many(records, chunk=max(len(records), 1))  # one transaction: a roster is hundreds of rows
        return [c.id for c in cadres]

    def transfer(self, cadre_id: UUID, department_id: UUID, occurred_on: RecordDay, by: Actor) -> None:
        self.authorize(by, "admin")
        cadre = self.get(cadre_id, Cadre)
        if not self.exists(department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        cadre.transfer(department_id, occurred_on, by)
        self.save(cadre)

    def retire(self, cadre_id: UUID, occurred_on: RecordDay, by: Actor) -> None:
        self.authorize(by, "admin")
        cadre = self.get(cadre_id, Cadre)
        cadre.retire(occurred_on, by)
        self.save(cadre)

    def active_cadre(self, cadre_id: UUID) -> Cadre:
        """The cadre, if registered and not retired (records are only kept for them): to look at
        only, as `read` gives it."""
        try:
            cadre = self.read(cadre_id, Cadre)
        except NotFound:
            raise InvalidCommand([("cadre_id", "validation.unknown_cadre", {})]) from None
        if cadre.retired_on is not None:
            raise LedgerError("cadre retired", key="error.cadre_retired")
        return cadre
