"""Official paper: the period report as a leader hands it up (A4, the standard's margins and fonts,
numbered headings, page numbers), its workbook showing every figure as the screen shows it, the same
report as PDF, and each carrier's printable ledger (台账) by names, never ids.

One Word report and one PDF are made in this module (drawing its charts and LibreOffice take seconds): every
story's store holds the same period, so the stories on the Word file and the PDF share the report (`report`)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from culture_ledger import paper
from culture_ledger.periods import Scope
from domain import clock
from plugins.carrier.ledger import activity_ledger
from plugins.overview import charts, reports
from plugins.overview import figures as ov
from plugins.study.daily.ledger import study_ledger
from tests import evidence_files
from tests.overview_support import TODAY, TWO_WEEKS_AGO, ledger  # noqa: F401 (ledger: a fixture)
from tests.screen_words import offending

pytestmark = [
    pytest.mark.backends("sqlite"),
    pytest.mark.usefixtures("import_channel"),
]  # what goes on paper does not depend on the store


@pytest.fixture
def period(ledger, office, staff, leader, admin):
    """Two of four cadres studied every working day two weeks ago; 王建国 wrote one notebook entry
    (0.25 entries per cadre: the screen shows 0.2); a 政治坚定 activity with an absentee, its sign-in
    sheet as evidence, was confirmed."""
    days = [TWO_WEEKS_AGO.start + timedelta(days=i) for i in range(5)]
    ledger.study.record_study_batch(
        [
            {"cadre_id": c, "occurred_on": d, "minutes": 60, "material": "党章", "mode": "self"}
            for c in (office.wang, office.aygul)
            for d in days
        ],
        admin.via("import"),
    )
    ledger.notebook.write(
        {
            "cadre_id": office.wang,
            "occurred_on": days[1],
            "kind": "reflection",
            "title": "学习党章心得",
            "text": "严格按照条例办事。",
        },
        staff,
    )
    sheet = ledger.activities.put_evidence("签到表.jpg", evidence_files.photo("fake"), "image/jpeg")
    activity = ledger.activities.record(
        {
            "carrier": "political",
            "kind": "fake_session",
            "title": "“三争做”专题学习会",
            "occurred_on": days[2],
            "department_id": office.general,
            "place": "三楼会议室",
            "organiser": "办公室",
            "expected": 2,
            "present": 1,
            "absentees": ["李秀英"],
            "content": "集中学习《机构编制工作条例》",
            "outcome": "形成学习心得两篇",
            "evidence": [sheet],
        },
        staff,
    )
    ledger.activities.confirm(activity, leader)
    return ov.overview(ledger, Scope(TWO_WEEKS_AGO), today=TODAY)


@pytest.fixture(scope="module")
def made_in_module() -> dict[str, bytes]:
    return {}


@pytest.fixture
def report(ledger, period, made_in_module) -> bytes:
    """The period's Word report (`reports.document`), made by the first story that asks for it in this module: each
    story's store holds the same records (`period`), and the report shows no id."""
    if "docx" not in made_in_module:
        made_in_module["docx"] = reports.document(ledger, period)
    return made_in_module["docx"]


def runs_of(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def east_asian(run) -> str | None:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def as_excel_shows(value, number_format: str) -> str | None:
    """What Excel draws for a number under the formats the workbook uses (0, 0.0, #,##0.0, 0%, 0.0%,
    and signed sections with a quoted unit)."""
    if value is None or number_format == "General":  # a word (无数据, –) is shown as it is
        return value
    sections = number_format.split(";")
    section = sections[0]
    if len(sections) == 3:
        section = sections[0] if value > 0 else sections[1] if value < 0 else sections[2]
        value = abs(value)
    unit = "".join(re.findall(r'"([^"]*)"', section))
    code = re.sub(r'"[^"]*"', "", section)
    sign = code[0] if code[:1] in "+-" and code else ""
    code = code.lstrip("+-")
    percent = code.endswith("%")
    decimals = len(code.rstrip("%").split(".")[1]) if "." in code else 0
    assert round(value * (100 if percent else 1), decimals) == pytest.approx(value * (100 if percent else 1)), (
        f"{value} is kept with more precision than {number_format} shows"
    )
    text = f"{value * (100 if percent else 1):{',' if ',' in code else ''}.{decimals}f}"
    return f"{sign}{text}{'%' if percent else ''}{unit}"


# --- Word ------------------------------------------------------------------------------


def test_the_word_report_opens_as_a4_with_the_standards_margins_and_page_numbers_in_the_footer(report):
    doc = Document(io.BytesIO(report))

    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, not US Letter
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    for footer in (section.footer, section.even_page_footer):  # odd pages at the right, even at the left
        xml = footer._element.xml
        assert 'w:fldCharType="begin"' in xml and "PAGE" in xml  # a page-number field, Word counts
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert doc.settings.odd_and_even_pages_header_footer


def test_the_word_report_sets_the_official_fonts_on_title_headings_body_and_tables(ledger, report):
    made = report
    doc = Document(io.BytesIO(made))
    paragraphs = doc.paragraphs

    title = next(p for p in paragraphs if p.text == "机关文化建设工作总结材料")
    assert [(east_asian(r), r.font.size.pt) for r in runs_of(title)] == [("方正小标宋简体", 22)]
    assert title.alignment == 1  # centred

    first = next(p for p in paragraphs if p.text == "一、主要指标")
    assert first.style.name == "Heading 1"
    assert [(east_asian(r), r.font.size.pt, r.font.bold) for r in runs_of(first)] == [("黑体", 16, False)]
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == [
        "一、主要指标",
        "二、五大载体覆盖情况",
        "三、排名",
        "四、存在的短板",
    ]
    second = [p for p in paragraphs if p.style.name == "Heading 2"]
    assert second[0].text.startswith("（一）")
    assert {east_asian(r) for p in second for r in runs_of(p)} == {"楷体_GB2312"}

    body = next(p for p in paragraphs if p.text.startswith("达标率：本期"))
    assert [(east_asian(r), r.font.size.pt) for r in runs_of(body)] == [("仿宋_GB2312", 16)]
    normal = doc.styles["Normal"].paragraph_format
    assert 28 <= normal.line_spacing.pt <= 29  # fixed, 22 lines on a page

    cells = [c for row in doc.tables[0].rows for c in row.cells]
    assert {(east_asian(r), r.font.size.pt) for c in cells for r in runs_of(c.paragraphs[0])} == {("宋体", 10.5)}

    text = "\n".join(p.text for p in paragraphs)
    office = ledger.catalog.t("zh", "paper.office")
    assert f"{office}　{paper.period_words(TWO_WEEKS_AGO.start, TWO_WEEKS_AGO.end)}" in text  # the title block
    assert paper.chinese_date(clock.today()) in text  # the date it was made

    fonts = zipfile.ZipFile(io.BytesIO(made)).read("word/fontTable.xml").decode()
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts)  # Word's fallback where it is missing


@pytest.mark.slow
def test_the_report_as_pdf_is_a4_and_holds_the_chinese_title_in_an_embedded_font(report, tmp_path):
    made = tmp_path / "report.pdf"
    made.write_bytes(paper.to_pdf(report))  # what `reports.pdf` does: the very Word report, converted

    text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True, check=True).stdout
    assert "机关文化建设工作总结材料" in text
    assert "一、主要指标" in text and "— 1 —" in text.replace("—1—", "— 1 —")
    info = subprocess.run(["pdfinfo", str(made)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(made)], capture_output=True, text=True, check=True).stdout
    assert any("CJK" in line and " yes " in line for line in fonts.splitlines())  # a Chinese font, embedded


# --- Excel -----------------------------------------------------------------------------


def test_the_workbook_shows_every_figure_as_the_screen_does(ledger, period):
    book = load_workbook(io.BytesIO(reports.workbook(ledger, period)))
    sheet = book["主要指标"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=6) if row[0].value}
    points = ledger.catalog.t("zh", "overview.points")

    def t(key, **params):
        return ledger.catalog.t("zh", key, **params)

    per_cadre = next(f for f in period.figures if f.key == "notebook_per_cadre")
    assert per_cadre.value == 0.25  # one entry, four cadres
    assert as_excel_shows(rows["人均学记篇数"][2].value, rows["人均学记篇数"][2].number_format) == "0.2"  # not "0"
    for fig in period.figures:
        row = rows[ledger.catalog.t("zh", fig.title)]
        shown = [as_excel_shows(c.value, c.number_format) for c in row[2:5]]
        screen = [  # as the overview's cards show them (pages.py `_figures`), and the report's 无数据 and –
            charts.format_value(fig.value, fig.unit, t),
            charts.format_value(fig.previous, fig.unit, t),
            charts.format_change(fig.change, fig.unit, points) or "–",
        ]
        assert shown == screen, fig.key

    trend = {row[0].value: row[1:] for row in book["指标趋势"].iter_rows(min_row=2) if row[0].value}
    for fig in period.figures:
        cells = trend[ledger.catalog.t("zh", fig.title)]
        assert [as_excel_shows(c.value, c.number_format) for c in cells] == [
            charts.format_value(v, fig.unit, t) for _, v in fig.trend
        ], fig.key


def test_the_workbook_names_people_departments_and_records_never_by_id(ledger, period):
    book = load_workbook(io.BytesIO(reports.workbook(ledger, period)))

    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert {c: offending(c) for c in cells if offending(c)} == {}
    assert "王建国" in cells  # the rankings name the cadre


# --- printable ledgers -------------------------------------------------------------------


def test_a_carriers_ledger_lists_its_activities_of_the_period_by_name_on_landscape_a4(ledger, period, office):
    sheet = activity_ledger(ledger, "political", TWO_WEEKS_AGO.start, TWO_WEEKS_AGO.end)

    assert sheet.title == "政治坚定活动台账"
    assert sheet.headers[1:] == (
        "日期",
        "类型",
        "活动名称",
        "地点",
        "组织科室",
        "应到/实到",
        "缺席人员",
        "内容",
        "成效",
        "佐证材料份数",
        "状态",
    )
    row = dict(zip(sheet.headers, sheet.rows[0]))
    assert (row["活动名称"], row["地点"], row["组织科室"], row["应到/实到"], row["缺席人员"]) == (
        "“三争做”专题学习会",
        "三楼会议室",
        "办公室",
        "2/1",
        "李秀英",
    )
    assert (row["佐证材料份数"], row["状态"]) == (1, "已确认")
    assert activity_ledger(ledger, "political", TWO_WEEKS_AGO.start, TWO_WEEKS_AGO.end, office.reform.hex).rows == ()

    book = load_workbook(io.BytesIO(paper.ledger_xlsx(sheet)))
    ws = book.active
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    cells = [str(c) for r in ws.iter_rows(values_only=True) for c in r if c is not None]
    assert "政治坚定活动台账" in cells and "“三争做”专题学习会" in cells
    assert {c: offending(c) for c in cells if offending(c)} == {}

    doc = Document(io.BytesIO(paper.ledger_docx(sheet)))
    page = doc.sections[0]
    assert page.page_width > page.page_height and round(page.page_width.mm) == 297  # landscape A4
    words = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "李秀英" in words and {c: offending(c) for c in words if offending(c)} == {}


def test_the_study_ledger_lists_each_entry_of_the_period_with_the_cadres_name(ledger, period):
    sheet = study_ledger(ledger, TWO_WEEKS_AGO.start, TWO_WEEKS_AGO.end)

    assert sheet.title == "日学一时学习台账"
    assert len(sheet.rows) == 10  # two cadres, five days
    assert {r[2] for r in sheet.rows} == {"王建国", "阿依古丽·努尔兰"}
    assert {r[5] for r in sheet.rows} == {"自学"}
    cells = [str(c) for r in sheet.rows for c in r]
    assert {c: offending(c) for c in cells if offending(c)} == {}
