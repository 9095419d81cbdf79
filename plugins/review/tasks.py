"""The tasks the review pages show, from every plugin's to-do sources (`Registry.tasks`), and their counts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Task
    from domain.actor import Actor


def of_state(ledger: Ledger, actor: Actor, today: date, state: str) -> dict[str, list[Task]]:
    """The actor's tasks in `state` ("review": awaiting them; "returned": theirs, to correct), by source."""
    found = {
        key: [task for task in tasks if task.state == state]
        for key, tasks in ledger.registry.tasks(ledger, actor, today).items()
    }
    return {key: tasks for key, tasks in found.items() if tasks}


def awaiting_review(ledger: Ledger, actor: Actor, today: date) -> int:
    """How many items await the actor's review (the inbox's count in the navigation)."""
    return sum(map(len, of_state(ledger, actor, today, "review").values()))


def returned(ledger: Ledger, actor: Actor, today: date) -> int:
    """How many of the actor's records were returned for correction."""
    return sum(map(len, of_state(ledger, actor, today, "returned").values()))
