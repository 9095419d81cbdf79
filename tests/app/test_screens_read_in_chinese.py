"""A stranger reads every screen of the demo office in Chinese, as each role that may open it, and
the reports a leader hands up: no code word, no event class name, no record id, no English word.

Each page is read as it first opens (every tab and expander drawn: Streamlit runs them all), and
again with every picker on the page moved to another choice, so the details a choice opens (a
record's history, a cadre's profile, a figure's records) are read too."""

from __future__ import annotations

import io

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import Selectbox

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period, Scope
from culture_ledger.registry import Registry
from domain import clock
from domain.actor import Actor
from tests.app.pages import every_text, run_page
from tests.screen_words import code_words

REGISTRY = Registry.load(entry_point_group=None)
SCREENS = [(page.path, role) for page in REGISTRY.pages for role in page.roles]

DATA_COLUMNS = frozenset({"用户名"})
"""Columns whose cells are the office's own data in Latin letters (an account's sign-in name)."""

MANAGES_USERNAMES = frozenset({"accounts"})
"""Pages where a username is what is managed: shown beside the person's name (何俊（demo-admin）)."""

DEMO_ACCOUNTS = {"demo-staff": "staff", "demo-leader": "leader", "demo-auditor": "auditor", "demo-admin": "admin"}


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("screens", weeks=3)


def read(at, path: str = "") -> dict[str, list[str]]:
    """What a stranger should not have read on the page (an account's sign-in name in its own column,
    or on the page that manages accounts, aside)."""
    texts = every_text(at)
    if path in MANAGES_USERNAMES:
        texts = [_without_usernames(text) for text in texts]
    for frame in [*at.dataframe, *at.table]:
        for column in DATA_COLUMNS & {str(c) for c in frame.value.columns}:
            for cell in frame.value[column]:
                while str(cell) in texts:
                    texts.remove(str(cell))
    return code_words(texts)


class _Picked(Selectbox):
    """A selectbox a user moved to the option they read (AppTest's own `select_index` hands the
    shown text back as the value, which only works where options are shown as they are)."""

    picked: str = ""

    @property
    def _widget_state(self) -> WidgetState:
        state = WidgetState()
        state.id = self.id
        state.string_value = self.picked
        return state


def _without_usernames(text: str) -> str:
    for username in DEMO_ACCOUNTS:
        text = text.replace(username, "")
    return text


def move_every_picker(at) -> None:
    """Choose the last option in every picker on the page (a record, a cadre, a filter), then run again."""
    for box in at.selectbox:
        if len(box.options or []) > 1:
            box.__class__ = _Picked
            box.picked = box.options[-1]
    at.run()


@pytest.mark.parametrize(("path", "role"), SCREENS, ids=[f"{p}-{r}" for p, r in SCREENS])
def test_every_screen_reads_in_the_offices_words(demo_store, path, role):
    account = next(a for a, r in DEMO_ACCOUNTS.items() if r == role)
    at = run_page(path, demo_store, Actor(account, role, "form"), "zh")
    assert not at.exception, [e.value for e in at.exception]
    assert read(at, path) == {}, f"{path} as {role}, as it opens"

    move_every_picker(at)
    assert not at.exception, [e.value for e in at.exception]
    assert read(at, path) == {}, f"{path} as {role}, with every picker moved"


@pytest.mark.slow
def test_the_period_report_reads_in_the_offices_words(demo_store):
    """The workbook's every cell and the document's every paragraph and table cell, for the month so far."""
    from docx import Document
    from openpyxl import load_workbook

    from plugins.overview import figures, reports

    ledger = Ledger(url=demo_store)
    try:
        data = figures.overview(ledger, Scope(Period.containing("month", clock.today())))
        book = load_workbook(io.BytesIO(reports.workbook(ledger, data)))
        cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
        cells += book.sheetnames
        assert code_words(cells) == {}
        document = Document(io.BytesIO(reports.document(ledger, data)))
        texts = [p.text for p in document.paragraphs]
        texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert code_words(texts) == {}
    finally:
        ledger.close()
