"""务实创新: innovation proposals, followed from submitted through evaluated, adopted and piloted
to implemented (or rejected on the way), with the effect expected and the effect observed."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.errors import LedgerError
from domain.records import Record

STAGES = ("submitted", "evaluated", "adopted", "piloted", "implemented")
"""The funnel, in order; `rejected` can end it at any stage before implemented."""

NEXT = {"submitted": "evaluated", "evaluated": "adopted", "adopted": "piloted", "piloted": "implemented"}


class Proposal(Record):
    """An improvement a cadre proposes to the office's staffing work."""

    @event("Recorded")
    def __init__(
        self,
        title: str,
        proposer_id: UUID,
        department_id: UUID,
        problem: str,
        idea: str,
        expected_effect: str,
        ideas: list[str],
        occurred_on: date,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.title = title
        self.proposer_id = proposer_id
        self.department_id = department_id
        self.problem = problem
        self.idea = idea
        self.expected_effect = expected_effect
        self.ideas = ideas
        self.stage = "submitted"
        self.stage_on = occurred_on

    def _can_move(self, to: str, on: date) -> None:
        if self.withdrawn:
            raise LedgerError("the proposal was withdrawn", key="error.record_withdrawn")
        if self.stage == "rejected" or self.stage == "implemented":
            raise LedgerError("the proposal's course is over", key="error.review_state")
        if to != "rejected" and NEXT[self.stage] != to:
            raise LedgerError(
                f"a {self.stage} proposal cannot become {to}", key="error.stage_order", stage=self.stage, to=to
            )
        if on < self.stage_on:
            raise LedgerError("a step cannot precede the one before it", key="error.stage_date", previous=self.stage_on)

    def evaluate(self, score: int, opinion: str, on: date, by: Actor) -> None:
        """A leader's evaluation: a score from 1 to 5 and an opinion."""
        self._can_move("evaluated", on)
        self._evaluated(score=score, opinion=opinion, on=on, by=by)

    @event("Evaluated")
    def _evaluated(self, score: int, opinion: str, on: date, by: Actor) -> None:
        self.stage, self.stage_on = "evaluated", on

    def adopt(self, opinion: str, on: date, by: Actor) -> None:
        self._can_move("adopted", on)
        self._adopted(opinion=opinion, on=on, by=by)

    @event("Adopted")
    def _adopted(self, opinion: str, on: date, by: Actor) -> None:
        self.stage, self.stage_on = "adopted", on

    def pilot(self, pilot_scope: str, on: date, by: Actor) -> None:
        """Try it out somewhere first."""
        self._can_move("piloted", on)
        self._piloted(pilot_scope=pilot_scope, on=on, by=by)

    @event("Piloted")
    def _piloted(self, pilot_scope: str, on: date, by: Actor) -> None:
        self.stage, self.stage_on = "piloted", on

    def implement(self, observed_effect: str, on: date, by: Actor) -> None:
        """Rolled out for good, with the effect actually observed."""
        self._can_move("implemented", on)
        self._implemented(observed_effect=observed_effect, on=on, by=by)

    @event("Implemented")
    def _implemented(self, observed_effect: str, on: date, by: Actor) -> None:
        self.stage, self.stage_on = "implemented", on

    def reject(self, reason: str, on: date, by: Actor) -> None:
        self._can_move("rejected", on)
        self._rejected(reason=reason, on=on, by=by)

    @event("Rejected")
    def _rejected(self, reason: str, on: date, by: Actor) -> None:
        self.stage, self.stage_on = "rejected", on
