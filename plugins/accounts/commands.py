"""What an administrator submits to create and change accounts. Passwords are SecretStr, so
they never show in a repr, a validation error or a log line."""

from __future__ import annotations

import re
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_core import PydanticCustomError

from domain.accounts import is_valid_username, normalise_username
from domain.vocabulary import ROLES

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
"""An address a mail server can be asked to deliver to: something, @, a domain with a dot."""

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200


def check_password(value: SecretStr | None) -> SecretStr | None:
    if value is None:
        return None
    secret = value.get_secret_value()
    if len(secret) < MIN_PASSWORD_LENGTH:
        raise PydanticCustomError("password_too_short", "password too short", {"min_length": MIN_PASSWORD_LENGTH})
    if len(secret) > MAX_PASSWORD_LENGTH:
        raise PydanticCustomError("password_too_long", "password too long", {"max_length": MAX_PASSWORD_LENGTH})
    return value


class CreateAccount(BaseModel):
    """Create an account, with its first roles and (optionally) its password and cadre."""

    model_config = ConfigDict(str_strip_whitespace=True)

    username: str = Field(min_length=2, max_length=64)
    display_name: str = Field(min_length=1, max_length=60)
    roles: list[str] = Field(default_factory=list)
    cadre_id: UUID | None = None
    department_id: UUID | None = None
    password: SecretStr | None = None

    @field_validator("username")
    @classmethod
    def _username(cls, v: str) -> str:
        v = normalise_username(v)
        if not is_valid_username(v):
            raise PydanticCustomError("username_format", "username format")
        return v

    @field_validator("roles")
    @classmethod
    def _roles(cls, v: list[str]) -> list[str]:
        if any(r not in ROLES for r in v):
            raise PydanticCustomError("unknown_role", "unknown role")
        return list(dict.fromkeys(v))

    _password = field_validator("password")(check_password)


class SetPassword(BaseModel):
    """A new password for an account (set by an administrator or the operator)."""

    password: SecretStr

    _password = field_validator("password")(check_password)


class SetEmail(BaseModel):
    """The address an account's reminders go to by e-mail (`culture-ledger remind`); None for none."""

    model_config = ConfigDict(str_strip_whitespace=True)

    email: str | None = Field(default=None, max_length=254)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if not v:
            return None
        if not re.fullmatch(EMAIL_PATTERN, v):
            raise PydanticCustomError("email_format", "e-mail format")
        return v
