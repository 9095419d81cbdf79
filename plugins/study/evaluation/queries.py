"""What the evaluation page, the profile and the overview read: leaders' scores by cadre, period
and department, and self-assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

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
    where, params = ("AND c.department_id = ?", (scope.department_id,)) if scope.department_id else ("", ())
    return ledger.query(
        "SELECT e.id, e.cadre_id, c.name, d.name AS department, e.period, e.evaluator, "
        "e.ideology, e.proficiency, e.conduct, e.fairness, e.average "
        "FROM four_strong_scores e JOIN cadres c ON c.id = e.cadre_id JOIN departments d ON d.id = c.department_id "
        f"WHERE e.withdrawn = 0 AND e.period_start <= ? AND e.period_end >= ? {where} ORDER BY e.period_end, c.name",
        (scope.end.isoformat(), scope.start.isoformat(), *params),
    )


def four_strong_average(ledger: Ledger, scope: Scope) -> float | None:
    """Mean of the four-strong scores (0-100) of evaluations whose period overlaps the scope."""
    rows = _scoped_evaluations(ledger, scope)
    return round(sum(float(r["average"]) for r in rows) / len(rows), 1) if rows else None


def four_strong_records(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    return _scoped_evaluations(ledger, scope)
