"""What the office submits: staffing decisions (设 / 撤 / 合 / 更名 / 盘活存量 / 核增核减), hires and departures."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from culture_ledger.validation import not_in_future
from domain.vocabulary import IDEAS
from plugins.staffing.rules import (
    DEPARTURE_REASONS,
    FIELDS,
    KINDS,
    LEVELS,
    OVER_QUOTA_POLICIES,
    POST_CATEGORIES,
    QUOTA_TYPES,
    RECRUITMENT_METHODS,
)

# The words are written once, in domain.vocabulary and plugins.staffing.rules; pydantic checks against them.
Idea = Literal[IDEAS]  # type: ignore[valid-type]
Kind = Literal[KINDS]  # type: ignore[valid-type]
Field_ = Literal[FIELDS]  # type: ignore[valid-type]
QuotaType = Literal[QUOTA_TYPES]  # type: ignore[valid-type]
Policy = Literal[OVER_QUOTA_POLICIES]  # type: ignore[valid-type]
DepartureReason = Literal[DEPARTURE_REASONS]  # type: ignore[valid-type]
Recruitment = Literal[RECRUITMENT_METHODS]  # type: ignore[valid-type]
Level = Literal[LEVELS]  # type: ignore[valid-type]
PostCategory = Literal[POST_CATEGORIES]  # type: ignore[valid-type]

MAX_QUOTA = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)


class Decision(_Strict):
    """What every staffing decision records: its document number, date, reason and the ideas it serves."""

    doc_no: str = Field(min_length=1, max_length=80)
    decided_on: date
    reason: str = Field(min_length=1, max_length=2000)
    ideas: list[Idea] = Field(min_length=1, max_length=3)

    _future = field_validator("decided_on")(not_in_future)

    @field_validator("ideas")
    @classmethod
    def _distinct(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    def decision(self) -> dict:
        return {"doc_no": self.doc_no, "decided_on": self.decided_on, "reason": self.reason, "ideas": tuple(self.ideas)}


class RegisterJurisdiction(_Strict):
    """Open the staffing ledger of a jurisdiction with its total quota (编制总量)."""

    name: str = Field(min_length=1, max_length=80)
    total_quota: int = Field(ge=1, le=10 * MAX_QUOTA)
    doc_no: str = Field(min_length=1, max_length=80)
    decided_on: date

    _future = field_validator("decided_on")(not_in_future)


class AdjustTotalQuota(Decision):
    """A new total quota for the jurisdiction."""

    total_quota: int = Field(ge=1, le=10 * MAX_QUOTA)


class EstablishInstitution(Decision):
    """设: a new institution with its quota by type."""

    name: str = Field(min_length=1, max_length=80)
    kind: Kind
    field: Field_
    administrative_quota: int = Field(default=0, ge=0, le=MAX_QUOTA)
    career_quota: int = Field(default=0, ge=0, le=MAX_QUOTA)
    work_service_quota: int = Field(default=0, ge=0, le=MAX_QUOTA)
    professional_posts: int = Field(default=0, ge=0, le=MAX_QUOTA)
    management_posts: int = Field(default=0, ge=0, le=MAX_QUOTA)
    service_posts: int = Field(default=0, ge=0, le=MAX_QUOTA)

    @model_validator(mode="after")
    def _some_quota(self) -> EstablishInstitution:
        if not sum(self.quota().values()):
            raise PydanticCustomError("quota_empty", "an institution needs some quota")
        if sum(self.posts().values()) > sum(self.quota().values()):
            raise PydanticCustomError("posts_beyond_quota", "the posts by category add up to more than the quota")
        return self

    def quota(self) -> dict[str, int]:
        return {t: getattr(self, f"{t}_quota") for t in QUOTA_TYPES}

    def posts(self) -> dict[str, int]:
        """The quota places by post category (专业技术 / 管理 / 工勤技能); the rest is not yet classed."""
        return {c: getattr(self, f"{c}_posts") for c in POST_CATEGORIES}


class AbolishInstitution(Decision):
    """撤: an institution whose function has gone."""

    institution_id: UUID


class MergeInstitutions(Decision):
    """合: institutions join an existing institution (into_id) or a new one (new_name, new_kind, new_field)."""

    merged_ids: list[UUID] = Field(min_length=1, max_length=50)
    into_id: UUID | None = None
    new_name: str | None = Field(default=None, max_length=80)
    new_kind: Kind | None = None
    new_field: Field_ | None = None

    @model_validator(mode="after")
    def _one_result(self) -> MergeInstitutions:
        if self.new_name == "":
            self.new_name = None
        if (self.into_id is None) == (self.new_name is None):
            raise PydanticCustomError("merge_result", "name either an existing institution or a new one")
        if self.new_name is not None and (self.new_kind is None or self.new_field is None):
            raise PydanticCustomError("merge_new_incomplete", "a new institution needs a kind and a field")
        if self.into_id is not None and self.into_id in self.merged_ids:
            raise PydanticCustomError("merge_into_itself", "an institution cannot merge into itself")
        if len(set(self.merged_ids)) != len(self.merged_ids):
            raise PydanticCustomError("merge_duplicates", "an institution is listed twice")
        return self


class RenameInstitution(Decision):
    """更名."""

    institution_id: UUID
    name: str = Field(min_length=1, max_length=80)


class ReallocateQuota(Decision):
    """盘活存量: move vacant quota of one type from one institution to another."""

    from_id: UUID
    to_id: UUID
    quota_type: QuotaType
    amount: int = Field(ge=1, le=MAX_QUOTA)
    post_category: PostCategory | None = None

    @model_validator(mode="after")
    def _two_institutions(self) -> ReallocateQuota:
        if self.from_id == self.to_id:
            raise PydanticCustomError("same_institution", "choose two different institutions")
        return self


class AdjustQuota(Decision):
    """核增 (delta > 0, from the pool within the total) or 核减 (delta < 0, vacant quota back to the pool)."""

    institution_id: UUID
    quota_type: QuotaType
    delta: int = Field(ge=-MAX_QUOTA, le=MAX_QUOTA)
    post_category: PostCategory | None = None

    @field_validator("delta")
    @classmethod
    def _not_zero(cls, v: int) -> int:
        if v == 0:
            raise PydanticCustomError("delta_zero", "the change cannot be zero")
        return v


class SetOverQuotaPolicy(_Strict):
    """How hires beyond the quota (超编进人) are treated."""

    policy: Policy
    reason: str = Field(min_length=1, max_length=2000)


class TalentTarget(_Strict):
    field: Field_
    quota_type: QuotaType
    target: int = Field(ge=0, le=MAX_QUOTA)


class SetTalentPlan(_Strict):
    """人才发展规划: targets of people on board per field and quota type."""

    title: str = Field(min_length=1, max_length=200)
    targets: list[TalentTarget] = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _distinct(self) -> SetTalentPlan:
        keys = [(t.field, t.quota_type) for t in self.targets]
        if len(set(keys)) != len(keys):
            raise PydanticCustomError("plan_duplicates", "a field and quota type appear twice")
        return self


class HireStaff(_Strict):
    """进人: one or more people join an institution on a quota type (post type defaults to the same)."""

    institution_id: UUID
    quota_type: QuotaType
    post_type: QuotaType | None = None
    names: list[str] = Field(min_length=1, max_length=500)
    hired_on: date
    doc_no: str = Field(default="", max_length=80)
    note: str = Field(default="", max_length=2000)
    recruitment: Recruitment | None = None
    level: Level | None = None

    _future = field_validator("hired_on")(not_in_future)

    @field_validator("names")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        names = [n.strip() for n in v]
        if any(not n for n in names):
            raise PydanticCustomError("blank", "a name is blank")
        if any(len(n) > 60 for n in names):
            raise PydanticCustomError("string_too_long", "a name is too long", {"max_length": 60})
        return names


class RecordDeparture(_Strict):
    """减员: a person leaves their institution."""

    person_id: UUID
    left_on: date
    reason: DepartureReason
    note: str = Field(default="", max_length=2000)

    _future = field_validator("left_on")(not_in_future)


class ChangePost(_Strict):
    """调岗: a person moves to a post of another type."""

    person_id: UUID
    post_type: QuotaType
    changed_on: date
    note: str = Field(default="", max_length=2000)

    _future = field_validator("changed_on")(not_in_future)


class ApproveProposal(_Strict):
    """A leader approves a staffing proposal with the approval document's number and date (批复文号、日期)."""

    proposal_id: UUID
    doc_no: str = Field(min_length=1, max_length=80)
    decided_on: date

    _future = field_validator("decided_on")(not_in_future)


class ReturnProposal(_Strict):
    """A leader returns a staffing proposal to its department with the reason."""

    proposal_id: UUID
    reason: str = Field(min_length=1, max_length=2000)


class ClassifyPosts(_Strict):
    """岗位设置: an institution's quota places by post category, as its post plan sets them."""

    institution_id: UUID
    professional_posts: int = Field(default=0, ge=0, le=MAX_QUOTA)
    management_posts: int = Field(default=0, ge=0, le=MAX_QUOTA)
    service_posts: int = Field(default=0, ge=0, le=MAX_QUOTA)
    doc_no: str = Field(min_length=1, max_length=80)
    decided_on: date

    _future = field_validator("decided_on")(not_in_future)

    def posts(self) -> dict[str, int]:
        return {c: getattr(self, f"{c}_posts") for c in POST_CATEGORIES}
