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


def own_points(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """The signed-in cadre's own 积分 this year under the rules in force: always there, never open
    (it asks nothing; it shows where they stand), opening their profile."""
    from plugins.study.rules.queries import own_points as points

    cadre = ledger.access.own(actor).cadre_id
    found = points(ledger, cadre.hex, today) if cadre else None
    if found is None:
        return []
    rule = found["rule"]
    params = {"year": f"{found['year']['score']:g}"}
    if rule.id is None:
        return [Task("study.rules.points.todo.default", "done", params, page="study-profile", record=cadre.hex)]
    return [
        Task("study.rules.points.todo", "done", {**params, "rule": rule.name}, page="study-profile", record=cadre.hex)
    ]
