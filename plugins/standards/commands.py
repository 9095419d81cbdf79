"""What staff submit under the standards carrier: rules, their revisions and repeal, compliance cases."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from culture_ledger.validation import RecordDay, not_in_future
from plugins.standards.domain import CASE_KINDS

CaseKind = Literal[CASE_KINDS]  # type: ignore[valid-type]


class Inspection(BaseModel):
    """A supervision and inspection visit (activity kind `inspection`)."""

    institutions_checked: int = Field(ge=1, le=1000)
    issues_found: int = Field(ge=0, le=1000)


class RuleStudy(BaseModel):
    """A session studying the office's working rules (activity kind `rule_study`)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    rule_title: str = Field(min_length=1, max_length=200)


ACTIVITY_KINDS = {"inspection": Inspection, "rule_study": RuleStudy}


class AdoptRule(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    department_id: UUID
    summary: str = Field(min_length=1, max_length=5000)
    occurred_on: RecordDay
    effective_on: date

    _future = field_validator("occurred_on")(not_in_future)

    @model_validator(mode="after")
    def _effective_after_adoption(self) -> AdoptRule:
        if self.effective_on < self.occurred_on:
            raise PydanticCustomError(
                "effective_before_adopted", "a rule takes effect on or after its adoption", {"field": "effective_on"}
            )
        return self


class ReviseRule(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    summary: str = Field(min_length=1, max_length=5000)
    effective_on: date
    note: str = Field(min_length=1, max_length=1000)


class RepealRule(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    repealed_on: date
    reason: str = Field(min_length=1, max_length=1000)

    _future = field_validator("repealed_on")(not_in_future)


class RecordCase(BaseModel):
    """A compliance problem found: of which kind, where, how many people it concerns."""

    model_config = ConfigDict(str_strip_whitespace=True)

    kind: CaseKind
    institution: str = Field(min_length=1, max_length=200)
    department_id: UUID
    description: str = Field(default="", max_length=5000)
    headcount: int = Field(ge=0, le=100000)
    occurred_on: RecordDay

    _future = field_validator("occurred_on")(not_in_future)


class ResolveCase(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    resolved_on: RecordDay
    resolution: str = Field(min_length=1, max_length=5000)

    _future = field_validator("resolved_on")(not_in_future)


class AmendRecord(BaseModel):
    """Correct a rule's title or a case's description, institution or headcount, with a reason."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1, max_length=200)
    institution: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    headcount: int | None = Field(default=None, ge=0, le=100000)
    reason: str = Field(min_length=1, max_length=500)


class WithdrawRecord(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)
