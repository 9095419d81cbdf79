"""What every page shares: the ledger, the language, the current actor, errors, pickers."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from culture_ledger.i18n import DEFAULT_LANGUAGE, LANGUAGES
from culture_ledger.ledger import Ledger
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError
from event_store.store import store_url


@st.cache_resource(show_spinner=False)
def _open_ledger(url: str) -> Ledger:
    return Ledger(url=url)


def ledger() -> Ledger:
    """The ledger for this server's store, caught up so a page shows what was just recorded."""
    led = _open_ledger(store_url())
    led.catch_up()
    return led


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def t(key: str, **params: Any) -> str:
    return ledger().catalog.t(lang(), key, **params)


def language_picker() -> None:
    current = lang()
    choice = st.sidebar.selectbox(t("app.language"), LANGUAGES, index=LANGUAGES.index(current),
                                  format_func=lambda code: t(f"lang.{code}"), key="lang_picker")
    if choice != current:
        st.session_state["lang"] = choice
        st.rerun()


def actor() -> Actor:
    """Who is acting in this session. (Accounts and login replace this default.)"""
    return st.session_state.get("actor") or Actor("web", "staff", "form")


def show_error(exc: LedgerError) -> None:
    """Say what was refused, in the user's language; nothing was written."""
    if isinstance(exc, InvalidCommand):
        lines = [t("error.invalid")]
        for field, key, params in exc.errors:
            label = t(f"field.{field}") if ledger().catalog.has(lang(), f"field.{field}") else field
            lines.append(f"- {label}：{t(key, **params)}")
        st.error("\n".join(lines))
    else:
        st.error(t(exc.key, **exc.params))


def cadre_picker(label: str, key: str) -> str | None:
    rows = ledger().query("SELECT c.id, c.name, d.name AS department FROM cadres c "
                          "JOIN departments d ON d.id = c.department_id WHERE c.retired_on IS NULL "
                          "ORDER BY d.name, c.name")
    names = {r["id"]: f"{r['name']}（{r['department']}）" for r in rows}
    return st.selectbox(label, list(names), format_func=names.get, key=key, index=0 if names else None)


def period_picker(key: str) -> tuple[str, date]:
    from plugins.study.projections import PERIODS

    cols = st.columns(2)
    kind = cols[0].segmented_control(t("ui.period"), PERIODS, default="week", key=f"{key}_kind",
                                     format_func=lambda k: t(f"ui.period.{k}")) or "week"
    anchor = cols[1].date_input(t("ui.anchor"), value=date.today(), key=f"{key}_anchor")
    return kind, anchor
