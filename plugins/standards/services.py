"""Working rules and compliance cases."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand, NotFound
from domain.people import Department
from domain.records import Record
from event_store.evidence import Upload
from plugins.carrier import files
from plugins.standards.commands import (
    AdoptRule,
    AmendRecord,
    RecordCase,
    RepealRule,
    ResolveCase,
    ReviseRule,
    WithdrawRecord,
)
from plugins.standards.domain import ComplianceCase, WorkingRule


class StandardsService(Service):
    """规范高效: adopt, revise and repeal rules; record and resolve compliance cases; correct either."""

    def _department(self, department_id: UUID) -> None:
        if not self.exists(department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])

    def adopt_rule(self, command: AdoptRule | dict, by: Actor, *, uploads: Sequence[Upload] = ()) -> UUID:
        """Adopt a working rule, with its text as a file if sent (all saved together or nothing)."""
        cmd = validate(AdoptRule, command)
        self.authorize_change(by, "working_rule", department_id=cmd.department_id)
        self._department(cmd.department_id)
        rule = WorkingRule(
            title=cmd.title,
            department_id=cmd.department_id,
            summary=cmd.summary,
            occurred_on=cmd.occurred_on,
            effective_on=cmd.effective_on,
            by=by,
        )
        files.attach_new(self, rule, uploads, by)
        return rule.id

    def revise_rule(
        self,
        rule_id: UUID,
        command: ReviseRule | dict,
        by: Actor,
        *,
        version: int | None = None,
        uploads: Sequence[Upload] = (),
    ) -> int:
        """Publish a new edition (with its text as a file, if sent); returns its number."""
        cmd = validate(ReviseRule, command)
        rule = self.get(rule_id, WorkingRule, version=version)
        self.authorize_change(by, "working_rule", department_id=rule.department_id)
        if cmd.effective_on < rule.effective_on:
            raise InvalidCommand(
                [("effective_on", "validation.effective_before_previous", {"previous": rule.effective_on})]
            )
        with files.keeping(self.ledger, uploads) as text:
            rule.revise(cmd.summary, cmd.effective_on, cmd.note, by)
            if text:
                rule.attach(text, by)
            self.save(rule)
        return rule.edition

    def attach_rule_files(
        self, rule_id: UUID, by: Actor, *, uploads: Sequence[Upload], version: int | None = None
    ) -> None:
        """Add files to a working rule (its text, a scanned signed copy): whoever may change the rule."""
        rule = self.get(rule_id, WorkingRule, version=version)
        self.authorize_change(by, "working_rule", department_id=rule.department_id)
        files.attach(self, rule, uploads, by)

    def repeal_rule(self, rule_id: UUID, command: RepealRule | dict, by: Actor, *, version: int | None = None) -> None:
        cmd = validate(RepealRule, command)
        rule = self.get(rule_id, WorkingRule, version=version)
        self.authorize_change(by, "working_rule", department_id=rule.department_id)
        if cmd.repealed_on < rule.occurred_on:
            raise InvalidCommand([("repealed_on", "validation.before_adopted", {"adopted": rule.occurred_on})])
        rule.repeal(cmd.repealed_on, cmd.reason, by)
        self.save(rule)

    def record_case(self, command: RecordCase | dict, by: Actor) -> UUID:
        cmd = validate(RecordCase, command)
        self.authorize_change(by, "working_rule", department_id=cmd.department_id)
        self._department(cmd.department_id)
        case = ComplianceCase(
            kind=cmd.kind,
            institution=cmd.institution,
            department_id=cmd.department_id,
            description=cmd.description,
            headcount=cmd.headcount,
            occurred_on=cmd.occurred_on,
            by=by,
        )
        self.save(case)
        return case.id

    def resolve_case(
        self, case_id: UUID, command: ResolveCase | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(ResolveCase, command)
        case = self.get(case_id, ComplianceCase, version=version)
        self.authorize_change(by, "working_rule", department_id=case.department_id)
        if cmd.resolved_on < case.occurred_on:
            raise InvalidCommand([("resolved_on", "validation.resolved_before_found", {"found": case.occurred_on})])
        case.resolve(cmd.resolved_on, cmd.resolution, by)
        self.save(case)

    def amend(self, record_id: UUID, command: AmendRecord | dict, by: Actor, *, version: int | None = None) -> None:
        """Correct a rule (title) or a case (institution, description, headcount), with a reason."""
        cmd = validate(AmendRecord, command)
        record = self._get_either(record_id, version)
        self.authorize_change(by, "working_rule", department_id=record.department_id)
        allowed = ("title",) if isinstance(record, WorkingRule) else ("institution", "description", "headcount")
        changes = {k: v for k, v in cmd.model_dump(exclude_none=True, exclude={"reason"}).items() if k in allowed}
        record.amend(changes, cmd.reason, by)
        self.save(record)

    def withdraw(
        self, record_id: UUID, command: WithdrawRecord | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(WithdrawRecord, command)
        record = self._get_either(record_id, version)
        self.authorize_change(by, "working_rule", department_id=record.department_id)
        record.withdraw(cmd.reason, by)
        self.save(record)

    def _get_either(self, record_id: UUID, version: int | None) -> WorkingRule | ComplianceCase:
        record = self.get(record_id, Record, version=version)
        if not isinstance(record, (WorkingRule, ComplianceCase)):
            raise NotFound(f"no rule or case {record_id}", kind="WorkingRule")
        return record
