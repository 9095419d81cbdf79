"""What the annual paper asks of a leader's day: the submitted papers awaiting a grade."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.registry import Task

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def awaiting_grade(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Every submitted paper not yet graded, oldest first; each opens on the paper page to be graded."""
    rows = ledger.query(
        "SELECT p.id, p.title, p.year, p.submitted_on, c.name FROM annual_papers p JOIN cadres c ON c.id = p.cadre_id "
        "WHERE p.state = 'submitted' AND p.withdrawn = 0 ORDER BY p.submitted_on, c.name"
    )
    return [
        Task(
            "study.paper.todo.grade",
            "review",
            {"title": r["title"], "year": r["year"], "day": r["submitted_on"] or ""},
            page="study-paper",
            record=r["id"],
            who=r["name"],
        )
        for r in rows
    ]
