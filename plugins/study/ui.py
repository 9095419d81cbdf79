"""Page pieces the study records' pages share: who may write, and a table with the record's
column words (cadres are named and picked with `plugins.people.ui`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.chrome import actor, ledger, t


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
