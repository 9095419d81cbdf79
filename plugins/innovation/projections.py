"""The innovation carrier's read model (proposals and the dates of each step), the funnel and
the figures leaders read."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.registry import Indicator
from event_store.projection import Db, Projection, handles
from plugins.carrier.projections import HISTORY_COLUMNS, write_history
from plugins.carrier.queries import activity_columns, activity_records, count_of
from plugins.innovation.domain import STAGES, Proposal

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


class InnovationProjection(Projection):
    """Every proposal with the date it reached each stage, and its history."""

    name = "innovation"
    tables = {
        "innovation_proposals": "id TEXT PRIMARY KEY, title TEXT NOT NULL, proposer_id TEXT NOT NULL, department_id TEXT NOT NULL, "
        "problem TEXT, idea TEXT, expected_effect TEXT, observed_effect TEXT, ideas TEXT, "
        "stage TEXT NOT NULL, submitted_on TEXT NOT NULL, evaluated_on TEXT, score INTEGER, "
        "evaluation TEXT, adopted_on TEXT, piloted_on TEXT, pilot_scope TEXT, implemented_on TEXT, "
        "rejected_on TEXT, reject_reason TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
        "recorded_by TEXT, recorded_at TEXT, version INTEGER, position INTEGER",
        "innovation_history": HISTORY_COLUMNS,
    }

    def _step(self, db: Db, e: Any, position: int, stage: str, sets: dict[str, Any], note: str | None) -> None:
        columns = {"stage": stage, **sets}
        db.execute(
            f"UPDATE innovation_proposals SET {''.join(f'{k}=?, ' for k in columns)}version=?, position=? WHERE id=?",
            (*columns.values(), e.originator_version, position, e.originator_id.hex),
        )
        write_history(db, "innovation_history", e, position, stage, note or None)

    @handles(Proposal.Recorded)
    def submitted(self, db: Db, e: Proposal.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO innovation_proposals (id, title, proposer_id, department_id, problem, idea, expected_effect, "
            "ideas, stage, submitted_on, withdrawn, recorded_by, recorded_at, version, position) "
            "VALUES (?,?,?,?,?,?,?,?,'submitted',?,0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.title,
                e.proposer_id.hex,
                e.department_id.hex,
                e.problem,
                e.idea,
                e.expected_effect,
                ",".join(e.ideas),
                e.occurred_on.isoformat(),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        write_history(db, "innovation_history", e, position, "recorded")

    @handles(Proposal.Evaluated)
    def evaluated(self, db: Db, e: Proposal.Evaluated, position: int) -> None:
        self._step(
            db,
            e,
            position,
            "evaluated",
            {"evaluated_on": e.on.isoformat(), "score": e.score, "evaluation": e.opinion},
            f"{e.score}/5 {e.opinion}",
        )

    @handles(Proposal.Adopted)
    def adopted(self, db: Db, e: Proposal.Adopted, position: int) -> None:
        self._step(db, e, position, "adopted", {"adopted_on": e.on.isoformat()}, e.opinion)

    @handles(Proposal.Piloted)
    def piloted(self, db: Db, e: Proposal.Piloted, position: int) -> None:
        self._step(
            db, e, position, "piloted", {"piloted_on": e.on.isoformat(), "pilot_scope": e.pilot_scope}, e.pilot_scope
        )

    @handles(Proposal.Implemented)
    def implemented(self, db: Db, e: Proposal.Implemented, position: int) -> None:
        self._step(
            db,
            e,
            position,
            "implemented",
            {"implemented_on": e.on.isoformat(), "observed_effect": e.observed_effect},
            e.observed_effect,
        )

    @handles(Proposal.Rejected)
    def rejected(self, db: Db, e: Proposal.Rejected, position: int) -> None:
        self._step(db, e, position, "rejected", {"rejected_on": e.on.isoformat(), "reject_reason": e.reason}, e.reason)

    @handles(Proposal.Amended)
    def amended(self, db: Db, e: Proposal.Amended, position: int) -> None:
        for key in ("title", "problem", "idea", "expected_effect"):
            if key in e.changes:
                db.execute(f"UPDATE innovation_proposals SET {key}=? WHERE id=?", (e.changes[key], e.originator_id.hex))
        db.execute(
            "UPDATE innovation_proposals SET version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
        write_history(db, "innovation_history", e, position, "amended", e.reason)

    @handles(Proposal.Withdrawn)
    def withdrawn(self, db: Db, e: Proposal.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE innovation_proposals SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
        write_history(db, "innovation_history", e, position, "withdrawn", e.reason)


# --- queries -------------------------------------------------------------------------


def proposals(
    ledger: Ledger,
    *,
    start: date | None = None,
    end: date | None = None,
    department_id: str | None = None,
    search: str | None = None,
    include_withdrawn: bool = True,
) -> list[dict]:
    """Proposals submitted within start..end, with the proposer's name and department."""
    where, params = ["1=1"], []
    for clause, value in (
        ("p.submitted_on >= ?", start and start.isoformat()),
        ("p.submitted_on <= ?", end and end.isoformat()),
        ("p.department_id = ?", department_id),
    ):
        if value:
            where.append(clause)
            params.append(value)
    if search:
        where.append("(p.title LIKE ? OR p.problem LIKE ? OR p.idea LIKE ? OR p.observed_effect LIKE ?)")
        params.extend([f"%{search}%"] * 4)
    if not include_withdrawn:
        where.append("p.withdrawn = 0")
    rows = ledger.query(
        "SELECT p.*, c.name AS proposer, d.name AS department FROM innovation_proposals p "
        "LEFT JOIN cadres c ON c.id = p.proposer_id LEFT JOIN departments d ON d.id = p.department_id "
        f"WHERE {' AND '.join(where)} ORDER BY p.submitted_on DESC, p.title",
        params,
    )
    for r in rows:
        r["ideas"] = [i for i in (r["ideas"] or "").split(",") if i]
    return rows


def funnel(rows: list[dict]) -> list[dict]:
    """How many of the (standing) proposals reached each stage, in order: a rejected one counts up to where it got."""
    standing = [r for r in rows if not r["withdrawn"]]
    return [
        {"stage": stage, "n": sum(1 for r in standing if stage == "submitted" or r[f"{stage}_on"])} for stage in STAGES
    ]


# --- indicators ----------------------------------------------------------------------


def _submitted_rows(ledger: Ledger, scope) -> list[dict]:
    return proposals(
        ledger, start=scope.start, end=scope.end, department_id=scope.department_id, include_withdrawn=False
    )


def _submitted(ledger: Ledger, scope) -> int:
    return len(_submitted_rows(ledger, scope))


def _conversion(ledger: Ledger, scope) -> float | None:
    rows = _submitted_rows(ledger, scope)
    return sum(1 for r in rows if r["implemented_on"]) / len(rows) if rows else None


def _implemented_rows(ledger: Ledger, scope) -> list[dict]:
    start, end = scope.start.isoformat(), scope.end.isoformat()
    return [
        r
        for r in proposals(ledger, department_id=scope.department_id, include_withdrawn=False)
        if r["implemented_on"] and start <= r["implemented_on"] <= end
    ]


def _implemented(ledger: Ledger, scope) -> int:
    return len(_implemented_rows(ledger, scope))


_seminar_rows = activity_records("innovation", kinds=("innovation_seminar",))
_seminars = count_of(_seminar_rows)


PROPOSAL_COLUMNS = {
    "title": "innovation.col.title",
    "proposer": "innovation.col.proposer",
    "department": "innovation.col.department",
    "submitted_on": "innovation.col.submitted_on",
    "stage": "innovation.col.stage",
    "problem": "field.problem",
    "idea": "field.idea",
    "ideas": "carrier.col.ideas",
    "score": "innovation.col.score",
    "expected_effect": "innovation.col.expected_effect",
    "observed_effect": "innovation.col.observed_effect",
    "implemented_on": "innovation.col.implemented_on",
}
"""The proposals behind a figure, as a leader reads them (`idea` is the proposal's content, `ideas` the
three ideas it serves)."""
PROPOSAL_LABELS = {"stage": "innovation.stage", "ideas": "ideas"}


INDICATORS = (  # not ranked: the overview compares departments on a carrier by its coverage heatmap
    Indicator(
        "innovation_proposals",
        "innovation.metric.proposals",
        "innovation.definition.proposals",
        _submitted,
        unit="count",
        carrier="innovation",
        records=_submitted_rows,
        rank=None,
        columns=PROPOSAL_COLUMNS,
        labels=PROPOSAL_LABELS,
    ),
    Indicator(
        "innovation_conversion",
        "innovation.metric.conversion",
        "innovation.definition.conversion",
        _conversion,
        unit="percent",
        carrier="innovation",
        records=_submitted_rows,
        rank=None,
        columns=PROPOSAL_COLUMNS,
        labels=PROPOSAL_LABELS,
    ),
    Indicator(
        "innovation_implemented",
        "innovation.metric.implemented",
        "innovation.definition.implemented",
        _implemented,
        unit="count",
        carrier="innovation",
        records=_implemented_rows,
        rank=None,
        columns=PROPOSAL_COLUMNS,
        labels=PROPOSAL_LABELS,
    ),
    Indicator(
        "innovation_seminars",
        "innovation.metric.seminars",
        "innovation.definition.seminars",
        _seminars,
        unit="count",
        carrier="innovation",
        records=_seminar_rows,
        rank=None,
        columns=activity_columns(),
    ),
)
