"""Property-based (hypothesis): sheets drawn from the command models of two kinds (日学一时签到表
and 学记一本登记表), each row's values within the model's own bounds and choices, some rows made
invalid in one column. Whatever the draw: every invalid row is named by its number and by that
column, no valid row is refused, and importing the valid rows only writes exactly those rows.

One SQLite store for the module (each draw writes new days, so the draws never meet); a dozen
draws per kind."""

from __future__ import annotations

import io
import itertools
import typing
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from culture_ledger import sheets
from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor
from tests.conftest import create_fixture_accounts

ADMIN = Actor("admin", "admin", "form")
CADRES = ("王建国", "李秀英", "阿依古丽·努尔兰")
CHECKS = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DRAWS = itertools.count()
"""Each draw's rows fall on days of their own (at most 8 rows a draw, 40 draws before days repeat)."""
TEXT = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=24)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    led = Ledger(url=f"sqlite:///{tmp_path_factory.mktemp('sheet-properties') / 'ledger.sqlite3'}")
    create_fixture_accounts(led)
    department = led.people.register_department({"name": "办公室"}, ADMIN)
    joined = clock.today() - timedelta(days=800)
    for name in CADRES:
        led.people.register_cadre(
            {"name": name, "department_id": department, "position": "科员", "joined_on": joined}, ADMIN
        )
    yield led
    led.close()


# --- rows drawn from the command model ---------------------------------------------------------


def bounds(model: type, field: str) -> dict[str, Any]:
    """A model field's own limits (ge/le, min_length/max_length), as pydantic holds them."""
    return {
        name: getattr(rule, name)
        for rule in model.model_fields[field].metadata
        for name in ("ge", "le", "min_length", "max_length")
        if getattr(rule, name, None) is not None
    }


def field_of(column: Any) -> str:
    """The command field a sheet column fills (the cadre column is the command's cadre_id)."""
    return {"cadre": "cadre_id"}.get(column.field, column.field)


def valid_value(ledger: Ledger, sheet, column, day: date) -> st.SearchStrategy:
    """A value the form would take for this column, within the command model's own bounds."""
    model = sheet.command
    if column.field == "cadre":
        return st.sampled_from(CADRES)
    if column.field == "department":
        return st.none()
    if column.kind == "date":
        return st.just(day.isoformat())
    if column.kind == "integer":
        limits = bounds(model, field_of(column))
        return st.integers(limits.get("ge", 1), limits.get("le", 10_000))
    if column.kind == "choice":
        literal = typing.get_args(model.model_fields[field_of(column)].annotation)
        labels = [ledger.catalog.t("zh", label) for value, label in column.choices(ledger) if value in literal]
        return st.sampled_from(labels) | st.none() if not column.required else st.sampled_from(labels)
    limits = bounds(model, field_of(column))
    text = TEXT.filter(lambda s: len(s) <= limits.get("max_length", 24))
    return text if column.required else text | st.none()


def invalid_value(sheet, column) -> st.SearchStrategy | None:
    """A value the form refuses for this column, from the model's bounds (None: no such value)."""
    model = sheet.command
    if column.field == "cadre":
        return st.just("查无此人")
    if column.field == "department":
        return None
    if column.kind == "date":
        return st.sampled_from([(clock.today() + timedelta(days=3)).isoformat(), "2026-02-30", "下周一"])
    if column.kind == "integer":
        limits = bounds(model, field_of(column))
        return st.sampled_from([limits["ge"] - 1, limits["le"] + 1, "很多"])
    if column.kind == "choice":
        return st.just("不存在的选项")
    limits = bounds(model, field_of(column))
    too_long = ["字" * (limits["max_length"] + 1)] if limits.get("max_length", 10**6) <= 500 else []
    return st.sampled_from([None, *too_long]) if column.required else None


@st.composite
def drawn_sheet(draw, ledger: Ledger, sheet) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Rows for the sheet (by column field) and the invalid ones: sheet row number -> the column broken."""
    base = clock.today() - timedelta(days=2 + 8 * (next(DRAWS) % 40))
    breakable = [c for c in sheet.columns if invalid_value(sheet, c) is not None]
    rows: list[dict[str, Any]] = []
    broken: dict[int, str] = {}
    for k in range(draw(st.integers(1, 8))):
        row = {c.field: draw(valid_value(ledger, sheet, c, base - timedelta(days=k))) for c in sheet.columns}
        if draw(st.booleans()):
            column = draw(st.sampled_from(breakable))
            row[column.field] = draw(invalid_value(sheet, column))
            broken[k + 2] = column.header  # the header is row 1
        rows.append(row)
    return rows, broken


def workbook(ledger: Ledger, sheet, rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    data = book.active
    data.append([ledger.catalog.t("zh", c.header) for c in sheet.columns])
    for row in rows:
        data.append([row[c.field] for c in sheet.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def count(ledger: Ledger, table: str) -> int:
    ledger.catch_up()
    return int(ledger.scalar(f"SELECT COUNT(*) FROM {table} WHERE withdrawn = 0") or 0)


# --- the property ---------------------------------------------------------------------------


def check_a_drawn_sheet(ledger: Ledger, kind: str, table: str, data) -> None:
    sheet = ledger.registry.sheet(kind)
    rows, broken = data.draw(drawn_sheet(ledger, sheet))
    file = workbook(ledger, sheet, rows)
    before = count(ledger, table)

    report = sheets.load(ledger, sheet, file, "抽样表格.xlsx", ADMIN, accept_valid=True)

    named = {}
    for problem in report.problems:
        named.setdefault(problem.row, set()).add(problem.column)
    assert named == {row: {column} for row, column in broken.items()}  # each bad row, by its row and column
    for problem in report.problems:
        said = sheets.worded(ledger, problem, "zh")
        assert said.startswith(f"第 {problem.row} 行“{ledger.catalog.t('zh', problem.column)}”：")
    valid = len(rows) - len(broken)
    assert report.written == valid and count(ledger, table) == before + valid  # the valid rows, all of them
    if valid:
        assert {e.by.origin.row for e in _recorded(ledger, report)} == {
            n for n in range(2, len(rows) + 2) if n not in broken
        }  # each written record names its own row


def _recorded(ledger: Ledger, report) -> list[Any]:
    from uuid import UUID

    return [next(iter(ledger.app.events.get(UUID(i)))) for i in report.record_ids]


@CHECKS
@given(data=st.data())
def test_a_drawn_study_sheet_imports_its_valid_rows_and_names_each_bad_one_by_row_and_column(ledger, data):
    check_a_drawn_sheet(ledger, "study-daily", "study_entries", data)


@CHECKS
@given(data=st.data())
def test_a_drawn_notebook_sheet_imports_its_valid_rows_and_names_each_bad_one_by_row_and_column(ledger, data):
    check_a_drawn_sheet(ledger, "study-notebook", "notebook_entries", data)
