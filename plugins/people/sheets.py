"""How a sheet's names become people: a cadre named in a sheet row is found by name (and, where
two cadres share it, by the department written beside it)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import InvalidCommand

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


def cadre_named(ledger: Ledger, name: str, department: str | None = None, *, field: str = "cadre") -> UUID:
    """The active cadre of that name (in that department, when given). A name that matches nobody,
    or two cadres, is refused naming `field` (the sheet's column) and, for two, both of them."""
    rows = ledger.query(
        "SELECT c.id, c.name, d.name AS department FROM cadres c JOIN departments d ON d.id = c.department_id "
        "WHERE c.name = ? AND c.retired_on IS NULL ORDER BY d.name",
        (name,),
    )
    if department:
        rows = [r for r in rows if r["department"] == department] or rows
    if not rows:
        raise InvalidCommand([(field, "people.sheets.unknown_cadre", {"name": name})])
    if len(rows) > 1:
        who = "、".join(f"{r['name']}（{r['department']}）" for r in rows)
        raise InvalidCommand([(field, "people.sheets.two_cadres", {"name": name, "who": who})])
    return UUID(rows[0]["id"])
