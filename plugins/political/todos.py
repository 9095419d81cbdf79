"""What 三争做 pledges ask of people's day: a leader's pledges to rate; a staff member's pledge of the
year, signed or not; and, once the pledge month is past, the unsigned ones on the leaders' gap list."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.periods import Period
from culture_ledger.registry import Task
from domain import clock
from plugins.accounts.services import AccountService
from plugins.desk.services import ScheduleService
from plugins.political.deadlines import PLEDGE_DUE

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.periods import Scope
    from domain.actor import Actor


def pledge_tasks(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """This year's pledge (承诺书): signed once a standing pledge is recorded, due by the pledge month's end."""
    cadre = ledger.service(AccountService).cadre_of(actor.account)
    if cadre is None:
        return []
    due = ledger.service(ScheduleService).due_on(PLEDGE_DUE.key, today)
    pledge = ledger.query(
        "SELECT id FROM political_pledges WHERE cadre_id = ? AND year = ? AND withdrawn = 0",
        (cadre["id"], today.year),
    )
    return [
        Task(
            "political.todo.pledge",
            Task.state_of(bool(pledge), due.due, today),
            {"year": today.year},
            due=due.due,
            page="political",
            record=pledge[0]["id"] if pledge else None,
        )
    ]


def pledges_overdue(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """Cadres on the roll without a pledge for the scope's year once its pledge month is past."""
    year = Period.containing("year", scope.end)
    due = ledger.service(ScheduleService).due(PLEDGE_DUE.key, year).due
    if clock.today() <= due:
        return []
    where, params = ("AND c.department_id = ?", (scope.department_id,)) if scope.department_id else ("", ())
    return ledger.query(
        "SELECT c.id, c.name, d.name AS department, ? AS due FROM cadres c JOIN departments d ON d.id = c.department_id "
        "WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?) "
        "AND c.id NOT IN (SELECT cadre_id FROM political_pledges WHERE year = ? AND withdrawn = 0) "
        f"{where} ORDER BY d.name, c.name",
        (due.isoformat(), due.isoformat(), due.isoformat(), year.start.year, *params),
    )


def awaiting_rating(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Every standing pledge without a rating, oldest first; each opens on the political page to be rated
    (not the actor's own pledge: another leader rates it)."""
    mine = ledger.access.own(actor).cadre_id
    rows = ledger.query(
        "SELECT p.id, p.year, p.occurred_on, c.name FROM political_pledges p JOIN cadres c ON c.id = p.cadre_id "
        "WHERE p.rated_on IS NULL AND p.withdrawn = 0 AND p.cadre_id <> ? ORDER BY p.year, p.occurred_on, c.name",
        (mine.hex if mine else "",),
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
