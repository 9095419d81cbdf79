"""What staff submit about a day's study: record it, correct it, withdraw it."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from culture_ledger.validation import RecordDay, not_in_future
from domain.vocabulary import STUDY_MODES

MINUTES_IN_A_DAY = 24 * 60


Mode = Literal[STUDY_MODES]  # type: ignore[valid-type]


class RecordStudy(BaseModel):
    """Record a day's study (日学一时)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    occurred_on: RecordDay
    minutes: int = Field(ge=1, le=MINUTES_IN_A_DAY)
    material: str = Field(min_length=1, max_length=500)
    mode: Mode = "self"
    place: str = Field(default="", max_length=100)

    _future = field_validator("occurred_on")(not_in_future)


class AmendStudy(BaseModel):
    """Correct an entry's day, minutes, material or mode, with a reason."""

    model_config = ConfigDict(str_strip_whitespace=True)

    occurred_on: RecordDay | None = None
    minutes: int | None = Field(default=None, ge=1, le=MINUTES_IN_A_DAY)
    material: str | None = Field(default=None, min_length=1, max_length=500)
    mode: Mode | None = None
    place: str | None = Field(default=None, max_length=100)
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("occurred_on")
    @classmethod
    def _future(cls, v: date | None) -> date | None:
        return None if v is None else not_in_future(v)


class WithdrawStudy(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)
