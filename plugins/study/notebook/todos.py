"""学记一本 on a staff member's to-do list: this month's notebook entries against what is asked."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.periods import Period
from culture_ledger.registry import Task
from plugins.accounts.services import AccountService

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor

MONTHLY_ENTRIES = 1
"""学记一本 asks each cadre to keep a notebook; the scoring rules name no number of entries, so a
month with none is what the to-do list reminds of."""


def notebook_tasks(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """This month's entries (not withdrawn), due by the month's last day."""
    cadre = ledger.service(AccountService).cadre_of(actor.account)
    if cadre is None:
        return []
    month = Period.containing("month", today)
    written = ledger.scalar(
        "SELECT COUNT(*) FROM notebook_entries WHERE cadre_id = ? AND withdrawn = 0 AND occurred_on BETWEEN ? AND ?",
        (cadre["id"], month.start.isoformat(), month.end.isoformat()),
    )
    return [
        Task(
            "study.notebook.todo.month",
            Task.state_of(written >= MONTHLY_ENTRIES, month.end, today),
            {"written": written, "asked": MONTHLY_ENTRIES},
            due=month.end,
            page="study-notebook",
        )
    ]
