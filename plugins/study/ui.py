"""Page pieces the study records' pages share: an error naming each field as the record's form
does, running an action and saying how it went, a table with the record's column words, and the
cadres to choose from."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.chrome import actor, lang, ledger, show_error as show_any_error, t
from domain.errors import InvalidCommand, LedgerError
from plugins.study.kit import active_cadres


def show_error(exc: LedgerError, words: str) -> None:
    """As the shell's show_error, but a refused field is named as the record's form names it
    (`<words>.field.<name>`: a notebook entry's `title` is 题目, a paper's 文章题目), else in the
    plugin's or the shared words."""
    if not isinstance(exc, InvalidCommand):
        show_any_error(exc)
        return
    catalog = ledger().catalog
    lines = [t("error.invalid")]
    for field, key, params in exc.errors:
        label = catalog.field_label(lang(), field, words) or catalog.field_label(lang(), field, exc.source) or field
        lines.append(f"- {label}：{t(key, **params)}")
    st.error("\n".join(lines))


def attempt(action, words: str, success: str = "ui.saved") -> bool:
    """Run a service call; say it was saved, or why it was refused. True when it was saved."""
    try:
        action()
    except LedgerError as exc:
        show_error(exc, words)
        return False
    st.success(t(success))
    return True


def is_leader() -> bool:
    return actor().role in ("leader", "admin")


def is_writer() -> bool:
    return actor().role != "auditor"


def table(frame: pd.DataFrame | list, columns: list[str], words: str) -> None:
    """A read-only table headed by the record's column words (`<words>.col.<name>`); user text stays text."""
    frame = pd.DataFrame(frame, columns=columns) if not isinstance(frame, pd.DataFrame) else frame[columns]
    st.dataframe(frame.rename(columns={c: t(f"{words}.col.{c}") for c in columns}), hide_index=True,
                 width="stretch")


def cadre_names() -> dict[str, str]:
    """Today's cadres, each named with their department, for a select box."""
    today = date.today()
    return {c["id"]: f"{c['name']}（{c['department']}）" for c in active_cadres(ledger(), today, today)}
