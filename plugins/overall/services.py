"""Reform tasks and their milestones."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.actor import Actor
from domain.errors import InvalidCommand
from domain.people import Department
from event_store.evidence import Upload
from plugins.carrier import files
from plugins.overall.commands import (
    AmendReformTask,
    PlanMilestone,
    RecordReformTask,
    ReportProgress,
    WithdrawReformTask,
)
from plugins.overall.domain import ReformTask


class OverallService(Service):
    """服务大局: open reform tasks, plan their milestones, report progress, correct them."""

    def record_task(self, command: RecordReformTask | dict, by: Actor, *, uploads: Sequence[Upload] = ()) -> UUID:
        """Open a reform task, with its plan (改革方案) as a file if sent (all saved together or nothing)."""
        cmd = validate(RecordReformTask, command)
        self.authorize_change(by, "reform_task", department_id=cmd.department_id)
        if not self.exists(cmd.department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        task = ReformTask(
            title=cmd.title,
            category=cmd.category,
            department_id=cmd.department_id,
            lead=cmd.lead,
            goal=cmd.goal,
            ideas=list(dict.fromkeys(cmd.ideas)),
            occurred_on=cmd.occurred_on,
            by=by,
        )
        files.attach_new(self, task, uploads, by)
        return task.id

    def attach_task_files(
        self, task_id: UUID, by: Actor, *, uploads: Sequence[Upload], version: int | None = None
    ) -> None:
        """Add files to a reform task (the plan, a milestone's report): whoever may change the task."""
        task = self.get(task_id, ReformTask, version=version)
        self.authorize_change(by, "reform_task", department_id=task.department_id)
        files.attach(self, task, uploads, by)

    def plan_milestone(
        self, task_id: UUID, command: PlanMilestone | dict, by: Actor, *, version: int | None = None
    ) -> str:
        """Add a milestone to a task; returns the milestone's id."""
        cmd = validate(PlanMilestone, command)
        task = self.get(task_id, ReformTask, version=version)
        self.authorize_change(by, "reform_task", department_id=task.department_id)
        if cmd.planned_on < task.occurred_on:
            raise InvalidCommand([("planned_on", "validation.before_task_start", {"start": task.occurred_on})])
        milestone_id = uuid4().hex
        task.plan_milestone(milestone_id, cmd.title, cmd.planned_on, by)
        self.save(task)
        return milestone_id

    def report_progress(
        self, task_id: UUID, command: ReportProgress | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(ReportProgress, command)
        task = self.get(task_id, ReformTask, version=version)
        self.authorize_change(by, "reform_task", department_id=task.department_id)
        if cmd.actual_on is not None and cmd.actual_on < task.occurred_on:
            raise InvalidCommand([("actual_on", "validation.before_task_start", {"start": task.occurred_on})])
        task.report_progress(cmd.milestone_id, cmd.status, cmd.progress, cmd.actual_on, cmd.note, by)
        self.save(task)

    def amend_task(
        self, task_id: UUID, command: AmendReformTask | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(AmendReformTask, command)
        task = self.get(task_id, ReformTask, version=version)
        self.authorize_change(by, "reform_task", department_id=task.department_id)
        task.amend(cmd.model_dump(exclude_none=True, exclude={"reason"}), cmd.reason, by)
        self.save(task)

    def withdraw_task(
        self, task_id: UUID, command: WithdrawReformTask | dict, by: Actor, *, version: int | None = None
    ) -> None:
        cmd = validate(WithdrawReformTask, command)
        task = self.get(task_id, ReformTask, version=version)
        self.authorize_change(by, "reform_task", department_id=task.department_id)
        task.withdraw(cmd.reason, by)
        self.save(task)
