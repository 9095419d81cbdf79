"""What the desk adds to people's day: the count of their open tasks beside the home page's
title, and, for admins, whether the office has set its deadlines."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.registry import Task, open_tasks

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def open_count(ledger: Ledger, actor: Actor, today: date) -> int:
    """How many of the actor's own tasks are still open (the home page's badge): what awaits their
    review is counted beside the inbox instead."""
    found = ledger.registry.tasks(ledger, actor, today)
    return open_tasks({key: [task for task in tasks if task.state != "review"] for key, tasks in found.items()})


def deadlines_unset(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """For admins: the office has not set its deadlines yet (each keeps its plugin's default)."""
    from plugins.desk.services import ScheduleService

    kinds = {d.key for d in ledger.registry.deadlines}
    set_kinds = {v["kind"] for v in ledger.service(ScheduleService).versions()}
    unset = kinds - set_kinds
    if not unset or set_kinds:
        return []  # once the admin has set any, the rest keep their defaults on purpose
    return [Task("desk.setup.deadlines", "due", {"count": len(unset)}, page="desk-deadlines")]
