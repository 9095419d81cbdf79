"""`culture-ledger report`: the leaders' period report, or a carrier's ledger, written from the command
line in the format the file's name asks for, each file written left in the access record. One PDF is
made in this module, by one process writing the three formats; the other stories call the command's
`main` in the test's own process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from culture_ledger.cli import main
from tests.conftest import last_workday
from tests.screen_words import offending

pytestmark = [
    pytest.mark.backends("sqlite"),
    pytest.mark.usefixtures("import_channel"),
]  # the command reads the read models as the page does

ROOT = Path(__file__).resolve().parents[2]


def report(store_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "culture_ledger.cli", "--store", store_url, "report", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def in_process(store_url: str, *args: str) -> int:
    """The same command through `culture_ledger.cli:main` (what `culture-ledger` runs), without a process of its own."""
    return main(["--store", store_url, "report", *args])


@pytest.fixture
def recorded(ledger, office, staff, leader, admin) -> str:
    """A week of study by 王建国 and a confirmed 务实创新 activity of 办公室, last week; the store closed."""
    day = last_workday() - timedelta(days=7)
    ledger.study.record_study_batch(
        [{"cadre_id": office.wang, "occurred_on": day, "minutes": 60, "material": "党章", "mode": "self"}],
        admin.via("import"),
    )
    activity = ledger.activities.record(
        {
            "carrier": "innovation",
            "kind": "innovation_seminar",
            "title": "编制实名制管理创新",
            "occurred_on": day,
            "department_id": office.general,
            "place": "二楼会议室",
            "expected": 3,
            "present": 2,
            "absentees": ["李秀英"],
            "details": {"topic": "实名制"},
        },
        staff,
    )
    ledger.activities.confirm(activity, leader)
    ledger.close()
    return day.isoformat()


@pytest.mark.slow
def test_the_report_command_writes_the_period_report_as_excel_word_and_pdf(store_url, recorded, tmp_path):
    names = ("report.xlsx", "report.docx", "report.pdf")
    outs = [arg for name in names for arg in ("--out", str(tmp_path / name))]
    done = report(store_url, "--period", "month", "--on", recorded, *outs)  # the figures made once for all three
    assert done.returncode == 0, done.stderr[-2000:]
    for name in names:
        assert f"已写出 {tmp_path / name}" in done.stdout

    book = load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames[0] == "主要指标"
    doc = Document(tmp_path / "report.docx")
    assert doc.paragraphs[0].text == "机关文化建设工作总结材料"
    assert round(doc.sections[0].page_width.mm) == 210
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "机关文化建设工作总结材料" in text

    from culture_ledger.ledger import Ledger
    from plugins.audit.words import EventWords

    led = Ledger(url=store_url)
    try:  # each file written is in the access record, as a download from the page is
        exported = led.access_log.records(what="export:overview-report")
        words = EventWords(led, "zh")
        assert [(r["channel"], words.access(r["what"])) for r in exported] == [("cli", "导出总览报告")] * 3
        assert "文件：report.pdf" in words.access_detail(json.loads(exported[0]["detail"]))
    finally:
        led.close()


def test_the_report_command_writes_a_carriers_ledger_named_by_its_id_or_its_name(store_url, recorded, office, tmp_path):
    by_id = in_process(
        store_url, "--period", "month", "--on", recorded, "--ledger", "innovation", "--out", str(tmp_path / "l.xlsx")
    )
    assert by_id == 0
    ws = load_workbook(tmp_path / "l.xlsx").active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "务实创新活动台账" in cells and "编制实名制管理创新" in cells and "李秀英" in cells and "办公室" in cells
    assert {c: offending(c) for c in cells if offending(c)} == {}

    by_name = in_process(
        store_url,
        "--period",
        "month",
        "--on",
        recorded,
        "--department",
        "行政机构编制科",
        "--ledger",
        "务实创新",
        "--out",
        str(tmp_path / "l.docx"),
    )
    assert by_name == 0
    doc = Document(io.BytesIO((tmp_path / "l.docx").read_bytes()))
    assert "（本期无记录）" in [p.text for p in doc.paragraphs]  # 行政机构编制科 held none

    study = in_process(
        store_url, "--period", "month", "--on", recorded, "--ledger", "study", "--out", str(tmp_path / "s.xlsx")
    )
    assert study == 0
    ws = load_workbook(tmp_path / "s.xlsx").active
    assert "王建国" in [c for row in ws.iter_rows(values_only=True) for c in row]


@pytest.mark.parametrize(
    ("args", "out", "says"),
    [
        (["--ledger", "不存在"], "x.xlsx", "没有名为“不存在”的台账"),
        (["--department", "后勤科"], "x.xlsx", "没有名为“后勤科”的科室"),
        ([], "x.txt", "文件须以 .xlsx、.docx、.pdf 结尾"),
    ],
)
def test_the_report_command_refuses_what_names_nothing_and_writes_nothing(
    store_url, recorded, tmp_path, capsys, args, out, says
):
    status = in_process(store_url, *args, "--out", str(tmp_path / "y.xlsx"), "--out", str(tmp_path / out))

    assert status == 2
    assert says in capsys.readouterr().err
    assert not (tmp_path / out).exists() and not (tmp_path / "y.xlsx").exists()  # not even the good one
