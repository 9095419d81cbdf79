"""Page pieces the study records' pages share: who may write, a table with the record's column
words, and the cadres to choose from."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.chrome import actor, ledger, t
from plugins.study.kit import active_cadres


def is_leader() -> bool:
    """Whether the signed-in user may score, grade and publish rules (the service says)."""
    return ledger().four_strong.may(actor().role, "evaluate")


def is_writer() -> bool:
    """Whether the signed-in user may record study records (the service says)."""
    return ledger().study.may(actor().role, "record")


def table(frame: pd.DataFrame | list, columns: list[str], words: str) -> None:
    """A read-only table headed by the record's column words (`<words>.col.<name>`); user text stays text."""
    frame = pd.DataFrame(frame, columns=columns) if not isinstance(frame, pd.DataFrame) else frame[columns]
    st.dataframe(frame.rename(columns={c: t(f"{words}.col.{c}") for c in columns}), hide_index=True, width="stretch")


def cadre_names() -> dict[str, str]:
    """Today's cadres, each named with their department, for a select box."""
    today = date.today()
    return {c["id"]: f"{c['name']}（{c['department']}）" for c in active_cadres(ledger(), today, today)}
