"""Commands are pydantic models; a refused command becomes an InvalidCommand whose
messages are catalog keys, so every user reads them in their own language."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import chain
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    InstanceOf,
    ValidationError,
    validate_call,
)
from pydantic_core import PydanticCustomError

from domain import clock
from domain.errors import InvalidCommand
from event_store import soundness

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any] | M) -> M:
    """Parse a command, or raise InvalidCommand listing (field, `validation.<type>`, params).

    A check over the whole command (a model validator) names the field it is about with a `field`
    in its error's context (`PydanticCustomError("date_future", "...", {"field": "occurred_on"})`):
    the reader sees that field's label with the message; "_" is left for what concerns no one field."""
    with clock.one_day():  # every day in the command judged against one today
        return _validated(model, data)


def validate_all(model: type[M], commands: Iterable[dict[str, Any] | M]) -> list[M]:
    """A batch of commands (an import), every one `validate`d as of the day the batch began: a batch
    begun at 23:59 does not refuse that day's last rows as "in the future"."""
    with clock.one_day():
        return [_validated(model, c) for c in commands]


def _validated(model: type[M], data: dict[str, Any] | M) -> M:
    if isinstance(data, model):
        data = data.model_dump()
    bools = list(_bools_for_ints(model, data))
    if bools:
        raise InvalidCommand(bools, source=plugin_of(model))
    try:
        command = model.model_validate(data)
    except ValidationError as exc:
        raise InvalidCommand([_refusal(e) for e in exc.errors()], source=plugin_of(model)) from None
    total = _clean_text_length(command)
    if total is not None and total <= COMMAND_TEXT_CAP:
        return command  # nothing unstorable or implausible at any depth: the walks below would find nothing
    dumped = command.model_dump()
    unstorable = list(_unstorable_text(dumped))
    if unstorable:
        # Text that cannot be stored as UTF-8 (lone surrogates), or in a PostgreSQL text column (NUL),
        # is refused on every backend rather than failing half way through a save.
        raise InvalidCommand([(field, key, {}) for field, key in unstorable], source=plugin_of(model))
    implausible = list(_implausible(dumped))
    if _text_length(dumped) > COMMAND_TEXT_CAP:
        implausible.append(("_", "validation.command_too_long", {"max_length": COMMAND_TEXT_CAP}))
    if implausible:
        raise InvalidCommand(implausible, source=plugin_of(model))
    return command


def _refusal(error: Any) -> tuple[str, str, dict[str, Any]]:
    """(field, catalog key, params) of one pydantic error."""
    params = dict(error.get("ctx") or {})
    loc = ".".join(str(p) for p in error["loc"])
    field = params.pop("field", None)
    kind = error["type"]
    if error.get("input", "") is None and kind.endswith("_type"):
        kind, params = "missing", {}  # nothing sent where text, a date or a number belongs: not filled in
    return (f"{loc}.{field}" if loc and field else field or loc or "_"), f"validation.{kind}", params


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


# --- what every command and every service call is held to ------------------------------------

EARLIEST_DAY = date(1949, 10, 1)
"""No day in the ledger is earlier (a cadre's joining, an institution's founding included)."""
RECORDS_FROM = date(2000, 1, 1)
"""No record of something done (study, an activity, a step of a record) is earlier."""
FUTURE_YEARS = 10
"""How far ahead a plan, a deadline or a calendar day may lie at most."""
TEXT_CAP = soundness.TEXT_CAP
"""No text in a command is longer, whatever its field says (nor in an imported event)."""
LIST_CAP = soundness.LIST_CAP
"""No list in a command is longer, whatever its field says (nor in an imported event)."""
COMMAND_TEXT_CAP = 200_000
"""No command holds more text than this in all its fields together (a megabyte of names is no record)."""


_PLAIN = frozenset({int, float, UUID, type(None)})


def _clean_text_length(value: Any) -> int | None:
    """The text a command holds in all (as `_text_length` of its `model_dump()`), or None as soon as
    any value is one that `_unstorable_text` or `_implausible` would name: one walk for a command
    that is fine, over the command itself (its fields, as the dump would have them)."""
    if isinstance(value, BaseModel):
        parts: Iterable[Any] = value.__dict__.values()  # every field is in it, defaults too
        extra = value.__pydantic_extra__ or {}
        if len(value.__dict__) + len(extra) > LIST_CAP:
            return None
        if extra:
            parts = chain(parts, chain.from_iterable(extra.items()))
        total = _clean_parts_length(parts)
        return None if total is None else total + _field_names_length(type(value))
    if isinstance(value, dict):
        return None if len(value) > LIST_CAP else _clean_parts_length(chain.from_iterable(value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return None if len(value) > LIST_CAP else _clean_parts_length(value)
    if isinstance(value, str):
        if len(value) > TEXT_CAP or "\x00" in value:
            return None
        if value.isascii():
            # Printable ASCII draws something once it is not blank; only controls may draw nothing.
            if not value.isprintable() and value.strip() and is_invisible(value):
                return None
            return len(value)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return None
        if value.strip() and is_invisible(value):
            return None
        return len(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return 0 if EARLIEST_DAY <= value <= latest_day() else None
    return 0


def _clean_parts_length(parts: Iterable[Any]) -> int | None:
    """`_clean_text_length` of the keys and values of a mapping, or the items of a list, added up."""
    total = 0
    for part in parts:
        kind = type(part)
        if kind in _PLAIN:
            continue  # a number, an id, nothing: no text, nothing to refuse
        if kind is str and len(part) <= TEXT_CAP and part.isprintable():
            # The usual name or text: no control, format or unpaired character (nothing UTF-8 or a
            # text column cannot hold); it draws nothing only if all spaces and blank letters.
            if part.isascii() or part.strip(_SPACE_AND_BLANK_LETTERS) or not part.strip():
                total += len(part)
                continue
            return None
        if kind is date:
            if not EARLIEST_DAY <= part <= latest_day():
                return None
            continue
        length = _clean_text_length(part)
        if length is None:
            return None
        total += length
    return total


@functools.cache
def _field_names_length(model: type[BaseModel]) -> int:
    """The length of a command's field names together (its dump's keys)."""
    return sum(len(name) for name in model.model_fields)


def _text_length(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_length(k) + _text_length(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return sum(_text_length(v) for v in value)
    return 0


def latest_day() -> date:
    """The latest day any field may name: today on the office clock plus FUTURE_YEARS."""
    return _years_after(clock.today(), FUTURE_YEARS)


@functools.lru_cache(maxsize=4)
def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _within(value: date, earliest: date, latest: date, field: str | None = None) -> date:
    ctx: dict[str, Any] = {"field": field} if field else {}
    if value < earliest:
        raise PydanticCustomError("date_too_early", "date is too early", {**ctx, "earliest": earliest.isoformat()})
    if value > latest:
        if latest == clock.today():
            raise PydanticCustomError("date_future", "date is in the future", ctx or None)
        raise PydanticCustomError("date_too_late", "date is too late", {**ctx, "latest": latest.isoformat()})
    return value


def plausible_day(value: date) -> date:
    """Any day the ledger may hold: from 1949-10-01 to FUTURE_YEARS ahead."""
    return _within(value, EARLIEST_DAY, latest_day())


def record_day(value: date) -> date:
    """The day something was done: from 2000-01-01 to today (never in the future)."""
    return _within(value, RECORDS_FROM, clock.today())


def plan_day(value: date) -> date:
    """A day planned or due: from 2000-01-01 to FUTURE_YEARS ahead."""
    return _within(value, RECORDS_FROM, latest_day())


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "a yes/no is not a number")
    return value


_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
"""Letters that draw nothing (Hangul fillers, the blank Braille cell, the Mongolian vowel separator)."""


_SPACE_AND_BLANK_LETTERS = " " + "".join(_BLANK_LETTERS)
"""What a printable text (`str.isprintable`: no separator but the ASCII space) may hold and still draw nothing."""


def is_invisible(text: str) -> bool:
    """True when a text draws nothing: only spaces, zero-width and other format characters."""
    return all(
        ch.isspace()
        or ch in _BLANK_LETTERS
        or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp")
        for ch in text
    )


def _text(value: str) -> str:
    value = value.strip()
    if not value or is_invisible(value):
        raise PydanticCustomError("blank", "must not be blank")
    return value


def _optional_text(value: str) -> str:
    value = value.strip()
    if value and is_invisible(value):
        raise PydanticCustomError("invisible", "only invisible characters")
    return value


Day = Annotated[date, AfterValidator(plausible_day)]
"""Any day the ledger may hold (a cadre's joining day, a calendar day)."""
RecordDay = Annotated[date, AfterValidator(record_day)]
"""The day something was done: 2000-01-01 to today."""
PlanDay = Annotated[date, AfterValidator(plan_day)]
"""A day planned or due: 2000-01-01 to FUTURE_YEARS ahead."""
WholeNumber = Annotated[int, BeforeValidator(_no_bool)]
"""An int that a yes/no (True/False) is not."""


def Text(max_length: int = 2000) -> Any:  # noqa: N802 (a type, read as one)
    """Text that must say something: stripped, refused blank or only invisible characters, capped."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_text)]


def OptionalText(max_length: int = 2000) -> Any:  # noqa: N802
    """Text that may be empty: stripped, refused when only invisible characters, capped."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_optional_text)]


def _implausible(value: Any, path: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(field, catalog key, params) for each value, at any depth, that no command may hold:
    text drawing nothing (not empty: only invisible characters), text or lists over the caps,
    a day outside the ledger's years."""
    field = path or "_"
    if isinstance(value, str):
        if value.strip() and is_invisible(value):  # blank text is for the field's own rule to refuse or keep
            yield field, "validation.invisible", {}
        elif len(value) > TEXT_CAP:
            yield field, "validation.string_too_long", {"max_length": TEXT_CAP}
    elif isinstance(value, date) and not isinstance(value, datetime):
        try:
            plausible_day(value)
        except PydanticCustomError as exc:
            yield field, f"validation.{exc.type}", dict(exc.context or {})
    elif isinstance(value, dict):
        if len(value) > LIST_CAP:
            yield field, "validation.too_long", {}
            return
        for key, item in value.items():
            yield from _implausible(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple, set, frozenset)):
        if len(value) > LIST_CAP:
            yield field, "validation.too_long", {}
            return
        for i, item in enumerate(value):
            yield from _implausible(item, f"{path}.{i}" if path else str(i))


def _bools_for_ints(model: type[BaseModel], data: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """A yes/no sent where a command counts (`minutes=True`): pydantic would read it as 1."""
    if not isinstance(data, dict):
        return
    for name, alias in _counts_of(model):
        value = data.get(name, data.get(alias) if alias else None)
        if isinstance(value, bool):
            yield name, "validation.int_type", {}


@functools.cache
def _counts_of(model: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """The fields of a command that take a number but not a yes/no: (name, alias)."""
    return tuple(
        (name, info.alias) for name, info in model.model_fields.items() if _takes_int_not_bool(info.annotation)
    )


def _takes_int_not_bool(annotation: Any) -> bool:
    args = set(_flat(annotation))
    return int in args and bool not in args


def _flat(annotation: Any) -> Iterator[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _flat(get_args(annotation)[0])
    elif origin in (Union, UnionType):
        for arg in get_args(annotation):
            yield from _flat(arg)
    else:
        yield annotation


# --- the boundary: every public method of every service --------------------------------------

CALL_CONFIG = ConfigDict(arbitrary_types_allowed=True)
"""How a service call's arguments are checked: lax (an ISO date or a uuid's hex from a form or a
sheet is read as one), dataclasses (an Actor) only as instances, a yes/no never as a number."""


def boundary(func: Callable[..., Any], source: str) -> Callable[..., Any]:
    """`func` with its arguments checked against its signature first: a value of the wrong type
    or implausible (see `_implausible`) raises InvalidCommand naming the argument, in catalog
    keys, before anything is read or written; a pydantic ValidationError the method itself lets
    out becomes InvalidCommand too. The check is built on the first call (forward references)."""
    built: list[Any] = []

    @functools.wraps(func)
    def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not built:
            built.append(_arguments_of(func))
        names, capture, ints = built[0]
        refused = [
            (names[i + 1] if i + 1 < len(names) else str(i), "validation.int_type", {})
            for i, a in enumerate(args)
            if isinstance(a, bool) and names[i + 1 : i + 2] and names[i + 1] in ints
        ] + [(k, "validation.int_type", {}) for k, v in kwargs.items() if isinstance(v, bool) and k in ints]
        if refused:
            raise InvalidCommand(refused, source=source)
        try:
            args, kwargs = capture(self, *args, **kwargs)
        except ValidationError as exc:
            raise InvalidCommand([_call_refusal(e, names) for e in exc.errors()], source=source) from None
        implausible = [
            problem
            for name, value in [*zip(names[1:], args, strict=False), *kwargs.items()]
            if not isinstance(value, (BaseModel, dict)) and name not in _UNCHECKED
            for problem in [*((f, k, {}) for f, k in _unstorable_text(value, name)), *_implausible(value, name)]
        ]
        if implausible:
            raise InvalidCommand(implausible, source=source)
        try:
            return func(self, *args, **kwargs)
        except ValidationError as exc:
            raise InvalidCommand([_call_refusal(e, names) for e in exc.errors()], source=source) from None

    checked.__boundary__ = True  # type: ignore[attr-defined]
    return checked


_UNCHECKED = frozenset({"commands", "decisions", "content"})
"""Arguments walked by the method's own command model (batches) or holding bytes, not text."""


def _arguments_of(func: Callable[..., Any]) -> tuple[list[str], Callable[..., Any], set[str]]:
    """The parameter names of `func`, a validated pass-through of its arguments, and the names
    of those that take an int (but not a bool)."""
    signature = inspect.signature(func)
    module = sys.modules.get(func.__module__)
    namespace = dict(vars(module)) if module else {}
    params, ints = [], set()
    for p in signature.parameters.values():
        annotation = _resolved(p.annotation, namespace)
        if p.name in _UNCHECKED:
            annotation = _commands_as_given(annotation)
        if _takes_int_not_bool(annotation):
            ints.add(p.name)
        params.append(p.replace(annotation=annotation))

    def capture(*args: Any, **kwargs: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return args[1:], kwargs

    capture.__signature__ = signature.replace(parameters=params, return_annotation=inspect.Signature.empty)  # type: ignore[attr-defined]
    capture.__annotations__ = {p.name: p.annotation for p in params}
    capture.__name__ = func.__name__
    capture.__qualname__ = func.__qualname__
    capture.__module__ = func.__module__
    return list(signature.parameters), validate_call(config=CALL_CONFIG)(capture), ints


def _commands_as_given(annotation: Any) -> Any:
    """A batch of commands (`list[M | dict]`) checked as a list of M instances or dicts, each left as
    it came: the method validates each one through M itself (`validate`), so the boundary does not
    build every command a first time (half the cost of a 100,000-row import's checks)."""
    if get_origin(annotation) is not list:
        return annotation
    (item,) = get_args(annotation) or (Any,)
    if get_origin(item) not in (Union, UnionType):
        return annotation
    members = get_args(item)
    if dict not in members:
        return annotation
    given = tuple(InstanceOf[m] if isinstance(m, type) and issubclass(m, BaseModel) else m for m in members)
    return list[Union[given]]  # noqa: UP007 (built from parts)


def _resolved(annotation: Any, namespace: dict[str, Any]) -> Any:
    """An annotation as a type: a string evaluated in the method's module (Any when it names
    what only a type checker imports); a dataclass (an Actor) as an instance of it only."""
    if annotation is inspect.Parameter.empty:
        return Any
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, namespace)  # noqa: S307 (the module's own annotation)
        except Exception:
            return Any
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        return InstanceOf[annotation]
    if get_origin(annotation) in (Union, UnionType):
        members = tuple(_resolved(a, namespace) for a in get_args(annotation))
        return Union[members]  # noqa: UP007 (built from parts)
    return annotation


def _call_refusal(error: Any, names: list[str]) -> tuple[str, str, dict[str, Any]]:
    """(argument, catalog key, params) of one error in a service call's arguments."""
    loc = list(error.get("loc") or ())
    if loc and isinstance(loc[0], int):
        loc[0] = names[loc[0]] if loc[0] < len(names) else str(loc[0])  # names[0] is self
    field, key, params = _refusal({**error, "loc": tuple(loc)})
    return field, (key if key in _KNOWN else "validation.value_error"), params


def _known_keys() -> frozenset[str]:
    from culture_ledger.locale import ZH

    return frozenset(k for k in ZH if k.startswith("validation."))


_KNOWN = _known_keys()
