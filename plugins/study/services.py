"""The four-strong team's services: daily study, notebook, annual paper, training and study
tours, four-strong evaluations, and publishing scoring rules. Each validates, authorizes,
then saves; a refused command writes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError, StaleRecord
from plugins.study.commands import (AddAttendance, AmendEvaluation, AmendNote, AmendPaper, AmendStudy, DraftPaper,
                                    FileTourReport, PublishPaper, PublishRules, RecommendPaper, RecordStudy,
                                    RecordStudyTour, RecordTraining, ReviewPaper, ScoreCadre, Withdraw, WithdrawStudy,
                                    WriteNote, WriteSelfAssessment)
from plugins.study.domain import (AnnualPaper, Evaluation, NotebookEntry, RuleSet, SelfAssessment, StudyEntry,
                                  StudyTour, TrainingSession)
from event_store.projection import frozen_heap


class StudyService(Service):
    """日学一时: a cadre's study entries."""

    def record_study(self, command: RecordStudy | dict, by: Actor) -> UUID:
        """Validate and record one sitting of study; nothing is written if it is refused."""
        cmd = validate(RecordStudy, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.people.active_cadre(cmd.cadre_id)
        entry = StudyEntry(cadre_id=cmd.cadre_id, occurred_on=cmd.occurred_on, minutes=cmd.minutes,
                           material=cmd.material, mode=cmd.mode, place=cmd.place, by=by)
        self.save(entry)
        return entry.id

    def record_study_batch(self, commands: list[RecordStudy | dict], by: Actor, chunk: int = 1000) -> list[UUID]:
        """The bulk path (imports, demo data): every command validated first, then appended in chunks."""
        with frozen_heap():
            checked = [validate(RecordStudy, c) for c in commands]
            for cadre_id in {c.cadre_id for c in checked}:
                self.authorize(by, "record", cadre_id=cadre_id)
                self.ledger.people.active_cadre(cadre_id)
            entries = [StudyEntry(cadre_id=c.cadre_id, occurred_on=c.occurred_on, minutes=c.minutes,
                                  material=c.material, mode=c.mode, place=c.place, by=by) for c in checked]
            self.save_many(entries, chunk)
        return [e.id for e in entries]

    def amend_study(self, entry_id: UUID, command: AmendStudy | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct an entry; the reason and the old values stay in the log."""
        cmd = validate(AmendStudy, command)
        entry = self.get(entry_id, StudyEntry, version=version)
        self.authorize(by, "record", cadre_id=entry.cadre_id)
        changes = cmd.model_dump(exclude_none=True, exclude={"reason"})
        entry.amend(changes, cmd.reason, by)
        self.save(entry)

    def withdraw_study(self, entry_id: UUID, command: WithdrawStudy | dict, by: Actor, *, version: int | None = None) -> None:
        """Take an entry out of every count, with a reason."""
        cmd = validate(WithdrawStudy, command)
        entry = self.get(entry_id, StudyEntry, version=version)
        self.authorize(by, "record", cadre_id=entry.cadre_id)
        entry.withdraw(cmd.reason, by)
        self.save(entry)


def _day(on: date | None) -> date:
    """The day a step happened: today unless given (imports of past records); never in the future."""
    on = on or date.today()
    if on > date.today():
        raise InvalidCommand([("occurred_on", "validation.date_future", {})])
    return on


class _TeamService(Service):
    def _amend(self, record_id: UUID, kind: type, command: BaseModel, by: Actor, version: int | None,
               changes: dict[str, Any] | None = None) -> None:
        record = self.get(record_id, kind, version=version)
        self.authorize(by, "record", cadre_id=getattr(record, "cadre_id", None))
        record.amend(changes if changes is not None else command.model_dump(exclude_none=True, exclude={"reason"}),
                     command.reason, by)
        self.save(record)

    def _withdraw(self, record_id: UUID, kind: type, command: Withdraw | dict, by: Actor, version: int | None,
                  action: str = "record") -> None:
        cmd = validate(Withdraw, command)
        record = self.get(record_id, kind, version=version)
        self.authorize(by, action, cadre_id=getattr(record, "cadre_id", None))
        record.withdraw(cmd.reason, by)
        self.save(record)


class NotebookService(_TeamService):
    """学记一本: notes and reflections in a cadre's study notebook."""

    def _entry(self, command: WriteNote | dict, by: Actor) -> NotebookEntry:
        cmd = validate(WriteNote, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.people.active_cadre(cmd.cadre_id)
        if cmd.study_entry_id is not None:
            study = self.ledger.query("SELECT cadre_id, withdrawn FROM study_entries WHERE id = ?", (cmd.study_entry_id.hex,))
            if not study or study[0]["cadre_id"] != cmd.cadre_id.hex or study[0]["withdrawn"]:
                raise InvalidCommand([("study_entry_id", "validation.unknown_study_entry", {})])
        return NotebookEntry(cadre_id=cmd.cadre_id, occurred_on=cmd.occurred_on, kind=cmd.kind, title=cmd.title,
                             text=cmd.text, study_entry_id=cmd.study_entry_id, by=by)

    def write(self, command: WriteNote | dict, by: Actor) -> UUID:
        """Write a notebook entry, optionally on one of the cadre's study entries."""
        entry = self._entry(command, by)
        self.save(entry)
        return entry.id

    def write_batch(self, commands: Iterable[WriteNote | dict], by: Actor) -> list[UUID]:
        """Many entries at once (imports, demo data): all checked before any is written."""
        entries = [self._entry(c, by) for c in commands]
        self.save_many(entries)
        return [e.id for e in entries]

    def amend(self, entry_id: UUID, command: AmendNote | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct an entry's day, kind, title or text, with a reason."""
        self._amend(entry_id, NotebookEntry, validate(AmendNote, command), by, version)

    def withdraw(self, entry_id: UUID, command: Withdraw | dict, by: Actor, *, version: int | None = None) -> None:
        self._withdraw(entry_id, NotebookEntry, command, by, version)


class PaperService(_TeamService):
    """年撰一文: one paper per cadre per year, drafted, submitted, reviewed, recommended or published."""

    def draft(self, command: DraftPaper | dict, by: Actor, *, on: date | None = None) -> UUID:
        """Start the year's paper; a second paper for the same cadre and year is refused."""
        cmd = validate(DraftPaper, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.people.active_cadre(cmd.cadre_id)
        paper_id = AnnualPaper.create_id(cmd.cadre_id, cmd.year)
        existing = self.ledger.query("SELECT title FROM annual_papers WHERE id = ?", (paper_id.hex,))
        if existing:
            raise LedgerError("one paper per cadre per year", key="error.paper_exists", year=cmd.year,
                              title=existing[0]["title"])
        paper = AnnualPaper(cadre_id=cmd.cadre_id, year=cmd.year, kind=cmd.kind, title=cmd.title,
                            abstract=cmd.abstract, occurred_on=_day(on), by=by)
        try:
            self.save(paper)
        except StaleRecord:  # drafted from another form a moment ago
            raise LedgerError("one paper per cadre per year", key="error.paper_exists", year=cmd.year, title="") from None
        return paper.id

    def amend(self, paper_id: UUID, command: AmendPaper | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct the title, kind or abstract before the paper is reviewed."""
        self._amend(paper_id, AnnualPaper, validate(AmendPaper, command), by, version)

    def submit(self, paper_id: UUID, by: Actor, *, on: date | None = None, version: int | None = None) -> None:
        """Hand the finished paper in for review."""
        paper = self.get(paper_id, AnnualPaper, version=version)
        self.authorize(by, "record", cadre_id=paper.cadre_id)
        paper.submit(_day(on), by)
        self.save(paper)

    def review(self, paper_id: UUID, command: ReviewPaper | dict, by: Actor, *, on: date | None = None,
               version: int | None = None) -> None:
        """A leader grades a submitted paper and comments on it."""
        cmd = validate(ReviewPaper, command)
        paper = self.get(paper_id, AnnualPaper, version=version)
        self.authorize(by, "evaluate", cadre_id=paper.cadre_id)
        paper.review(cmd.grade, cmd.comment, _day(on), by)
        self.save(paper)

    def recommend(self, paper_id: UUID, command: RecommendPaper | dict, by: Actor, *, on: date | None = None,
                  version: int | None = None) -> None:
        """A leader recommends a reviewed paper upwards."""
        cmd = validate(RecommendPaper, command)
        paper = self.get(paper_id, AnnualPaper, version=version)
        self.authorize(by, "evaluate", cadre_id=paper.cadre_id)
        paper.recommend(cmd.comment, _day(on), by)
        self.save(paper)

    def publish(self, paper_id: UUID, command: PublishPaper | dict, by: Actor, *, on: date | None = None,
                version: int | None = None) -> None:
        """Record where a reviewed paper was published."""
        cmd = validate(PublishPaper, command)
        paper = self.get(paper_id, AnnualPaper, version=version)
        self.authorize(by, "record", cadre_id=paper.cadre_id)
        paper.publish(cmd.venue, _day(on), by)
        self.save(paper)


class TrainingService(_TeamService):
    """业务培训 and 赴外考察学习: sessions with their attendance, tours with their members and report."""

    def _cadres(self, cadre_ids: list[UUID], by: Actor, field: str) -> None:
        for cadre_id in dict.fromkeys(cadre_ids):
            self.authorize(by, "record", cadre_id=cadre_id)
            try:
                self.ledger.people.active_cadre(cadre_id)
            except InvalidCommand:
                raise InvalidCommand([(field, "validation.unknown_cadre", {})]) from None

    def _session(self, command: RecordTraining | dict, by: Actor) -> TrainingSession:
        cmd = validate(RecordTraining, command)
        self.authorize(by, "record")
        self._cadres(cmd.attendees, by, "attendees")
        return TrainingSession(title=cmd.title, organiser=cmd.organiser, level=cmd.level, occurred_on=cmd.occurred_on,
                               end_on=cmd.end_on, hours=cmd.hours, audience=cmd.audience,
                               attendees=list(dict.fromkeys(cmd.attendees)), by=by)

    def record_session(self, command: RecordTraining | dict, by: Actor) -> UUID:
        """Record a training session held and the cadres who attended."""
        session = self._session(command, by)
        self.save(session)
        return session.id

    def record_sessions_batch(self, commands: Iterable[RecordTraining | dict], by: Actor) -> list[UUID]:
        sessions = [self._session(c, by) for c in commands]
        self.save_many(sessions)
        return [s.id for s in sessions]

    def add_attendance(self, session_id: UUID, command: AddAttendance | dict, by: Actor, *,
                       version: int | None = None) -> None:
        """Add cadres to a session's attendance (a sign-in sheet arriving late)."""
        cmd = validate(AddAttendance, command)
        session = self.get(session_id, TrainingSession, version=version)
        self.authorize(by, "record")
        self._cadres(cmd.cadre_ids, by, "cadre_ids")
        session.attend(list(dict.fromkeys(cmd.cadre_ids)), by)
        self.save(session)

    def withdraw_session(self, session_id: UUID, command: Withdraw | dict, by: Actor, *,
                         version: int | None = None) -> None:
        self._withdraw(session_id, TrainingSession, command, by, version)

    def record_tour(self, command: RecordStudyTour | dict, by: Actor) -> UUID:
        """Record a study tour: destination, dates, members, purpose."""
        cmd = validate(RecordStudyTour, command)
        self.authorize(by, "record")
        self._cadres(cmd.members, by, "members")
        tour = StudyTour(destination=cmd.destination, purpose=cmd.purpose, occurred_on=cmd.occurred_on,
                         end_on=cmd.end_on, members=list(dict.fromkeys(cmd.members)), by=by)
        self.save(tour)
        return tour.id

    def file_report(self, tour_id: UUID, command: FileTourReport | dict, by: Actor, *,
                    version: int | None = None) -> None:
        """The report the members brought back from the tour."""
        cmd = validate(FileTourReport, command)
        tour = self.get(tour_id, StudyTour, version=version)
        self.authorize(by, "record")
        tour.file_report(cmd.title, cmd.text, by)
        self.save(tour)

    def withdraw_tour(self, tour_id: UUID, command: Withdraw | dict, by: Actor, *, version: int | None = None) -> None:
        self._withdraw(tour_id, StudyTour, command, by, version)


class FourStrongService(_TeamService):
    """四强测评: leaders' scores per cadre and period, and cadres' self-assessments."""

    def _evaluation(self, command: ScoreCadre | dict, by: Actor, on: date | None) -> Evaluation:
        cmd = validate(ScoreCadre, command)
        self.authorize(by, "evaluate", cadre_id=cmd.cadre_id)
        self.ledger.people.active_cadre(cmd.cadre_id)
        if self.exists(Evaluation.create_id(cmd.cadre_id, cmd.period, by.account), Evaluation):
            raise LedgerError("already evaluated", key="error.already_evaluated", period=cmd.period)
        return Evaluation(cadre_id=cmd.cadre_id, period=cmd.period, evaluator=by.account, scores=cmd.scores(),
                          comment=cmd.comment, occurred_on=_day(on), by=by)

    def score(self, command: ScoreCadre | dict, by: Actor, *, on: date | None = None) -> UUID:
        """A leader scores a cadre for a period on the four dimensions; one scoring per leader, cadre and period."""
        evaluation = self._evaluation(command, by, on)
        try:
            self.save(evaluation)
        except StaleRecord:
            raise LedgerError("already evaluated", key="error.already_evaluated", period=evaluation.period) from None
        return evaluation.id

    def score_batch(self, commands: Iterable[tuple[ScoreCadre | dict, Actor, date | None]]) -> list[UUID]:
        """Many scorings at once (imports, demo data), each with its evaluator and day."""
        evaluations = [self._evaluation(c, by, on) for c, by, on in commands]
        self.save_many(evaluations)
        return [e.id for e in evaluations]

    def amend(self, evaluation_id: UUID, command: AmendEvaluation | dict, by: Actor, *,
              version: int | None = None) -> None:
        """Correct scores or the comment, with a reason; only the evaluator (or an admin) may."""
        cmd = validate(AmendEvaluation, command)
        evaluation = self.get(evaluation_id, Evaluation, version=version)
        self.authorize(by, "evaluate", cadre_id=evaluation.cadre_id)
        if by.account != evaluation.evaluator and by.role != "admin":
            raise LedgerError("only the evaluator may correct scores", key="error.not_the_evaluator")
        changes: dict[str, Any] = {}
        given = cmd.model_dump(exclude_none=True, exclude={"reason", "comment"})
        if given:
            changes["scores"] = {**evaluation.scores, **given}
        if cmd.comment is not None:
            changes["comment"] = cmd.comment
        evaluation.amend(changes, cmd.reason, by)
        self.save(evaluation)

    def self_assess(self, command: WriteSelfAssessment | dict, by: Actor, *, on: date | None = None) -> UUID:
        """A cadre's own account of a period; one per cadre and period."""
        cmd = validate(WriteSelfAssessment, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.ledger.people.active_cadre(cmd.cadre_id)
        if self.exists(SelfAssessment.create_id(cmd.cadre_id, cmd.period), SelfAssessment):
            raise LedgerError("already assessed", key="error.already_self_assessed", period=cmd.period)
        assessment = SelfAssessment(cadre_id=cmd.cadre_id, period=cmd.period, text=cmd.text, scores=cmd.scores(),
                                    occurred_on=_day(on), by=by)
        self.save(assessment)
        return assessment.id


class RuleService(_TeamService):
    """积分规则: publishing versions of the scoring rules, each in force from its date."""

    def publish(self, command: PublishRules | dict, by: Actor) -> UUID:
        """Publish a rule version. It may not take effect before today, so it never rewrites history;
        only an import (the paper ledger's past rules) may record an earlier effective date."""
        cmd = validate(PublishRules, command)
        self.authorize(by, "evaluate")
        if cmd.effective_from < date.today() and by.channel != "import":
            raise InvalidCommand([("effective_from", "validation.rule_backdated", {})])
        rule = RuleSet(name=cmd.name, occurred_on=cmd.effective_from, daily_target_minutes=cmd.daily_target_minutes,
                       credits=cmd.credits(), paper_credits=cmd.paper_credits(), weights=cmd.weights(), note=cmd.note,
                       by=by)
        self.save(rule)
        return rule.id
