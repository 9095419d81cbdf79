"""四强测评: leaders scoring cadres per period, correcting their own scores, and cadres assessing themselves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from culture_ledger.validation import RecordDay, validate
from domain.actor import Actor
from domain.errors import LedgerError, StaleRecord
from plugins.people.services import PeopleService
from plugins.study.domain import Evaluation, SelfAssessment
from plugins.study.evaluation.commands import AmendEvaluation, ScoreCadre, WriteSelfAssessment
from plugins.study.kit import RecordService, step_day


class FourStrongService(RecordService):
    """四强测评: leaders' scores per cadre and period, and cadres' self-assessments."""

    rights_kind = "evaluation"

    def _evaluation(self, command: ScoreCadre | dict, by: Actor, on: date | None) -> Evaluation:
        cmd = validate(ScoreCadre, command)
        self.authorize(by, "evaluate", cadre_id=cmd.cadre_id)
        self.refuse_own(by, "evaluation", cadre_id=cmd.cadre_id)  # no one scores himself
        self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
        if self.exists(Evaluation.create_id(cmd.cadre_id, cmd.period, by.account), Evaluation):
            raise LedgerError("already evaluated", key="study.evaluation.error.already_scored", period=cmd.period)
        return Evaluation(
            cadre_id=cmd.cadre_id,
            period=cmd.period,
            evaluator=by.account,
            scores=cmd.scores(),
            comment=cmd.comment,
            occurred_on=step_day(on),
            by=by,
        )

    def score(self, command: ScoreCadre | dict, by: Actor, *, on: RecordDay | None = None) -> UUID:
        """A leader scores a cadre for a period on the four dimensions; one scoring per leader, cadre and period."""
        evaluation = self._evaluation(command, by, on)
        try:
            self.save(evaluation)
        except StaleRecord:
            raise LedgerError(
                "already evaluated", key="study.evaluation.error.already_scored", period=evaluation.period
            ) from None
        return evaluation.id

    def score_batch(self, commands: Iterable[tuple[ScoreCadre | dict, Actor, date | None]]) -> list[UUID]:
        """Many scorings at once (imports, demo data), each with its evaluator and day."""
        evaluations = [self._evaluation(c, by, on) for c, by, on in commands]
        self.save_many(evaluations)
        return [e.id for e in evaluations]

    def amend(
        self, evaluation_id: UUID, command: AmendEvaluation | dict, by: Actor, *, version: int | None = None
    ) -> None:
        """Correct scores or the comment, with a reason; only the evaluator (or an admin) may."""
        cmd = validate(AmendEvaluation, command)
        evaluation = self.get(evaluation_id, Evaluation, version=version)
        self.authorize(by, "evaluate", cadre_id=evaluation.cadre_id)
        if by.account != evaluation.evaluator and by.role != "admin":
            raise LedgerError("only the evaluator may correct scores", key="study.evaluation.error.not_the_evaluator")
        self.authorize_change(by, "evaluation", recorder=evaluation.evaluator)
        self.refuse_own(by, "evaluation", cadre_id=evaluation.cadre_id)
        changes: dict[str, Any] = {}
        given = cmd.model_dump(exclude_none=True, exclude={"reason", "comment"})
        if given:
            changes["scores"] = {**evaluation.scores, **given}
        if cmd.comment is not None:
            changes["comment"] = cmd.comment
        evaluation.amend(changes, cmd.reason, by)
        self.save(evaluation)

    def self_assess(self, command: WriteSelfAssessment | dict, by: Actor, *, on: RecordDay | None = None) -> UUID:
        """A cadre's own account of a period; one per cadre and period."""
        cmd = validate(WriteSelfAssessment, command)
        self.authorize(by, "record", cadre_id=cmd.cadre_id)
        self.authorize_change(by, "self_assessment", cadre_id=cmd.cadre_id)
        self.ledger.service(PeopleService).active_cadre(cmd.cadre_id)
        if self.exists(SelfAssessment.create_id(cmd.cadre_id, cmd.period), SelfAssessment):
            raise LedgerError("already assessed", key="study.evaluation.error.already_self_assessed", period=cmd.period)
        assessment = SelfAssessment(
            cadre_id=cmd.cadre_id,
            period=cmd.period,
            text=cmd.text,
            scores=cmd.scores(),
            occurred_on=step_day(on),
            by=by,
        )
        self.save(assessment)
        return assessment.id
