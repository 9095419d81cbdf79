"""What staff submit under the overall carrier: reform tasks, milestones, progress, service items."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from culture_ledger.validation import PlanDay, RecordDay, not_blank, not_in_future
from plugins.carrier.commands import Idea
from plugins.overall.domain import CATEGORIES, MILESTONE_STATES

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
MilestoneState = Literal[MILESTONE_STATES]  # type: ignore[valid-type]

SERVICE_TYPES = ("quota_support", "reform_guidance", "policy_research", "grassroots_service")
"""Kinds of service to the overall work."""


class ServiceItem(BaseModel):
    """An item of service to the overall work (activity kind `service_item`); it must name the ideas it serves."""

    requires_ideas: ClassVar[bool] = True
    model_config = ConfigDict(str_strip_whitespace=True)

    service_type: Literal[SERVICE_TYPES]  # type: ignore[valid-type]
    beneficiary: str = Field(min_length=1, max_length=200)


ACTIVITY_KINDS = {"service_item": ServiceItem}


class RecordReformTask(BaseModel):
    """Open a reform task: what, under which reform, who leads, the goal and the ideas it serves."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    category: Category
    department_id: UUID
    lead: str = Field(min_length=1, max_length=100)
    goal: str = Field(default="", max_length=2000)
    ideas: list[Idea] = Field(default_factory=list)
    occurred_on: RecordDay

    _future = field_validator("occurred_on")(not_in_future)


class PlanMilestone(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    planned_on: PlanDay


class ReportProgress(BaseModel):
    """Where a milestone stands; `done` needs the actual date and 100 %."""

    model_config = ConfigDict(str_strip_whitespace=True)

    milestone_id: str = Field(min_length=1, max_length=64)
    status: MilestoneState
    progress: int = Field(ge=0, le=100)
    actual_on: date | None = None
    note: str = Field(default="", max_length=1000)

    @field_validator("actual_on")
    @classmethod
    def _future(cls, v: date | None) -> date | None:
        return None if v is None else not_in_future(v)

    @model_validator(mode="after")
    def _done_is_done(self) -> ReportProgress:
        if self.status == "done":
            if self.actual_on is None:
                raise PydanticCustomError(
                    "actual_date_required", "a done milestone needs its actual date", {"field": "actual_on"}
                )
            if self.progress != 100:
                raise PydanticCustomError(
                    "done_means_complete", "a done milestone is 100 % complete", {"field": "progress"}
                )
        elif self.actual_on is not None:
            self.actual_on = None  # only a finished milestone has an actual date
        return self


class AmendReformTask(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1, max_length=200)
    lead: str | None = Field(default=None, min_length=1, max_length=100)
    goal: str | None = Field(default=None, max_length=2000)
    reason: str = Field(min_length=1, max_length=500)

    _reason = field_validator("reason")(not_blank)


class WithdrawReformTask(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)
