"""What four-strong evaluations ask of people's day: a leader's cadres not yet scored this quarter, and
a staff member's self-assessment once the quarter's evaluation window opens."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.periods import Period
from culture_ledger.registry import Task
from plugins.accounts.services import AccountService
from plugins.desk.services import ScheduleService
from plugins.study.evaluation.deadlines import EVALUATION_DUE
from plugins.study.kit import active_cadres

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def self_assessment_tasks(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """The quarter's self-assessment (个人总结): from the evaluation window's opening, due at its close."""
    cadre = ledger.service(AccountService).cadre_of(actor.account)
    if cadre is None:
        return []
    quarter = Period.containing("quarter", today)
    due = ledger.service(ScheduleService).due(EVALUATION_DUE.key, quarter)
    if not due.is_open_on(today) and today <= due.due:
        return []  # the window has not opened yet
    written = ledger.scalar(
        "SELECT COUNT(*) FROM self_assessments WHERE cadre_id = ? AND period = ? AND withdrawn = 0",
        (cadre["id"], quarter.code),
    )
    return [
        Task(
            "study.evaluation.todo.self",
            Task.state_of(bool(written), due.due, today),
            {"quarter": quarter.label},
            due=due.due,
            page="study-evaluation",
        )
    ]


def due_this_quarter(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """One task while some cadre on the roll has no score for the quarter holding `today`, due when the
    quarter's evaluation window closes (its end, unless the office set another)."""
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
            due=ledger.service(ScheduleService).due(EVALUATION_DUE.key, quarter).due,
            page="study-evaluation",
        )
    ]
