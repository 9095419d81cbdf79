"""Page pieces other plugins' forms use to name and pick a registered cadre."""

from __future__ import annotations

import streamlit as st

from dashboard.chrome import ledger


def cadre_names() -> dict[str, str]:
    """The cadres on the roll (not retired), each named with their department, for a select box."""
    rows = ledger().query(
        "SELECT c.id, c.name, d.name AS department FROM cadres c "
        "JOIN departments d ON d.id = c.department_id WHERE c.retired_on IS NULL "
        "ORDER BY d.name, c.name"
    )
    return {r["id"]: f"{r['name']}（{r['department']}）" for r in rows}


def cadre_picker(label: str, key: str) -> str | None:
    names = cadre_names()
    return st.selectbox(label, list(names), format_func=names.get, key=key, index=0 if names else None)
