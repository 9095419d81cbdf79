"""导入表格 on the page: an admin picks the study sheet, previews a filled one and reads the row
report, then imports the valid rows; a staff member sees only the sheets of their role (their own
records', not the roster)."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from culture_ledger import sheets
from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor
from tests.conftest import last_workday

DAY = last_workday(clock.today() - timedelta(days=1))


def sheets_page(url: str, upload: bytes | None) -> None:
    import io
    import os

    import streamlit as st

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.sheets import pages

    if upload is not None:  # AppTest cannot drop a file: the uploader hands the page this one

        class File(io.BytesIO):
            name = "签到表.xlsx"

        st.file_uploader = lambda *a, **k: File(upload)  # noqa: E731
    pages.render()


def filled(url: str, rows: list[list]) -> bytes:
    ledger = Ledger(url=url)
    try:
        book = load_workbook(io.BytesIO(sheets.template(ledger, ledger.registry.sheet("study-daily"))))
    finally:
        ledger.close()
    for row in rows:
        book.worksheets[0].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_admin_previews_a_sheet_reads_its_row_report_and_imports_the_valid_rows(store_url, ledger, office):
    data = filled(
        store_url,
        [
            ["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None],
            ["李秀英", None, DAY.isoformat(), 1500, "自学", "通宵学习", None],
        ],
    )
    at = AppTest.from_function(sheets_page, args=(store_url, data), default_timeout=60)
    at.session_state["actor"] = Actor("admin", "admin", "form")
    at.run()
    kinds = at.selectbox(key="sheets_kind")
    assert {
        "干部花名册",
        "日学一时签到表",
        "学记一本登记表",
        "业务培训台账",
        "政治坚定活动台账",
        "实名制人员名单",
    } <= set(kinds.options)
    kinds.select("study-daily").run()
    at.button(key="sheets_preview").click().run()
    assert "预览：共 2 行，可写入 1 行，有误 1 行" in at.error[0].value
    report = at.dataframe[0].value
    assert report.to_dict("records") == [{"行号": 3, "列": "学习时长（分钟）", "原因": "不能大于 1440"}]
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 0

    at.checkbox(key="sheets_accept").check().run()
    at.button(key="sheets_import").click().run()
    assert at.success[0].value == "共 2 行：写入 1 行，有误未写入 1 行，此前已登记 0 行。"
    ledger.catch_up()
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 1


def test_the_page_offers_nothing_to_an_auditor_and_staff_their_own_records_sheets_not_the_roster(
    store_url, ledger, office
):
    at = AppTest.from_function(sheets_page, args=(store_url, None), default_timeout=60)
    at.session_state["actor"] = Actor("clerk", "staff", "form")
    at.run()
    offered = at.selectbox(key="sheets_kind").options
    assert {"日学一时签到表", "学记一本登记表", "业务培训台账", "政治坚定活动台账", "实名制人员名单"} <= set(
        offered
    ) and "干部花名册" not in offered
    auditor = AppTest.from_function(sheets_page, args=(store_url, None), default_timeout=60)
    auditor.session_state["actor"] = Actor("inspector", "auditor", "form")
    auditor.run()
    assert auditor.info[0].value == "您的角色没有可以导入的表格。"
