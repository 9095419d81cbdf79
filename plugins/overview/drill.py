"""A figure on any page that opens its records and their events (`dashboard.drill`), in the
overview's words: the records behind a registered indicator, or rows a page has itself, shown
with readable headers and values (`reports.records_frame`), and the events behind each row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from culture_ledger.periods import Scope
from culture_ledger.registry import Indicator
from dashboard import chrome, drill
from dashboard.chrome import lang, t
from event_store.store import store_url
from plugins.overview import figures as ov
from plugins.overview import reports


def readable(rows: list[dict[str, Any]], language: str | None = None, of: str | None = None) -> Any:
    """Rows as a table a reader understands (`reports.records_frame`): ids hidden, codes, names and
    yes/no worded, headers in their language (those the indicator or gap `of` declares)."""
    return reports.records_frame(ledger_as_is(), [_plain(r) for r in rows], language or lang(), of)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A row's cells as plain Python (numpy's yes/no, numbers and arrays as Python's), as the words expect."""
    return {k: v.tolist() if hasattr(v, "tolist") else v for k, v in row.items()}


def ledger_as_is():
    """The server's ledger without catching it up again (the page did, once, for this run)."""
    return chrome._open_ledger(store_url())


def indicator(
    ind: Indicator | str,
    scope: Scope,
    value: Any,
    *,
    key: str,
    where: Any = None,
    label: str | None = None,
    only: Callable[[dict[str, Any]], bool] | None = None,
    caption: str | None = None,
    **metric,
) -> None:
    """The figure of a registered indicator (`ind` or its key) over `scope`, shown as `value`, opening
    the records the indicator counts (in the words it declares for them) and, for each, the events
    behind it. A page's own figure drawn from the same records names itself (`label`) and keeps the
    rows it counts (`only`)."""
    led = ledger_as_is()
    ind = ov.indicator(led, ind) if isinstance(ind, str) else ind

    def records() -> list[dict[str, Any]]:
        found = ov.records_behind(ledger_as_is(), ind.key, scope)
        return [r for r in found if only(r)] if only is not None else found

    drill.figure(
        label or t(ind.title),
        value,
        key=key,
        records=records if ind.records else None,
        events=lambda record_id: ov.events_behind_row(ledger_as_is(), ind.key, scope, record_id, lang()),
        table=lambda rows: readable(rows, of=ind.key),
        events_table=readable,
        caption=caption or t("overview.drill.period", start=scope.start, end=scope.end),
        where=where,
        help=metric.pop("help", None if label else t(ind.definition)),
        **metric,
    )


def rows(
    label: str,
    value: Any,
    records: Callable[[], list[dict[str, Any]]],
    *,
    key: str,
    events: Callable[[str], list[dict[str, Any]]] | None = None,
    table: Callable[[list[dict[str, Any]]], Any] | None = None,
    where: Any = None,
    **metric,
) -> None:
    """A page's own figure (`label`, `value`) opening the rows it counts (`records()`, each with the
    `id` of its record; shown by `table`, in the page's own words, or else `readable`) and each
    record's own events (or `events(id)`)."""
    drill.figure(
        label,
        value,
        key=key,
        records=records,
        events=events or (lambda record_id: ov.events_behind(ledger_as_is(), record_id, lang())),
        table=table or readable,
        events_table=readable,
        where=where,
        **metric,
    )
