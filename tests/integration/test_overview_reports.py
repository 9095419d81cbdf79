"""The period report: an Excel workbook and a Word document holding the overview's own figures."""

import io
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from culture_ledger.periods import Scope
from plugins.overview import charts, reports
from plugins.overview import figures as ov
from tests.overview_support import TODAY, TWO_WEEKS_AGO, activity, ledger  # noqa: F401 (ledger: a fixture)

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel


@pytest.fixture
def period(ledger, office, staff, leader, admin):
    """Two of four cadres studied every working day two weeks ago, one of them the week before too (their
    sheets imported by the administrator); one innovation activity was confirmed."""
    ledger.study.record_study_batch(
        [
            {"cadre_id": office.wang, "occurred_on": TWO_WEEKS_AGO.start - timedelta(days=7 - i), "minutes": 60}
            | {"material": "党章", "mode": "self"}
            for i in range(5)
        ],
        admin.via("import"),
    )
    days = [TWO_WEEKS_AGO.start + timedelta(days=i) for i in range(5)]
    ledger.study.record_study_batch(
        [
            {"cadre_id": c, "occurred_on": d, "minutes": 60, "material": "党章", "mode": "self"}
            for c in (office.wang, office.aygul)
            for d in days
        ],
        admin.via("import"),
    )
    activity(
        ledger,
        staff,
        carrier="innovation",
        department=office.general,
        occurred_on=TWO_WEEKS_AGO.start,
        title="编制实名制管理创新",
        ideas=["support_talent"],
        confirm_by=leader,
    )
    return ov.overview(ledger, Scope(TWO_WEEKS_AGO), today=TODAY)


def test_the_workbook_has_one_sheet_per_area_with_the_real_numbers(ledger, period):
    steps = []
    book = load_workbook(io.BytesIO(reports.workbook(ledger, period, progress=lambda f, step: steps.append(f))))

    assert book.sheetnames == ["主要指标", "指标趋势", "载体覆盖", "理念覆盖", "排名", "短板清单"]
    headline = {row[0]: row[1:5] for row in book["主要指标"].iter_rows(min_row=6, values_only=True) if row[0]}
    assert headline["达标率"] == ("比例", 0.5, 0.25, 25)  # numbers, not pictures; the change in percentage points
    assert headline["务实创新"][1:3] == (1, 0)
    assert book["主要指标"]["C6"].number_format == "0%"  # a share, as the screen shows it
    assert book["主要指标"]["E6"].number_format.startswith('+0" 个百分点"')
    compared = {row[0]: row[5] for row in book["主要指标"].iter_rows(min_row=6, values_only=True) if row[0]}
    assert compared["达标率"].startswith("较上周（")  # it says what it is compared with
    trend = {row[0]: row[1:] for row in book["指标趋势"].iter_rows(min_row=2, values_only=True) if row[0]}
    # Weeks before anyone recorded study say so: they are not weeks at 0%.
    assert trend["达标率"] == ("无数据", "无数据", "无数据", "无数据", 0.25, 0.5)

    carriers = [ledger.catalog.t("zh", p.title) for p in ledger.registry.carriers]  # in registry order, by name
    header = [c.value for c in book["载体覆盖"][1]]
    assert header == ["科室", *carriers, "合计"]
    coverage = {
        row[0]: dict(zip(header[1:], row[1:])) for row in book["载体覆盖"].iter_rows(min_row=2, values_only=True)
    }
    nothing = dict.fromkeys(carriers, 0)
    assert coverage["办公室"] == {**nothing, "务实创新": 1, "合计": 1}
    assert coverage["行政机构编制科"] == {**nothing, "合计": 0}
    assert {c: coverage["合计"][c] for c in carriers} == {**nothing, "务实创新": 1}  # activities per carrier
    assert book["载体覆盖"]["B2"].fill.fgColor.rgb == "FFD7301F"  # the empty cell stands out

    assert [c.value for c in book["理念覆盖"][1]][1:] == [*carriers, "合计"]
    ideas = {row[0]: dict(zip(header[1:], row[1:])) for row in book["理念覆盖"].iter_rows(min_row=2, values_only=True)}
    assert ideas["机构编制支撑人才"] == {**nothing, "务实创新": 1, "合计": 1}

    gaps = [row for row in book["短板清单"].iter_rows(values_only=True) if any(row)]
    blocks, block = [], []  # one block per gap, a blank row between them
    for row in book["短板清单"].iter_rows(values_only=True):
        if any(row):
            block.append(row)
        elif block:
            blocks, block = [*blocks, block], []
    daily = next(b for b in [*blocks, block] if str(b[0][0]).startswith("本周未达到日学一时的干部"))
    names = {cell for row in daily for cell in row}
    assert {"张伟", "李秀英"} <= names and "王建国" not in names  # who has not met the daily rule
    assert any(row[:2] == ("行政机构编制科", "务实创新") for row in gaps)  # no innovation activity this quarter
    assert steps[-1] == 1.0


@pytest.mark.slow
def test_the_word_document_holds_the_headline_figures_charts_and_gaps_in_chinese(ledger, period):
    steps = []
    doc = Document(io.BytesIO(reports.document(ledger, period, progress=lambda f, step: steps.append(f))))

    text = "\n".join(p.text for p in doc.paragraphs)
    assert "机关文化建设工作总结材料" in text
    assert f"统计期：{TWO_WEEKS_AGO.start} 至 {TWO_WEEKS_AGO.end}" in text
    headline = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in doc.tables[0].rows}
    assert headline["达标率"] == ["50%", "25%", "+25 个百分点"]
    assert headline["务实创新"] == ["1", "0", "+1"]
    week_before = TWO_WEEKS_AGO.previous()
    span = f"{week_before.start.month}月{week_before.start.day}日—"
    assert f"达标率：本期 50%；较上周（{span}" in text and "）：25%，变化 +25 个百分点。" in text
    assert "四、存在的短板" in text
    daily = text.split("本周未达到日学一时的干部（", 1)[1].split("\n")
    daily = "\n".join(daily[: next(i for i, line in enumerate(daily[1:], 1) if not line.startswith("姓名："))])
    assert (
        "姓名：张伟" in daily and "姓名：李秀英" in daily and "姓名：王建国" not in daily
    )  # who has not met the daily rule
    assert "科室：行政机构编制科，载体：务实创新" in text
    assert len(doc.inline_shapes) >= 3  # the trend charts and both heatmaps, as pictures
    assert steps[-1] == 1.0


def test_the_reports_trend_chart_draws_no_point_for_a_week_without_data(ledger, period):
    fig = next(f for f in period.figures if f.key == "study_compliance")
    spec = charts.trend_chart(fig, reports.Words(ledger)).to_dict()

    line, missing = spec["layer"]
    drawn = [row["value"] for row in spec["datasets"][line["data"]["name"]]]
    assert drawn == [0.25, 0.5]  # the weeks before anyone recorded study are not drawn at 0%
    said = spec["datasets"][missing["data"]["name"]]
    assert [row["note"] for row in said] == ["无数据"] * 4
    assert line["encoding"]["x"]["scale"]["domain"] == [label for label, _ in fig.trend]  # every week on the axis
