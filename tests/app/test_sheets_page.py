"""导入表格 on the page: an admin picks the study sheet, previews a filled one and reads the row
report, then imports the valid rows, a progress bar following the reading, checking and writing;
the auditor reads which file and row each imported record came from; a 50 MB file is refused in
Chinese, the uploader saying the same limit; a staff member sees only the sheets of their role
(their own records', not the roster)."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from culture_ledger import sheets
from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor
from tests.app.pages import every_text
from tests.conftest import last_workday
from tests.screen_words import code_words

DAY = last_workday(clock.today() - timedelta(days=1))


def sheets_page(url: str, upload: bytes | int | None) -> None:
    """The page, its uploader handing it `upload` (a number: a workbook of that many bytes, made here)."""
    import io
    import os

    import streamlit as st

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.sheets import pages

    if isinstance(upload, int):  # made here, not carried into the script as an argument
        upload = b"PK" + bytes(upload - 2)
    if upload is not None:  # AppTest cannot drop a file: the uploader hands the page this one

        class File(io.BytesIO):
            name = "签到表.xlsx"

        def uploader(label, *args, **kwargs):
            st.session_state["uploader"] = {"label": label, "max_upload_size": kwargs.get("max_upload_size")}
            return File(upload)

        real, st.file_uploader = st.file_uploader, uploader
        try:
            pages.render()
        finally:  # the page runs in this process: the next module's pages get Streamlit's own uploader
            st.file_uploader = real
    else:
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
    bar = at.progress[0]
    assert (bar.value, bar.proto.text) == (100, "已完成（共 2 行）")  # the bar went through to the end
    ledger.catch_up()
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 1

    audit = AppTest.from_function(audit_events, args=(store_url,), default_timeout=60)
    audit.session_state["actor"] = Actor("inspector", "auditor", "form")
    audit.run()
    audit.selectbox(key="audit_topic").select("plugins.study.domain:StudyEntry.Recorded").run()
    assert not audit.exception
    digest = sheets.sha256(data)[:12]
    assert f"来源: 导入表格《签到表.xlsx》第 2 行（文件指纹 SHA-256 {digest}…）" in [e.value for e in audit.text]
    fixture_names = {"admin", "inspector"}  # the fixture accounts' display names are their usernames
    assert set(code_words(every_text(audit))) <= {*fixture_names, *(t for t in every_text(audit) if "admin" in t)}


def audit_events(url: str) -> None:
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.audit import pages

    pages.events_page()


def test_a_fifty_megabyte_file_is_refused_in_chinese_and_the_uploader_says_the_same_limit(store_url, ledger, office):
    at = AppTest.from_function(sheets_page, args=(store_url, 50 * 1024 * 1024), default_timeout=60)
    at.session_state["actor"] = Actor("admin", "admin", "form")
    at.run()
    at.selectbox(key="sheets_kind").select("study-daily").run()
    at.button(key="sheets_import").click().run()

    assert [e.value for e in at.error] == ["操作未被接受，未写入任何记录。"]
    assert [e.value for e in at.text] == ["文件过大：一个文件最多 20 MB。"]
    uploader = at.session_state["uploader"]
    assert uploader["max_upload_size"] == 20 and "不超过 20 MB" in uploader["label"]  # what it says is enforced
    assert not at.progress  # nothing was read: no bar left behind
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 0


def test_the_page_offers_nothing_to_an_auditor_and_staff_their_own_records_sheets_not_the_roster(
    store_url, ledger, office
):
    at = AppTest.from_function(sheets_page, args=(store_url, None), default_timeout=60)
    at.session_state["actor"] = Actor("clerk", "staff", "form")
    at.run()
    offered = at.selectbox(key="sheets_kind").options
    assert {"日学一时签到表", "学记一本登记表", "业务培训台账", "政治坚定活动台账"} <= set(offered)
    # The roster and the staff list (hires in force: decisions a leader approved) are the administrator's.
    assert "干部花名册" not in offered and "实名制人员名单" not in offered
    auditor = AppTest.from_function(sheets_page, args=(store_url, None), default_timeout=60)
    auditor.session_state["actor"] = Actor("inspector", "auditor", "form")
    auditor.run()
    assert auditor.info[0].value == "您的角色没有可以导入的表格。"
