"""What the evaluation page, the profile and the overview read: leaders' scores by cadre, period
and department, and self-assessments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from culture_ledger import memo

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Scope


def evaluations(ledger: Ledger, cadre_id: str | None = None, period: str | None = None) -> pd.DataFrame:
    """Leaders' scores (withdrawn ones left out), with the evaluator, oldest period first."""
    clauses, params = ["e.withdrawn = 0"], []
    if cadre_id:
        clauses.append("e.cadre_id = ?")
        params.append(cadre_id)
    if period:
        clauses.append("e.period = ?")
        params.append(period)
    return pd.DataFrame(
        ledger.query(
            "SELECT e.id, e.cadre_id, c.name, d.name AS department, e.period, e.period_start, e.period_end, e.evaluator, "
            "e.ideology, e.proficiency, e.conduct, e.fairness, e.average, e.comment, e.occurred_on, e.version "
            "FROM four_strong_scores e JOIN cadres c ON c.id = e.cadre_id JOIN departments d ON d.id = c.department_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY e.period_end, c.name, e.evaluator",
            params,
        ),
        columns=[
            "id",
            "cadre_id",
            "name",
            "department",
            "period",
            "period_start",
            "period_end",
            "evaluator",
            "ideology",
            "proficiency",
            "conduct",
            "fairness",
            "average",
            "comment",
            "occurred_on",
            "version",
        ],
    )


def self_assessments(ledger: Ledger, cadre_id: str) -> list[dict[str, Any]]:
    return ledger.query(
        "SELECT period, text, ideology, proficiency, conduct, fairness, average, occurred_on "
        "FROM self_assessments WHERE cadre_id = ? AND withdrawn = 0 ORDER BY period",
        (cadre_id,),
    )


def evaluation_periods(ledger: Ledger) -> list[str]:
    return [
        r["period"]
        for r in ledger.query(
            "SELECT DISTINCT period, period_end FROM four_strong_scores WHERE withdrawn = 0 ORDER BY period_end DESC, period"
        )
    ]


def department_dimensions(ledger: Ledger, period: str) -> pd.DataFrame:
    """Mean score per department and dimension for a period (long form, for a grouped bar chart)."""
    table = evaluations(ledger, period=period)
    if table.empty:
        return pd.DataFrame(columns=["department", "dimension", "score"])
    means = table.groupby("department")[["ideology", "proficiency", "conduct", "fairness"]].mean().reset_index()
    return means.melt(id_vars="department", var_name="dimension", value_name="score").round({"score": 1})


# --- for the overview: the indicator -------------------------------------------------------


def _scoped_evaluations(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """The evaluations whose period overlaps the scope's (of its department's cadres). Within a computation
    that said which days it is about (a trend), those overlapping the whole span are read once and each
    period's taken from them."""
    span = memo.span()
    first, last = (
        (span[0], span[1]) if span and span[0] <= scope.start and scope.end <= span[1] else (scope.start, scope.end)
    )
    start, end = scope.start.isoformat(), scope.end.isoformat()
    return [
        {k: v for k, v in r.items() if k not in _FOR_FILTERING}
        for r in _evaluations_over(ledger, first, last)
        if r["period_start"] <= end
        and r["period_end"] >= start
        and (not scope.department_id or r["department_id"] == scope.department_id)
    ]


_FOR_FILTERING = ("department_id", "period_start", "period_end")


@memo.shared
def _evaluations_over(ledger: Ledger, start: date, end: date) -> list[dict[str, Any]]:
    return ledger.query(
        "SELECT e.id, e.cadre_id, c.name, d.name AS department, e.period, e.evaluator, "
        "e.ideology, e.proficiency, e.conduct, e.fairness, e.average, c.department_id, e.period_start, e.period_end "
        "FROM four_strong_scores e JOIN cadres c ON c.id = e.cadre_id JOIN departments d ON d.id = c.department_id "
        "WHERE e.withdrawn = 0 AND e.period_start <= ? AND e.period_end >= ? ORDER BY e.period_end, c.name",
        (end.isoformat(), start.isoformat()),
    )


def four_strong_average(ledger: Ledger, scope: Scope) -> float | None:
    """Mean of the four-strong scores (0-100) of evaluations whose period overlaps the scope."""
    rows = _scoped_evaluations(ledger, scope)
    return round(sum(float(r["average"]) for r in rows) / len(rows), 1) if rows else None


def four_strong_records(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    return _scoped_evaluations(ledger, scope)
