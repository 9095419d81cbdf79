"""What staff and leaders submit: study, notebook entries, papers, training, tours, evaluations, rules."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from culture_ledger.validation import not_in_future
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from plugins.study.rules import MINUTES_IN_A_DAY


class RecordStudy(BaseModel):
    """Record a day's study (日学一时)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    occurred_on: date
    minutes: int = Field(ge=1, le=MINUTES_IN_A_DAY)
    material: str = Field(min_length=1, max_length=500)
    mode: Literal["self", "group"] = "self"
    place: str = Field(default="", max_length=100)

    _future = field_validator("occurred_on")(not_in_future)


class AmendStudy(BaseModel):
    """Correct an entry's day, minutes, material or mode, with a reason."""

    model_config = ConfigDict(str_strip_whitespace=True)

    occurred_on: date | None = None
    minutes: int | None = Field(default=None, ge=1, le=MINUTES_IN_A_DAY)
    material: str | None = Field(default=None, min_length=1, max_length=500)
    mode: Literal["self", "group"] | None = None
    place: str | None = Field(default=None, max_length=100)
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("occurred_on")
    @classmethod
    def _future(cls, v: date | None) -> date | None:
        return None if v is None else not_in_future(v)


class WithdrawStudy(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)


# --- 学记一本 -------------------------------------------------------------------------

NoteKind = Literal["note", "reflection"]


class WriteNote(BaseModel):
    """Write a page of the study notebook: a note (学习笔记) or a reflection (心得体会)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    occurred_on: date
    kind: NoteKind = "note"
    title: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=20000)
    study_entry_id: UUID | None = None

    _future = field_validator("occurred_on")(not_in_future)


class AmendNote(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    occurred_on: date | None = None
    kind: NoteKind | None = None
    title: str | None = Field(default=None, min_length=1, max_length=100)
    text: str | None = Field(default=None, min_length=1, max_length=20000)
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("occurred_on")
    @classmethod
    def _future(cls, v: date | None) -> date | None:
        return None if v is None else not_in_future(v)


class Withdraw(BaseModel):
    """Take a record out of every count, with a reason."""

    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)


# --- 年撰一文 -------------------------------------------------------------------------

PaperKind = Literal["theory_article", "research_report"]
PaperGrade = Literal["excellent", "good", "pass", "fail"]


def a_plausible_year(value: int) -> int:
    if not 2000 <= value <= date.today().year + 1:
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


# --- 业务培训 and 赴外考察学习 ---------------------------------------------------------

TrainingLevel = Literal["prefecture_system", "autonomous_region", "national", "internal"]


def _ends_after_start(start: date, end: date) -> None:
    if end < start:
        raise PydanticCustomError("end_before_start", "ends before it starts")


class RecordTraining(BaseModel):
    """Record a training session held (业务培训) and who attended it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    organiser: str = Field(min_length=1, max_length=100)
    level: TrainingLevel
    occurred_on: date
    end_on: date
    hours: float = Field(gt=0, le=500)
    audience: str = Field(default="", max_length=200)
    attendees: list[UUID] = Field(default_factory=list, max_length=500)

    _future = field_validator("occurred_on")(not_in_future)

    @field_validator("end_on")
    @classmethod
    def _end(cls, v: date, info) -> date:
        if "occurred_on" in info.data:
            _ends_after_start(info.data["occurred_on"], v)
        return v


class AddAttendance(BaseModel):
    cadre_ids: list[UUID] = Field(min_length=1, max_length=500)


class RecordStudyTour(BaseModel):
    """Record a study tour (赴外考察学习): where, when, who went, what for."""

    model_config = ConfigDict(str_strip_whitespace=True)

    destination: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=1000)
    occurred_on: date
    end_on: date
    members: list[UUID] = Field(min_length=1, max_length=100)

    _future = field_validator("occurred_on")(not_in_future)

    @field_validator("end_on")
    @classmethod
    def _end(cls, v: date, info) -> date:
        if "occurred_on" in info.data:
            _ends_after_start(info.data["occurred_on"], v)
        return v


class FileTourReport(BaseModel):
    """The report the members brought back (考察报告)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=50000)


# --- 四强测评 -------------------------------------------------------------------------

PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-H[12])?$"
"""An evaluation period: a year (2026), a half (2026-H1) or a quarter (2026-Q3)."""


def a_started_period(value: str) -> str:
    from plugins.study.scoring import period_bounds

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


# --- 积分规则 -------------------------------------------------------------------------

class PublishRules(BaseModel):
    """Publish a new version of the scoring rules, in force from a date (never before today)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    effective_from: date
    daily_target_minutes: int = Field(default=60, ge=1, le=600)
    credit_study_hour: float = Field(default=1.0, ge=0, le=1000)
    credit_notebook_entry: float = Field(default=2.0, ge=0, le=1000)
    credit_training_hour: float = Field(default=0.5, ge=0, le=1000)
    paper_excellent: float = Field(default=20.0, ge=0, le=1000)
    paper_good: float = Field(default=15.0, ge=0, le=1000)
    paper_pass: float = Field(default=10.0, ge=0, le=1000)
    paper_fail: float = Field(default=0.0, ge=0, le=1000)
    weight_study: float = Field(default=0.4, ge=0, le=1)
    weight_notebook: float = Field(default=0.2, ge=0, le=1)
    weight_paper: float = Field(default=0.2, ge=0, le=1)
    weight_training: float = Field(default=0.1, ge=0, le=1)
    weight_evaluation: float = Field(default=0.1, ge=0, le=1)
    note: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def _weights_add_up(self) -> "PublishRules":
        total = self.weight_study + self.weight_notebook + self.weight_paper + self.weight_training + self.weight_evaluation
        if abs(total - 1.0) > 1e-6:
            raise PydanticCustomError("weights_sum", "the weights must add up to 1 (they add up to {total})",
                                      {"total": round(total, 3)})
        return self

    def credits(self) -> dict[str, float]:
        return {"study_hour": self.credit_study_hour, "notebook_entry": self.credit_notebook_entry,
                "training_hour": self.credit_training_hour}

    def paper_credits(self) -> dict[str, float]:
        return {"excellent": self.paper_excellent, "good": self.paper_good, "pass": self.paper_pass,
                "fail": self.paper_fail}

    def weights(self) -> dict[str, float]:
        return {"study": self.weight_study, "notebook": self.weight_notebook, "paper": self.weight_paper,
                "training": self.weight_training, "evaluation": self.weight_evaluation}
