"""年撰一文: a cadre's paper of the year through its steps, each by the one whose step it is."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from culture_ledger.validation import RecordDay, validate
from domain.actor import Actor
from domain.errors import LedgerError, StaleRecord
from event_store.evidence import Upload
from plugins.carrier import files
from plugins.people.services import PeopleService
from plugins.study.domain import AnnualPaper
from plugins.study.kit import RecordService, step_day
from plugins.study.paper.commands import AmendPaper, DraftPaper, PublishPaper, RecommendPaper, ReviewPaper


class PaperService(RecordService):
    """年撰一文: one paper per cadre per year, drafted, submitted, reviewed, recommended or published."""

    rights_kind = "paper"

    def draft(
        self, command: DraftPaper | dict, by: Actor, *, on: RecordDay | None = None, uploads: Sequence[Upload] = ()
    ) -> UUID:
        """Start the year's paper (with its manuscript, if sent); a second paper for the same cadre and
        year is refused."""
        cmd = validate(DraftPaper, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
        paper_id = AnnualPaper.create_id(cmd.cadre_id, cmd.year)
        existing = self.ledger.query("SELECT title FROM annual_papers WHERE id = ?", (paper_id.hex,))
        if existing:
            raise LedgerError(
                "one paper per cadre per year",
                key="study.paper.error.exists",
                year=cmd.year,
                title=existing[0]["title"],
            )
        paper = AnnualPaper(
            cadre_id=cmd.cadre_id,
            year=cmd.year,
            kind=cmd.kind,
            title=cmd.title,
            abstract=cmd.abstract,
            occurred_on=step_day(on),
            by=by,
        )
        try:
            files.attach_new(self, paper, uploads, by)
        except StaleRecord:  # drafted from another form a moment ago
            raise LedgerError(
                "one paper per cadre per year", key="study.paper.error.exists", year=cmd.year, title=""
            ) from None
        return paper.id

    def amend(self, paper_id: UUID, command: AmendPaper | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct the title, kind or abstract before the paper is reviewed."""
        self._amend(paper_id, AnnualPaper, validate(AmendPaper, command), by, version)

    def submit(
        self,
        paper_id: UUID,
        by: Actor,
        *,
        on: RecordDay | None = None,
        version: int | None = None,
        uploads: Sequence[Upload] = (),
    ) -> None:
        """Hand the finished paper in for review, with its final manuscript if sent (in the same save)."""
        paper = self.get(paper_id, AnnualPaper, version=version)
        self._may_change(paper, by)
        with files.keeping(self.ledger, uploads) as manuscript:
            if manuscript:
                paper.attach(manuscript, by)
            paper.submit(step_day(on), by)
            self.save(paper)

    def attach_files(self, paper_id: UUID, by: Actor, *, uploads: Sequence[Upload], version: int | None = None) -> None:
        """Add the manuscript (or a revised one) to a paper not yet graded: whoever may change the paper."""
        paper = self.get(paper_id, AnnualPaper, version=version)
        self._may_change(paper, by)
        files.attach(self, paper, uploads, by)

    def review(
        self,
        paper_id: UUID,
        command: ReviewPaper | dict,
        by: Actor,
        *,
        on: RecordDay | None = None,
        version: int | None = None,
    ) -> None:
        """A leader grades a submitted paper and comments on it."""
        cmd = validate(ReviewPaper, command)
        paper = self.get(paper_id, AnnualPaper, version=version)
        self.authorize(by, "evaluate", cadre_id=paper.cadre_id)
        self.refuse_own(by, "paper", cadre_id=paper.cadre_id)  # no one grades their own paper
        paper.review(cmd.grade, cmd.comment, step_day(on), by)
        self.save(paper)

    def recommend(
        self,
        paper_id: UUID,
        command: RecommendPaper | dict,
        by: Actor,
        *,
        on: RecordDay | None = None,
        version: int | None = None,
    ) -> None:
        """A leader recommends a reviewed paper upwards."""
        cmd = validate(RecommendPaper, command)
        paper = self.get(paper_id, AnnualPaper, version=version)
        self.authorize(by, "evaluate", cadre_id=paper.cadre_id)
        self.refuse_own(by, "paper", cadre_id=paper.cadre_id)
        paper.recommend(cmd.comment, step_day(on), by)
        self.save(paper)

    def publish(
        self,
        paper_id: UUID,
        command: PublishPaper | dict,
        by: Actor,
        *,
        on: RecordDay | None = None,
        version: int | None = None,
    ) -> None:
        """Record where a reviewed paper was published."""
        cmd = validate(PublishPaper, command)
        paper = self.get(paper_id, AnnualPaper, version=version)
        self._may_change(paper, by)
        paper.publish(cmd.venue, step_day(on), by)
        self.save(paper)
