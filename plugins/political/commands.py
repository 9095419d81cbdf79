"""What staff and leaders submit under the political carrier."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from culture_ledger.validation import RecordDay, not_in_future
from plugins.political.domain import STRANDS, THEMES

Theme = Literal[THEMES]  # type: ignore[valid-type]
Strand = Literal[STRANDS]  # type: ignore[valid-type]
Score = int


class EducationSession(BaseModel):
    """The carrier's own field of an ideological education session (activity kind `education_session`)."""

    theme: Theme


class SanzhengzuoSession(BaseModel):
    """A 三争做 session (activity kind `sanzhengzuo_session`): which strand of the campaign it served."""

    strand: Strand
    speakers: int = Field(default=0, ge=0, le=1000)


ACTIVITY_KINDS = {"education_session": EducationSession, "sanzhengzuo_session": SanzhengzuoSession}


class RecordPledge(BaseModel):
    """A cadre's 三争做 pledge for a year: one commitment under each aim, the third strand's two included."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    year: int = Field(ge=2000, le=2100)
    occurred_on: RecordDay
    party_spirit: str = Field(min_length=1, max_length=1000)
    conduct: str = Field(min_length=1, max_length=1000)
    quality: str = Field(min_length=1, max_length=1000)
    firm_stand: str = Field(min_length=1, max_length=1000)
    clear_mind: str = Field(min_length=1, max_length=1000)

    _future = field_validator("occurred_on")(not_in_future)

    @model_validator(mode="after")
    def _signed_in_its_year(self) -> RecordPledge:
        if self.occurred_on.year != self.year:
            raise PydanticCustomError(
                "pledge_year_mismatch", "a pledge is signed in its own year", {"field": "occurred_on"}
            )
        return self


class AmendPledge(BaseModel):
    """Correct a pledge's commitments, with a reason."""

    model_config = ConfigDict(str_strip_whitespace=True)

    party_spirit: str | None = Field(default=None, min_length=1, max_length=1000)
    conduct: str | None = Field(default=None, min_length=1, max_length=1000)
    quality: str | None = Field(default=None, min_length=1, max_length=1000)
    firm_stand: str | None = Field(default=None, min_length=1, max_length=1000)
    clear_mind: str | None = Field(default=None, min_length=1, max_length=1000)
    reason: str = Field(min_length=1, max_length=500)


class WithdrawPledge(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)


class RatePledge(BaseModel):
    """A leader's rating, 1 (不合格) to 5 (优秀), of the three aims, of political stand, discipline, discernment,
    and of the third strand (旗帜鲜明, 头脑清醒)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    party_spirit: int = Field(ge=1, le=5)
    conduct: int = Field(ge=1, le=5)
    quality: int = Field(ge=1, le=5)
    political_stand: int = Field(ge=1, le=5)
    political_discipline: int = Field(ge=1, le=5)
    political_discernment: int = Field(ge=1, le=5)
    firm_stand: int = Field(ge=1, le=5)
    clear_mind: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=1000)
    rated_on: RecordDay

    _future = field_validator("rated_on")(not_in_future)
