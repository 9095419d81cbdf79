"""规范高效: the office's working rules (制度), adopted, revised and repealed, and the compliance
cases it finds and resolves (混编混岗, 超编进人, 人员膨胀)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.errors import LedgerError
from domain.records import FileHolder, Record

CASE_KINDS = ("mixed_staffing", "over_quota_hiring", "staff_bloat")
"""混编混岗, 超编进人, 人员膨胀."""


class WorkingRule(Record, FileHolder):
    """A working rule of the office: adopted in a first edition, revised in later ones, perhaps repealed."""

    @event("Recorded")
    def __init__(
        self, title: str, department_id: UUID, summary: str, occurred_on: date, effective_on: date, by: Actor
    ) -> None:
        self._start(occurred_on, by)
        self.title = title
        self.department_id = department_id
        self.summary = summary
        self.effective_on = effective_on
        self.edition = 1
        self.repealed_on: date | None = None

    def _standing(self) -> None:
        if self.withdrawn:
            raise LedgerError("the rule was withdrawn", key="error.record_withdrawn")
        if self.repealed_on is not None:
            raise LedgerError("the rule was repealed", key="error.rule_repealed")

    def revise(self, summary: str, effective_on: date, note: str, by: Actor) -> None:
        """A new edition of the rule, effective from a date."""
        self._standing()
        self._revised(edition=self.edition + 1, summary=summary, effective_on=effective_on, note=note, by=by)

    @event("Revised")
    def _revised(self, edition: int, summary: str, effective_on: date, note: str, by: Actor) -> None:
        self.edition = edition
        self.summary = summary
        self.effective_on = effective_on

    def repeal(self, repealed_on: date, reason: str, by: Actor) -> None:
        """The rule stops applying from a date; it stays in the record."""
        self._standing()
        self._repealed(repealed_on=repealed_on, reason=reason, by=by)

    @event("Repealed")
    def _repealed(self, repealed_on: date, reason: str, by: Actor) -> None:
        self.repealed_on = repealed_on


class ComplianceCase(Record):
    """A compliance problem found in an institution, followed until it is resolved."""

    @event("Recorded")
    def __init__(
        self,
        kind: str,
        institution: str,
        department_id: UUID,
        description: str,
        headcount: int,
        occurred_on: date,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.kind = kind
        self.institution = institution
        self.department_id = department_id
        self.description = description
        self.headcount = headcount
        self.resolved_on: date | None = None

    def resolve(self, resolved_on: date, resolution: str, by: Actor) -> None:
        if self.withdrawn:
            raise LedgerError("the case was withdrawn", key="error.record_withdrawn")
        if self.resolved_on is not None:
            raise LedgerError("already resolved", key="error.case_resolved")
        self._resolved(resolved_on=resolved_on, resolution=resolution, by=by)

    @event("Resolved")
    def _resolved(self, resolved_on: date, resolution: str, by: Actor) -> None:
        self.resolved_on = resolved_on
