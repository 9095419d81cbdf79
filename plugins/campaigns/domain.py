"""Campaigns (活动): a theme an office declares for a year, such as the article's 自身建设年活动 or
五型机关创建, and the records it links to it.

A campaign names its goals, the carriers and ideas it serves and, for a five-type campaign, the
types of organ (五型) it builds toward. Activities, reform tasks, working rules and proposals are
linked to it one by one (each with the type it goes toward, where the campaign has types); a
leader reports how each goal stands. Nothing here changes the linked records themselves."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.errors import LedgerError
from domain.records import Record
from domain.vocabulary import FIVE_ORGAN_TYPES

__all__ = ["FIVE_ORGAN_TYPES", "GOAL_STATES", "LINKABLE", "Campaign"]

LINKABLE = ("activity", "reform_task", "working_rule", "proposal")
"""The kinds of record a campaign links: carrier activities, 服务大局 reform tasks, 规范高效 working
rules and 务实创新 proposals."""

GOAL_STATES = ("planned", "in_progress", "done")


class Campaign(Record):
    """A campaign an office declared: its name and year, goals, the carriers and ideas it serves, the
    five types it builds toward (may be none), and the records linked to it."""

    @event("Declared")
    def __init__(
        self,
        name: str,
        year: int,
        goals: list[str],
        carriers: list[str],
        ideas: list[str],
        organ_types: list[str],
        occurred_on: date,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.name = name
        self.year = year
        self.goals = list(goals)
        self.carriers = list(carriers)
        self.ideas = list(ideas)
        self.organ_types = list(organ_types)
        self.links: dict[str, dict] = {}
        self.goal_states: dict[int, str] = {}

    def link(
        self,
        record_id: UUID,
        kind: str,
        carrier: str,
        department_id: UUID,
        organ_type: str,
        note: str,
        on: date,
        by: Actor,
    ) -> None:
        """Link a record to the campaign (once), with the type of organ it goes toward where the campaign has types."""
        if self.withdrawn:
            raise LedgerError("a withdrawn campaign links nothing", key="error.record_withdrawn")
        if record_id.hex in self.links:
            raise LedgerError("already linked", key="campaigns.error.linked")
        if organ_type and organ_type not in self.organ_types:
            raise LedgerError("not a type of this campaign", key="campaigns.error.organ_type")
        if self.organ_types and not organ_type:
            raise LedgerError("a five-type campaign links a record to a type", key="campaigns.error.organ_type_needed")
        self._linked(
            record_id=record_id,
            kind=kind,
            carrier=carrier,
            department_id=department_id,
            organ_type=organ_type,
            note=note,
            on=on,
            by=by,
        )

    @event("Linked")
    def _linked(
        self,
        record_id: UUID,
        kind: str,
        carrier: str,
        department_id: UUID,
        organ_type: str,
        note: str,
        on: date,
        by: Actor,
    ) -> None:
        self.links[record_id.hex] = {"kind": kind, "department_id": department_id, "organ_type": organ_type}

    def unlink(self, record_id: UUID, reason: str, by: Actor) -> None:
        """Take a record off the campaign (linked by mistake), with a reason; the link stays in the log."""
        if record_id.hex not in self.links:
            raise LedgerError("not linked", key="error.nothing_changed")
        self._unlinked(record_id=record_id, reason=reason, by=by)

    @event("Unlinked")
    def _unlinked(self, record_id: UUID, reason: str, by: Actor) -> None:
        del self.links[record_id.hex]

    def report_goal(self, goal: int, status: str, note: str, on: date, by: Actor) -> None:
        """Say where one goal stands (planned, in progress, done), with a note."""
        if self.withdrawn:
            raise LedgerError("a withdrawn campaign cannot be reported on", key="error.record_withdrawn")
        if not 0 <= goal < len(self.goals):
            raise LedgerError("no such goal", key="error.not_found")
        self._goal_reported(goal=goal, status=status, note=note, on=on, by=by)

    @event("GoalReported")
    def _goal_reported(self, goal: int, status: str, note: str, on: date, by: Actor) -> None:
        self.goal_states[goal] = status
