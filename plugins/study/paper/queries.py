"""What the paper page, the profile and the overview read: every cadre's paper of a year, who is
missing one, and one cadre's paper."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from culture_ledger.memo import shared
from plugins.study.domain import SUBMITTED_STATES
from plugins.study.kit import of_department, roll

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Scope


def papers_of_year(ledger: Ledger, year: int, department_id: str | None = None) -> pd.DataFrame:
    """Every cadre on the roll in the year, with their paper (if any) and where it stands.

    `missing` is true for a cadre who has not submitted a paper (none, or still a draft):
    leaders see it all year, before the year ends.
    """
    return of_department(_papers_of_year(ledger, year), department_id)


@shared
def _papers_of_year(ledger: Ledger, year: int) -> pd.DataFrame:
    cadres = pd.DataFrame(
        roll(ledger, date(year, 1, 1), date(year, 12, 31)),
        columns=["id", "name", "department_id", "department"],
    ).rename(columns={"id": "cadre_id"})
    papers = pd.DataFrame(
        ledger.query(
            "SELECT id AS paper_id, cadre_id, kind, title, abstract, state, grade, comment, reviewer, submitted_on, "
            "reviewed_on, venue, version FROM annual_papers WHERE year = ? AND withdrawn = 0",
            (year,),
        ),
        columns=[
            "paper_id",
            "cadre_id",
            "kind",
            "title",
            "abstract",
            "state",
            "grade",
            "comment",
            "reviewer",
            "submitted_on",
            "reviewed_on",
            "venue",
            "version",
        ],
    )
    out = cadres.merge(papers, on="cadre_id", how="left")
    out["missing"] = ~out["state"].isin(SUBMITTED_STATES)
    return out


def paper_of(ledger: Ledger, cadre_id: str, year: int) -> dict[str, Any] | None:
    rows = ledger.query(
        "SELECT * FROM annual_papers WHERE cadre_id = ? AND year = ? AND withdrawn = 0", (cadre_id, year)
    )
    return rows[0] if rows else None


# --- for the overview: the indicator -------------------------------------------------------


def paper_submission_rate(ledger: Ledger, scope: Scope) -> float | None:
    """Share of the cadres on the roll that year who have submitted the year's paper (year of the scope's end).

    None (no data) for a year in which nobody in the office has a paper on the ledger (before it was kept)."""
    any_paper, counts = _submissions(ledger, scope.end.year)
    if not any_paper:
        return None
    on_roll, submitted = counts.get(scope.department_id or None, (0, 0))
    return submitted / on_roll if on_roll else None


@shared
def _submissions(ledger: Ledger, year: int) -> tuple[bool, dict[str | None, tuple[int, int]]]:
    """Whether anyone on the year's roll has a paper, and per department (None: the office) the cadres
    on the roll and how many of them submitted: the rate of every department from one table. Counted
    in the store (a row per department), as `_papers_of_year`'s table would count: the roll joined to
    the year's papers not withdrawn."""
    states = sorted(SUBMITTED_STATES)
    rows = ledger.query(
        "SELECT c.department_id, COUNT(*) AS on_roll, COUNT(p.id) AS papers, "
        f"SUM(CASE WHEN p.state IN ({', '.join('?' for _ in states)}) THEN 1 ELSE 0 END) AS submitted "
        "FROM cadres c JOIN departments d ON d.id = c.department_id "
        "LEFT JOIN annual_papers p ON p.cadre_id = c.id AND p.year = ? AND p.withdrawn = 0 "
        "WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?) GROUP BY c.department_id",
        (*states, year, date(year, 12, 31).isoformat(), date(year, 1, 1).isoformat()),
    )
    counts: dict[str | None, tuple[int, int]] = {}
    for r in rows:
        for key in (None, r["department_id"]):
            on_roll, submitted = counts.get(key, (0, 0))
            counts[key] = (on_roll + int(r["on_roll"]), submitted + int(r["submitted"] or 0))
    return any(int(r["papers"]) for r in rows), counts


def paper_records(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    table = papers_of_year(ledger, scope.end.year, scope.department_id)
    text = lambda v: v if isinstance(v, str) else None  # noqa: E731 (pandas gives NaN for no paper)
    return [
        {
            "id": text(r["paper_id"]) or r["cadre_id"],
            "name": r["name"],
            "department": r["department"],
            "title": text(r["title"]),
            "state": text(r["state"]) or "none",
            "grade": text(r["grade"]),
            "missing": bool(r["missing"]),
        }
        for r in table.to_dict("records")
    ]


def paper_roll(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """The cadres on the roll in the scope's year, each with whether they submitted the paper (for the ranking)."""
    table = papers_of_year(ledger, scope.end.year, scope.department_id)
    return [
        {
            "id": r["paper_id"] if isinstance(r["paper_id"], str) else r["cadre_id"],
            "cadre_id": r["cadre_id"],
            "name": r["name"],
            "department_id": r["department_id"],
            "department": r["department"],
            "submitted": not r["missing"],
        }
        for r in table.to_dict("records")
    ]
