"""Read models of the four-strong team's records: notebook, papers, training, tours,
evaluations and rule versions. One projection, one read model; each can be rebuilt from 0."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from event_store.projection import Db, Projection, handles
from plugins.study.domain import (AnnualPaper, Evaluation, NotebookEntry, RuleSet, SelfAssessment, StudyTour,
                                  TrainingSession)
from plugins.study.scoring import period_bounds


def text_length(text: str) -> int:
    """字数: characters, not counting whitespace."""
    return len("".join(text.split()))


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def _update(db: Db, table: str, e: Any, position: int, columns: dict[str, Any]) -> None:
    sets = "".join(f"{k}=?, " for k in columns)
    db.execute(f"UPDATE {table} SET {sets}version=?, position=? WHERE id=?",
               (*[_value(v) for v in columns.values()], e.originator_version, position, e.originator_id.hex))


class NotebookProjection(Projection):
    """Every notebook entry with its length, searchable; withdrawn ones flagged, not removed."""

    name = "notebook"
    tables = {
        "notebook_entries": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, occurred_on TEXT NOT NULL, kind TEXT NOT NULL, "
                            "title TEXT NOT NULL, text TEXT NOT NULL, length INTEGER NOT NULL, study_entry_id TEXT, "
                            "withdrawn INTEGER NOT NULL DEFAULT 0, recorded_at TEXT, recorded_by TEXT, "
                            "version INTEGER, position INTEGER",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS notebook_entries_cadre ON notebook_entries (cadre_id, occurred_on)",)

    @handles(NotebookEntry.Recorded)
    def recorded(self, db: Db, e: NotebookEntry.Recorded, position: int) -> None:
        db.execute("INSERT INTO notebook_entries VALUES (?,?,?,?,?,?,?,?,0,?,?,?,?)",
                   (e.originator_id.hex, e.cadre_id.hex, e.occurred_on.isoformat(), e.kind, e.title, e.text,
                    text_length(e.text), e.study_entry_id.hex if e.study_entry_id else None, e.timestamp.isoformat(),
                    e.by.account, e.originator_version, position))

    @handles(NotebookEntry.Amended)
    def amended(self, db: Db, e: NotebookEntry.Amended, position: int) -> None:
        columns = {k: v for k, v in e.changes.items() if k in ("occurred_on", "kind", "title", "text")}
        if "text" in columns:
            columns["length"] = text_length(columns["text"])
        _update(db, "notebook_entries", e, position, columns)

    @handles(NotebookEntry.Withdrawn)
    def withdrawn(self, db: Db, e: NotebookEntry.Withdrawn, position: int) -> None:
        _update(db, "notebook_entries", e, position, {"withdrawn": 1})


class PaperProjection(Projection):
    """Each cadre's annual paper and where it stands: draft, submitted, reviewed, recommended, published."""

    name = "annual_papers"
    tables = {
        "annual_papers": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL, "
                         "title TEXT NOT NULL, abstract TEXT, state TEXT NOT NULL, drafted_on TEXT, submitted_on TEXT, "
                         "grade TEXT, comment TEXT, reviewer TEXT, reviewed_on TEXT, recommended_on TEXT, "
                         "published_on TEXT, venue TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, "
                         "version INTEGER, position INTEGER",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS annual_papers_year ON annual_papers (year, cadre_id)",)

    @handles(AnnualPaper.Drafted)
    def drafted(self, db: Db, e: AnnualPaper.Drafted, position: int) -> None:
        db.execute("INSERT INTO annual_papers (id, cadre_id, year, kind, title, abstract, state, drafted_on, "
                   "recorded_by, version, position) VALUES (?,?,?,?,?,?,'draft',?,?,?,?)",
                   (e.originator_id.hex, e.cadre_id.hex, e.year, e.kind, e.title, e.abstract,
                    e.occurred_on.isoformat(), e.by.account, e.originator_version, position))

    @handles(AnnualPaper.Amended)
    def amended(self, db: Db, e: AnnualPaper.Amended, position: int) -> None:
        _update(db, "annual_papers", e, position,
                {k: v for k, v in e.changes.items() if k in ("kind", "title", "abstract")})

    @handles(AnnualPaper.Withdrawn)
    def withdrawn(self, db: Db, e: AnnualPaper.Withdrawn, position: int) -> None:
        _update(db, "annual_papers", e, position, {"withdrawn": 1})

    @handles(AnnualPaper.Submitted)
    def submitted(self, db: Db, e: AnnualPaper.Submitted, position: int) -> None:
        _update(db, "annual_papers", e, position, {"state": "submitted", "submitted_on": e.occurred_on})

    @handles(AnnualPaper.Reviewed)
    def reviewed(self, db: Db, e: AnnualPaper.Reviewed, position: int) -> None:
        _update(db, "annual_papers", e, position, {"state": "reviewed", "grade": e.grade, "comment": e.comment,
                                                   "reviewer": e.by.account, "reviewed_on": e.occurred_on})

    @handles(AnnualPaper.Recommended)
    def recommended(self, db: Db, e: AnnualPaper.Recommended, position: int) -> None:
        _update(db, "annual_papers", e, position, {"state": "recommended", "recommended_on": e.occurred_on})

    @handles(AnnualPaper.Published)
    def published(self, db: Db, e: AnnualPaper.Published, position: int) -> None:
        _update(db, "annual_papers", e, position, {"state": "published", "published_on": e.occurred_on,
                                                   "venue": e.venue})


class TrainingProjection(Projection):
    """Training sessions and who attended each; hours per cadre come from joining the two."""

    name = "training"
    tables = {
        "training_sessions": "id TEXT PRIMARY KEY, title TEXT NOT NULL, organiser TEXT, level TEXT NOT NULL, "
                             "occurred_on TEXT NOT NULL, end_on TEXT NOT NULL, hours REAL NOT NULL, audience TEXT, "
                             "withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, version INTEGER, position INTEGER",
        "training_attendance": "session_id TEXT NOT NULL, cadre_id TEXT NOT NULL, PRIMARY KEY (session_id, cadre_id)",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS training_attendance_cadre ON training_attendance (cadre_id)",)

    @staticmethod
    def _attend(db: Db, session_id: str, cadre_ids: list) -> None:
        db.executemany("INSERT INTO training_attendance VALUES (?,?)", [(session_id, c.hex) for c in cadre_ids])

    @handles(TrainingSession.Recorded)
    def recorded(self, db: Db, e: TrainingSession.Recorded, position: int) -> None:
        db.execute("INSERT INTO training_sessions VALUES (?,?,?,?,?,?,?,?,0,?,?,?)",
                   (e.originator_id.hex, e.title, e.organiser, e.level, e.occurred_on.isoformat(), e.end_on.isoformat(),
                    float(e.hours), e.audience, e.by.account, e.originator_version, position))
        self._attend(db, e.originator_id.hex, e.attendees)

    @handles(TrainingSession.Attended)
    def attended(self, db: Db, e: TrainingSession.Attended, position: int) -> None:
        self._attend(db, e.originator_id.hex, e.cadre_ids)
        _update(db, "training_sessions", e, position, {})

    @handles(TrainingSession.Amended)
    def amended(self, db: Db, e: TrainingSession.Amended, position: int) -> None:
        columns = {k: v for k, v in e.changes.items()
                   if k in ("title", "organiser", "level", "occurred_on", "end_on", "hours", "audience")}
        if "attendees" in e.changes:
            db.execute("DELETE FROM training_attendance WHERE session_id=?", (e.originator_id.hex,))
            self._attend(db, e.originator_id.hex, list(e.changes["attendees"]))
        _update(db, "training_sessions", e, position, columns)

    @handles(TrainingSession.Withdrawn)
    def withdrawn(self, db: Db, e: TrainingSession.Withdrawn, position: int) -> None:
        _update(db, "training_sessions", e, position, {"withdrawn": 1})


class StudyTourProjection(Projection):
    """Study tours, their members, and the report each brought back."""

    name = "study_tours"
    tables = {
        "study_tours": "id TEXT PRIMARY KEY, destination TEXT NOT NULL, purpose TEXT, occurred_on TEXT NOT NULL, "
                       "end_on TEXT NOT NULL, report_title TEXT, report TEXT, report_length INTEGER, "
                       "withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, version INTEGER, position INTEGER",
        "study_tour_members": "tour_id TEXT NOT NULL, cadre_id TEXT NOT NULL, PRIMARY KEY (tour_id, cadre_id)",
    }

    @handles(StudyTour.Recorded)
    def recorded(self, db: Db, e: StudyTour.Recorded, position: int) -> None:
        db.execute("INSERT INTO study_tours VALUES (?,?,?,?,?,NULL,NULL,NULL,0,?,?,?)",
                   (e.originator_id.hex, e.destination, e.purpose, e.occurred_on.isoformat(), e.end_on.isoformat(),
                    e.by.account, e.originator_version, position))
        db.executemany("INSERT INTO study_tour_members VALUES (?,?)", [(e.originator_id.hex, c.hex) for c in e.members])

    @handles(StudyTour.ReportFiled)
    def reported(self, db: Db, e: StudyTour.ReportFiled, position: int) -> None:
        _update(db, "study_tours", e, position, {"report_title": e.title, "report": e.text,
                                                 "report_length": text_length(e.text)})

    @handles(StudyTour.Amended)
    def amended(self, db: Db, e: StudyTour.Amended, position: int) -> None:
        columns = {k: v for k, v in e.changes.items() if k in ("destination", "purpose", "occurred_on", "end_on")}
        if "members" in e.changes:
            db.execute("DELETE FROM study_tour_members WHERE tour_id=?", (e.originator_id.hex,))
            db.executemany("INSERT INTO study_tour_members VALUES (?,?)",
                           [(e.originator_id.hex, c.hex) for c in e.changes["members"]])
        _update(db, "study_tours", e, position, columns)

    @handles(StudyTour.Withdrawn)
    def withdrawn(self, db: Db, e: StudyTour.Withdrawn, position: int) -> None:
        _update(db, "study_tours", e, position, {"withdrawn": 1})


DIMENSIONS = ("ideology", "proficiency", "conduct", "fairness")


def _score_columns(scores: dict[str, int]) -> dict[str, Any]:
    columns: dict[str, Any] = {d: scores.get(d) for d in DIMENSIONS}
    given = [v for v in columns.values() if v is not None]
    columns["average"] = round(sum(given) / len(given), 2) if given else None
    return columns


class EvaluationProjection(Projection):
    """Leaders' four-strong scores per cadre and period (with the evaluator), and self-assessments."""

    name = "four_strong"
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
        start, end = period_bounds(e.period)
        s = _score_columns(e.scores)
        db.execute("INSERT INTO four_strong_scores VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?)",
                   (e.originator_id.hex, e.cadre_id.hex, e.period, start.isoformat(), end.isoformat(), e.evaluator,
                    s["ideology"], s["proficiency"], s["conduct"], s["fairness"], s["average"], e.comment,
                    e.occurred_on.isoformat(), e.originator_version, position))

    @handles(Evaluation.Amended)
    def amended(self, db: Db, e: Evaluation.Amended, position: int) -> None:
        columns = _score_columns(e.changes["scores"]) if "scores" in e.changes else {}
        if "comment" in e.changes:
            columns["comment"] = e.changes["comment"]
        _update(db, "four_strong_scores", e, position, columns)

    @handles(Evaluation.Withdrawn)
    def withdrawn(self, db: Db, e: Evaluation.Withdrawn, position: int) -> None:
        _update(db, "four_strong_scores", e, position, {"withdrawn": 1})

    @handles(SelfAssessment.Written)
    def written(self, db: Db, e: SelfAssessment.Written, position: int) -> None:
        s = _score_columns(e.scores)
        db.execute("INSERT INTO self_assessments VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?)",
                   (e.originator_id.hex, e.cadre_id.hex, e.period, e.text, s["ideology"], s["proficiency"],
                    s["conduct"], s["fairness"], s["average"], e.occurred_on.isoformat(), e.originator_version, position))

    @handles(SelfAssessment.Amended)
    def self_amended(self, db: Db, e: SelfAssessment.Amended, position: int) -> None:
        columns = _score_columns(e.changes["scores"]) if "scores" in e.changes else {}
        if "text" in e.changes:
            columns["text"] = e.changes["text"]
        _update(db, "self_assessments", e, position, columns)


class RulesProjection(Projection):
    """Every published version of the scoring rules, in order of publication."""

    name = "study_rules"
    tables = {
        "study_rules": "id TEXT PRIMARY KEY, name TEXT NOT NULL, effective_from TEXT NOT NULL, "
                       "daily_target_minutes INTEGER NOT NULL, credits TEXT NOT NULL, paper_credits TEXT NOT NULL, "
                       "weights TEXT NOT NULL, note TEXT, published_at TEXT, published_by TEXT, position INTEGER",
    }

    @handles(RuleSet.Published)
    def published(self, db: Db, e: RuleSet.Published, position: int) -> None:
        db.execute("INSERT INTO study_rules VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   (e.originator_id.hex, e.name, e.occurred_on.isoformat(), e.daily_target_minutes,
                    json.dumps(e.credits), json.dumps(e.paper_credits), json.dumps(e.weights), e.note,
                    e.timestamp.isoformat(), e.by.account, position))
