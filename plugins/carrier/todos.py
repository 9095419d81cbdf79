"""What carrier activities ask of people's day: the submitted ones a leader confirms or returns (the
审核 inbox), and the ones a leader returned to the staff member who recorded them, with the reason."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from culture_ledger.registry import Task

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor


def _page(ledger: Ledger, carrier: str) -> str | None:
    """The path of the carrier's page (an activity opens there), if it has one."""
    try:
        pages = ledger.registry.plugin(carrier).pages
    except KeyError:
        return None
    return pages[0].path if pages else None


def _rows(ledger: Ledger, review: str, recorded_by: str | None = None) -> list[dict]:
    where, params = "a.review = ? AND a.withdrawn = 0", [review]
    if recorded_by is not None:
        where += " AND a.recorded_by = ?"
        params.append(recorded_by)
    return ledger.query(
        "SELECT a.id, a.carrier, a.kind, a.title, a.occurred_on, a.recorded_by, d.name AS department, "
        "ac.display_name AS recorder, "
        "(SELECT h.reason FROM activity_history h WHERE h.activity_id = a.id AND h.action = 'returned' "
        "ORDER BY h.position DESC LIMIT 1) AS reason "
        "FROM activities a LEFT JOIN departments d ON d.id = a.department_id "
        "LEFT JOIN accounts ac ON ac.username = a.recorded_by "
        f"WHERE {where} ORDER BY a.occurred_on, a.recorded_at",
        params,
    )


def _params(row: dict) -> dict:
    return {"title": row["title"], "day": row["occurred_on"], "department": row["department"] or ""}


def awaiting_review(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Every submitted activity of every carrier, oldest first: a leader confirms or returns each
    (not the ones he recorded himself: another leader reviews those)."""
    return [
        Task(
            "carrier.todo.review",
            "review",
            _params(row),
            page=_page(ledger, row["carrier"]),
            record=row["id"],
            who=row["recorder"] or row["recorded_by"],
        )
        for row in _rows(ledger, "submitted")
        if row["recorded_by"] != actor.account
    ]


def decide(ledger: Ledger, actor: Actor, decisions: list[tuple[str, str, str]]) -> None:
    """Confirm or return activities from the inbox, all or none (`ledger.activities.review_batch`)."""
    ledger.activities.review_batch([(UUID(record), decision, reason) for record, decision, reason in decisions], actor)


def returned_to_me(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """The actor's own activities a leader returned, each with the reason, to correct and resubmit."""
    return [
        Task(
            "carrier.todo.returned",
            "returned",
            _params(row),
            page=_page(ledger, row["carrier"]),
            record=row["id"],
            note=row["reason"],
        )
        for row in _rows(ledger, "returned", recorded_by=actor.account)
    ]
