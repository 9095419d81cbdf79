"""业务培训 on a staff member's to-do list: the sessions they attend, coming and recent."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from culture_ledger.registry import Task
from plugins.accounts.services import AccountService

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor

RECENT_DAYS = 30
"""A session that ended this many days ago still shows (done), so the list says what was attended."""


def training_tasks(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Each session the cadre attends that is coming or ended within RECENT_DAYS: due on its first day, done after it."""
    cadre = ledger.service(AccountService).cadre_of(actor.account)
    if cadre is None:
        return []
    rows = ledger.query(
        "SELECT t.id, t.title, t.occurred_on, COALESCE(t.end_on, t.occurred_on) AS end_on FROM training_attendance a "
        "JOIN training_sessions t ON t.id = a.session_id WHERE a.cadre_id = ? AND t.withdrawn = 0 "
        "AND COALESCE(t.end_on, t.occurred_on) >= ? ORDER BY t.occurred_on",
        (cadre["id"], (today - timedelta(days=RECENT_DAYS)).isoformat()),
    )
    return [
        Task(
            "study.training.todo.session",
            "done" if r["end_on"] < today.isoformat() else "due",
            {"title": r["title"], "day": r["occurred_on"]},
            due=date.fromisoformat(r["occurred_on"]),
            page="study-training",
            record=r["id"],
        )
        for r in rows
    ]
