"""A carrier's printable ledger (台账) of a period: its activities in the office's usual layout
(日期, 活动名称, 地点, 组织科室, 应到/实到, 缺席人员, 内容, 成效, 佐证材料份数, 状态), by names, never ids.
Withdrawn activities are left out (the log keeps them); the others carry their review status.

Its Excel file is laid out as the carrier's 活动台账 import template (the same headers in the same
order, the kind's own fields among them, then 佐证材料份数 and 状态, which an import leaves aside):
a ledger printed from one store imports into another as it is."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger import paper
from domain import clock
from plugins.carrier.queries import activity_rows
from plugins.people.services import department_name

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

COLUMNS = (
    ("number", 3.5),
    ("occurred_on", 9.5),
    ("kind", 7),
    ("title", 13),
    ("place", 8),
    ("department", 8),
    ("attendance", 6.5),
    ("absentees", 8),
    ("content", 15),
    ("outcome", 12),
    ("evidence", 6),
    ("status", 7),
)
"""The ledger's columns and their relative widths on the page."""


def activity_ledger(
    ledger: Ledger, carrier: str, start: date, end: date, department_id: str | None = None, lang: str = "zh"
) -> paper.LedgerSheet:
    """The carrier's activities between start and end (of one department, when given), oldest first."""

    def t(key: str, **params) -> str:
        return ledger.catalog.t(lang, key, **params)

    name = next((t(p.title) for p in ledger.registry.carriers if p.id == carrier), carrier)
    rows = [
        r
        for r in reversed(activity_rows(ledger, carrier, start=start, end=end, department_id=department_id))
        if not r["withdrawn"]
    ]
    period = paper.period_words(start, end, department_name(ledger, department_id))
    return paper.LedgerSheet(
        title=t("carrier.ledger.title", carrier=name),
        period=period,
        office=paper.office_name(t),
        made=clock.today(),
        headers=tuple(t(f"carrier.ledger.col.{c}") for c, _ in COLUMNS),
        widths=tuple(w for _, w in COLUMNS),
        rows=tuple(
            (
                n,
                r["occurred_on"],
                t(f"{carrier}.kind.{r['kind']}") if ledger.catalog.has(lang, f"{carrier}.kind.{r['kind']}") else "",
                r["title"],
                r["place"] or "",
                r["department"] or "",
                f"{r['expected']}/{r['present']}",
                "、".join(r["absentees"]),
                r["content"] or r["agenda"] or "",
                r["outcome"] or "",
                len(r["evidence"]),
                t(f"carrier.status.{r['review']}"),
            )
            for n, r in enumerate(rows, start=1)
        ),
        none=t("paper.none"),
        table=_as_template(ledger, carrier, rows, lang),
    )


EXTRA = ("evidence", "status")
"""The ledger's own columns after the template's (an import leaves them aside)."""


def _as_template(
    ledger: Ledger, carrier: str, rows: list[dict[str, Any]], lang: str
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]] | None:
    """The rows under the carrier's import template's headers (None for a carrier with no sheet kind)."""
    try:
        sheet = ledger.registry.sheet(f"{carrier}-activities")
    except KeyError:
        return None
    catalog = ledger.catalog

    def t(key: str) -> str:
        return catalog.t(lang, key)

    def worded(key: str, fallback: Any) -> Any:
        return t(key) if catalog.has(lang, key) else fallback

    def cell(field: str, r: dict[str, Any]) -> Any:
        if field == "kind":
            return worded(f"{carrier}.kind.{r['kind']}", "")  # a kind without words: no code on paper
        if field == "department":
            return r["department"] or ""
        if field == "absentees":
            return "、".join(r["absentees"])
        if field == "ideas":
            return "、".join(worded(f"idea.{i}", i) for i in r["ideas"])
        if field in (
            "occurred_on",
            "title",
            "place",
            "organiser",
            "expected",
            "present",
            "agenda",
            "content",
            "outcome",
        ):
            value = r[field]
            return "" if value is None else value
        value = (r["details"] or {}).get(field)  # a kind's own field
        if value is None:
            return None
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return worded(f"{carrier}.{field}.{value}", value) if isinstance(value, str) else value

    headers = tuple(t(c.header) + ("*" if c.required else "") for c in sheet.columns)
    headers += tuple(t(f"carrier.ledger.col.{c}") for c in EXTRA)
    table = tuple(
        (
            *(cell(c.field, r) for c in sheet.columns),
            len(r["evidence"]),
            t(f"carrier.status.{r['review']}"),
        )
        for r in rows
    )
    return headers, table
