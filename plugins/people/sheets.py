"""How a sheet's names become people, and the 干部花名册 (the roster sheet).

A cadre named in a sheet row is found by name (and, where two cadres share it, by the department
written beside it, or in brackets after the name in a list of names: 王建国（办公室）).

The roster: one row per cadre (姓名, 科室, 职务, 参加工作时间), each checked as the 登记干部 form
checks it (`EnrolCadre` is `RegisterCadre` with the department by name); a department the sheet
names that is not registered yet is registered in the same import, before its cadres, as the
新增科室 form registers one. Other columns an office keeps in its roster (序号, 性别, 出生年月…)
are left as they are. Administrators only, as the forms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from culture_ledger.registry import Column, Sheet
from culture_ledger.sheets import once
from domain.errors import InvalidCommand
from plugins.people.commands import EnrolCadre

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor

BRACKETED = re.compile(r"^(.+?)\((.+)\)$")
"""A name with its department in brackets, as read from a cell (full-width brackets are made plain)."""


def _tidy(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def cadre_named(
    ledger: Ledger,
    name: str,
    department: str | None = None,
    *,
    field: str = "cadre",
    two: str = "people.sheets.two_cadres",
) -> UUID:
    """The active cadre of that name (in that department, when given). A name that matches nobody,
    or two cadres, is refused naming `field` (the sheet's column) and, for two, both of them
    (with the catalog key `two`, which says how to tell them apart in that sheet). Looked up once
    per name and department in one sheet (`culture_ledger.sheets.once`)."""
    return once(("cadre", name, department, field, two), lambda: _cadre_named(ledger, name, department, field, two))


def _cadre_named(ledger: Ledger, name: str, department: str | None, field: str, two: str) -> UUID:
    rows = ledger.query(
        "SELECT c.id, c.name, d.name AS department FROM cadres c JOIN departments d ON d.id = c.department_id "
        "WHERE c.name = ? AND c.retired_on IS NULL ORDER BY d.name",
        (name,),
    )
    if department:
        rows = [r for r in rows if _tidy(r["department"]) == _tidy(department)] or rows
    if not rows:
        raise InvalidCommand([(field, "people.sheets.unknown_cadre", {"name": name})])
    if len(rows) > 1:
        who = "、".join(f"{r['name']}（{r['department']}）" for r in rows)
        raise InvalidCommand([(field, two, {"name": name, "who": who})])
    return UUID(rows[0]["id"])


def cadres_named(ledger: Ledger, names: list[str], *, field: str) -> list[UUID]:
    """The cadres a cell of names lists (王建国、张伟、王建国（办公室）), in its order. Every name that
    matches nobody or two cadres is refused at once, naming `field`."""
    found: list[UUID] = []
    errors: list[tuple[str, str, dict[str, Any]]] = []
    for typed in _joined(names):
        m = BRACKETED.match(typed)
        name, department = (m[1].strip(), m[2].strip()) if m else (typed, None)
        try:
            found.append(cadre_named(ledger, name, department, field=field, two="people.sheets.two_cadres_listed"))
        except InvalidCommand as refused:
            errors.extend(refused.errors)
    if errors:
        raise InvalidCommand(errors)
    return found


def _joined(names: list[str]) -> list[str]:
    """Names split by the sheet's separators, with a bracketed department typed after a space put back."""
    out: list[str] = []
    for name in names:
        if name.startswith("(") and out:
            out[-1] += name
        else:
            out.append(name)
    return out


def departments(ledger: Ledger) -> list[tuple[str, str]]:
    """The registered departments by name: a sheet's 科室 drop-down."""
    names = [r["name"] for r in ledger.query("SELECT name FROM departments ORDER BY name")]
    return [(n, n) for n in dict.fromkeys(names)]


def _departments_named(ledger: Ledger, name: str) -> list[str]:
    return [r["id"] for r in ledger.query("SELECT id, name FROM departments") if _tidy(r["name"]) == name]


def department_named(ledger: Ledger, name: str, *, field: str = "department") -> UUID:
    """The registered department of that name; a name that matches none, or two departments, is
    refused naming `field` (the sheet's column). Looked up once per name in one sheet."""
    return once(("department", name, field), lambda: _department_named(ledger, name, field))


def _department_named(ledger: Ledger, name: str, field: str) -> UUID:
    found = _departments_named(ledger, _tidy(name))
    if not found:
        raise InvalidCommand([(field, "people.sheets.unknown_department", {"name": name})])
    if len(found) > 1:
        raise InvalidCommand([(field, "people.sheets.two_departments", {"name": name})])
    return UUID(found[0])


# --- 干部花名册 --------------------------------------------------------------------------------


def prepare_cadre(ledger: Ledger, values: dict[str, Any], by: Actor) -> dict[str, Any]:
    """A roster row as the forms would take it: its department by name, registered or new."""
    from plugins.people.services import PeopleService

    ledger.service(PeopleService).authorize(by, "admin")
    named = values["department"]
    found = _departments_named(ledger, named)
    if len(found) > 1:
        raise InvalidCommand([("department", "people.sheets.two_departments", {"name": named})])
    data: dict[str, Any] = {
        "name": values.get("name"),
        "position": values.get("position") or "",
        "joined_on": values.get("joined_on"),
    }
    if found:
        data["department_id"] = found[0]
    else:
        data["department"] = {"name": named}
    return data


def enrol(ledger: Ledger, commands: list[EnrolCadre], by: Actor, each: Sequence[Actor]):
    from plugins.people.services import PeopleService

    return ledger.service(PeopleService).enrol_batch(commands, by, each=each)


def known_cadres(ledger: Ledger, commands: list[EnrolCadre]) -> list[bool]:
    """Which rows are on the roll already: a cadre of that name (not retired) in that department."""
    on_roll = {
        (r["name"], r["department_id"])
        for r in ledger.query("SELECT name, department_id FROM cadres WHERE retired_on IS NULL")
    }
    return [c.department_id is not None and (c.name, c.department_id.hex) in on_roll for c in commands]


ROSTER = Sheet(
    key="people-roster",
    title="people.sheet.roster",
    columns=(
        Column("name", "people.sheet.col.name", help="people.sheet.help.name", example="刘洋"),
        Column(
            "department",
            "people.sheet.col.department",
            help="people.sheet.help.department",
            choices=departments,  # a drop-down of those registered; a new name is registered with its cadres
            example="办公室",
        ),
        Column(
            "position", "people.sheet.col.position", required=False, help="people.sheet.help.position", example="科员"
        ),
        Column(
            "joined_on",
            "people.sheet.col.joined_on",
            kind="date",
            help="people.sheet.help.joined_on",
            example="2018-07-01",
        ),
    ),
    command=EnrolCadre,
    prepare=prepare_cadre,
    write=enrol,
    known=known_cadres,
    roles=("admin",),
)
