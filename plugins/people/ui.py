"""Page pieces other plugins' forms use to name and pick a registered cadre or department, for
the signed-in person: a staff member's forms are for themself and their department (their name
is shown, no picker), a leader's and an admin's pickers start empty and find a name as it is typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from culture_ledger.ledger import Reach
from dashboard.chrome import actor, ledger, t

T = TypeVar("T")


def cadre_names() -> dict[str, str]:
    """The cadres on the roll (not retired), each named with their department, for a select box."""
    rows = ledger().query(
        "SELECT c.id, c.name, d.name AS department FROM cadres c "
        "JOIN departments d ON d.id = c.department_id WHERE c.retired_on IS NULL "
        "ORDER BY d.name, c.name"
    )
    return {r["id"]: f"{r['name']}（{r['department']}）" for r in rows}


def department_names() -> dict[str, str]:
    return {d["id"]: d["name"] for d in ledger().query("SELECT id, name FROM departments ORDER BY name")}


def me() -> Reach:
    """The signed-in person's own cadre and department (None where their account names none)."""
    return ledger().people.own(actor())


def reach(action: str) -> Reach:
    """For whom the signed-in person may take `action` (the service says; a staff member records only their own)."""
    return ledger().people.reach(actor(), action)


def cadre_picker(label: str, key: str, *, action: str | None = "record") -> str | None:
    """The cadre a form is for (an id in hex), for `action`.

    Where the signed-in person may take it only for themself (a staff member recording), their
    own name is shown and nothing is picked; otherwise a picker that starts empty and finds a
    cadre by typing their name. With `action=None` (a page to read one cadre's records) it is a
    picker for everyone, opened on their own name for those who record only their own."""
    names = cadre_names()
    limited = reach(action or "record")
    own = limited.cadre_id.hex if limited.cadre_id else None
    if action is not None and limited.own_only:
        return _fixed(label, key, own, names, "people.ui.no_cadre")
    start = own if limited.own_only and own in names else None
    return _picker(label, key, names, start, "people.ui.choose_cadre")


def department_picker(label: str, key: str, *, action: str = "record") -> str | None:
    """The department a form is for (an id in hex): a staff member's own (shown, not picked),
    else a picker that starts empty."""
    names = department_names()
    limited = reach(action)
    if limited.own_only:
        own = limited.department_id.hex if limited.department_id else None
        return _fixed(label, key, own, names, "people.ui.no_department")
    return _picker(label, key, names, None, "people.ui.choose_department")


def _fixed(label: str, key: str, chosen: str | None, names: dict[str, str], missing: str) -> str | None:
    if chosen is None or chosen not in names:
        st.warning(t(missing))
        return None
    st.session_state[f"{key}_own"] = names[chosen]  # the shown name follows a transfer
    st.text_input(label, disabled=True, key=f"{key}_own")
    return chosen


def _picker(label: str, key: str, names: dict[str, str], start: str | None, placeholder: str) -> str | None:
    options = list(names)
    return st.selectbox(
        label,
        options,
        format_func=names.get,
        key=key,
        index=options.index(start) if start in options else None,
        placeholder=t(placeholder),
    )


def mine_first(rows: Sequence[T], *tests: Callable[[Any], bool]) -> list[T]:
    """`rows` in their order, except that the signed-in person's own come first: those passing the
    first test, then the second's, and so on (a stable sort)."""
    return sorted(rows, key=lambda r: next((i for i, test in enumerate(tests) if test(r)), len(tests)))
