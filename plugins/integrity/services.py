"""Five-type organ assessments."""

from __future__ import annotations

from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand
from domain.people import Department
from plugins.carrier.services import ActivityService
from plugins.integrity.commands import AmendAssessment, AssessOrgan, WithdrawAssessment
from plugins.integrity.domain import FIVE_ORGAN_TYPES, OrganAssessment


class IntegrityService(Service):
    """风清气正: leaders assess departments on the five types of organ each quarter, and correct it."""

    def assess(self, command: AssessOrgan | dict, by: Actor) -> UUID:
        """One standing assessment per department and quarter; evidence files must already be stored."""
        cmd = validate(AssessOrgan, command)
        self.authorize(by, "evaluate", department_id=cmd.department_id)
        if not self.exists(cmd.department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        exists = InvalidCommand([("period", "validation.assessment_exists", {"period": cmd.period})])
        # The read model answers at once (and knows the assessments recorded before ids were derived)...
        if self.ledger.scalar(
            "SELECT COUNT(*) FROM integrity_assessments WHERE department_id=? AND period=? AND withdrawn=0",
            (cmd.department_id.hex, cmd.period),
        ):
            raise exists
        missing = [
            e.name for e in cmd.evidence if self.ledger.service(ActivityService).evidence.check(e.sha256) != "ok"
        ]
        if missing:
            raise InvalidCommand([("evidence", "validation.evidence_missing", {"files": ", ".join(missing)})])
        # ...but may lag; the store decides, by the id derived from the department and quarter.
        assessment = self.save_standing(
            OrganAssessment,
            lambda n: OrganAssessment.create_id(cmd.department_id, cmd.period, n),
            lambda assessment_id: OrganAssessment.with_id(
                assessment_id,
                department_id=cmd.department_id,
                period=cmd.period,
                scores={k: getattr(cmd, k) for k in FIVE_ORGAN_TYPES},
                comment=cmd.comment,
                evidence=[e.model_dump() for e in cmd.evidence],
                occurred_on=cmd.occurred_on,
                by=by,
            ),
            exists,
        )
        return assessment.id

    def amend(
        self, assessment_id: UUID, command: AmendAssessment | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(AmendAssessment, command)
        self.authorize(by, "evaluate")
        assessment = self.get(assessment_id, OrganAssessment, version=version)
        changes: dict = {}
        scores = {k: v for k in FIVE_ORGAN_TYPES if (v := getattr(cmd, k)) is not None}
        if scores:
            changes["scores"] = {**assessment.scores, **scores}
        if cmd.comment is not None:
            changes["comment"] = cmd.comment
        assessment.amend(changes, cmd.reason, by)
        self.save(assessment)

    def withdraw(
        self, assessment_id: UUID, command: WithdrawAssessment | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(WithdrawAssessment, command)
        self.authorize(by, "evaluate")
        assessment = self.get(assessment_id, OrganAssessment, version=version)
        assessment.withdraw(cmd.reason, by)
        self.save(assessment)
