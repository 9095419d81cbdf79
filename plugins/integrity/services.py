"""Five-type organ assessments."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand
from domain.people import Department
from event_store.evidence import Upload
from plugins.carrier.services import ActivityService
from plugins.integrity.commands import AmendAssessment, AssessOrgan, WithdrawAssessment
from plugins.integrity.domain import FIVE_ORGAN_TYPES, OrganAssessment


class IntegrityService(Service):
    """风清气正: leaders assess departments on the five types of organ each quarter, and correct it."""

    def assess(self, command: AssessOrgan | dict, by: Actor, *, uploads: Sequence[Upload] = ()) -> UUID:
        """One standing assessment per department and quarter. Its evidence: files already stored, and
        the files uploaded with it (checked first, written only when the assessment is saved)."""
        activities = self.ledger.service(ActivityService)
        added = activities.admit_evidence(uploads)
        if added:
            data = command.model_dump() if isinstance(command, AssessOrgan) else dict(command)
            command = {**data, "evidence": [*(data.get("evidence") or []), *added]}
        arriving = {r["sha256"] for r in added}
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
            e.name for e in cmd.evidence if e.sha256 not in arriving and activities.evidence.check(e.sha256) != "ok"
        ]
        if missing:
            raise InvalidCommand([("evidence", "validation.evidence_missing", {"files": ", ".join(missing)})])
        # ...but may lag; the store decides, by the id derived from the department and quarter.
        with activities.evidence.holding(u.content for u in uploads):
            assessment = self._save_assessment(cmd, by, exists)
        return assessment.id

    def _save_assessment(self, cmd: AssessOrgan, by: Actor, exists: InvalidCommand) -> OrganAssessment:
        return self.save_standing(
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
