"""What staff submit to the notebook: write a page, correct it (withdrawing is `kit.Withdraw`)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from culture_ledger.validation import RecordDay, not_in_future
from plugins.study.domain import NOTE_KINDS

NoteKind = Literal[NOTE_KINDS]  # type: ignore[valid-type]


class WriteNote(BaseModel):
    """Write a page of the study notebook: a note (学习笔记) or a reflection (心得体会)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cadre_id: UUID
    occurred_on: RecordDay
    kind: NoteKind = "note"
    title: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=20000)
    study_entry_id: UUID | None = None

    _future = field_validator("occurred_on")(not_in_future)


class AmendNote(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    occurred_on: RecordDay | None = None
    kind: NoteKind | None = None
    title: str | None = Field(default=None, min_length=1, max_length=100)
    text: str | None = Field(default=None, min_length=1, max_length=20000)
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("occurred_on")
    @classmethod
    def _future(cls, v: date | None) -> date | None:
        return None if v is None else not_in_future(v)
