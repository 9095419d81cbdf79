"""What the annual paper asks of people's day: a leader's submitted papers awaiting a grade; a staff
member's paper of the year, its stage and deadline; and, once overdue, the leaders' gap list.

The to-do list is asked before the navigation is drawn: nothing here imports pandas."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.periods import Period
from culture_ledger.registry import Task
from domain import clock
from plugins.accounts.services import AccountService
from plugins.desk.services import ScheduleService
from plugins.study.domain import SUBMITTED_STATES
from plugins.study.paper.deadlines import PAPER_DUE

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.periods import Scope
    from domain.actor import Actor


def paper_tasks(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """This year's paper: its stage, due by the year's deadline (done once submitted)."""
    cadre = ledger.service(AccountService).cadre_of(actor.account)
    if cadre is None:
        return []
    due = ledger.service(ScheduleService).due_on(PAPER_DUE.key, today).due
    found = ledger.query(
        "SELECT id, state FROM annual_papers WHERE cadre_id = ? AND year = ? AND withdrawn = 0",
        (cadre["id"], today.year),
    )
    paper = found[0] if found else None
    stage = paper["state"] if paper else "none"
    return [
        Task(
            f"study.paper.todo.{stage}",
            Task.state_of(stage in SUBMITTED_STATES, due, today),
            {"year": today.year},
            due=due,
            page="study-paper",
            record=paper["id"] if paper else None,
        )
    ]


def papers_overdue(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """Cadres whose paper of the scope's year is not submitted although its deadline has passed."""
    from plugins.study.paper.queries import papers_of_year  # pandas: only the overview asks

    year = Period.containing("year", scope.end)
    due = ledger.service(ScheduleService).due(PAPER_DUE.key, year).due
    if clock.today() <= due:
        return []
    table = papers_of_year(ledger, year.start.year, scope.department_id)
    late = table[table["missing"]]
    return [
        {"id": r["cadre_id"], "name": r["name"], "department": r["department"], "due": due.isoformat()}
        for r in late.to_dict("records")
    ]


def awaiting_grade(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Every submitted paper not yet graded, oldest first; each opens on the paper page to be graded
    (not the actor's own paper: another leader grades it)."""
    mine = ledger.access.own(actor).cadre_id
    rows = ledger.query(
        "SELECT p.id, p.title, p.year, p.submitted_on, c.name FROM annual_papers p JOIN cadres c ON c.id = p.cadre_id "
        "WHERE p.state = 'submitted' AND p.withdrawn = 0 AND p.cadre_id <> ? ORDER BY p.submitted_on, c.name",
        (mine.hex if mine else "",),
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
