"""积分规则 on an admin's to-do list: the office has published no rules of its own yet."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.registry import Task

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def rules_unset(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """No version of the scoring rules is published: every score runs on the built-in defaults."""
    if ledger.scalar("SELECT COUNT(*) FROM study_rules"):
        return []
    return [Task("study.rules.todo.unset", "due", page="study-rules")]
