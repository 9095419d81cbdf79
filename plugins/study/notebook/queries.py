"""What the notebook page, the profile and the overview read: one cadre's book, full-text search,
and entries per cadre."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from culture_ledger.memo import shared
from plugins.study.kit import mean, roll

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Scope


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def notebook(ledger: Ledger, cadre_id: str) -> list[dict[str, Any]]:
    """A cadre's notebook as one book: every entry still counted, in date order."""
    return ledger.query(
        "SELECT n.id, n.occurred_on, n.kind, n.title, n.text, n.length, n.study_entry_id, n.version, "
        "s.material AS study_material FROM notebook_entries n LEFT JOIN study_entries s ON s.id = n.study_entry_id "
        "WHERE n.cadre_id = ? AND n.withdrawn = 0 ORDER BY n.occurred_on, n.position",
        (cadre_id,),
    )


def search_notebooks(ledger: Ledger, text: str, cadre_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Entries whose title or text contains `text` (case-insensitive), newest first."""
    where, params = ("AND n.cadre_id = ?", (cadre_id,)) if cadre_id else ("", ())
    pattern = _like(text.strip())
    return ledger.query(
        "SELECT n.id, n.occurred_on, n.kind, n.title, n.text, n.length, c.name FROM notebook_entries n "
        "JOIN cadres c ON c.id = n.cadre_id "
        "WHERE n.withdrawn = 0 AND (LOWER(n.title) LIKE ? ESCAPE '\\' OR LOWER(n.text) LIKE ? ESCAPE '\\') "
        f"{where} ORDER BY n.occurred_on DESC, n.position DESC LIMIT ?",
        (pattern, pattern, *params, limit),
    )


NOTEBOOK_COLUMNS = ["id", "name", "department_id", "department", "entries", "characters"]


def notebook_summary(ledger: Ledger, start: date, end: date, department_id: str | None = None) -> pd.DataFrame:
    """Each active cadre's notebook entries and characters written in the span."""
    return pd.DataFrame(notebook_summary_rows(ledger, start, end, department_id), columns=NOTEBOOK_COLUMNS)


def notebook_summary_rows(
    ledger: Ledger, start: date, end: date, department_id: str | None = None
) -> list[dict[str, Any]]:
    """`notebook_summary` as rows (`NOTEBOOK_COLUMNS`): the office's computed once and shared (`@shared`)
    when the overview asks for every department in turn."""
    rows = _notebook_summary(ledger, start, end)
    return [r for r in rows if r["department_id"] == department_id] if department_id else rows


@shared
def _notebook_summary(ledger: Ledger, start: date, end: date) -> list[dict[str, Any]]:
    counts = {
        r["id"]: r
        for r in ledger.query(
            "SELECT cadre_id AS id, COUNT(*) AS entries, SUM(length) AS characters FROM notebook_entries "
            "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY cadre_id",
            (start.isoformat(), end.isoformat()),
        )
    }
    out = []
    for cadre in roll(ledger, start, end):
        n = counts.get(cadre["id"])
        out.append(
            {
                **cadre,
                "entries": int(n["entries"] or 0) if n else 0,
                "characters": int(n["characters"] or 0) if n else 0,
            }
        )
    return out


# --- for the overview: the indicator -------------------------------------------------------


def notebook_per_cadre(ledger: Ledger, scope: Scope) -> float | None:
    """Notebook entries written in the scope per active cadre."""
    rows = notebook_summary_rows(ledger, scope.start, scope.end, scope.department_id)
    return mean([r["entries"] for r in rows]) if rows else None


def notebook_records(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    where, params = (
        ("AND n.cadre_id IN (SELECT id FROM cadres WHERE department_id = ?)", (scope.department_id,))
        if scope.department_id
        else ("", ())
    )
    return ledger.query(
        "SELECT n.id, n.occurred_on, n.cadre_id, c.name, d.name AS department, n.kind, n.title, n.length "
        "FROM notebook_entries n JOIN cadres c ON c.id = n.cadre_id JOIN departments d ON d.id = c.department_id "
        f"WHERE n.withdrawn = 0 AND n.occurred_on BETWEEN ? AND ? {where} "
        "ORDER BY n.occurred_on",
        (scope.start.isoformat(), scope.end.isoformat(), *params),
    )
