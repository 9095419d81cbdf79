"""What the training page, the profile and the overview read: sessions held, hours per cadre,
one cadre's training, and the tours with their members."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from culture_ledger.memo import shared
from plugins.study.kit import mean, roll

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Scope


def training_sessions(ledger: Ledger, start: date, end: date) -> list[dict[str, Any]]:
    return ledger.query(
        "SELECT t.id, t.title, t.organiser, t.level, t.occurred_on, t.end_on, t.hours, t.audience, t.version, "
        "(SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = t.id) AS attendees, "
        "(SELECT COUNT(*) FROM training_trainees r WHERE r.session_id = t.id) AS trainees "
        "FROM training_sessions t WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ? ORDER BY t.occurred_on DESC",
        (start.isoformat(), end.isoformat()),
    )


def session_trainees(ledger: Ledger, session_id: str | None = None, start: date | None = None) -> list[dict[str, Any]]:
    """Trainees from other offices, by office and name, with the session they attended (one session's, or
    every standing session's from `start`)."""
    where, params = ["t.withdrawn = 0"], []
    if session_id:
        where.append("r.session_id = ?")
        params.append(session_id)
    if start:
        where.append("t.occurred_on >= ?")
        params.append(start.isoformat())
    return ledger.query(
        "SELECT r.session_id, t.title, t.occurred_on, r.office, r.name FROM training_trainees r "
        f"JOIN training_sessions t ON t.id = r.session_id WHERE {' AND '.join(where)} "
        "ORDER BY t.occurred_on DESC, r.office, r.position, r.name",
        params,
    )


TRAINING_COLUMNS = ["id", "name", "department_id", "department", "hours", "sessions"]


def training_hours(ledger: Ledger, start: date, end: date, department_id: str | None = None) -> pd.DataFrame:
    """Each active cadre's training hours and sessions, counting sessions that started in the span."""
    return pd.DataFrame(training_hours_rows(ledger, start, end, department_id), columns=TRAINING_COLUMNS)


def training_hours_rows(
    ledger: Ledger, start: date, end: date, department_id: str | None = None
) -> list[dict[str, Any]]:
    """`training_hours` as rows (`TRAINING_COLUMNS`): the office's computed once and shared (`@shared`)
    when the overview asks for every department in turn."""
    rows = _training_hours(ledger, start, end)
    return [r for r in rows if r["department_id"] == department_id] if department_id else rows


@shared
def _training_hours(ledger: Ledger, start: date, end: date) -> list[dict[str, Any]]:
    attended = {
        r["id"]: r
        for r in ledger.query(
            "SELECT a.cadre_id AS id, SUM(t.hours) AS hours, COUNT(*) AS sessions FROM training_attendance a "
            "JOIN training_sessions t ON t.id = a.session_id "
            "WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ? GROUP BY a.cadre_id",
            (start.isoformat(), end.isoformat()),
        )
    }
    out = []
    for cadre in roll(ledger, start, end):
        a = attended.get(cadre["id"])
        out.append(
            {
                **cadre,
                "hours": float(a["hours"] or 0.0) if a else 0.0,
                "sessions": int(a["sessions"] or 0) if a else 0,
            }
        )
    return out


def cadre_training(ledger: Ledger, cadre_id: str, year: int) -> list[dict[str, Any]]:
    return ledger.query(
        "SELECT t.id, t.title, t.organiser, t.level, t.occurred_on, t.end_on, t.hours FROM training_attendance a "
        "JOIN training_sessions t ON t.id = a.session_id WHERE a.cadre_id = ? AND t.withdrawn = 0 "
        "AND t.occurred_on BETWEEN ? AND ? ORDER BY t.occurred_on",
        (cadre_id, f"{year}-01-01", f"{year}-12-31"),
    )


def study_tours(ledger: Ledger, cadre_id: str | None = None) -> list[dict[str, Any]]:
    """Tours (newest first) with their members' names, optionally only those a cadre went on."""
    where, params = (
        ("AND t.id IN (SELECT tour_id FROM study_tour_members WHERE cadre_id = ?)", (cadre_id,))
        if cadre_id
        else ("", ())
    )
    tours = ledger.query(
        "SELECT t.id, t.destination, t.purpose, t.occurred_on, t.end_on, t.report_title, t.report, t.report_length, "
        f"t.version FROM study_tours t WHERE t.withdrawn = 0 {where} ORDER BY t.occurred_on DESC",
        params,
    )
    members = ledger.query(
        "SELECT m.tour_id, c.name FROM study_tour_members m JOIN cadres c ON c.id = m.cadre_id ORDER BY c.name"
    )
    for tour in tours:
        tour["members"] = "、".join(m["name"] for m in members if m["tour_id"] == tour["id"])
    return tours


# --- for the overview: the indicator -------------------------------------------------------


def training_hours_per_cadre(ledger: Ledger, scope: Scope) -> float | None:
    """Training hours (sessions starting in the scope) per active cadre."""
    rows = training_hours_rows(ledger, scope.start, scope.end, scope.department_id)
    return mean([r["hours"] for r in rows]) if rows else None


def training_records(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    where, params = (
        ("AND a.cadre_id IN (SELECT id FROM cadres WHERE department_id = ?)", (scope.department_id,))
        if scope.department_id
        else ("", ())
    )
    return ledger.query(
        "SELECT t.id, t.title, t.level, t.occurred_on, t.hours, COUNT(a.cadre_id) AS attendees FROM training_sessions t "
        "JOIN training_attendance a ON a.session_id = t.id "
        f"WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ? {where} "
        "GROUP BY t.id, t.title, t.level, t.occurred_on, t.hours ORDER BY t.occurred_on",
        (scope.start.isoformat(), scope.end.isoformat(), *params),
    )


def training_attendance(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """One row per cadre and session attended in the scope, with the session's hours (for the ranking)."""
    where, params = ("AND c.department_id = ?", (scope.department_id,)) if scope.department_id else ("", ())
    return ledger.query(
        "SELECT t.id, a.cadre_id, c.name, d.name AS department, t.title, t.occurred_on, t.hours "
        "FROM training_attendance a JOIN training_sessions t ON t.id = a.session_id "
        "JOIN cadres c ON c.id = a.cadre_id JOIN departments d ON d.id = c.department_id "
        f"WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ? {where} ORDER BY t.occurred_on, c.name",
        (scope.start.isoformat(), scope.end.isoformat(), *params),
    )
