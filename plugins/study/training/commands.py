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


class Trainee(BaseModel):
    """A trainee who is not one of this office's cadres: a county office's cadre at a region-wide training."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=50)
    office: str = Field(min_length=1, max_length=100)


def trainee_lines(text: str) -> list[dict[str, str]]:
    """Trainees typed one a line as 姓名，单位 (a comma, a tab or a space between): what a sign-in sheet lists.
    A line with no office gives an empty one, which the command refuses."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in ("，", ",", "\t", "、", " ", "\u3000"):
            if sep in line:
                name, office = line.split(sep, 1)
                break
        else:
            name, office = line, ""
        out.append({"name": name.strip(), "office": office.strip(" ，,、\t\u3000")})
    return out


class RecordTraining(BaseModel):
    """Record a training session held (业务培训), the cadres who attended it and the trainees from other offices."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    organiser: str = Field(min_length=1, max_length=100)
    level: TrainingLevel
    occurred_on: RecordDay
    end_on: date
    hours: float = Field(gt=0, le=500)
    audience: str = Field(default="", max_length=200)
    attendees: list[UUID] = Field(default_factory=list, max_length=500)
    trainees: list[Trainee] = Field(default_factory=list, max_length=2000)

    _future = field_validator("occurred_on")(not_in_future)

    @field_validator("end_on")
    @classmethod
    def _end(cls, v: date, info) -> date:
        if "occurred_on" in info.data:
            ends_after_start(info.data["occurred_on"], v)
        return v


class AddAttendance(BaseModel):
    cadre_ids: list[UUID] = Field(min_length=1, max_length=500)


class EnrolTrainees(BaseModel):
    """Trainees from other offices added to a session (their office's list arriving late)."""

    trainees: list[Trainee] = Field(min_length=1, max_length=2000)


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
