"""Questions every carrier asks of the shared `activities` read model: its rows, what counts,
attendance, who held nothing. Counted means confirmed by a leader and not withdrawn."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from culture_ledger import memo

# --- queries every carrier shares ------------------------------------------------------
# Counted means: confirmed by a leader and not withdrawn. Only counted activities feed indicators.

COUNTED = "a.review = 'confirmed' AND a.withdrawn = 0"


def _where(
    carrier: str,
    *,
    start: date | None = None,
    end: date | None = None,
    department_id: str | None = None,
    kinds: tuple[str, ...] | list[str] | None = None,
    idea: str | None = None,
    search: str | None = None,
    counted_only: bool = False,
    record_id: str | None = None,
) -> tuple[str, list[Any]]:
    clauses, params = ["a.carrier = ?"], [carrier]
    if record_id:
        clauses.append("a.id = ?")
        params.append(record_id)
    if start is not None:
        clauses.append("a.occurred_on >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append("a.occurred_on <= ?")
        params.append(end.isoformat())
    if department_id:
        clauses.append("a.department_id = ?")
        params.append(department_id)
    if kinds:
        clauses.append(f"a.kind IN ({','.join('?' for _ in kinds)})")
        params.extend(kinds)
    if idea:
        clauses.append("(',' || a.ideas || ',') LIKE ?")
        params.append(f"%,{idea},%")
    if search:
        clauses.append(
            "(a.title LIKE ? OR a.content LIKE ? OR a.outcome LIKE ? OR a.place LIKE ? OR a.organiser LIKE ?)"
        )
        params.extend([f"%{search}%"] * 5)
    if counted_only:
        clauses.append(COUNTED)
    return " AND ".join(clauses), params


def activity_rows(ledger, carrier: str, **filters: Any) -> list[dict[str, Any]]:
    """A carrier's activities (newest first) with their department's name, filtered by period,
    department, kinds, idea, a search text or one record's id; JSON columns decoded."""
    where, params = _where(carrier, **filters)
    rows = ledger.query(
        "SELECT a.*, d.name AS department FROM activities a LEFT JOIN departments d ON d.id = a.department_id "
        f"WHERE {where} ORDER BY a.occurred_on DESC, a.recorded_at DESC",
        params,
    )
    for row in rows:
        for key in ("absentees", "evidence", "details"):
            row[key] = json.loads(row[key]) if row.get(key) else ([] if key != "details" else {})
        row["ideas"] = [i for i in (row.get("ideas") or "").split(",") if i]
    return rows


def activity_history(ledger, activity_id: str) -> list[dict[str, Any]]:
    """Every step of one activity: recorded, submitted, confirmed/returned, amended, withdrawn."""
    return ledger.query(
        "SELECT position, at, action, account, role, reason FROM activity_history "
        "WHERE activity_id = ? ORDER BY position",
        (activity_id,),
    )


def scope_filters(scope: Any) -> dict[str, Any]:
    """The activity filters of an indicator scope (registry.Scope)."""
    return {
        "start": scope.start,
        "end": scope.end,
        "department_id": scope.department_id,
        "idea": getattr(scope, "idea", None),
    }


def counted_activities(ledger, carrier: str, scope: Any, kinds: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The confirmed, not withdrawn activities of a carrier within an indicator scope.

    Within a computation that said which days it is about (`memo.computation(span=...)`: a trend's
    periods), the carrier's counted activities of the whole span are read once and each period's
    taken from them: a trend asks the store once per carrier, not once per period and department."""
    filters = scope_filters(scope)
    span = memo.span()
    if span is None or not (span[0] <= filters["start"] and filters["end"] <= span[1]):
        return activity_rows(ledger, carrier, kinds=kinds, counted_only=True, **filters)
    first, last = filters["start"].isoformat(), filters["end"].isoformat()
    department, idea = filters["department_id"], filters["idea"]
    return [
        dict(r)
        for r in _counted_over(ledger, carrier, tuple(kinds) if kinds else None, span[0], span[1])
        if first <= r["occurred_on"] <= last
        and (not department or r["department_id"] == department)
        and (not idea or idea in r["ideas"])
    ]


@memo.shared
def _counted_over(ledger, carrier: str, kinds: tuple[str, ...] | None, start: date, end: date) -> list[dict[str, Any]]:
    return activity_rows(ledger, carrier, kinds=kinds, counted_only=True, start=start, end=end)


def activity_records(carrier: str, kinds: tuple[str, ...] | None = None, extra: tuple[str, ...] = ()):
    """The records behind a count of counted activities: id, title, date, department (and `extra` columns)."""

    def rows(ledger, scope: Any) -> list[dict[str, Any]]:
        return [
            {
                "id": r["id"],
                "title": r["title"],
                "occurred_on": r["occurred_on"],
                "department": r["department"],
                **{k: r[k] for k in extra},
            }
            for r in counted_activities(ledger, carrier, scope, kinds=kinds)
        ]

    return rows


def activity_columns(**extra: str) -> dict[str, str]:
    """The headers of `activity_records` (an indicator's `columns`): title, date, department, and
    each `extra` column under its catalog key."""
    return {"title": "field.title", "occurred_on": "field.occurred_on", "department": "carrier.col.department", **extra}


def count_of(records):
    """An indicator's value as the number of its records."""

    def count(ledger, scope: Any) -> int:
        return len(records(ledger, scope))

    return count


def attendance_rate(ledger, carrier: str, scope: Any, kinds: tuple[str, ...] | None = None) -> float | None:
    """Σ present / Σ expected over counted activities that expected anyone (None when none did)."""
    where, params = _where(carrier, kinds=kinds, counted_only=True, **scope_filters(scope))
    row = ledger.query(
        f"SELECT SUM(a.present) AS present, SUM(a.expected) AS expected FROM activities a "
        f"WHERE {where} AND a.expected > 0",
        params,
    )[0]
    return (row["present"] / row["expected"]) if row["expected"] else None


def departments_without_activity(
    ledger, carrier: str, start: date, end: date, kinds: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Departments that held no counted activity of the carrier between start and end (the gaps)."""
    where, params = _where(carrier, start=start, end=end, kinds=kinds, counted_only=True)
    return ledger.query(
        "SELECT d.id, d.name FROM departments d WHERE d.id NOT IN "
        f"(SELECT a.department_id FROM activities a WHERE {where}) ORDER BY d.name",
        params,
    )
