"""How the event views word the log for a person: each event by its name, each record by what it
is (title, person, date), each actor by name with role and channel, each payload as labelled fields
with coded values in words. Never a class name, a record id, a username or JSON.

One `EventWords` per page run and language: it reads the names it needs in a few queries per
page (people, departments and accounts once; the records of a page in one batch), never one per row."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from culture_ledger import timefmt
from culture_ledger.events import event_name

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

META = {"originator_id", "originator_version", "originator_topic", "timestamp", "by"}
"""What every event carries besides its payload (shown as who and when, not as fields)."""

LABELLED = ("title", "name", "material", "destination", "display_name", "topic")
"""The fields that name a record, in the order they are looked for."""

DATED = ("occurred_on", "day", "decided_on", "period", "year")
"""The fields that date a record."""

PERSON = ("cadre_id", "proposer_id", "person_id", "department_id")
"""The fields naming whom a record is about, when it has no title."""

_OWNERS: dict[int, tuple[Any, dict[str, str]]] = {}
"""Each registry's plugin owning each event topic, computed once per registry."""

_HEX = re.compile(r"^[0-9a-fA-F]{32}$|^[0-9a-fA-F-]{36}$")


@functools.cache
def _words_of(keys: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    """For each plugin id: the catalog keys under it, by their last part (what a field or a value is
    called), most specific first. Cached per catalog (its keys never change)."""
    found: dict[str, dict[str, list[str]]] = {}
    for key in keys:
        parts = key.split(".")
        if len(parts) >= 3:
            found.setdefault(parts[0], {}).setdefault(parts[-1], []).append(key)
    return found


class EventWords:
    """The log in words for one reader's language."""

    def __init__(self, ledger: Ledger, lang: str):
        self.ledger, self.lang, self.catalog = ledger, lang, ledger.catalog
        self.carriers = {p.id: p.title for p in ledger.registry.carriers}
        keys = tuple(sorted(self.catalog.catalogs.get(lang, {})))
        self._under = _words_of(keys)
        self._names: dict[str, str] = {}
        self._people: dict[str, str] = {}

    def __call__(self, key: str, **params: Any) -> str:
        return self.catalog.t(self.lang, key, **params)

    # --- events, people, roles -------------------------------------------------------

    def event(self, topic: str, carrier: str | None = None) -> str:
        """The event type's name (a carrier's activity with the carrier first)."""
        return event_name(self.ledger, self.lang, topic, carrier)

    def carrier(self, carrier_id: str | None) -> str:
        if not carrier_id:
            return ""
        return self(self.carriers[carrier_id]) if carrier_id in self.carriers else carrier_id

    PEOPLE_TABLES = ("departments", "cadres", "staffing_institutions", "staffing_people")
    """The read models naming the people, departments and institutions an event refers to by id."""

    def _resolve(self, ids: Iterable[Any]) -> None:
        """Read the names of these ids (people, departments, institutions) in one query per table."""
        wanted = sorted({_hex(i) for i in ids if i} - set(self._people))
        if not wanted:
            return
        marks = ", ".join("?" * len(wanted))
        for table in self.PEOPLE_TABLES:
            try:
                rows = self.ledger.query(f"SELECT id, name FROM {table} WHERE id IN ({marks})", tuple(wanted))
            except Exception:  # noqa: BLE001 - a plugin not installed keeps no such table
                continue
            self._people.update({_hex(r["id"]): r["name"] for r in rows})
        self._people.update({i: "" for i in wanted if i not in self._people})  # asked once, even when unknown

    def _person_of(self, value: Any) -> str:
        self._resolve([value])
        return self._people.get(_hex(value), "")

    @functools.cached_property
    def _accounts(self) -> dict[str, str]:
        try:
            return {
                r["username"]: r["display_name"]
                for r in self.ledger.query("SELECT username, display_name FROM accounts")
            }
        except Exception:  # noqa: BLE001 - no accounts plugin: usernames stay what they are
            return {}

    def person(self, username: str | None) -> str:
        """Who an account is (the name it was opened with); the system and unknown accounts in words."""
        if not username or username == "?":
            return self("audit.who.unknown")
        return self._accounts.get(username, username)

    def role(self, role: str | None) -> str:
        return self(f"role.{role}") if role and self.catalog.has(self.lang, f"role.{role}") else ""

    def channel(self, channel: str | None) -> str:
        return self(f"channel.{channel}") if channel and self.catalog.has(self.lang, f"channel.{channel}") else ""

    def origin(self, by: Any) -> str:
        """Where an imported event came from: 导入表格《十一月.xlsx》第 7 行（文件指纹 SHA-256 3f2a9c0d12e4…）;
        "" for an event that names no file (every event but a sheet's rows)."""
        origin = getattr(by, "origin", None)
        if origin is None:
            return ""
        sha = f"{origin.sha256[:12]}…"
        if origin.row is None:
            return self("audit.origin.file", file=origin.file, sha=sha)
        return self("audit.origin.row", file=origin.file, row=origin.row, sha=sha)

    def who(self, account: str | None, role: str | None, channel: str | None) -> str:
        """王建国（领导 · 表单）; what the system did, 系统; a command, 王建国（命令行）."""
        if channel == "system":
            return self("channel.system")
        parts = [p for p in (self.role(role), self.channel(channel)) if p]
        return self("audit.who", name=self.person(account), how=" · ".join(parts)) if parts else self.person(account)

    # --- records ---------------------------------------------------------------------

    def record_kind(self, record_type: str, carrier: str | None = None, kind: str | None = None) -> str:
        """What a record is: 学习笔记, 五型机关测评; a carrier's activity by its kind (三争做主题活动)."""
        if carrier and kind and self.catalog.has(self.lang, f"{carrier}.kind.{kind}"):
            return self(f"{carrier}.kind.{kind}")
        key = f"record.{record_type}"
        return self(key) if self.catalog.has(self.lang, key) else record_type

    def records(self, ids: Iterable[str]) -> dict[str, str]:
        """Each record (hex id) by its name: what it is, its title or whom it is about, and its date,
        read in one query of the event index and, for those without a title, one of their first events."""
        from plugins.audit.queries import first_events

        ids = [_hex(i) for i in ids if i]
        wanted = sorted(set(ids) - set(self._names))
        if wanted:
            firsts = {
                r["originator_id"]: r
                for r in self.ledger.query(
                    "SELECT originator_id, record_type, carrier, label, occurred_on FROM event_index "
                    f"WHERE version = 1 AND originator_id IN ({', '.join('?' * len(wanted))})",
                    tuple(wanted),
                )
            }
            untitled = [i for i in wanted if i not in firsts or not firsts[i]["label"]]
            events = first_events(self.ledger, untitled) if untitled else {}
            self._resolve(getattr(e, k, None) for e in events.values() for k in PERSON)
            for oid in wanted:
                self._names[oid] = self._record_name(firsts.get(oid), events.get(oid))
        return {i: self._names.get(i, "") for i in ids}

    def record(self, oid: str) -> str:
        return self.records([oid]).get(_hex(oid), "")

    def _record_name(self, row: dict[str, Any] | None, first: Any) -> str:
        data = {k: v for k, v in vars(first).items() if k not in META} if first is not None else {}
        record_type = row["record_type"] if row else type(first).__qualname__.split(".")[0] if first is not None else ""
        carrier = (row or {}).get("carrier") or data.get("carrier")
        kind = data.get("kind") if isinstance(data.get("kind"), str) else None
        what = self.record_kind(record_type, carrier, kind) if record_type else self("audit.record.unnamed")
        label = (row or {}).get("label") or next(
            (data[k] for k in LABELLED if isinstance(data.get(k), str) and data[k]), None
        )
        if label is None:
            if record_type == "AccessRecord" and isinstance(data.get("what"), str):
                label = self.access(data["what"])
            elif isinstance(data.get("username"), str):
                label = self.person(data["username"])
            else:
                label = next((self._person_of(data[k]) for k in PERSON if data.get(k)), None) or None
        day = (row or {}).get("occurred_on") or next((data[k] for k in DATED if data.get(k) not in (None, "")), None)
        period = data.get("period") or data.get("year")  # an evaluation of 2026-H1 is not that of 2026
        parts = [what, str(label) if label else None, self.period(period) if period else None]
        parts.append(_day(day) if day is not None and str(day) != str(period) else None)
        return " · ".join(p for p in parts if p)

    def period(self, code: Any) -> str:
        """A period as a person says it: 2026年上半年, 2026年第三季度, 2026年11月 (a code it cannot read, as is)."""
        from culture_ledger.periods import Period

        try:
            period = Period.parse(str(code))
        except ValueError:
            return str(code)
        start = period.start
        number = {"quarter": (start.month - 1) // 3 + 1, "half": (start.month - 1) // 6 + 1, "month": start.month}
        if period.kind not in ("year", *number):
            return period.code
        if period.kind == "half":
            return self(f"audit.period.half.{number['half']}", year=start.year)
        return self(f"audit.period.{period.kind}", year=start.year, n=number.get(period.kind, 0))

    # --- payloads --------------------------------------------------------------------

    def sources(self, topic: str, carrier: str | None = None) -> list[str]:
        """The plugins whose words name the event's fields: its carrier's, then its own plugin's."""
        owners = self._owners()
        found = [carrier] if carrier else []
        own = owners.get(topic)
        return [*found, *([own] if own else [])]

    def _owners(self) -> dict[str, str]:
        registry = self.ledger.registry
        held = _OWNERS.get(id(registry))
        if held is None or held[0] is not registry:  # the registry is frozen: its owners never change
            held = _OWNERS[id(registry)] = (registry, {t: p.id for p in registry.plugins for t in p.event_topics()})
        return held[1]

    def _label(self, field: str, sources: list[str]) -> str | None:
        for kind in (".field.", ".col."):  # a form's label first, a table's header else
            for source in sources:
                for key in self._under.get(source, {}).get(field, []):
                    if kind in key:
                        return self(key)
        for key in (f"field.{field}", f"overview.col.{field}", f"audit.field.{field}"):
            if self.catalog.has(self.lang, key):
                return self(key)
        return None

    def label(self, field: str, sources: list[str]) -> str:
        """How a field is called: its plugin's label, else the shared one (`field.*`, `overview.col.*`)."""
        return self._label(field, sources) or field

    def _coded(self, field: str, text: str, sources: list[str]) -> str | None:
        """A code's words: `<plugin>.<field>.<code>`, else the plugin's one word for the code (the
        list it belongs to most like the field), else the shared vocabulary (`idea.*`, `role.*`)."""
        single = field.removesuffix("s")
        for source in sources:
            for key in (f"{source}.{field}.{text}", f"{source}.{single}.{text}"):
                if self.catalog.has(self.lang, key):
                    return self(key)
            found = [
                k
                for k in self._under.get(source, {}).get(text, [])
                if not any(f".{part}." in k for part in ("field", "col", "metric", "todo", "error", "help"))
            ]
            if found:
                stem = single.split("_")[0]
                found.sort(key=lambda k: not (k.split(".")[-2].startswith(stem) or stem.startswith(k.split(".")[-2])))
                return self(found[0])
        for key in (f"{field}.{text}", f"{single}.{text}"):
            if self.catalog.has(self.lang, key):
                return self(key)
        return None

    def _key(self, field: str, key: str, sources: list[str]) -> str:
        """What a key of a mapping field is called: a field of its own (`credits` -> `credit_study_hour`),
        a record or person by name, or a code in words."""
        single = field.removesuffix("s")
        for name in (key, f"{single}_{key}", f"{field.split('_')[0]}_{key}"):
            found = self._label(name, sources)
            if found:
                return found
        if _HEX.match(key):
            return self.value(field, key, sources)
        return self._coded(field, key, sources) or key

    def value(self, field: str, value: Any, sources: list[str]) -> str:
        """A field's value as a person reads it: people, departments and records by name, codes in words."""
        if value is None or value == "" or value == [] or value == {}:
            return "–"
        if isinstance(value, bool):
            return self("audit.yes") if value else self("audit.no")
        if isinstance(value, datetime):
            return timefmt.shown(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (int, float)):
            return f"{value:g}" if isinstance(value, float) else str(value)
        if field in ("username", "account", "recipient", "evaluator") and isinstance(value, str):
            return self.person(value)
        if field == "carrier" and isinstance(value, str):
            return self.carrier(value)
        if isinstance(value, dict):
            if "sha256" in value and "name" in value:  # an evidence file: its name (its digest stays in the log)
                return str(value["name"])
            return "；".join(
                f"{self._key(field, str(k), sources)}：{self.value(str(k), v, sources)}" for k, v in value.items()
            )
        if isinstance(value, (list, tuple, set)):
            single = field[:-1] if field.endswith("s") else field
            return "、".join(self.value(single, v, sources) for v in value)
        if isinstance(value, UUID) or (isinstance(value, str) and _HEX.match(value)):
            oid = _hex(value)
            return self._person_of(oid) or self.record(oid) or self("audit.record.unnamed")
        text = str(value)
        if field == "period":
            return self.period(text)
        return self._coded(field, text, sources) or text

    def reason(self, text: str | None, topic: str, carrier: str | None = None) -> str:
        """Why, as the recorder wrote it; a reason chosen from a list (出编: 辞职, 退休) in words."""
        if not text:
            return ""
        return self._coded("reason", text, self.sources(topic, carrier)) or text if text.isascii() else text

    def changes(self, changes: list[dict[str, Any]], sources: list[str], first: bool) -> list[dict[str, str]]:
        """A version's changes (`record_history`) as rows of field, before and after in words; an
        activity's own details field by field."""
        rows = []
        for c in changes:
            before, after = c["before_value"], c["after_value"]
            if c["field"] == "details" and isinstance(after, dict):
                before = before if isinstance(before, dict) else {}
                pairs = [(k, before.get(k), v) for k, v in after.items() if first or before.get(k) != v]
            else:
                pairs = [(c["field"], before, after)]
            rows += [
                {
                    "field": self.label(str(k), sources),
                    "before": "" if first else self.value(str(k), b, sources),
                    "after": self.value(str(k), a, sources),
                }
                for k, b, a in pairs
            ]
        return rows

    def fields(self, event: Any, topic: str, carrier: str | None = None) -> list[tuple[str, str]]:
        """An event's payload as (label, value) pairs: what changed field by field for a correction,
        an activity's own details among its fields."""
        sources = self.sources(topic, carrier or getattr(event, "carrier", None))
        data = {k: v for k, v in vars(event).items() if k not in META}
        if set(data) == {"what", "detail"}:  # an access: what was opened or exported, over which range
            return [
                (self("access.col.what"), self.access(str(data["what"]))),
                (self("access.col.detail"), self.access_detail(dict(data["detail"] or {})) or "–"),
            ]
        shown: list[tuple[str, str]] = []
        for name, value in data.items():
            if name in ("changes", "details") and isinstance(value, dict):
                shown += [(self.label(str(k), sources), self.value(str(k), v, sources)) for k, v in value.items()]
            else:
                shown.append((self.label(name, sources), self.value(name, value, sources)))
        return shown

    # --- the access record -----------------------------------------------------------

    def access(self, what: str) -> str:
        """What an access was, in words: 打开页面：事件浏览, 导出台账区间, 登录."""
        kind, _, target = what.partition(":")
        if kind == "page":
            page = next((p for p in self.ledger.registry.pages if p.path == target), None)
            return self("access.what.page", page=self(page.title) if page else target)
        if what.startswith("export:ledger:"):  # a printed ledger (台账): of a carrier, of the daily study
            which = target.removeprefix("ledger:")
            named = next((c for c in self.carriers if which == c or which.startswith(f"{c}_")), None)
            study = "study" in which and self.catalog.has(self.lang, "study.daily.ledger.title")
            shown = self.carrier(named) if named else self("study.daily.ledger.title") if study else ""
            return self("access.what.export_printed_ledger", ledger=shown).rstrip("：: ")
        key = f"access.what.{what.replace(':', '_').replace('-', '_')}"
        return self(key) if self.catalog.has(self.lang, key) else what

    def access_detail(self, detail: dict[str, Any]) -> str:
        """An access's parameters, labelled: 起始日期：2026-11-07；截止日期：2026-12-07."""
        parts = []
        for name, value in detail.items():
            if value is None or value == "":
                continue
            if name == "account":
                shown = self.person(str(value))
            elif name == "carrier":
                shown = self.carrier(str(value))
            elif name == "sheet":  # a kind of sheet, by its title
                sheet = next((s for s in self.ledger.registry.sheets if s.key == value), None)
                shown = self(sheet.title) if sheet else str(value)
            elif name == "sha256" and isinstance(value, str):
                shown = f"{value[:12]}…"
            elif name in ("via", "reason", "kind"):  # how one signed in, why a sign-in was refused, a kind of access
                key = f"access.{name}.{value}"
                shown = self(key) if self.catalog.has(self.lang, key) else str(value)
            elif name == "known":  # a sign-in tried with a name no account has: said by the account column
                continue
            elif name == "record" and isinstance(value, str):
                shown = self.record(value) or self("audit.record.unnamed")
            elif name == "moment":
                shown = timefmt.shown(value)
            elif isinstance(value, bool):
                shown = self("audit.yes") if value else self("audit.no")
            else:
                shown = self.value(name, value, ["audit", "accounts", "overview"])
            label_key = f"access.detail.{name}"
            label = self(label_key) if self.catalog.has(self.lang, label_key) else self.label(name, ["overview"])
            parts.append(f"{label}：{shown}")
        return "；".join(parts)


def _hex(value: Any) -> str:
    if isinstance(value, str) and len(value) == 32:
        return value.lower()
    if isinstance(value, UUID):
        return value.hex
    try:
        return UUID(str(value)).hex
    except ValueError:
        return str(value)


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
