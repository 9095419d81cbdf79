"""Commands are pydantic models; a refused command becomes an InvalidCommand whose
messages are catalog keys, so every user reads them in their own language."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from domain.errors import InvalidCommand

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any] | M) -> M:
    """Parse a command, or raise InvalidCommand listing (field, `validation.<type>`, params)."""
    if isinstance(data, model):
        data = data.model_dump()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidCommand(
            [(".".join(str(p) for p in e["loc"]) or "_", f"validation.{e['type']}", dict(e.get("ctx") or {})) for e in exc.errors()]
        ) from None
