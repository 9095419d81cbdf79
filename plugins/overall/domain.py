"""服务大局: reform tasks the office carries for the Party committee and government, each with
milestones planned and reported on. Items of service are carrier activities (kind `service_item`)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.errors import LedgerError
from domain.records import FileHolder, Record

CATEGORIES = ("government_reform", "township_reform", "office_task")
"""地县政府机构改革, 乡镇站所管理体制改革, tasks the office adds itself."""

MILESTONE_STATES = ("planned", "in_progress", "done", "blocked")


class ReformTask(Record, FileHolder):
    """A reform task the office carries, and the milestones by which it is tracked."""

    @event("Recorded")
    def __init__(
        self,
        title: str,
        category: str,
        department_id: UUID,
        lead: str,
        goal: str,
        ideas: list[str],
        occurred_on: date,
        by: Actor,
    ) -> None:
        self._start(occurred_on, by)
        self.title = title
        self.category = category
        self.department_id = department_id
        self.lead = lead
        self.goal = goal
        self.ideas = ideas
        self.milestones: dict[str, dict[str, Any]] = {}

    def plan_milestone(self, milestone_id: str, title: str, planned_on: date, by: Actor) -> None:
        """Add a milestone due on a planned date."""
        if self.withdrawn:
            raise LedgerError("a withdrawn task cannot be planned", key="error.record_withdrawn")
        if milestone_id in self.milestones:
            raise LedgerError("milestone already planned", key="error.nothing_changed")
        self._milestone_planned(milestone_id=milestone_id, title=title, planned_on=planned_on, by=by)

    @event("MilestonePlanned")
    def _milestone_planned(self, milestone_id: str, title: str, planned_on: date, by: Actor) -> None:
        self.milestones[milestone_id] = {
            "title": title,
            "planned_on": planned_on,
            "status": "planned",
            "progress": 0,
            "actual_on": None,
        }

    def report_progress(
        self, milestone_id: str, status: str, progress: int, actual_on: date | None, note: str, by: Actor
    ) -> None:
        """Say where a milestone stands: its status, progress in percent and, once done, the actual date."""
        if self.withdrawn:
            raise LedgerError("a withdrawn task cannot be reported on", key="error.record_withdrawn")
        if milestone_id not in self.milestones:
            raise LedgerError("no such milestone", key="error.not_found")
        self._progress_reported(
            milestone_id=milestone_id, status=status, progress=progress, actual_on=actual_on, note=note, by=by
        )

    @event("ProgressReported")
    def _progress_reported(
        self, milestone_id: str, status: str, progress: int, actual_on: date | None, note: str, by: Actor
    ) -> None:
        self.milestones[milestone_id].update(status=status, progress=progress, actual_on=actual_on)
