"""The evaluations' read model: leaders' scores per cadre and period, and self-assessments."""

from __future__ import annotations

from typing import Any

from culture_ledger.periods import Period
from event_store.projection import Db, Projection, handles
from plugins.study.domain import Evaluation, SelfAssessment
from plugins.study.kit import update_row

DIMENSIONS = ("ideology", "proficiency", "conduct", "fairness")


def _score_columns(scores: dict[str, int]) -> dict[str, Any]:
    columns: dict[str, Any] = {d: scores.get(d) for d in DIMENSIONS}
    given = [v for v in columns.values() if v is not None]
    columns["average"] = round(sum(given) / len(given), 2) if given else None
    return columns


class EvaluationProjection(Projection):
    """Leaders' four-strong scores per cadre and period (with the evaluator), and self-assessments."""

    name = "four_strong"
    title = "page.study_evaluation"
    tables = {
        "four_strong_scores": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, period TEXT NOT NULL, period_start TEXT NOT NULL, "
        "period_end TEXT NOT NULL, evaluator TEXT NOT NULL, ideology INTEGER, proficiency INTEGER, "
        "conduct INTEGER, fairness INTEGER, average REAL, comment TEXT, occurred_on TEXT, "
        "withdrawn INTEGER NOT NULL DEFAULT 0, version INTEGER, position INTEGER",
        "self_assessments": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, period TEXT NOT NULL, text TEXT NOT NULL, "
        "ideology INTEGER, proficiency INTEGER, conduct INTEGER, fairness INTEGER, average REAL, "
        "occurred_on TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, version INTEGER, position INTEGER",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS four_strong_scores_cadre ON four_strong_scores (cadre_id, period_end)",)

    @handles(Evaluation.Scored)
    def scored(self, db: Db, e: Evaluation.Scored, position: int) -> None:
        period = Period.parse(e.period)
        start, end = period.start, period.end
        s = _score_columns(e.scores)
        db.execute(
            "INSERT INTO four_strong_scores VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?)",
            (
                e.originator_id.hex,
                e.cadre_id.hex,
                e.period,
                start.isoformat(),
                end.isoformat(),
                e.evaluator,
                s["ideology"],
                s["proficiency"],
                s["conduct"],
                s["fairness"],
                s["average"],
                e.comment,
                e.occurred_on.isoformat(),
                e.originator_version,
                position,
            ),
        )

    @handles(Evaluation.Amended)
    def amended(self, db: Db, e: Evaluation.Amended, position: int) -> None:
        columns = _score_columns(e.changes["scores"]) if "scores" in e.changes else {}
        if "comment" in e.changes:
            columns["comment"] = e.changes["comment"]
        update_row(db, "four_strong_scores", e, position, columns)

    @handles(Evaluation.Withdrawn)
    def withdrawn(self, db: Db, e: Evaluation.Withdrawn, position: int) -> None:
        update_row(db, "four_strong_scores", e, position, {"withdrawn": 1})

    @handles(SelfAssessment.Written)
    def written(self, db: Db, e: SelfAssessment.Written, position: int) -> None:
        s = _score_columns(e.scores)
        db.execute(
            "INSERT INTO self_assessments VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?)",
            (
                e.originator_id.hex,
                e.cadre_id.hex,
                e.period,
                e.text,
                s["ideology"],
                s["proficiency"],
                s["conduct"],
                s["fairness"],
                s["average"],
                e.occurred_on.isoformat(),
                e.originator_version,
                position,
            ),
        )

    @handles(SelfAssessment.Amended)
    def self_amended(self, db: Db, e: SelfAssessment.Amended, position: int) -> None:
        columns = _score_columns(e.changes["scores"]) if "scores" in e.changes else {}
        if "text" in e.changes:
            columns["text"] = e.changes["text"]
        update_row(db, "self_assessments", e, position, columns)
