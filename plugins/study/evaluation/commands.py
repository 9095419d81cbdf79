"""What leaders and cadres submit about a period: a leader's four scores, their correction, a
cadre's self-assessment."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from plugins.study.evaluation.periods import PERIOD_PATTERN, period_bounds


def a_started_period(value: str) -> str:
    if period_bounds(value)[0] > date.today():
        raise PydanticCustomError("period_future", "period has not started")
    return value


class ScoreCadre(BaseModel):
    """A leader scores a cadre for a period on the four dimensions (0-100 each), with a comment."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    period: str = Field(pattern=PERIOD_PATTERN)
    ideology: int = Field(ge=0, le=100)
    proficiency: int = Field(ge=0, le=100)
    conduct: int = Field(ge=0, le=100)
    fairness: int = Field(ge=0, le=100)
    comment: str = Field(min_length=1, max_length=2000)

    _period = field_validator("period")(a_started_period)

    def scores(self) -> dict[str, int]:
        return {"ideology": self.ideology, "proficiency": self.proficiency, "conduct": self.conduct,
                "fairness": self.fairness}


class AmendEvaluation(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    ideology: int | None = Field(default=None, ge=0, le=100)
    proficiency: int | None = Field(default=None, ge=0, le=100)
    conduct: int | None = Field(default=None, ge=0, le=100)
    fairness: int | None = Field(default=None, ge=0, le=100)
    comment: str | None = Field(default=None, min_length=1, max_length=2000)
    reason: str = Field(min_length=1, max_length=500)


class WriteSelfAssessment(BaseModel):
    """A cadre's self-assessment for a period, optionally with their own four scores."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    period: str = Field(pattern=PERIOD_PATTERN)
    text: str = Field(min_length=1, max_length=5000)
    ideology: int | None = Field(default=None, ge=0, le=100)
    proficiency: int | None = Field(default=None, ge=0, le=100)
    conduct: int | None = Field(default=None, ge=0, le=100)
    fairness: int | None = Field(default=None, ge=0, le=100)

    _period = field_validator("period")(a_started_period)

    def scores(self) -> dict[str, int]:
        return {k: v for k, v in (("ideology", self.ideology), ("proficiency", self.proficiency),
                                  ("conduct", self.conduct), ("fairness", self.fairness)) if v is not None}
