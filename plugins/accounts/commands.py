"""What an administrator submits to create and change accounts. Passwords are SecretStr, so
they never show in a repr, a validation error or a log line."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from domain.accounts import is_valid_username, normalise_username
from domain.vocabulary import ROLES

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
"""An address a mail server can be asked to deliver to: something, @, a domain with a dot."""

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


def normalise_password(secret: str) -> str:
    """A password as it is hashed and checked: NFKC (a full-width ａ is an a), nothing stripped.
    Creation, reset and sign-in all pass through here, so a password typed the same way matches."""
    return unicodedata.normalize("NFKC", secret)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The blocklist (see the header of common_passwords.txt for where it comes from)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _visible(secret: str) -> int:
    """Characters a person types and sees: zero-width and control characters do not count."""
    return sum(1 for c in secret if unicodedata.category(c) not in ("Cf", "Cc", "Cs", "Co", "Cn"))


def _trivially_the_username(secret: str, username: str) -> bool:
    """The username itself, or the username with only digits, spaces or symbols around or inside it
    (chief2026!, 2026-chief): what is left once the username is taken out holds no letter."""
    name = normalise_password(username).casefold().strip()
    if len(name) < 2 or name not in secret:
        return False
    return not any(c.isalpha() for c in secret.replace(name, ""))


def check_password(value: SecretStr | None, username: str | None = None) -> SecretStr | None:
    """NIST SP 800-63B: at least MIN_PASSWORD_LENGTH characters, not the username, not a common
    password, not one character repeated; any character allowed, nothing stripped."""
    if value is None:
        return None
    secret = normalise_password(value.get_secret_value())
    folded = secret.casefold()
    if _visible(secret) < MIN_PASSWORD_LENGTH:
        raise PydanticCustomError(
            "password_too_short", "password too short", {"min_length": MIN_PASSWORD_LENGTH, "field": "password"}
        )
    if len(secret) > MAX_PASSWORD_LENGTH:
        raise PydanticCustomError(
            "password_too_long", "password too long", {"max_length": MAX_PASSWORD_LENGTH, "field": "password"}
        )
    if len(set(folded)) == 1:
        raise PydanticCustomError("password_repeated", "one character repeated", {"field": "password"})
    if username and _trivially_the_username(folded, username):
        raise PydanticCustomError("password_is_username", "password is the username", {"field": "password"})
    if folded in common_passwords() or folded.strip() in common_passwords():
        raise PydanticCustomError("password_common", "a common password", {"field": "password"})
    return SecretStr(secret)


def _secret(value: object) -> object:
    """Wrap a typed password before the model's whitespace stripping can touch it."""
    return SecretStr(value) if isinstance(value, str) else value


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

    _typed = field_validator("password", mode="before")(_secret)

    @model_validator(mode="after")
    def _password(self) -> CreateAccount:
        self.password = check_password(self.password, self.username)
        return self


class SetPassword(BaseModel):
    """A new password for an account (set by an administrator or the operator), checked against its username."""

    username: str
    password: SecretStr

    _typed = field_validator("password", mode="before")(_secret)

    @model_validator(mode="after")
    def _password(self) -> SetPassword:
        self.password = check_password(self.password, self.username)
        return self


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
