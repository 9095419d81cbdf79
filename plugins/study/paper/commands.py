"""What staff and leaders submit about the year's paper: draft, correct, grade, recommend, publish."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from domain import clock
from plugins.study.domain import PAPER_GRADES, PAPER_KINDS

PaperKind = Literal[PAPER_KINDS]  # type: ignore[valid-type]
PaperGrade = Literal[PAPER_GRADES]  # type: ignore[valid-type]


def a_plausible_year(value: int) -> int:
    if not 2000 <= value <= clock.today().year + 1:
        raise PydanticCustomError("year_out_of_range", "year out of range")
    return value


class DraftPaper(BaseModel):
    """Start the year's paper (年撰一文): a theory article or a research report."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    year: int
    kind: PaperKind
    title: str = Field(min_length=1, max_length=200)
    abstract: str = Field(default="", max_length=3000)

    _year = field_validator("year")(a_plausible_year)


class AmendPaper(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    kind: PaperKind | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    abstract: str | None = Field(default=None, max_length=3000)
    reason: str = Field(min_length=1, max_length=500)


class ReviewPaper(BaseModel):
    """A leader's grade (优秀/良好/合格/不合格) and comment on a submitted paper."""

    model_config = ConfigDict(str_strip_whitespace=True)

    grade: PaperGrade
    comment: str = Field(min_length=1, max_length=2000)


class RecommendPaper(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    comment: str = Field(default="", max_length=1000)


class PublishPaper(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    venue: str = Field(min_length=1, max_length=200)
