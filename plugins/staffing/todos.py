"""人才发展规划 on an admin's to-do list: the jurisdiction's talent plan has no targets yet."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.registry import Task

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def talent_plan_unset(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """No talent plan targets are set: quota decisions cannot be read against the plan."""
    if ledger.scalar("SELECT COUNT(*) FROM staffing_talent_targets"):
        return []
    return [Task("staffing.todo.plan_unset", "due", page="staffing-plan")]
