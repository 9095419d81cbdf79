"""The integrity carrier's read model (five-type organ assessments) and the figures leaders read."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from culture_ledger.periods import Period
from culture_ledger.registry import Indicator
from event_store.projection import Db, Projection, handles
from plugins.carrier.projections import HISTORY_COLUMNS, write_history
from plugins.carrier.queries import counted_activities
from plugins.integrity.domain import FIVE_ORGAN_TYPES, OrganAssessment

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


class IntegrityProjection(Projection):
    """Every five-type organ assessment as it stands, with its mean, evidence and history."""

    name = "integrity"
    tables = {
        "integrity_assessments": "id TEXT PRIMARY KEY, department_id TEXT NOT NULL, period TEXT NOT NULL, "
        "period_start TEXT NOT NULL, period_end TEXT NOT NULL, "
        + "".join(f"score_{k} INTEGER, " for k in FIVE_ORGAN_TYPES)
        + "mean REAL, comment TEXT, evidence TEXT, occurred_on TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
        "assessed_by TEXT, recorded_at TEXT, version INTEGER, position INTEGER",
        "integrity_history": HISTORY_COLUMNS,
    }

    @handles(OrganAssessment.Recorded)
    def assessed(self, db: Db, e: OrganAssessment.Recorded, position: int) -> None:
        quarter = Period.parse(e.period)
        start, end = quarter.start, quarter.end
        scores = [e.scores[k] for k in FIVE_ORGAN_TYPES]
        db.execute(
            f"INSERT INTO integrity_assessments VALUES (?,?,?,?,?,{'?,' * 5}?,?,?,?,0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.department_id.hex,
                e.period,
                start.isoformat(),
                end.isoformat(),
                *scores,
                sum(scores) / len(scores),
                e.comment,
                json.dumps(e.evidence, ensure_ascii=False),
                e.occurred_on.isoformat(),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        write_history(db, "integrity_history", e, position, "assessed")

    @handles(OrganAssessment.Amended)
    def amended(self, db: Db, e: OrganAssessment.Amended, position: int) -> None:
        if "scores" in e.changes:
            scores = [e.changes["scores"][k] for k in FIVE_ORGAN_TYPES]
            db.execute(
                "UPDATE integrity_assessments SET "
                + "".join(f"score_{k}=?, " for k in FIVE_ORGAN_TYPES)
                + "mean=? WHERE id=?",
                (*scores, sum(scores) / len(scores), e.originator_id.hex),
            )
        if "comment" in e.changes:
            db.execute(
                "UPDATE integrity_assessments SET comment=? WHERE id=?", (e.changes["comment"], e.originator_id.hex)
            )
        db.execute(
            "UPDATE integrity_assessments SET version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
        write_history(db, "integrity_history", e, position, "amended", e.reason)

    @handles(OrganAssessment.Withdrawn)
    def withdrawn(self, db: Db, e: OrganAssessment.Withdrawn, position: int) -> None:
        db.execute(
            "UPDATE integrity_assessments SET withdrawn=1, version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )
        write_history(db, "integrity_history", e, position, "withdrawn", e.reason)


# --- queries -------------------------------------------------------------------------


def assessments(
    ledger: Ledger, *, start=None, end=None, department_id: str | None = None, include_withdrawn: bool = True
) -> list[dict]:
    """Assessments of quarters overlapping start..end, with the department's name and evidence decoded."""
    where, params = ["1=1"], []
    for clause, value in (
        ("a.period_end >= ?", start and start.isoformat()),
        ("a.period_start <= ?", end and end.isoformat()),
        ("a.department_id = ?", department_id),
    ):
        if value:
            where.append(clause)
            params.append(value)
    if not include_withdrawn:
        where.append("a.withdrawn = 0")
    rows = ledger.query(
        "SELECT a.*, d.name AS department FROM integrity_assessments a LEFT JOIN departments d "
        f"ON d.id = a.department_id WHERE {' AND '.join(where)} ORDER BY a.period DESC, d.name",
        params,
    )
    for r in rows:
        r["evidence"] = json.loads(r["evidence"] or "[]")
    return rows


def type_means(rows: list[dict]) -> dict[str, float]:
    """Mean score of each of the five types over standing assessments."""
    standing = [r for r in rows if not r["withdrawn"]]
    return {k: sum(r[f"score_{k}"] for r in standing) / len(standing) for k in FIVE_ORGAN_TYPES} if standing else {}


def participants(rows: list[dict]) -> set[str]:
    """Everyone named as taking part in the given culture and sports events."""
    return {name for r in rows if r["kind"] == "culture_sports" for name in r["details"].get("participants", [])}


# --- indicators ----------------------------------------------------------------------


def _assessment_rows(ledger: Ledger, scope) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "department": r["department"],
            "period": r["period"],
            "mean": r["mean"],
            **{k: r[f"score_{k}"] for k in FIVE_ORGAN_TYPES},
        }
        for r in assessments(
            ledger, start=scope.start, end=scope.end, department_id=scope.department_id, include_withdrawn=False
        )
    ]


def _five_type(ledger: Ledger, scope) -> float | None:
    rows = _assessment_rows(ledger, scope)
    return round(sum(r["mean"] for r in rows) / len(rows), 1) if rows else None


def _kind_rows(kind: str):
    def rows(ledger: Ledger, scope) -> list[dict]:
        return [
            {
                "id": r["id"],
                "title": r["title"],
                "occurred_on": r["occurred_on"],
                "department": r["department"],
                **r["details"],
            }
            for r in counted_activities(ledger, "integrity", scope, kinds=(kind,))
        ]

    return rows


def _education(ledger: Ledger, scope) -> int:
    return len(counted_activities(ledger, "integrity", scope, kinds=("integrity_education",)))


def _participants(ledger: Ledger, scope) -> int:
    return len(participants(counted_activities(ledger, "integrity", scope, kinds=("culture_sports",))))


def _honours(ledger: Ledger, scope) -> int:
    return len(counted_activities(ledger, "integrity", scope, kinds=("collective_honour",)))


ACTIVITY_COLUMNS = {
    "title": "field.title",
    "occurred_on": "field.occurred_on",
    "department": "integrity.col.department",
}
ACTIVITY_LABELS = {"form": "integrity.form", "event_type": "integrity.event_type", "level": "integrity.level"}
"""The activities behind a figure as a leader reads them: the carrier's columns, then each kind's details."""


INDICATORS = (  # not ranked: the overview compares departments on a carrier by its coverage heatmap
    Indicator(
        "integrity_five_type_score",
        "integrity.metric.five_type",
        "integrity.definition.five_type",
        _five_type,
        unit="score",
        carrier="integrity",
        records=_assessment_rows,
        rank=None,
        columns={
            "department": "integrity.col.department",
            "period": "integrity.col.period",
            "mean": "integrity.col.mean",
            **{k: f"integrity.type.{k}" for k in FIVE_ORGAN_TYPES},
        },
    ),
    Indicator(
        "integrity_education_sessions",
        "integrity.metric.education",
        "integrity.definition.education",
        _education,
        unit="count",
        carrier="integrity",
        records=_kind_rows("integrity_education"),
        rank=None,
        columns={**ACTIVITY_COLUMNS, "form": "integrity.field.form", "topic": "integrity.field.topic"},
        labels=ACTIVITY_LABELS,
    ),
    Indicator(
        "integrity_event_participants",
        "integrity.metric.participants",
        "integrity.definition.participants",
        _participants,
        unit="count",
        carrier="integrity",
        records=_kind_rows("culture_sports"),
        rank=None,
        columns={
            **ACTIVITY_COLUMNS,
            "event_type": "integrity.field.event_type",
            "participants": "integrity.field.participants",
            "awards": "integrity.field.awards",
        },
        labels=ACTIVITY_LABELS,
    ),
    Indicator(
        "integrity_collective_honours",
        "integrity.metric.honours",
        "integrity.definition.honours",
        _honours,
        unit="count",
        carrier="integrity",
        records=_kind_rows("collective_honour"),
        rank=None,
        columns={
            **ACTIVITY_COLUMNS,
            "honour": "integrity.field.honour",
            "awarding_body": "integrity.field.awarding_body",
            "level": "integrity.field.level",
        },
        labels=ACTIVITY_LABELS,
    ),
)
