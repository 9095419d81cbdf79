"""活动台账: each carrier's activity ledger as an office keeps it in Excel, one sheet kind per
carrier, declared once here for every carrier the registry holds (built-in or from outside).

A row is one activity: its date, title, kind (the carrier's own kinds), department (by name),
应到/实到 and the absentees named, agenda, content, outcome, the ideas it serves, and the
carrier's own fields of its kind (主题, 服务类型…). Each row is checked as the form checks it
(`RecordActivity`, then the kind's own model) and the rows are written through the kit's bulk
path (`ActivityService.record_batch`), submitted for review as from the form.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from culture_ledger.i18n import LANGUAGES
from culture_ledger.registry import Column, Sheet
from culture_ledger.rights import roles_that_may
from culture_ledger.sheets import once
from domain.errors import InvalidCommand
from domain.vocabulary import IDEAS
from plugins.carrier.commands import RecordActivity, split_names

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Plugin, Registry
    from domain.actor import Actor

_KIND_OF = {int: "integer", float: "number"}
"""How a kind's own field of that type is read from its cell (a `Literal` is a choice, the rest text)."""


def activity_sheets(registry: Registry) -> tuple[Sheet, ...]:
    """One 活动台账 kind for every carrier, titled in the carrier's words where it has them
    (`<carrier>.sheet.activities`), else the kit's."""
    words = registry.translations().get("zh", {})
    return tuple(_sheet(p, words) for p in registry.carriers)


def _sheet(carrier: Plugin, words: dict[str, str]) -> Sheet:
    """A carrier's ledger: the shared columns, then its kinds' own fields, each headed as its form
    labels it (`<carrier>.field.<name>`), or as the carrier words it for the sheet
    (`<carrier>.sheet.col.<name>`) where the form's label is a shared column's (integrity's 活动类型)."""
    cid = carrier.id
    titled = f"{cid}.sheet.activities" in words
    kinds = carrier.carrier.kinds
    first = next(iter(kinds))
    columns = [
        Column("occurred_on", "field.occurred_on", kind="date", help="carrier.sheet.help.day", example="2026-11-03"),
        Column("title", "field.title", help="carrier.sheet.help.title", example="学习《机构编制工作条例》"),
        Column(
            "kind",
            "field.kind",
            kind="choice",
            required=len(kinds) > 1,
            help="carrier.sheet.help.kind",
            choices=partial(_kinds, cid),
            example=f"{cid}.kind.{first}",
        ),
        Column("department", "field.department_id", help="carrier.sheet.help.department", example="办公室"),
        Column("place", "field.place", required=False, example="三楼会议室"),
        Column("organiser", "field.organiser", required=False, example="办公室"),
        Column("expected", "field.expected", kind="integer", help="carrier.sheet.help.expected", example=12),
        Column("present", "field.present", kind="integer", help="carrier.sheet.help.present", example=11),
        Column("absentees", "field.absentees", required=False, help="carrier.sheet.help.absentees", example="李秀英"),
        Column("agenda", "field.agenda", required=False, example=""),
        Column("content", "field.content", required=False, example=""),
        Column("outcome", "field.outcome", required=False, example=""),
        Column("ideas", "field.ideas", required=False, help="carrier.sheet.help.ideas", example="机构编制促进发展"),
    ]
    taken = {c.field for c in columns}
    shown = kinds[first].model_fields  # the example row is an activity of the first kind: its own fields filled
    for name, spec in _detail_fields(kinds).items():
        if name in taken:
            continue  # a kind's field named as a shared one would be ambiguous: the form's own field wins
        taken.add(name)
        values = _literal(spec.annotation)
        columns.append(
            Column(
                name,
                f"{cid}.sheet.col.{name}" if f"{cid}.sheet.col.{name}" in words else f"{cid}.field.{name}",
                kind="choice" if values else _KIND_OF.get(spec.annotation, "text"),
                required=False,
                help="carrier.sheet.help.detail",
                choices=(lambda _ledger, values=values, name=name: [(v, f"{cid}.{name}.{v}") for v in values])
                if values
                else None,
                example=_example(cid, name, spec, values) if name in shown else None,
            )
        )
    return Sheet(
        key=f"{cid}-activities",
        title=f"{cid}.sheet.activities" if titled else "carrier.sheet.activities",
        columns=tuple(columns),
        command=RecordActivity,
        prepare=partial(prepare, cid),
        write=write,
        known=partial(known, cid),
        roles=roles_that_may("record"),
    )


def _example(carrier: str, name: str, spec: Any, values: tuple[Any, ...]) -> Any:
    """A kind's own field in the template's example row: its first choice (as a catalog key, worded
    in the reader's language), a count of 1, or the kit's example text."""
    if values:
        return f"{carrier}.{name}.{values[0]}"
    if spec.annotation in _KIND_OF:
        return 1
    return "carrier.sheet.example.text"


def _kinds(carrier: str, _ledger: Ledger) -> list[tuple[str, str]]:
    return [(k, f"{carrier}.kind.{k}") for k in _ledger.activities.kinds(carrier)]


def _detail_fields(kinds: dict[str, type[BaseModel]]) -> dict[str, Any]:
    """Every kind's own fields, in the order the kinds declare them (a field two kinds share is one column)."""
    out: dict[str, Any] = {}
    for model in kinds.values():
        for name, spec in model.model_fields.items():
            out.setdefault(name, spec)
    return out


def _literal(annotation: Any) -> tuple[Any, ...]:
    return typing.get_args(annotation) if typing.get_origin(annotation) is typing.Literal else ()


def _ideas(ledger: Ledger, text: str | None) -> list[str]:
    """The ideas named in a cell, by their label in either language or their code."""
    accepted = {i: i for i in IDEAS}
    for i in IDEAS:
        for lang in LANGUAGES:
            accepted[ledger.catalog.t(lang, f"idea.{i}")] = i
    out = []
    for name in split_names(text or ""):
        if name not in accepted:
            raise InvalidCommand([("ideas", "carrier.sheet.unknown_idea", {"value": name})])
        out.append(accepted[name])
    return out


def prepare(carrier: str, ledger: Ledger, values: dict[str, Any], by: Actor) -> dict[str, Any]:
    """A row made the form's command: the department found by name, the absentees and ideas split
    as the form splits them, the kind's own fields checked by its model (as the service checks them),
    and the row refused where the form would refuse it (another department's activity for staff)."""
    from plugins.carrier.services import _details, _ideas_if_required
    from plugins.people.sheets import department_named

    service = ledger.activities
    kinds = service.kinds(carrier)
    kind = values.get("kind") or next(iter(kinds))
    department_id = department_named(ledger, values["department"], field="department")
    once(("may record", by, department_id), lambda: service.authorize(by, "record", department_id=department_id))
    model = kinds[kind]
    own = {name: values[name] for name in model.model_fields if values.get(name) is not None}
    for name, spec in model.model_fields.items():
        if name in own and typing.get_origin(spec.annotation) is list:
            own[name] = split_names(str(own[name]))
    command = {
        "carrier": carrier,
        "kind": kind,
        "title": values.get("title"),
        "occurred_on": values.get("occurred_on"),
        "department_id": department_id,
        "place": values.get("place") or "",
        "organiser": values.get("organiser") or "",
        "expected": values.get("expected"),
        "present": values.get("present"),
        "absentees": split_names(values.get("absentees") or ""),
        "agenda": values.get("agenda") or "",
        "content": values.get("content") or "",
        "outcome": values.get("outcome") or "",
        "ideas": _ideas(ledger, values.get("ideas")),
    }
    command["details"] = _details(carrier, model, own)
    _ideas_if_required(model, RecordActivity.model_construct(ideas=command["ideas"]))
    return command


def write(ledger: Ledger, commands: list[RecordActivity], by: Actor, each: Sequence[Actor]):
    """The kit's bulk path: every row validated again by the service, appended together, submitted for review."""
    return ledger.activities.record_batch(commands, by, each=each)


def known(carrier: str, ledger: Ledger, commands: list[RecordActivity]) -> list[bool]:
    """Which rows the office already recorded: the same kind, title, day and department, not withdrawn."""
    if not commands:
        return []
    days = sorted({c.occurred_on.isoformat() for c in commands})
    recorded = {
        (r["kind"], r["title"], r["occurred_on"], r["department_id"])
        for r in ledger.query(
            "SELECT kind, title, occurred_on, department_id FROM activities "
            "WHERE carrier = ? AND withdrawn = 0 AND occurred_on BETWEEN ? AND ?",
            (carrier, days[0], days[-1]),
        )
    }
    return [(c.kind, c.title, c.occurred_on.isoformat(), c.department_id.hex) in recorded for c in commands]
