"""What 三争做 pledges ask of a leader's day: the pledges not yet rated."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.registry import Task

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def awaiting_rating(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Every standing pledge without a rating, oldest first; each opens on the political page to be rated."""
    rows = ledger.query(
        "SELECT p.id, p.year, p.occurred_on, c.name FROM political_pledges p JOIN cadres c ON c.id = p.cadre_id "
        "WHERE p.rated_on IS NULL AND p.withdrawn = 0 ORDER BY p.year, p.occurred_on, c.name"
    )
    return [
        Task(
            "political.todo.rate",
            "review",
            {"year": r["year"], "day": r["occurred_on"]},
            page="political",
            record=r["id"],
            who=r["name"],
        )
        for r in rows
    ]
