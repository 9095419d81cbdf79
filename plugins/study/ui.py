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


def reads(kind: str, cadre_id: str | None) -> bool:
    """Whether the signed-in user reads that cadre's records of `kind` (`culture_ledger.rights.RECORDS`:
    staff read only their own evaluations, papers' grades and notebooks; leaders and auditors everyone's)."""
    reach = ledger().study.read_reach(actor(), kind)
    return not reach.own_only or (reach.cadre_id is not None and cadre_id == reach.cadre_id.hex)


def reads_everyones(kind: str) -> bool:
    """Whether the signed-in user reads every cadre's records of `kind`."""
    return not ledger().study.read_reach(actor(), kind).own_only


PEOPLE_COLUMNS = ("evaluator", "reviewer", "recorded_by")
"""Columns that hold an account (who scored, graded, recorded): a table shows the person's name."""


def people_names() -> dict[str, str]:
    """Each account's person by name, in one look-up for a whole table."""
    from plugins.accounts.services import AccountService

    try:
        return ledger().service(AccountService).display_names()
    except KeyError:  # no accounts plugin: the username is all there is
        return {}


def person(username: str | None) -> str:
    """Who an account is, by name ('' for nobody)."""
    return people_names().get(username, username) if username else ""


def table(frame: pd.DataFrame | list, columns: list[str], words: str) -> None:
    """A read-only table headed by the record's column words (`<words>.col.<name>`); user text stays
    text; whoever scored, graded or recorded is named."""
    frame = pd.DataFrame(frame, columns=columns) if not isinstance(frame, pd.DataFrame) else frame[columns]
    accounts = [c for c in columns if c in PEOPLE_COLUMNS]
    if accounts:
        names = people_names()
        frame = frame.assign(
            **{c: frame[c].map(lambda a: names.get(a, a) if isinstance(a, str) else a) for c in accounts}
        )
    st.dataframe(frame.rename(columns={c: t(f"{words}.col.{c}") for c in columns}), hide_index=True, width="stretch")


def headed(columns: list[str], words: str):
    """How a figure's records read (`plugins.overview.drill.rows(table=...)`): these columns, headed by
    the record's column words (`<words>.col.<name>`)."""
    return lambda rows: pd.DataFrame(rows, columns=columns).rename(columns={c: t(f"{words}.col.{c}") for c in columns})
