"""What staff submit about training and study tours: a session held and who attended, late
sign-ins, a tour and who went, the tour's report (withdrawing is `kit.Withdraw`)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from culture_ledger.validation import RecordDay, not_in_future
from plugins.study.domain import TRAINING_LEVELS
from plugins.study.kit import ends_after_start

TrainingLevel = Literal[TRAINING_LEVELS]  # type: ignore[valid-type]


class RecordTraining(BaseModel):
    """Record a training session held (业务培训) and who attended it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    organiser: str = Field(min_length=1, max_length=100)
    level: TrainingLevel
    occurred_on: RecordDay
    end_on: date
    hours: float = Field(gt=0, le=500)
    audience: str = Field(default="", max_length=200)
    attendees: list[UUID] = Field(default_factory=list, max_length=500)

    _future = field_validator("occurred_on")(not_in_future)

    @field_validator("end_on")
    @classmethod
    def _end(cls, v: date, info) -> date:
        if "occurred_on" in info.data:
            ends_after_start(info.data["occurred_on"], v)
        return v


class AddAttendance(BaseModel):
    cadre_ids: list[UUID] = Field(min_length=1, max_length=500)


class RecordStudyTour(BaseModel):
    """Record a study tour (赴外考察学习): where, when, who went, what for."""

    model_config = ConfigDict(str_strip_whitespace=True)

    destination: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=1000)
    occurred_on: RecordDay
    end_on: date
    members: list[UUID] = Field(min_length=1, max_length=100)

    _future = field_validator("occurred_on")(not_in_future)

    @field_validator("end_on")
    @classmethod
    def _end(cls, v: date, info) -> date:
        if "occurred_on" in info.data:
            ends_after_start(info.data["occurred_on"], v)
        return v


class FileTourReport(BaseModel):
    """The report the members brought back (考察报告)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=50000)
