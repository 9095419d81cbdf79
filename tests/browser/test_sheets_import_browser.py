"""An admin brings a study sign-in sheet in through the browser: opens 导入表格 in Chinese,
downloads the template, fills it with one bad row, previews it and reads the row report
(第 N 行), ticks 只导入无误的行, imports, and is told what was written."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook
from playwright.sync_api import expect

from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from domain import clock
from plugins.accounts.demo import DEMO_ACCOUNTS
from tests.browser.dashboard import SheetsImport
from tests.conftest import last_workday

DAY = last_workday(clock.today() - timedelta(days=1))


def two_cadres(served_app) -> list[tuple[str, str]]:
    """Two of the demo office's cadres whose names are their own, with their departments; none of
    those the demo accounts are (the other journeys on this server follow their records)."""
    led = Ledger(Registry.load(), url=served_app.store_url, worker=False)
    accounts = tuple(cadre for _, _, cadre, _ in DEMO_ACCOUNTS)
    try:
        rows = led.query(
            "SELECT c.name, d.name AS department FROM cadres c JOIN departments d ON d.id = c.department_id "
            "WHERE c.retired_on IS NULL AND c.name IN (SELECT name FROM cadres GROUP BY name HAVING COUNT(*) = 1) "
            f"AND c.name NOT IN ({', '.join('?' * len(accounts))}) ORDER BY c.name LIMIT 2",
            accounts,
        )
    finally:
        led.close()
    return [(r["name"], r["department"]) for r in rows]


def test_an_admin_imports_a_study_sheet_with_one_bad_row_after_reading_its_row_report(page, served_app, tmp_path):
    (one, one_department), (other, other_department) = two_cadres(served_app)
    importing = SheetsImport(page, served_app.url).open("admin")
    importing.go_to(SheetsImport.TITLE)
    expect(importing.heading(SheetsImport.TITLE)).to_be_visible()
    importing.choose_kind("日学一时签到表")

    template = importing.download_template(tmp_path)
    book = load_workbook(template)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:4] == ["姓名*", "科室", "学习日期*", "学习时长（分钟）*"]
    sheet.append([one, one_department, DAY.isoformat(), 45, "自学", "《浏览器导入的学习材料》", None])
    sheet.append([other, other_department, DAY.isoformat(), 1500, "自学", "《通宵学习》", None])
    filled = tmp_path / "签到表.xlsx"
    book.save(filled)

    importing.upload(filled)
    importing.press("预览")
    expect(importing.alert("预览：共 2 行，可写入 1 行，有误 1 行")).to_be_visible()
    assert importing.refused_rows() == [{"行号": "3", "列": "学习时长（分钟）", "原因": "不能大于 1440"}]

    importing.accept_valid_rows_only()
    importing.press("导入")
    expect(importing.alert("共 2 行：写入 1 行，有误未写入 1 行")).to_be_visible()
    expect(importing.said("已导入 1 行。")).to_be_visible()
