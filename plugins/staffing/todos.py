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


def _subject(ledger: Ledger, row: dict) -> str:
    """What a proposal is about, in its own words: the institution(s) it names."""
    from plugins.staffing.projections import proposal_subject

    return proposal_subject(ledger, row)


def awaiting_approval(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Staffing proposals awaiting a leader's approval (not the leader's own), oldest first."""
    from plugins.staffing.projections import proposals

    rows = [r for r in proposals(ledger, "pending") if r["proposed_by"] != actor.account]
    return [
        Task(
            f"staffing.todo.approve.{r['kind']}",
            "review",
            {"subject": _subject(ledger, r), "department": r["department"] or ""},
            page="staffing-decisions",
            record=r["id"],
            who=ledger.accounts.display_name(r["proposed_by"]),
        )
        for r in reversed(rows)
    ]


def returned_to_proposer(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """The actor's staffing proposals a leader returned, each with the reason."""
    from plugins.staffing.projections import proposals

    return [
        Task(
            f"staffing.todo.returned.{r['kind']}",
            "returned",
            {"subject": _subject(ledger, r)},
            page="staffing-decisions",
            record=r["id"],
            note=r["return_reason"],
        )
        for r in proposals(ledger, "returned", proposed_by=actor.account)
    ]
