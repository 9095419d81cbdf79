"""Whether an event may be stored: each of its own fields holds the type its event declares, so
its aggregate can be rebuilt from it and every read model can apply it (a date that is text,
an id that is text, a count that is a yes/no would be stored, then break every later open).

`problems(event)` is asked by the mapper before any event is appended, and by the import before
an export's first event is written."""

from __future__ import annotations

import functools
from typing import Any, ClassVar, get_origin, get_type_hints

from pydantic import ConfigDict, TypeAdapter, ValidationError

BASE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic", "originator_id_type"})
"""What the library itself sets on every event (checked by the library)."""


@functools.cache
def _adapters(event_type: type) -> tuple[tuple[str, TypeAdapter[Any]], ...]:
    """(field, its type's strict check) for each field an event type declares beyond the library's."""
    try:
        hints = get_type_hints(event_type)
    except Exception:  # an annotation only a type checker can read: nothing to check it by
        return ()
    adapters = []
    for name, hint in hints.items():
        if name in BASE_FIELDS or name.startswith("_") or hint is ClassVar or get_origin(hint) is ClassVar:
            continue
        adapter = _adapter(hint)
        if adapter is not None:
            adapters.append((name, adapter))
    return tuple(adapters)


def _adapter(hint: Any) -> TypeAdapter[Any] | None:
    for config in (None, ConfigDict(arbitrary_types_allowed=True)):
        try:
            return TypeAdapter(hint) if config is None else TypeAdapter(hint, config=config)
        except Exception:
            continue
    return None


def problems(event: Any) -> list[str]:
    """What is wrong with an event's fields ("occurred_on: Input should be a valid date"), empty when sound."""
    found = []
    for name, adapter in _adapters(type(event)):
        if not hasattr(event, name):
            found.append(f"{name}: missing")
            continue
        try:
            adapter.validate_python(getattr(event, name), strict=True)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in (name, *first["loc"]))
            found.append(f"{where}: {first['msg']}")
    return found
