"""`culture-ledger sheets`: an administrator writes the study sheet's template, fills it, previews
it and imports it from the command line, as their own account; a refused row exits 1 and writes nothing. Each
import is in the access record; a short sheet into a pipe prints only its row report (no progress bar)."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook

from culture_ledger.cli import main
from domain import clock
from tests.conftest import last_workday

DAY = last_workday(clock.today() - timedelta(days=1))


def run(capsys, store_url, *args):
    code = main(["--store", store_url, "sheets", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def fill(template, rows, out):
    book = load_workbook(template)
    for row in rows:
        book.worksheets[0].append(row)
    book.save(out)


def test_an_admin_imports_the_study_sheet_from_the_command_line(capsys, store_url, ledger, office, tmp_path):
    ledger.close()
    template = tmp_path / "日学一时签到表.xlsx"
    code, said = run(capsys, store_url, "template", "study-daily", "--out", str(template))
    assert code == 0 and said.strip() == f"模板已写入 {template}"

    bad, good = tmp_path / "有误.xlsx", tmp_path / "十一月.xlsx"
    fill(
        template,
        [
            ["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None],
            ["张伟", None, DAY.isoformat(), 0, "自学", "《中国共产党章程》", None],
        ],
        bad,
    )
    fill(template, [["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None]], good)

    code, said = run(capsys, store_url, "import", "study-daily", str(bad), "--as", "admin")
    assert code == 1
    assert said.splitlines() == [
        "第 3 行“学习时长（分钟）”：不能小于 1",
        "共 2 行，其中 1 行有误：未写入任何记录。请改正后重新导入，或选择只导入无误的行。",
    ]
    code, said = run(capsys, store_url, "import", "study-daily", str(good), "--as", "admin", "--dry-run")
    assert code == 0 and said.startswith("预览：共 1 行，可写入 1 行")
    code, said = run(capsys, store_url, "import", "study-daily", str(good), "--as", "admin")
    assert code == 0 and said.strip() == "共 1 行：写入 1 行，有误未写入 0 行，此前已登记 0 行。"

    from culture_ledger.ledger import Ledger

    led = Ledger(url=store_url)
    try:
        from uuid import UUID

        rows = led.query("SELECT id, minutes FROM study_entries")
        assert [r["minutes"] for r in rows] == [60]
        recorded = list(led.app.events.get(UUID(rows[0]["id"])))[0]
        assert (recorded.by.account, recorded.by.channel) == ("admin", "import")  # whose, and how it came in
        assert (recorded.by.origin.file, recorded.by.origin.row) == ("十一月.xlsx", 2)  # which file and row
        read = led.access_log.records(what="import:sheet")  # each file read is in the access record
        assert [(r["account"], r["channel"]) for r in read] == [("admin", "cli")] * 3
        assert '"file": "十一月.xlsx"' in read[0]["detail"] and '"written": 1' in read[0]["detail"]
    finally:
        led.close()


def test_an_unknown_kind_or_account_is_named_and_nothing_happens(capsys, store_url, ledger, office, tmp_path):
    ledger.close()
    code, said = run(capsys, store_url, "template", "roster", "--out", str(tmp_path / "x.xlsx"))
    assert code == 2 and "没有“roster”这种表格" in said and "study-daily（日学一时签到表）" in said
    code, said = run(capsys, store_url, "import", "study-daily", str(tmp_path / "x.xlsx"), "--as", "nobody")
    assert code == 2 and said.strip() == "没有账户“nobody”，或该账户已停用。"
