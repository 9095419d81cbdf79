"""What an administrator fills in to register a department or a cadre."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError


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


class EnrolCadre(RegisterCadre):
    """A row of the 干部花名册 (the roster sheet): a cadre registered exactly as `RegisterCadre`
    registers one, into a department already registered (`department_id`) or into one the sheet
    names that is not registered yet (`department`, registered as `RegisterDepartment` registers
    one, in the same import and before its cadres). Exactly one of the two."""

    department_id: UUID | None = None
    department: RegisterDepartment | None = None

    @model_validator(mode="after")
    def _one_department(self) -> EnrolCadre:
        if (self.department_id is None) == (self.department is None):
            raise PydanticCustomError("unknown_department", "name one department: registered or new")
        return self
