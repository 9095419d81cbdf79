"""What an administrator submits about the calendar: a day marked a holiday, a working day, or national again."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class MarkDay(BaseModel):
    """Mark one day: a holiday, a working day (调休), or back to the national calendar."""

    model_config = ConfigDict(str_strip_whitespace=True)

    day: date
    kind: Literal["holiday", "workday", "national"]
    name: str = Field(default="", max_length=100)
