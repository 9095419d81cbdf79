"""The read models of training and study tours: sessions with their attendance, tours with their
members and report."""

from __future__ import annotations

from event_store.projection import Db, Projection, handles
from plugins.study.domain import StudyTour, TrainingSession
from plugins.study.kit import text_length, update_row


class TrainingProjection(Projection):
    """Training sessions and who attended each; hours per cadre come from joining the two."""

    name = "training"
    title = "record.TrainingSession"
    tables = {
        "training_sessions": "id TEXT PRIMARY KEY, title TEXT NOT NULL, organiser TEXT, level TEXT NOT NULL, "
        "occurred_on TEXT NOT NULL, end_on TEXT NOT NULL, hours REAL NOT NULL, audience TEXT, "
        "withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, version INTEGER, position INTEGER",
        "training_attendance": "session_id TEXT NOT NULL, cadre_id TEXT NOT NULL, PRIMARY KEY (session_id, cadre_id)",
        "training_trainees": "session_id TEXT NOT NULL, name TEXT NOT NULL, office TEXT NOT NULL, position INTEGER, "
        "PRIMARY KEY (session_id, name, office)",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS training_attendance_cadre ON training_attendance (cadre_id)",)

    @staticmethod
    def _attend(db: Db, session_id: str, cadre_ids: list) -> None:
        db.executemany("INSERT INTO training_attendance VALUES (?,?)", [(session_id, c.hex) for c in cadre_ids])

    @handles(TrainingSession.Recorded)
    def recorded(self, db: Db, e: TrainingSession.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO training_sessions VALUES (?,?,?,?,?,?,?,?,0,?,?,?)",
            (
                e.originator_id.hex,
                e.title,
                e.organiser,
                e.level,
                e.occurred_on.isoformat(),
                e.end_on.isoformat(),
                float(e.hours),
                e.audience,
                e.by.account,
                e.originator_version,
                position,
            ),
        )
        self._attend(db, e.originator_id.hex, e.attendees)

    @handles(TrainingSession.Attended)
    def attended(self, db: Db, e: TrainingSession.Attended, position: int) -> None:
        self._attend(db, e.originator_id.hex, e.cadre_ids)
        update_row(db, "training_sessions", e, position, {})

    @handles(TrainingSession.TraineesEnrolled)
    def enrolled(self, db: Db, e: TrainingSession.TraineesEnrolled, position: int) -> None:
        db.executemany(
            "INSERT INTO training_trainees VALUES (?,?,?,?)",
            [(e.originator_id.hex, t["name"], t["office"], position) for t in e.trainees],
        )
        update_row(db, "training_sessions", e, position, {})

    @handles(TrainingSession.Amended)
    def amended(self, db: Db, e: TrainingSession.Amended, position: int) -> None:
        columns = {
            k: v
            for k, v in e.changes.items()
            if k in ("title", "organiser", "level", "occurred_on", "end_on", "hours", "audience")
        }
        if "attendees" in e.changes:
            db.execute("DELETE FROM training_attendance WHERE session_id=?", (e.originator_id.hex,))
            self._attend(db, e.originator_id.hex, list(e.changes["attendees"]))
        update_row(db, "training_sessions", e, position, columns)

    @handles(TrainingSession.Withdrawn)
    def withdrawn(self, db: Db, e: TrainingSession.Withdrawn, position: int) -> None:
        update_row(db, "training_sessions", e, position, {"withdrawn": 1})


class StudyTourProjection(Projection):
    """Study tours, their members, and the report each brought back."""

    name = "study_tours"
    title = "record.StudyTour"
    tables = {
        "study_tours": "id TEXT PRIMARY KEY, destination TEXT NOT NULL, purpose TEXT, occurred_on TEXT NOT NULL, "
        "end_on TEXT NOT NULL, report_title TEXT, report TEXT, report_length INTEGER, "
        "withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, version INTEGER, position INTEGER",
        "study_tour_members": "tour_id TEXT NOT NULL, cadre_id TEXT NOT NULL, PRIMARY KEY (tour_id, cadre_id)",
    }

    @handles(StudyTour.Recorded)
    def recorded(self, db: Db, e: StudyTour.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO study_tours VALUES (?,?,?,?,?,NULL,NULL,NULL,0,?,?,?)",
            (
                e.originator_id.hex,
                e.destination,
                e.purpose,
                e.occurred_on.isoformat(),
                e.end_on.isoformat(),
                e.by.account,
                e.originator_version,
                position,
            ),
        )
        db.executemany("INSERT INTO study_tour_members VALUES (?,?)", [(e.originator_id.hex, c.hex) for c in e.members])

    @handles(StudyTour.ReportFiled)
    def reported(self, db: Db, e: StudyTour.ReportFiled, position: int) -> None:
        update_row(
            db,
            "study_tours",
            e,
            position,
            {"report_title": e.title, "report": e.text, "report_length": text_length(e.text)},
        )

    @handles(StudyTour.Amended)
    def amended(self, db: Db, e: StudyTour.Amended, position: int) -> None:
        columns = {k: v for k, v in e.changes.items() if k in ("destination", "purpose", "occurred_on", "end_on")}
        if "members" in e.changes:
            db.execute("DELETE FROM study_tour_members WHERE tour_id=?", (e.originator_id.hex,))
            db.executemany(
                "INSERT INTO study_tour_members VALUES (?,?)",
                [(e.originator_id.hex, c.hex) for c in e.changes["members"]],
            )
        update_row(db, "study_tours", e, position, columns)

    @handles(StudyTour.FilesAttached)
    def files_attached(self, db: Db, e: StudyTour.FilesAttached, position: int) -> None:
        update_row(db, "study_tours", e, position, {})  # its files: the `record_files` read model

    @handles(StudyTour.Withdrawn)
    def withdrawn(self, db: Db, e: StudyTour.Withdrawn, position: int) -> None:
        update_row(db, "study_tours", e, position, {"withdrawn": 1})
