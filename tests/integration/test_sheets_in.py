"""An office brings its Excel sheets in: the 日学一时签到表 filled in from the template, checked row
by row as the form checks it, with a row report in Chinese; all or nothing unless told otherwise;
the same sheet twice writes nothing the second time."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import Workbook, load_workbook

from culture_ledger import sheets
from domain import clock
from tests.conftest import last_workday

DAY = last_workday(clock.today() - timedelta(days=1))


@pytest.fixture
def study_sheet(ledger):
    return ledger.registry.sheet("study-daily")


def filled(ledger, sheet, rows: list[list]) -> bytes:
    """The kind's own template, with these rows typed under its header."""
    book = load_workbook(io.BytesIO(sheets.template(ledger, sheet)))
    data = book.worksheets[0]
    for row in rows:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def entries(ledger) -> list[tuple]:
    return sorted(
        (r["name"], r["occurred_on"], int(r["minutes"]), r["material"], r["mode"])
        for r in ledger.query(
            "SELECT c.name, s.occurred_on, s.minutes, s.material, s.mode FROM study_entries s "
            "JOIN cadres c ON c.id = s.cadre_id WHERE s.withdrawn = 0"
        )
    )


def report_lines(ledger, report) -> list[str]:
    return [sheets.worded(ledger, p, "zh") for p in report.problems]


def test_the_template_explains_every_column_and_offers_the_choices(ledger, office, study_sheet):
    book = load_workbook(io.BytesIO(sheets.template(ledger, study_sheet)))
    data, choices, example = book.worksheets
    assert [c.value for c in data[1]] == [
        "姓名*",
        "科室",
        "学习日期*",
        "学习时长（分钟）*",
        "学习方式",
        "学习内容*",
        "学习地点",
    ]
    assert "1 至 1440 分钟" in data["D1"].comment.text
    assert [c.value for c in choices["E"] if c.value] == ["自学", "集中学习"]
    assert any("E2" in str(rule.sqref) for rule in data.data_validations.dataValidation)
    assert example["A2"].value == "张伟" and (example.title, choices.title) == ("示例", "可选项")


def test_a_filled_sheet_imports_to_the_same_records_as_the_form(ledger, office, study_sheet, admin):
    data = filled(
        ledger,
        study_sheet,
        [
            ["王建国", "办公室", DAY.isoformat(), 60, "自学", "《机构编制工作条例》", "办公室"],
            [
                "张伟 ",
                None,
                f"{DAY.year}年{DAY.month}月{DAY.day}日",
                "４５",
                "集中学习",
                "党的二十届三中全会精神",
                None,
            ],
            [None, None, None, None, None, None, None],  # an empty row in the middle
            ["李秀英", None, DAY.strftime("%Y.%-m.%-d"), 30.0, None, "《习近平谈治国理政》第四卷", None],
        ],
    )
    report = sheets.load(ledger, study_sheet, data, "十一月签到表.xlsx", admin)
    assert report.problems == [] and report.written == 3
    assert sheets.summary(ledger, report, "zh") == "共 3 行：写入 3 行，有误未写入 0 行，此前已登记 0 行。"
    assert entries(ledger) == sorted(
        [
            ("王建国", DAY.isoformat(), 60, "《机构编制工作条例》", "self"),
            ("张伟", DAY.isoformat(), 45, "党的二十届三中全会精神", "group"),
            ("李秀英", DAY.isoformat(), 30, "《习近平谈治国理政》第四卷", "self"),
        ]
    )


def test_one_bad_row_and_nothing_is_written_with_every_reason_named_by_row_and_column(
    ledger, office, study_sheet, admin
):
    data = filled(
        ledger,
        study_sheet,
        [
            ["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None],
            ["王建国", None, DAY.isoformat(), 1500, "自学", "通宵学习", None],
            ["赵六", None, "昨天", 30, "默读", "", None],
        ],
    )
    report = sheets.load(ledger, study_sheet, data, "签到表.xlsx", admin)
    assert report.written == 0 and entries(ledger) == []
    assert report_lines(ledger, report) == [
        "第 3 行“学习时长（分钟）”：不能大于 1440",
        "第 4 行“学习日期”：“昨天”不是日期（可写 2026-11-03、2026.11.3 或 2026年11月3日）",
        "第 4 行“学习方式”：“默读”不在可选项中（见模板的下拉列表）",
        "第 4 行“学习内容”：必填",
    ]
    assert sheets.summary(ledger, report, "zh").endswith("未写入任何记录。请改正后重新导入，或选择只导入无误的行。")

    accepted = sheets.load(ledger, study_sheet, data, "签到表.xlsx", admin, accept_valid=True)
    assert accepted.written == 1 and len(accepted.refused) == 2
    assert entries(ledger) == [("王建国", DAY.isoformat(), 60, "《机构编制工作条例》", "self")]


def test_a_preview_writes_nothing_and_says_what_would_be_written(ledger, office, study_sheet, admin):
    data = filled(ledger, study_sheet, [["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None]])
    report = sheets.load(ledger, study_sheet, data, "签到表.xlsx", admin, dry_run=True)
    assert entries(ledger) == []
    assert (
        sheets.summary(ledger, report, "zh")
        == "预览：共 1 行，可写入 1 行，有误 0 行，此前已登记 0 行。尚未写入任何记录。"
    )


def test_the_same_sheet_twice_writes_nothing_the_second_time(ledger, office, study_sheet, admin):
    data = filled(ledger, study_sheet, [["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None]])
    assert sheets.load(ledger, study_sheet, data, "签到表.xlsx", admin).written == 1
    again = sheets.load(ledger, study_sheet, data, "签到表（副本）.xlsx", admin)
    assert again.written == 0 and len(again.known) == 1
    assert entries(ledger) == [("王建国", DAY.isoformat(), 60, "《机构编制工作条例》", "self")]
    longer = filled(
        ledger,
        study_sheet,
        [
            ["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None],
            ["张伟", None, DAY.isoformat(), 30, "自学", "《中国共产党章程》", None],
        ],
    )
    grown = sheets.load(ledger, study_sheet, longer, "签到表（续）.xlsx", admin)
    assert (grown.written, len(grown.known)) == (1, 1)

    bad = ["张伟", None, (DAY + timedelta(days=400)).isoformat(), 30, "自学", "未来的学习", None]
    rest = filled(
        ledger,
        study_sheet,
        [["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None], bad],
    )
    told = sheets.load(ledger, study_sheet, rest, "签到表（再续）.xlsx", admin, accept_valid=True)
    assert (
        sheets.summary(ledger, told, "zh") == "共 2 行：写入 0 行，有误未写入 1 行，此前已登记 1 行。"
    )  # not "改正后重新导入"


def test_a_name_two_cadres_share_is_refused_naming_both(ledger, office, study_sheet, admin):
    ledger.people.register_cadre(
        {"name": "王建国", "department_id": office.reform, "position": "科员", "joined_on": DAY}, admin
    )
    data = filled(ledger, study_sheet, [["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None]])
    report = sheets.load(ledger, study_sheet, data, "签到表.xlsx", admin)
    assert report_lines(ledger, report) == [
        "第 2 行“姓名”：“王建国”对应多名干部：王建国（办公室）、王建国（行政机构编制科）。请在“科室”列写明所在科室"
    ]
    told = filled(
        ledger, study_sheet, [["王建国", "办公室", DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None]]
    )
    assert sheets.load(ledger, study_sheet, told, "签到表.xlsx", admin).written == 1


def test_a_staff_member_imports_only_their_own_study(ledger, office, study_sheet, staff):
    data = filled(
        ledger,
        study_sheet,
        [
            ["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None],
            ["张伟", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None],
        ],
    )
    report = sheets.load(ledger, study_sheet, data, "签到表.xlsx", staff)
    assert (
        report_lines(ledger, report) == ["第 3 行：工作人员只能填报本人的记录，未写入任何记录。"]
        and entries(ledger) == []
    )


def test_a_csv_saved_by_chinese_excel_is_read(ledger, office, study_sheet, admin):
    text = f"姓名,学习日期,学习时长（分钟）,学习内容\n王建国,{DAY.isoformat()},60,《机构编制工作条例》\n"
    report = sheets.load(ledger, study_sheet, text.encode("gb18030"), "签到表.csv", admin)
    assert report.written == 1 and entries(ledger)[0][0] == "王建国"


@pytest.mark.parametrize(
    ("what", "make", "message"),
    [
        (
            "a Word file",
            lambda: b"%PDF-1.7 not a sheet",
            "无法读取“签到表.pdf”：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。",
        ),
        ("a damaged workbook", lambda: b"PK\x03\x04 damaged", "文件已损坏或不是 Excel 工作簿，无法读取。"),
        (
            "an encrypted workbook",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "文件已加密，或是旧版 .xls 格式：请另存为不加密的 .xlsx 文件后再导入。",
        ),
    ],
)
def test_a_file_that_is_not_a_readable_sheet_is_refused_in_words(
    ledger, office, study_sheet, admin, what, make, message
):
    name = "签到表.pdf" if what == "a Word file" else "签到表.xlsx"
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.load(ledger, study_sheet, make(), name, admin)
    assert sheets.worded(ledger, refused.value.problem, "zh") == message
    assert entries(ledger) == []


def _workbook(rows, tweak=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if tweak:
        tweak(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_merged_cells_formulas_and_missing_columns_are_refused_and_named(ledger, office, study_sheet, admin):
    header = ["姓名", "学习日期", "学习时长（分钟）", "学习内容"]
    row = ["王建国", DAY.isoformat(), 60, "《机构编制工作条例》"]
    cases = {
        "表格中有合并单元格（A2:A3）：请取消合并、每行填满后再导入。": _workbook(
            [header, row, row], lambda s: s.merge_cells("A2:A3")
        ),
        "单元格 C2 含有公式：请复制整张表后“选择性粘贴 → 数值”，再导入。": _workbook(
            [header, ["王建国", DAY.isoformat(), "=30*2", "《机构编制工作条例》"]]
        ),
        "缺少必填的列：学习时长（分钟）。列名须与模板一致。": _workbook(
            [["姓名", "学习日期", "时长", "学习内容"], row]
        ),
    }
    for message, data in cases.items():
        with pytest.raises(sheets.SheetRefused) as refused:
            sheets.load(ledger, study_sheet, data, "签到表.xlsx", admin)
        assert sheets.worded(ledger, refused.value.problem, "zh") == message
    assert entries(ledger) == []


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2026-11-03", "2026-11-03"),
        ("2026.11.3", "2026-11-03"),
        ("2026/11/3", "2026-11-03"),
        ("2026年11月3日", "2026-11-03"),
        ("２０２６年１１月３日", "2026-11-03"),
        (46329, "2026-11-03"),
        ("20261103", "2026-11-03"),
    ],
)
def test_dates_are_read_as_offices_type_them(typed, read):
    assert sheets.read_date(sheets.clean(typed)).isoformat() == read
