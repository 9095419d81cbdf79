"""What staff and leaders submit under the integrity carrier."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from culture_ledger.periods import Period
from culture_ledger.validation import RecordDay, not_in_future
from plugins.carrier.commands import EvidenceFile

FORMS = ("lecture", "warning_education", "visit", "pledge_signing")
"""Forms of integrity education."""
LEVELS = ("prefecture", "region", "national")
"""Levels of a collective honour."""


class IntegrityEducation(BaseModel):
    """An integrity education session (activity kind `integrity_education`)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    form: Literal[FORMS]  # type: ignore[valid-type]
    topic: str = Field(min_length=1, max_length=200)


class CultureSports(BaseModel):
    """A culture or sports competition, or a fellowship event (kind `culture_sports`), with who took part and won what."""

    model_config = ConfigDict(str_strip_whitespace=True)

    event_type: Literal["competition", "fellowship"]
    participants: list[str] = Field(default_factory=list, max_length=1000)
    awards: list[str] = Field(default_factory=list, max_length=100)

    @field_validator("participants", "awards")
    @classmethod
    def _names(cls, names: list[str]) -> list[str]:
        return [n.strip() for n in names if n.strip()]

    @model_validator(mode="after")
    def _someone_took_part(self) -> CultureSports:
        if not self.participants:
            raise PydanticCustomError("participants_required", "name who took part", {"field": "participants"})
        return self


class CollectiveHonour(BaseModel):
    """An honour the office or a department received as a collective (kind `collective_honour`)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    honour: str = Field(min_length=1, max_length=200)
    awarding_body: str = Field(min_length=1, max_length=200)
    level: Literal[LEVELS]  # type: ignore[valid-type]


ACTIVITY_KINDS = {
    "integrity_education": IntegrityEducation,
    "culture_sports": CultureSports,
    "collective_honour": CollectiveHonour,
}


class AssessOrgan(BaseModel):
    """A leader's quarterly assessment of a department on the five types of organ, with evidence."""

    model_config = ConfigDict(str_strip_whitespace=True)

    department_id: UUID
    period: str = Field(pattern=r"^\d{4}-Q[1-4]$")
    learning: int = Field(ge=0, le=100)
    innovative: int = Field(ge=0, le=100)
    pragmatic: int = Field(ge=0, le=100)
    harmonious: int = Field(ge=0, le=100)
    clean: int = Field(ge=0, le=100)
    comment: str = Field(default="", max_length=2000)
    evidence: list[EvidenceFile] = Field(default_factory=list, max_length=50)
    occurred_on: RecordDay

    _future = field_validator("occurred_on")(not_in_future)

    @model_validator(mode="after")
    def _not_before_the_quarter(self) -> AssessOrgan:
        if self.occurred_on < Period.parse(self.period).start:
            raise PydanticCustomError(
                "assessed_before_period", "a quarter is assessed once it has begun", {"field": "occurred_on"}
            )
        return self


class AmendAssessment(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    learning: int | None = Field(default=None, ge=0, le=100)
    innovative: int | None = Field(default=None, ge=0, le=100)
    pragmatic: int | None = Field(default=None, ge=0, le=100)
    harmonious: int | None = Field(default=None, ge=0, le=100)
    clean: int | None = Field(default=None, ge=0, le=100)
    comment: str | None = Field(default=None, max_length=2000)
    reason: str = Field(min_length=1, max_length=500)


class WithdrawAssessment(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)
