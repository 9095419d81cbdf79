"""A workbook as Excel or WPS saves it, read cell by cell as an office typed it: shared texts
(with the phonetic guides Chinese Excel adds left out), numbers, dates in a Chinese date format,
booleans, a cell left out in the middle of a row; formulas and merged cells refused."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from culture_ledger import sheets

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(sheet_data: str, after: str = "") -> bytes:
    """A minimal .xlsx as Excel writes it: a workbook, its relationships, shared strings and styles."""
    files = {
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="签到表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>姓名</t></si><si><t>学习日期</t></si>'
        '<si><r><t>王</t></r><r><t>建国</t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></si>'
        '<si><t xml:space="preserve"> 办公室 </t></si></sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
        '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="31"/><xf numFmtId="2"/></cellXfs>'
        "</styleSheet>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData>{after}</worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        for name, text in files.items():
            book.writestr(name, text)
    return out.getvalue()


def test_cells_read_as_excel_stores_them():
    data = workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="1"><v>46329</v></c><c r="D3"><v>60</v></c>'
        '<c r="E3" s="3"><v>45.5</v></c><c r="F3" t="b"><v>1</v></c><c r="G3" t="s"><v>3</v></c>'
        '<c r="H3" s="2"><v>46330</v></c><c r="I3" t="inlineStr"><is><t>自学</t></is></c></row>'
    )
    assert sheets.read_table(data, "签到表.xlsx") == [
        (1, ["姓名", "学习日期"]),
        (3, ["王建国", datetime(2026, 11, 3), None, 60, 45.5, True, " 办公室 ", datetime(2026, 11, 4), "自学"]),
    ]


@pytest.mark.parametrize(
    ("sheet_data", "after", "message"),
    [
        ('<row r="2"><c r="C2"><f>30*2</f><v></v></c></row>', "", "sheets.error.formula"),
        (
            '<row r="2"><c r="A2" t="s"><v>2</v></c></row>',
            '<mergeCells><mergeCell ref="A2:A3"/></mergeCells>',
            "sheets.error.merged",
        ),
    ],
)
def test_a_formula_or_merged_cells_are_refused(sheet_data, after, message):
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_table(workbook(sheet_data, after), "签到表.xlsx")
    assert refused.value.problem.key == message
    assert refused.value.problem.params in ({"cell": "C2"}, {"cells": "A2:A3"})


def test_a_workbook_without_its_parts_is_refused_as_damaged():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_table(out.getvalue(), "签到表.xlsx")
    assert refused.value.problem.key == "sheets.error.corrupt"
