"""What a form fills in to record an activity under a carrier: the fields every carrier shares
(应到 = 实到 + 缺席, absentees named; ideas served; evidence files already stored); the carrier's
own fields go in `details`, checked by the model its `Carrier` declaration names for the kind."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from culture_ledger.registry import ACTIVITY_NAME_LENGTH
from culture_ledger.validation import RecordDay, not_in_future
from domain.vocabulary import IDEAS

Idea = Literal[IDEAS]  # type: ignore[valid-type]


def split_names(text: str) -> list[str]:
    """Names as an office writes several in one box or cell: one a line, or separated by 、，,；;."""
    return [n.strip() for n in re.split(r"[\n,，、;；]+", text or "") if n.strip()]


class EvidenceFile(BaseModel):
    """A file already put in the evidence store."""

    name: str = Field(min_length=1, max_length=200)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    media_type: str = Field(default="application/octet-stream", max_length=100)
    size: int = Field(default=0, ge=0)


class RecordActivity(BaseModel):
    """Record an activity held under a carrier (应到 = 实到 + 缺席, absentees named)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    carrier: str = Field(min_length=1, max_length=ACTIVITY_NAME_LENGTH)  # a registered carrier plugin's id
    kind: str = Field(min_length=1, max_length=ACTIVITY_NAME_LENGTH)
    title: str = Field(min_length=1, max_length=200)
    occurred_on: RecordDay
    department_id: UUID
    place: str = Field(default="", max_length=200)
    organiser: str = Field(default="", max_length=100)
    expected: int = Field(ge=0, le=10000)
    present: int = Field(ge=0, le=10000)
    absentees: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list, max_length=10000)
    agenda: str = Field(default="", max_length=5000)
    content: str = Field(default="", max_length=20000)
    outcome: str = Field(default="", max_length=5000)
    ideas: list[Idea] = Field(default_factory=list)
    evidence: list[EvidenceFile] = Field(default_factory=list, max_length=50)
    details: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _attendance_adds_up(self) -> RecordActivity:
        not_in_future(self.occurred_on, "occurred_on")
        self.absentees = [a.strip() for a in self.absentees if a.strip()]
        if self.present > self.expected:
            raise PydanticCustomError("present_exceeds_expected", "more present than expected", {"field": "present"})
        if self.expected - self.present != len(self.absentees):
            raise PydanticCustomError(
                "absentees_not_named",
                "name every absentee",
                {"missing": self.expected - self.present, "named": len(self.absentees), "field": "absentees"},
            )
        self.ideas = list(dict.fromkeys(self.ideas))
        return self
