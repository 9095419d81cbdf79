"""Every figure opens the records it counts, and every record its events, in one click.

`figure` draws a figure card (`st.metric`) with a 查看明细 button under it: the button opens a
dialog with the records behind the figure; one click on a record's row shows that record's events
below them. Which figure is open is kept in the session, so the dialog stays open across the
page's reruns until the reader closes it; through the overview's live refreshes (a fragment that
re-runs every few seconds) it stays as drawn, not drawn again under the reader's cursor. Pages say what lies behind a figure (`records`, `events`) and how its rows read
(`table`): the shell knows no plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from dashboard.chrome import lang, t

Rows = list[dict[str, Any]]
Table = tuple[list[str], Any]
"""A table as shown (codes translated, ids hidden) and the id of the record on each row."""
Readable = Callable[[Rows], Any]
"""Rows as a reader reads them (a DataFrame or Arrow table with headers in the reader's words, no ids)."""

OPEN = "_drill_open"
"""Session state: the key of the figure whose records are open."""
OPENING = "_drill_opening"
"""Session state: the key of the figure whose button was just pressed (its dialog is drawn in this run)."""

_BUTTON: dict[str, str] = {}
"""The button's words per language, looked up once: a page draws dozens of figures on every refresh,
and each look-up through the catalog is a cache look-up of its own (the shell's words never change).
The button has no tooltip: dozens of them slowed the overview's live refresh in the browser by
seconds (the page caption says what the button does)."""


def _button_words() -> str:
    language = lang()
    if language not in _BUTTON:
        _BUTTON[language] = t("ui.drill.open")
    return _BUTTON[language]


def plain(rows: Rows) -> pd.DataFrame:
    """Rows as they are, without their ids (pages pass a `table` that says them in the reader's words)."""
    columns = [c for row in rows for c in row]
    columns = [c for c in dict.fromkeys(columns) if c != "id" and not c.endswith("_id")]
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)


def table_of(rows: Rows, table: Readable | None = None) -> Table:
    """Rows as shown (by `table`), with the id of the record on each row."""
    return [str(r.get("id") or "") for r in rows], (table or plain)(rows)


def figure(
    label: str,
    value: Any,
    *,
    key: str,
    records: Callable[[], Rows | Table] | None = None,
    events: Callable[[str], Rows] | None = None,
    table: Readable | None = None,
    events_table: Readable | None = None,
    caption: str | None = None,
    where: Any = None,
    below: str | None = None,
    **metric: Any,
) -> None:
    """A figure (`st.metric(label, value, **metric)` in `where`, a column say) that opens its records.

    `records()` gives the rows behind the figure (each with the `id` of its record), or a `Table`
    made beforehand; `events(id)` the events behind one row (none given: rows open nothing);
    `table(rows)` makes rows readable (`events_table` the events, when they read otherwise);
    `caption` says what the records are (the period, say). `key` names the figure on its page;
    `below`, a line of text under the figure (its trend, say). Without `records` the card opens nothing."""
    where = st if where is None else where
    where.metric(label, value, **metric)
    if below:
        where.caption(below)
    if records is None:
        return
    where.button(
        _button_words(),
        key=f"{key}__open",
        type="tertiary",
        on_click=_open,
        args=(key,),
    )
    if st.session_state.get(OPEN) == key and (st.session_state.pop(OPENING, None) == key or not _refreshing()):
        st.dialog(label, width="large", on_dismiss=_close)(_records)(
            key, records, events, table, events_table or table, caption
        )


def _open(key: str) -> None:
    st.session_state[OPEN] = st.session_state[OPENING] = key


def _refreshing() -> bool:
    """Whether this run re-runs a fragment only (the overview's live figures, every few seconds): a
    dialog drawn earlier stays open through it (Streamlit keeps it mounted) and is not drawn again."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _close() -> None:
    st.session_state.pop(OPEN, None)


def is_open(key: str) -> bool:
    """Whether the records behind the figure `key` are open."""
    return st.session_state.get(OPEN) == key


def _records(key: str, records, events, table, events_table, caption) -> None:
    if caption:
        st.caption(caption)
    found = records()
    shown = found if isinstance(found, tuple) else table_of(found, table)
    records_and_events(shown, key=f"{key}__records", events=events, table=events_table)
    if st.button(t("ui.drill.close"), key=f"{key}__close"):
        _close()
        st.rerun()


def records_and_events(
    shown: Table, *, key: str, events: Callable[[str], Rows] | None = None, table: Readable | None = None
) -> None:
    """A table of records (made beforehand) the reader selects with one click on a row; the selected
    record's events below it (`events(id)`, made readable by `table`; none given: rows open nothing)."""
    ids, frame = shown
    if not ids:
        st.info(t("ui.drill.none"))
        return
    st.caption(t("ui.drill.records", n=len(ids)) if events else t("ui.drill.count", n=len(ids)))
    if events is None:
        st.dataframe(frame, hide_index=True, key=key)
        return
    chosen = selected(frame, ids, key=key)
    if chosen:
        st.markdown(f"**{t('ui.drill.events')}**")
        rows = events(chosen)
        if not rows:
            st.info(t("ui.drill.no_events"))
        else:
            st.dataframe((table or plain)(rows), hide_index=True)


def selected(frame: Any, ids: list[str], *, key: str) -> str | None:
    """`frame` as a table whose rows are chosen with one click (on the row's box or any of its cells);
    returns the id of the chosen row's record."""
    event = st.dataframe(
        frame, hide_index=True, on_select="rerun", selection_mode=["single-row", "single-cell"], key=key
    )
    selection = event.selection if event is not None else None
    rows = list(getattr(selection, "rows", None) or [])
    rows += [cell[0] for cell in getattr(selection, "cells", None) or []]
    if rows and 0 <= rows[0] < len(ids):
        return ids[rows[0]] or None
    return None
