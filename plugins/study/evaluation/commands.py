"""What leaders and cadres submit about a period: a leader's four scores, their correction, a
cadre's self-assessment."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from culture_ledger.periods import Period
from domain import clock

PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-H[12])?$"
"""What an evaluation is for: a year (2026), a half (2026-H1) or a quarter (2026-Q3), as `Period` codes."""


def recent_periods(today: date | None = None) -> list[str]:
    """Evaluation periods a leader is likely to score: recent quarters, halves and years, newest first."""
    today = today or clock.today()
    periods = []
    for year in (today.year, today.year - 1):
        for p in (f"{year}-Q4", f"{year}-Q3", f"{year}-H2", f"{year}-Q2", f"{year}-Q1", f"{year}-H1", f"{year}"):
            if Period.parse(p).start <= today:
                periods.append(p)
    return periods


def a_started_period(value: str) -> str:
    if Period.parse(value).start > clock.today():
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
        return {
            "ideology": self.ideology,
            "proficiency": self.proficiency,
            "conduct": self.conduct,
            "fairness": self.fairness,
        }


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
        return {
            k: v
            for k, v in (
                ("ideology", self.ideology),
                ("proficiency", self.proficiency),
                ("conduct", self.conduct),
                ("fairness", self.fairness),
            )
            if v is not None
        }
