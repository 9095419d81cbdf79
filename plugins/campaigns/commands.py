"""What a leader declares and reports, and what staff link, under a campaign."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from culture_ledger.validation import OptionalText, RecordDay, Text, not_in_future
from plugins.campaigns.domain import FIVE_ORGAN_TYPES, GOAL_STATES, LINKABLE
from plugins.carrier.commands import Idea

OrganType = Literal[FIVE_ORGAN_TYPES]  # type: ignore[valid-type]
Kind = Literal[LINKABLE]  # type: ignore[valid-type]
GoalState = Literal[GOAL_STATES]  # type: ignore[valid-type]
Goal = Annotated[str, Field(min_length=1, max_length=500)]


class DeclareCampaign(BaseModel):
    """Declare a campaign: its name and year, its goals, the carriers and ideas it serves, and the
    five types it builds toward (a 五型机关 campaign; none for others)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: Text(100)
    year: int = Field(ge=2000, le=2100)
    goals: list[Goal] = Field(min_length=1, max_length=30)
    carriers: list[str] = Field(default_factory=list, max_length=20)
    ideas: list[Idea] = Field(default_factory=list)
    organ_types: list[OrganType] = Field(default_factory=list)
    occurred_on: RecordDay

    _future = field_validator("occurred_on")(not_in_future)


class LinkRecord(BaseModel):
    """Link one record to a campaign: which kind and which record, toward which type (a five-type campaign)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    kind: Kind
    record_id: UUID
    organ_type: OrganType | Literal[""] = ""
    note: OptionalText(500) = ""
    on: RecordDay | None = None
    """The day it was linked (never ahead of today): today unless the office brings in its paper ledger's links."""


class UnlinkRecord(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    record_id: UUID
    reason: Text(500)


class ReportGoal(BaseModel):
    """Where one of the campaign's goals stands."""

    model_config = ConfigDict(str_strip_whitespace=True)

    goal: int = Field(ge=0, le=29)
    status: GoalState
    note: OptionalText(1000) = ""
    on: RecordDay

    _future = field_validator("on")(not_in_future)


class WithdrawCampaign(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: Text(500)
