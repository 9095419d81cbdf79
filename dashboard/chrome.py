"""What every page shares: the ledger, the language, the current actor, errors, pickers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from culture_ledger.i18n import DEFAULT_LANGUAGE, LANGUAGES
from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period
from domain import clock
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError
from event_store.store import store_url


@st.cache_resource(show_spinner=False)
def _open_ledger(url: str) -> Ledger:
    return Ledger(url=url)


def ledger() -> Ledger:
    """The ledger for this server's store, caught up so a page shows what was just recorded.

    Call it once per run of a page (each call reads the log's head)."""
    led = _open_ledger(store_url())
    led.catch_up()
    return led


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **params: Any) -> str:
    """The text of `key` in the user's language: from the catalog of the server's (cached) ledger,
    without catching up the read models (a page shows hundreds of strings per run)."""
    return _open_ledger(store_url()).catalog.t(lang(), key, **params)


def language_picker() -> None:
    current = lang()
    choice = st.sidebar.selectbox(
        t("app.language"),
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=lambda code: t(f"lang.{code}"),
        key="lang_picker",
    )
    if choice != current:
        st.session_state["lang"] = choice
        st.rerun()


def actor() -> Actor:
    """The signed-in actor of this session (the login gate sets it; page tests set it directly)."""
    current = st.session_state.get("actor")
    if current is None:
        st.warning(t("login.required"))
        st.stop()
    return current


RECORD_PARAM = "record"
"""The query parameter naming the record a page was opened on (`open_record`)."""


def open_record(path: str, record: str | None = None) -> None:
    """Go to the page at `path` (if the signed-in role sees it), opened on the record whose id is
    `record`: the page's record picker chooses it (`preselect`). The to-do list and the review inbox
    open the record a task is about this way."""
    pages = st.session_state.get("_pages", {})
    if path in pages:
        st.switch_page(pages[path], query_params={RECORD_PARAM: record} if record else None)


def opened_record() -> str | None:
    """The id of the record this page was opened on (`open_record`), until a picker chose it."""
    return st.query_params.get(RECORD_PARAM)


def rerun_on(record: str) -> None:
    """Run the page again, still opened on `record`: after an action changed it, its picker's labels
    changed too, and Streamlit would otherwise fall back to the picker's first option."""
    st.query_params[RECORD_PARAM] = record
    st.rerun()


def preselect(key: str, options: Any) -> None:
    """Choose the record the page was opened on in the picker `key`, once, if it is among `options`
    (call it just before drawing the picker); it stays pinned (`pinned_record`) while chosen."""
    wanted = opened_record()
    if wanted and wanted in options:
        st.session_state[key] = wanted
        st.session_state[f"{key}__pinned"] = wanted
        del st.query_params[RECORD_PARAM]


def pinned_record(key: str) -> str | None:
    """The record the page was opened on, for as long as the picker `key` still shows it: a page
    lists it whatever its filters (a returned record of last quarter), until the user picks another."""
    wanted = opened_record()
    if wanted:
        return wanted
    pinned = st.session_state.get(f"{key}__pinned")
    if pinned and st.session_state.get(key) == pinned:
        return pinned
    st.session_state.pop(f"{key}__pinned", None)
    return None


ACCESS_REPEAT_SECONDS = 600
"""The same access again within this time (a rerun of the page) is not recorded twice."""


def record_access(what: str, **detail: Any) -> None:
    """Record for the auditors that this session's actor opened or exported `what` (e.g.
    "page:audit-log", "export:log") over `detail` (the range, the filters).

    Call it on every audit page and with every export. A rerun showing the same thing again
    within ACCESS_REPEAT_SECONDS is not recorded again; a changed range is."""
    import json
    import time

    key = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    seen = st.session_state.setdefault("_access_seen", {})
    now = time.time()
    last = seen.get(what)
    if last is not None and last[0] == key and now - last[1] < ACCESS_REPEAT_SECONDS:
        return
    ledger().access_log.record(actor(), what, detail)
    seen[what] = (key, now)


class Outcome:
    """What `run` did: truthy when the action was done; `value` is what the action returned."""

    def __init__(self, done: bool, value: Any = None):
        self.done, self.value = done, value

    def __bool__(self) -> bool:
        return self.done


def run(action: Callable[[], Any], done: str = "ui.saved", *, words: str | None = None) -> Outcome:
    """Run one service call for the user: say it was done (`done`, a catalog key), or say why it
    was refused, in the user's language (nothing was written then). Every form's submit goes
    through here; `words` as for `show_error`."""
    try:
        value = action()
    except LedgerError as exc:
        show_error(exc, words=words)
        return Outcome(False)
    st.success(t(done))
    return Outcome(True, value)


def show_error(exc: LedgerError, *, words: str | None = None) -> None:
    """Say what was refused, in the user's language; nothing was written.

    A refused field is named as the form names it (`<words>.field.<name>`, when the page says
    whose words its form uses: a notebook entry's `title` is 题目, a paper's 文章题目), else in
    the words of the plugin whose command it was, else in the shared words."""
    if isinstance(exc, InvalidCommand):
        catalog = _open_ledger(store_url()).catalog
        lines = [t("error.invalid")]
        for field, key, params in exc.errors:
            text = t(key, **_said(key, params))
            if field == "_":  # the command as a whole
                lines.append(f"- {text}")
                continue
            # A nested field ("names.2") is labelled by its form field ("names").
            names = dict.fromkeys((field, field.split(".")[0]))
            keys = [f"{source}.field.{name}" for name in names for source in (words, exc.source) if source]
            keys += [f"field.{name}" for name in names]
            label = next((t(key) for key in keys if catalog.has(lang(), key)), field.split(".")[0])
            lines.append(f"- {label}：{text}")
        st.error("\n".join(lines))
    else:
        st.error(t(exc.key, **_said(exc.key, exc.params)))


def _said(key: str, params: dict[str, Any]) -> dict[str, Any]:
    """Coded values in a message's parameters in the user's words: a value `v` of parameter `p`
    in a message of plugin `x` (`x.error.…`) reads as the catalog's `x.p.v` where there is one."""
    catalog, plugin = _open_ledger(store_url()).catalog, key.split(".")[0]
    return {
        p: t(f"{plugin}.{p}.{v}") if isinstance(v, str) and catalog.has(lang(), f"{plugin}.{p}.{v}") else v
        for p, v in params.items()
    }


def period_picker(key: str, kinds: tuple[str, ...] = ("day", "week", "month")) -> Period:
    """The calendar period of a chosen kind that holds a chosen day (this week by default)."""
    cols = st.columns(2)
    kind = (
        cols[0].segmented_control(
            t("ui.period"), kinds, default="week", key=f"{key}_kind", format_func=lambda k: t(f"ui.period.{k}")
        )
        or "week"
    )
    anchor = cols[1].date_input(t("ui.anchor"), value=clock.today(), key=f"{key}_anchor")
    return Period.containing(kind, anchor)
