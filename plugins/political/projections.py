"""The political carrier's read model (pledges and ratings) and the figures leaders read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from culture_ledger.registry import Indicator
from event_store.projection import Db, Projection, handles
from plugins.carrier.projections import HISTORY_COLUMNS, write_history
from plugins.carrier.queries import attendance_rate, counted_activities
from plugins.political.domain import AIMS, CLEAR, PLEDGED, RATED, STANCE, Pledge

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


class PoliticalProjection(Projection):
    """Every 三争做 pledge as it stands, its latest rating, and each pledge's history."""

    name = "political"
    tables = {
        "political_pledges": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, year INTEGER NOT NULL, occurred_on TEXT NOT NULL, "
        + "".join(f"{a} TEXT, " for a in AIMS)
        + "".join(f"score_{d} INTEGER, " for d in AIMS + STANCE)
        + "rating_comment TEXT, rated_on TEXT, rated_by TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
        "recorded_by TEXT, recorded_at TEXT, version INTEGER, position INTEGER"
        + "".join(f", {c} TEXT, score_{c} INTEGER" for c in CLEAR),
        "political_history": HISTORY_COLUMNS,
    }
    indexes = ("CREATE INDEX IF NOT EXISTS political_pledges_year ON political_pledges (year, cadre_id)",)

    def create(self, db: Db, *, indexes: bool = True) -> None:
        super().create(db, indexes=indexes)
        # Read models built before the third strand was pledged and rated have no columns for it:
        # add them (NULL: those pledges hold no such commitment or score).
        db.execute("SELECT * FROM political_pledges LIMIT 0")
        columns = [c[0] for c in getattr(db.cursor, "sqlite_cursor", db.cursor).description]
        for c in CLEAR:
            if c not in columns:
                db.execute(f"ALTER TABLE political_pledges ADD COLUMN {c} TEXT")
                db.execute(f"ALTER TABLE political_pledges ADD COLUMN score_{c} INTEGER")

    @handles(Pledge.Recorded)
    def recorded(self, db: Db, e: Pledge.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO political_pledges (id, cadre_id, year, occurred_on, "
            + "".join(f"{a}, " for a in PLEDGED)
            + "withdrawn, recorded_by, recorded_at, version, position) VALUES (?,?,?,?,"
            + "?," * len(PLEDGED)
            + "0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.cadre_id.hex,
                e.year,
                e.occurred_on.isoformat(),
                *(e.commitments.get(a, "" if a in AIMS else None) for a in PLEDGED),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        write_history(db, "political_history", e, position, "recorded")

    @handles(Pledge.Amended)
    def amended(self, db: Db, e: Pledge.Amended, position: int) -> None:
        commitments = e.changes.get("commitments", {})
        db.execute(
            "UPDATE political_pledges SET " + "".join(f"{a}=?, " for a in PLEDGED) + "version=?, position=? WHERE id=?",
            (*(commitments.get(a) for a in PLEDGED), e.originator_version, position, e.originator_id.hex),
        )
        write_history(db, "political_history", e, position, "amended", e.reason)

    @handles(Pledge.Withdrawn)
    def withdrawn(self, db: Db, e: Pledge.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE political_pledges SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
        write_history(db, "political_history", e, position, "withdrawn", e.reason)

    @handles(Pledge.Rated)
    def rated(self, db: Db, e: Pledge.Rated, position: int) -> None:
        db.execute(
            "UPDATE political_pledges SET "
            + "".join(f"score_{d}=?, " for d in RATED)
            + "rating_comment=?, rated_on=?, rated_by=?, version=?, position=? WHERE id=?",
            (
                *(e.scores.get(d) for d in RATED),  # a rating from before the third strand has no score for it
                e.comment,
                e.rated_on.isoformat(),
                e.by.account,
                e.originator_version,
                position,
                e.originator_id.hex,
            ),
        )
        write_history(db, "political_history", e, position, "rated", e.comment or None)


# --- queries -------------------------------------------------------------------------


def pledges(
    ledger: Ledger, year: int, department_id: str | None = None, *, include_withdrawn: bool = True
) -> list[dict]:
    """The year's pledges with the cadre's name and department."""
    where, params = ["p.year = ?"], [year]
    if department_id:
        where.append("c.department_id = ?")
        params.append(department_id)
    if not include_withdrawn:
        where.append("p.withdrawn = 0")
    return ledger.query(
        "SELECT p.*, c.name, c.department_id, d.name AS department FROM political_pledges p "
        "JOIN cadres c ON c.id = p.cadre_id JOIN departments d ON d.id = c.department_id "
        f"WHERE {' AND '.join(where)} ORDER BY d.name, c.name",
        params,
    )


def pledge_coverage(ledger: Ledger, year: int, on: str, department_id: str | None = None) -> list[dict]:
    """Every cadre active on `on` and whether they hold a standing pledge for `year`."""
    where, params = "", [year, on, on]
    if department_id:
        where, params = " AND c.department_id = ?", [*params, department_id]
    return ledger.query(
        "SELECT c.id, c.name, d.name AS department, "
        "CASE WHEN EXISTS (SELECT 1 FROM political_pledges p WHERE p.cadre_id = c.id AND p.year = ? AND p.withdrawn = 0) "
        "THEN 1 ELSE 0 END AS pledged FROM cadres c JOIN departments d ON d.id = c.department_id "
        f"WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?){where} ORDER BY d.name, c.name",
        params,
    )


def rating_means(ledger: Ledger, year: int, department_id: str | None = None) -> dict[str, float]:
    """The mean score of each rated dimension over the year's standing, rated pledges."""
    rated = [p for p in pledges(ledger, year, department_id, include_withdrawn=False) if p["rated_on"]]
    means = {}
    for d in RATED:  # ratings from before the third strand have no score for it
        scored = [p[f"score_{d}"] for p in rated if p[f"score_{d}"] is not None]
        if scored:
            means[d] = sum(scored) / len(scored)
    return means


# --- indicators ----------------------------------------------------------------------


def _attendance(ledger: Ledger, scope) -> float | None:
    return attendance_rate(ledger, "political", scope)


def _sessions(ledger: Ledger, scope) -> int:
    return len(counted_activities(ledger, "political", scope))


def _session_records(ledger: Ledger, scope) -> list[dict]:
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "occurred_on": r["occurred_on"],
            "department": r["department"],
            "kind": r["kind"],
            "present": r["present"],
            "expected": r["expected"],
        }
        for r in counted_activities(ledger, "political", scope)
    ]


def _coverage(ledger: Ledger, scope) -> float | None:
    """Share of active cadres holding a pledge for the year; None (no data) in a year without a pledge in the office."""
    if not ledger.query(
        "SELECT 1 AS found FROM political_pledges WHERE year = ? AND withdrawn = 0 LIMIT 1", (scope.end.year,)
    ):
        return None
    rows = pledge_coverage(ledger, scope.end.year, scope.end.isoformat(), scope.department_id)
    return sum(r["pledged"] for r in rows) / len(rows) if rows else None


def _coverage_records(ledger: Ledger, scope) -> list[dict]:
    return pledge_coverage(ledger, scope.end.year, scope.end.isoformat(), scope.department_id)


def _rated_rows(ledger: Ledger, scope) -> list[dict]:
    return [p for p in pledges(ledger, scope.end.year, scope.department_id, include_withdrawn=False) if p["rated_on"]]


def _rated_good(ledger: Ledger, scope) -> float | None:
    rated = _rated_rows(ledger, scope)
    return (
        sum(all(p[f"score_{d}"] is None or p[f"score_{d}"] >= 4 for d in RATED) for p in rated) / len(rated)
        if rated
        else None
    )


def _rated_records(ledger: Ledger, scope) -> list[dict]:
    return [
        {"id": p["id"], "name": p["name"], "department": p["department"], **{d: p[f"score_{d}"] for d in RATED}}
        for p in _rated_rows(ledger, scope)
    ]


SESSION_COLUMNS = {
    "title": "field.title",
    "occurred_on": "field.occurred_on",
    "department": "political.col.department",
    "kind": "field.kind",
    "present": "field.present",
    "expected": "field.expected",
}
"""The sessions behind a figure, as a leader reads them."""

INDICATORS = (  # not ranked: the overview compares departments on a carrier by its coverage heatmap
    Indicator(
        "political_attendance",
        "political.metric.attendance",
        "political.definition.attendance",
        _attendance,
        unit="percent",
        carrier="political",
        records=_session_records,
        rank=None,
        columns=SESSION_COLUMNS,
        labels={"kind": "political.kind"},
    ),
    Indicator(
        "political_sessions",
        "political.metric.sessions",
        "political.definition.sessions",
        _sessions,
        unit="count",
        carrier="political",
        records=_session_records,
        rank=None,
        columns=SESSION_COLUMNS,
        labels={"kind": "political.kind"},
    ),
    Indicator(
        "political_pledge_coverage",
        "political.metric.pledge_coverage",
        "political.definition.pledge_coverage",
        _coverage,
        unit="percent",
        carrier="political",
        records=_coverage_records,
        rank=None,
        columns={
            "name": "political.col.name",
            "department": "political.col.department",
            "pledged": "political.col.pledged",
        },
        labels={"pledged": "yesno"},
    ),
    Indicator(
        "political_rated_good",
        "political.metric.rated_good",
        "political.definition.rated_good",
        _rated_good,
        unit="percent",
        carrier="political",
        records=_rated_records,
        rank=None,
        columns={
            "name": "political.col.name",
            "department": "political.col.department",
            "party_spirit": "field.party_spirit",
            "conduct": "political.field.conduct",
            "quality": "field.quality",
            "political_stand": "field.political_stand",
            "political_discipline": "field.political_discipline",
            "political_discernment": "field.political_discernment",
            "firm_stand": "political.aim.firm_stand",
            "clear_mind": "political.aim.clear_mind",
        },
    ),
)
