"""The papers' read model: each cadre's paper of a year and where it stands."""

from __future__ import annotations

from event_store.projection import Db, Projection, handles
from plugins.study.domain import AnnualPaper
from plugins.study.kit import update_row


class PaperProjection(Projection):
    """Each cadre's annual paper and where it stands: draft, submitted, reviewed, recommended, published."""

    name = "annual_papers"
    title = "page.study_paper"
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
        db.execute(
            "INSERT INTO annual_papers (id, cadre_id, year, kind, title, abstract, state, drafted_on, "
            "recorded_by, version, position) VALUES (?,?,?,?,?,?,'draft',?,?,?,?)",
            (
                e.originator_id.hex,
                e.cadre_id.hex,
                e.year,
                e.kind,
                e.title,
                e.abstract,
                e.occurred_on.isoformat(),
                e.by.account,
                e.originator_version,
                position,
            ),
        )

    @handles(AnnualPaper.Amended)
    def amended(self, db: Db, e: AnnualPaper.Amended, position: int) -> None:
        update_row(
            db, "annual_papers", e, position, {k: v for k, v in e.changes.items() if k in ("kind", "title", "abstract")}
        )

    @handles(AnnualPaper.FilesAttached)
    def files_attached(self, db: Db, e: AnnualPaper.FilesAttached, position: int) -> None:
        update_row(db, "annual_papers", e, position, {})  # its manuscript: the `record_files` read model

    @handles(AnnualPaper.Withdrawn)
    def withdrawn(self, db: Db, e: AnnualPaper.Withdrawn, position: int) -> None:
        update_row(db, "annual_papers", e, position, {"withdrawn": 1})

    @handles(AnnualPaper.Submitted)
    def submitted(self, db: Db, e: AnnualPaper.Submitted, position: int) -> None:
        update_row(db, "annual_papers", e, position, {"state": "submitted", "submitted_on": e.occurred_on})

    @handles(AnnualPaper.Reviewed)
    def reviewed(self, db: Db, e: AnnualPaper.Reviewed, position: int) -> None:
        update_row(
            db,
            "annual_papers",
            e,
            position,
            {
                "state": "reviewed",
                "grade": e.grade,
                "comment": e.comment,
                "reviewer": e.by.account,
                "reviewed_on": e.occurred_on,
            },
        )

    @handles(AnnualPaper.Recommended)
    def recommended(self, db: Db, e: AnnualPaper.Recommended, position: int) -> None:
        update_row(db, "annual_papers", e, position, {"state": "recommended", "recommended_on": e.occurred_on})

    @handles(AnnualPaper.Published)
    def published(self, db: Db, e: AnnualPaper.Published, position: int) -> None:
        update_row(
            db, "annual_papers", e, position, {"state": "published", "published_on": e.occurred_on, "venue": e.venue}
        )
