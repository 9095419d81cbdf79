"""What four-strong evaluations ask of a leader's day: the cadres not yet scored this quarter."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.periods import Period
from culture_ledger.registry import Task
from plugins.study.kit import active_cadres

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def due_this_quarter(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """One task while some cadre on the roll has no score for the quarter holding `today`, due at its end."""
    quarter = Period.containing("quarter", today)
    scored = {
        r["cadre_id"]
        for r in ledger.query(
            "SELECT DISTINCT cadre_id FROM four_strong_scores WHERE period = ? AND withdrawn = 0", (quarter.code,)
        )
    }
    waiting = [c for c in active_cadres(ledger, quarter.start, quarter.end) if c["id"] not in scored]
    if not waiting:
        return []
    return [
        Task(
            "study.evaluation.todo.due",
            "review",
            {
                "n": len(waiting),
                "period": quarter.code,
                "year": quarter.start.year,
                "quarter": quarter.start.month // 3 + 1,
            },
            due=quarter.end,
            page="study-evaluation",
        )
    ]
