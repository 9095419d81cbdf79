"""What a cadre's profile shows, gathered from every record's queries in one place: the page only draws it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from domain import clock
from plugins.study.daily.queries import daily_minutes, study_minutes, study_streak
from plugins.study.evaluation.queries import evaluations, self_assessments
from plugins.study.notebook.queries import notebook
from plugins.study.paper.queries import paper_of
from plugins.study.training.queries import cadre_training, study_tours

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


def cadre(ledger: Ledger, cadre_id: str) -> dict[str, Any] | None:
    rows = ledger.query(
        "SELECT c.id, c.name, c.position, c.joined_on, c.retired_on, d.name AS department "
        "FROM cadres c JOIN departments d ON d.id = c.department_id WHERE c.id = ?",
        (cadre_id,),
    )
    return rows[0] if rows else None


def profile(ledger: Ledger, cadre_id: str, today: date | None = None, private: Iterable[str] = ()) -> dict[str, Any]:
    """Everything on a cadre's profile page, in one place: the page only draws it. The `private`
    record kinds (the reader may not read this cadre's: `rights.RECORDS`) are left empty."""
    private = set(private)
    scored = evaluations(ledger, cadre_id=cadre_id)
    today = today or clock.today()
    year = today.year
    month_start = today.replace(day=1)
    return {
        "cadre": cadre(ledger, cadre_id),
        "streak": study_streak(ledger, cadre_id, today),
        "minutes_month": study_minutes(ledger, cadre_id, month_start, today),
        "minutes_year": study_minutes(ledger, cadre_id, date(year, 1, 1), today),
        "daily": daily_minutes(ledger, cadre_id, today - timedelta(days=41), today),
        "notebook": [] if "notebook" in private else notebook(ledger, cadre_id),
        "paper": None if "paper" in private else paper_of(ledger, cadre_id, year),
        "training": cadre_training(ledger, cadre_id, year),
        "training_hours": sum(float(t["hours"]) for t in cadre_training(ledger, cadre_id, year)),
        "tours": study_tours(ledger, cadre_id),
        "evaluations": scored.iloc[0:0] if "evaluation" in private else scored,
        "self_assessments": [] if "self_assessment" in private else self_assessments(ledger, cadre_id),
    }
