"""What cadres and leaders submit under the innovation carrier."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from culture_ledger.validation import RecordDay, not_in_future
from plugins.carrier.commands import Idea


class InnovationSeminar(BaseModel):
    """A seminar or exchange on innovation in staffing work (activity kind `innovation_seminar`)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    topic: str = Field(min_length=1, max_length=200)
    proposals_raised: int = Field(default=0, ge=0, le=1000)


ACTIVITY_KINDS = {"innovation_seminar": InnovationSeminar}


class SubmitProposal(BaseModel):
    """A proposal: the problem seen, the idea, the effect expected, the ideas it serves."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    proposer_id: UUID
    problem: str = Field(min_length=1, max_length=5000)
    idea: str = Field(min_length=1, max_length=5000)
    expected_effect: str = Field(min_length=1, max_length=2000)
    ideas: list[Idea] = Field(default_factory=list)
    occurred_on: RecordDay

    _future = field_validator("occurred_on")(not_in_future)


class _Step(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    on: RecordDay

    _future = field_validator("on")(not_in_future)


class EvaluateProposal(_Step):
    score: int = Field(ge=1, le=5)
    opinion: str = Field(min_length=1, max_length=2000)


class AdoptProposal(_Step):
    opinion: str = Field(default="", max_length=2000)


class PilotProposal(_Step):
    pilot_scope: str = Field(min_length=1, max_length=1000)


class ImplementProposal(_Step):
    observed_effect: str = Field(min_length=1, max_length=2000)


class RejectProposal(_Step):
    reason: str = Field(min_length=1, max_length=2000)


class AmendProposal(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1, max_length=200)
    problem: str | None = Field(default=None, min_length=1, max_length=5000)
    idea: str | None = Field(default=None, min_length=1, max_length=5000)
    expected_effect: str | None = Field(default=None, min_length=1, max_length=2000)
    reason: str = Field(min_length=1, max_length=500)


class WithdrawProposal(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500)


Step = Literal["evaluate", "adopt", "pilot", "implement", "reject"]
