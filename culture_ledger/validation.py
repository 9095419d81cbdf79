"""Commands are pydantic models; a refused command becomes an InvalidCommand whose
messages are catalog keys, so every user reads them in their own language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from domain import clock
from domain.errors import InvalidCommand

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any] | M) -> M:
    """Parse a command, or raise InvalidCommand listing (field, `validation.<type>`, params).

    A check over the whole command (a model validator) names the field it is about with a `field`
    in its error's context (`PydanticCustomError("date_future", "...", {"field": "occurred_on"})`):
    the reader sees that field's label with the message; "_" is left for what concerns no one field."""
    if isinstance(data, model):
        data = data.model_dump()
    try:
        command = model.model_validate(data)
    except ValidationError as exc:
        raise InvalidCommand([_refusal(e) for e in exc.errors()], source=plugin_of(model)) from None
    unstorable = list(_unstorable_text(command.model_dump()))
    if unstorable:
        # Text that cannot be stored as UTF-8 (lone surrogates), or in a PostgreSQL text column (NUL),
        # is refused on every backend rather than failing half way through a save.
        raise InvalidCommand([(field, key, {}) for field, key in unstorable], source=plugin_of(model))
    return command


def _refusal(error: Any) -> tuple[str, str, dict[str, Any]]:
    """(field, catalog key, params) of one pydantic error."""
    params = dict(error.get("ctx") or {})
    loc = ".".join(str(p) for p in error["loc"])
    field = params.pop("field", None)
    return (f"{loc}.{field}" if loc and field else field or loc or "_"), f"validation.{error['type']}", params


def plugin_of(model: type) -> str:
    """The id of the plugin a command model belongs to: `plugins.<id>...` for a built-in, else
    its top-level package (an outside plugin's package is named as its id)."""
    parts = model.__module__.split(".")
    return parts[1] if parts[0] == "plugins" and len(parts) > 1 else parts[0]


def _unstorable_text(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted field path, catalog key) for each text, at any depth, that cannot be stored."""
    if isinstance(value, str):
        if "\x00" in value:
            yield path or "_", "validation.nul_character"
        else:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                yield path or "_", "validation.string_unicode"
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            yield from _unstorable_text(key, inner) if isinstance(key, str) else ()
            yield from _unstorable_text(item, inner)
    elif isinstance(value, (list, tuple, set)):
        for i, item in enumerate(value):
            yield from _unstorable_text(item, f"{path}.{i}" if path else str(i))


# --- field validators every plugin's commands share (pydantic `AfterValidator`s) -------------


def not_in_future(value: date, field: str | None = None) -> date:
    """A day that has happened: records are of what was done, not planned. `field` names the day's
    field where a check over the whole command asks."""
    if value > clock.today():
        raise PydanticCustomError("date_future", "date is in the future", {"field": field} if field else None)
    return value


def not_blank(value: str) -> str:
    """A text field that must say something once stripped."""
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    return value.strip()
