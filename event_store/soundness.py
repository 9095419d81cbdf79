"""Whether an event may be stored: each of its own fields holds the type its event declares, so
its aggregate can be rebuilt from it and every read model can apply it (a date that is text,
an id that is text, a count that is a yes/no would be stored, then break every later open).

`problems(event)` is asked by the mapper before any event is appended, and by the import before
an export's first event is written."""

from __future__ import annotations

import functools
from types import UnionType
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints

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
        adapter = _adapter(_either_sequence(hint))
        if adapter is not None:
            adapters.append((name, adapter))
    return tuple(adapters)


def _either_sequence(hint: Any) -> Any:
    """The hint with a tuple read as a list too, and a list as a tuple: JSON keeps no difference,
    so an event read back from the log (or copied from another store) may hold either."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        return Union[tuple(_either_sequence(a) for a in args)]  # noqa: UP007 (built from parts)
    if origin in (tuple, list, set, frozenset):
        items = [a for a in args if a is not Ellipsis]
        item = _either_sequence(items[0]) if len(items) == 1 else (Union[tuple(items)] if items else Any)  # noqa: UP007
        return Union[tuple[item, ...], list[item], set[item] if origin in (set, frozenset) else list[item]]  # noqa: UP007
    if origin is dict and len(args) == 2:
        return dict[args[0], _either_sequence(args[1])]
    return hint


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


TEXT_CAP = 20_000
"""No text an event holds is longer (`culture_ledger.validation` holds every command to the same)."""
LIST_CAP = 10_000
"""No list an event holds is longer."""


def oversized(event: Any) -> list[str]:
    """The fields of an event holding a text or a list over the caps no service would accept
    ("reason: 25000 characters, more than 20000"), empty when none: what an import refuses."""
    found: list[str] = []

    def walk(where: str, value: Any) -> None:
        if isinstance(value, str):
            if len(value) > TEXT_CAP:
                found.append(f"{where}: {len(value)} characters, more than {TEXT_CAP}")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{where}.{key}", item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            if len(value) > LIST_CAP:
                found.append(f"{where}: {len(value)} entries, more than {LIST_CAP}")
            for i, item in enumerate(value):
                walk(f"{where}.{i}", item)

    for name, value in vars(event).items():
        if name not in BASE_FIELDS and not name.startswith("_"):
            walk(name, value)
    return found
