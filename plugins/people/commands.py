"""What an administrator fills in to register a department or a cadre."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator


class RegisterDepartment(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)  # a blank name is no name

    name: str = Field(min_length=1, max_length=60)

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()


class RegisterCadre(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)  # a blank name is no name

    name: str = Field(min_length=1, max_length=60)
    department_id: UUID
    position: str = Field(default="", max_length=60)
    joined_on: date
