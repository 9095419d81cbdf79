"""The roll on an admin's to-do list: departments with no cadre on the roll."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.registry import Task

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def departments_without_cadres(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Each department with nobody on the roll (no cadre, or only retired ones)."""
    rows = ledger.query(
        "SELECT d.id, d.name FROM departments d WHERE NOT EXISTS (SELECT 1 FROM cadres c "
        "WHERE c.department_id = d.id AND c.retired_on IS NULL) ORDER BY d.name"
    )
    return [Task("people.todo.empty_department", "due", {"department": r["name"]}, page="people") for r in rows]
