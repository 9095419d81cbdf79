"""Issue 10, the leader's journey in a real browser: 王建国 (demo-leader) signs in, opens the
领导驾驶舱, opens the records behind a figure and one record's events (where the number comes
from), then makes the month's report and downloads the Excel workbook and the Word document:
the workbook holds the page's headline figures as real numbers."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.dashboard import Overview


def test_the_leader_opens_the_records_behind_a_figure_and_downloads_the_months_report(page, served_app, tmp_path):
    overview = Overview(page, served_app.url).open("leader")
    overview.go_to(Overview.TITLE)
    expect(overview.heading("机关文化建设总览")).to_be_visible()
    figures = overview.figure_titles()
    assert figures  # the headline figures are on screen

    shown = overview.records_behind()  # 查看明细 under the first figure
    assert shown > 0  # the demo office's month has records behind its first figure
    overview.open_record()
    assert overview.record_events()  # the first record's events
    overview.close_records()

    period = overview.make_report()
    workbook = overview.download("下载 Excel 工作簿", tmp_path)
    document = overview.download("下载 Word 文档", tmp_path)

    assert workbook.name == f"机关文化建设-{period}.xlsx"
    book = load_workbook(workbook)
    headline = book.worksheets[0]
    rows = {row[0]: row[2] for row in headline.iter_rows(min_row=6, values_only=True) if row[0]}
    assert set(figures) <= set(rows)  # every figure on the page is in the workbook
    numbers = [v for v in rows.values() if isinstance(v, (int, float))]
    assert numbers and any(v > 0 for v in numbers)  # real numbers, not blanks or text
    assert len(book.worksheets) > 1  # and the other areas, a sheet each

    assert document.name == f"机关文化建设-{period}.docx"
    with zipfile.ZipFile(document) as docx:
        assert "机关文化建设工作总结材料" in docx.read("word/document.xml").decode("utf-8")
