"""What innovation proposals ask of a leader's day: those awaiting an evaluation or a decision to adopt."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.registry import Task

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor

LEADER_STAGES = {"submitted": "evaluate", "evaluated": "adopt"}
"""The stages whose next step is a leader's: a submitted proposal is evaluated, an evaluated one adopted."""


def awaiting_leader(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Every proposal whose next step is a leader's, oldest first; each opens on the innovation page."""
    rows = ledger.query(
        "SELECT p.id, p.title, p.stage, p.submitted_on, c.name FROM innovation_proposals p "
        "LEFT JOIN cadres c ON c.id = p.proposer_id "
        "WHERE p.stage IN ('submitted', 'evaluated') AND p.withdrawn = 0 ORDER BY p.submitted_on, p.title"
    )
    return [
        Task(
            f"innovation.todo.{LEADER_STAGES[r['stage']]}",
            "review",
            {"title": r["title"], "day": r["submitted_on"]},
            page="innovation",
            record=r["id"],
            who=r["name"],
        )
        for r in rows
    ]
