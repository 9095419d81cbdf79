"""What an admin submits about the office's deadlines: a new version of one, in force from a day."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class SetDeadline(BaseModel):
    """Set when one kind of deadline falls in each of its periods, from a day on (never before today)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    kind: str = Field(min_length=1, max_length=80)
    effective_from: date
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    opens_days: int = Field(default=0, ge=0, le=366)
    note: str = Field(default="", max_length=500)
