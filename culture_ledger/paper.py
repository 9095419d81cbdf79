"""Official paper: Word documents laid out as the organs' documents are (GB/T 9704-2012, as it
applies to a work report), printable ledgers (台账) as Excel and Word tables on landscape A4,
and PDF made from the very Word file by LibreOffice (so the PDF is the same report).

The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are named in the file; Word
falls back to the font each one names as its alternative (仿宋, 楷体, 宋体, SimHei), and the PDF
conversion to the Noto CJK fonts (fonts-noto-cjk) where the official fonts are not installed.
Nothing here imports python-docx or openpyxl before a document is made."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = ("黑体", "楷体_GB2312", "仿宋_GB2312")
"""The fonts of the first, second and third level of headings."""
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"

TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
TABLE_SIZE = 10.5  # 五号
PAGE_NUMBER_SIZE = 14  # 四号
LINE_PITCH = 28.95
"""Fixed line spacing in points: 22 lines on the type area, as the standard sets."""
TITLE_PITCH = 35

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
"""The standard's margins of the A4 type area (天头 37 mm, 订口 28 mm)."""

ALTERNATIVES = {
    "方正小标宋简体": ("宋体", "Noto Serif CJK SC"),
    "仿宋_GB2312": ("仿宋", "Noto Serif CJK SC"),
    "楷体_GB2312": ("楷体", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC"),
    "宋体": ("SimSun", "Noto Serif CJK SC"),
}
"""Each official font's fallback: the one Word uses where it is missing, the one the PDF uses."""

OFFICE_ENV = "CULTURE_LEDGER_OFFICE"
"""The office's name on the title block of reports and ledgers (else the catalog's `paper.office`)."""

CONVERT_SECONDS = 180


class PdfUnavailable(RuntimeError):
    """No LibreOffice on this machine, or it could not convert the document."""


def office_name(t: Any) -> str:
    """The office's name: the environment's, else the catalog's."""
    return os.environ.get(OFFICE_ENV, "").strip() or t("paper.office")


def chinese_date(day: date) -> str:
    """2026年12月7日: how the organs' documents write a date."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_words(start: date, end: date, where: str | None = None) -> str:
    """2026年10月1日至12月31日 (one day is that day), followed by `where` (a department) if given."""
    if start == end:
        words = chinese_date(start)
    else:
        tail = f"{end.month}月{end.day}日" if end.year == start.year else chinese_date(end)
        words = f"{chinese_date(start)}至{tail}"
    return f"{words}　{where}" if where else words


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings count no further than 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


def numbered(level: int, n: int, lang: str = "zh") -> str:
    """A heading's number: 一、（一）1. in Chinese; 1. (1) 1) otherwise."""
    if lang != "zh":
        return (f"{n}. ", f"({n}) ", f"{n}) ")[level - 1]
    return (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.")[level - 1]


# --- Word -----------------------------------------------------------------------------


def _fonts(target: Any, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Name a style's or a run's font for Chinese (w:eastAsia) and for Latin text and digits."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = LATIN_FONT
    rpr = (target.element if hasattr(target, "element") else target._r).get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        target.font.size = Pt(size)
    if bold is not None:
        target.font.bold = bold


def _declare_alternatives(doc: Any) -> None:
    """List the official fonts in the document's font table, each with the font Word takes in its place."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    root = parse_xml(part.blob)
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, (alternative, _) in ALTERNATIVES.items():
        root.append(
            parse_xml(
                f'<w:font xmlns:w="{ns}" w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_field(paragraph: Any) -> None:
    """A PAGE field between two dashes: — 1 —."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text: str | None = None, field: str | None = None, instruction: str | None = None) -> None:
        r = paragraph.add_run(text or "")
        _fonts(r, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if field:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), field)
            r._r.append(element)
        if instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
            r._r.append(element)

    run("— ")
    run(field="begin")
    run(instruction=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


@dataclass
class Official:
    """A document in the official layout: `heading(text, level)` numbers it 一、（一）1.; `text`
    writes a body paragraph; `table` a grid in a smaller 宋体; `landscape` turns the page for wide
    ledgers."""

    lang: str = "zh"
    landscape: bool = False
    counters: list[int] = field(default_factory=lambda: [0, 0, 0])

    def __post_init__(self) -> None:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm, Pt, RGBColor

        self.doc = doc = Document()
        section = doc.sections[0]
        width, height = Mm(210), Mm(297)
        if self.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
            # a ledger turned on its side keeps the standard's margins on the same edges of the sheet
            section.top_margin, section.bottom_margin = Mm(28), Mm(26)
            section.left_margin, section.right_margin = Mm(37), Mm(35)
        else:
            section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
            section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.page_width, section.page_height = width, height
        section.footer_distance = Mm(25 if not self.landscape else 15)
        section.header_distance = Mm(15)

        normal = doc.styles["Normal"]
        _fonts(normal, BODY_FONT, BODY_SIZE)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH)
        fmt.space_before = fmt.space_after = Pt(0)
        for level, font in enumerate(HEADING_FONTS, start=1):
            style = doc.styles[f"Heading {level}"]
            _fonts(style, font, BODY_SIZE, bold=False)
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            pf = style.paragraph_format
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(LINE_PITCH)
            pf.space_before = pf.space_after = Pt(0)
            pf.first_line_indent = Pt(2 * BODY_SIZE)
            pf.keep_with_next = True
        title = doc.styles["Title"]
        _fonts(title, TITLE_FONT, TITLE_SIZE, bold=False)
        title.font.color.rgb = RGBColor(0, 0, 0)
        tf = title.paragraph_format
        tf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        tf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        tf.line_spacing = Pt(TITLE_PITCH)
        tf.space_before, tf.space_after = Pt(0), Pt(LINE_PITCH)
        # The title style draws a rule under itself; an official title has none.
        ppr = title.element.get_or_add_pPr()
        for border in ppr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"):
            ppr.remove(border)
        _declare_alternatives(doc)
        self._footers(section)

    def _footers(self, section: Any) -> None:
        """Page numbers: odd pages at the right, even pages at the left, one character in from the edge."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.doc.settings.odd_and_even_pages_header_footer = True
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_SIZE)
            else:
                paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_SIZE)
            _page_field(paragraph)

    # --- what a document says ---

    def title(self, text: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph(style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(p.add_run(text), TITLE_FONT, TITLE_SIZE, bold=False)

    def centred(self, text: str, font: str = "楷体_GB2312", size: float = BODY_SIZE) -> None:
        """A line of the title block (the office and the period), centred."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(p.add_run(text), font, size)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading numbered in the official style; a deeper level starts its count again."""
        self.counters[level - 1] += 1
        for deeper in range(level, len(self.counters)):
            self.counters[deeper] = 0
        number = numbered(level, self.counters[level - 1], self.lang)
        p = self.doc.add_paragraph(style=f"Heading {level}")
        _fonts(p.add_run(number + text), HEADING_FONTS[level - 1], BODY_SIZE, bold=False)

    def text(self, text: str, *, indent: bool = True) -> Any:
        """A body paragraph, its first line indented two characters."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        _fonts(p.add_run(text), BODY_FONT, BODY_SIZE)
        return p

    def signature(self, office: str, made: date) -> None:
        """The office and the date the document was made, at the right under the body."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.doc.add_paragraph()
        for line in (office, chinese_date(made)):
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(4 * BODY_SIZE)
            _fonts(p.add_run(line), BODY_FONT, BODY_SIZE)

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None
    ) -> Any:
        """A grid in 五号 宋体, its header row bold and repeated on every page."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_LINE_SPACING
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        t = self.doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER

        def fill(cell: Any, value: Any, bold: bool = False) -> None:
            p = cell.paragraphs[0]
            p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _fonts(p.add_run("" if value is None else str(value)), TABLE_FONT, TABLE_SIZE, bold=bold)

        for cell, text in zip(t.rows[0].cells, headers):
            fill(cell, text, bold=True)
        header = t.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header.append(repeat)
        for values in rows:
            for cell, value in zip(t.add_row().cells, values):
                fill(cell, value)
        if widths:  # the grid's columns and every cell (Word reads the cells, LibreOffice the grid)
            section = self.doc.sections[-1]
            usable = section.page_width - section.left_margin - section.right_margin
            sizes = [int(usable * share / sum(widths)) for share in widths]
            t.autofit = False
            for column, size in zip(t.columns, sizes):
                column.width = size
            for row in t.rows:
                for cell, size in zip(row.cells, sizes):
                    cell.width = size
        self.doc.add_paragraph()
        return t

    def picture(self, png: bytes, width_mm: float = 150) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        self.doc.add_picture(io.BytesIO(png), width=Mm(width_mm))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


# --- printable ledgers (台账) -----------------------------------------------------------


@dataclass(frozen=True)
class LedgerSheet:
    """A period's ledger as printed: its title, the period, headers with their relative widths, rows.

    `table`, when given, is the same records as (headers, rows) laid out as the kind's import
    template lays them out (its headers in its order, the ledger's own columns after them): the
    Excel file is then that table, so a ledger printed from one store imports into another."""

    title: str
    period: str
    office: str
    made: date
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    widths: tuple[float, ...] = ()
    none: str = "（本期无记录）"
    table: tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]] | None = None


def ledger_docx(sheet: LedgerSheet, lang: str = "zh") -> bytes:
    """The ledger on landscape A4: the title, the office and the period, then the table."""
    doc = Official(lang=lang, landscape=True)
    doc.title(sheet.title)
    doc.centred(f"{sheet.office}　{sheet.period}")
    if sheet.rows:
        doc.table(sheet.headers, sheet.rows, sheet.widths or None)
    else:
        doc.text(sheet.none)
    doc.signature(sheet.office, sheet.made)
    return doc.bytes()


def ledger_xlsx(sheet: LedgerSheet) -> bytes:
    """The ledger as a workbook printed on landscape A4: title and period over the table, the header
    row repeated on every page, the columns as wide as their words, long texts wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = sheet.title[:31]
    headers, rows, widths = sheet.headers, sheet.rows, sheet.widths
    if sheet.table is not None:  # laid out as the import template: re-importable as it is
        headers, rows = sheet.table
        long = {c for c in range(len(headers)) if any(len(str(r[c] or "")) > 12 for r in rows)}
        widths = tuple(15.0 if c in long else max(5.0, len(h) + 2.0) for c, h in enumerate(headers))
    columns = len(headers)
    last = get_column_letter(columns)
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"] = sheet.title
    ws["A1"].font = Font(name=TABLE_FONT, size=18, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = f"{sheet.office}　{sheet.period}"
    ws["A2"].font = Font(name=TABLE_FONT, size=11)
    ws["A2"].alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c, name in enumerate(headers, start=1):
        cell = ws.cell(row=3, column=c, value=name)
        cell.font = Font(name=TABLE_FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = grid
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = Font(name=TABLE_FONT, size=10.5)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = grid
    if not rows:
        ws.cell(row=4, column=1, value=sheet.none)
    widths = widths or (1.0,) * columns
    scale = 150 / sum(widths)  # a landscape A4 page holds about 150 characters' width
    for c, share in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(6, round(share * scale))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    ws.oddFooter.center.text = "— &P —"
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------


def office_binary() -> str | None:
    """LibreOffice's `soffice`, where installed (Debian: libreoffice-writer-nogui)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    default = Path("/usr/lib/libreoffice/program/soffice")
    return str(default) if default.exists() else None


def can_make_pdf() -> bool:
    return office_binary() is not None


_converting = threading.Lock()  # one LibreOffice profile per process, used by one conversion at a time


def _font_config(directory: Path) -> Path:
    """A fontconfig file: the system's, and each official font's fallback where it is not installed."""
    aliases = "".join(
        f"<alias binding='same'><family>{name}</family><accept><family>{fallback}</family></accept></alias>"
        for name, (_, fallback) in ALTERNATIVES.items()
    )
    conf = directory / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return conf


_home: list[Path] = []


def _profile() -> Path:
    """This process's LibreOffice profile (made on the first conversion, a few seconds; removed at exit)."""
    if not _home:
        home = Path(tempfile.mkdtemp(prefix="culture-ledger-office-"))
        atexit.register(shutil.rmtree, home, ignore_errors=True)
        _home.append(home)
    return _home[0]


def to_pdf(docx: bytes) -> bytes:
    """The Word document as PDF, converted by LibreOffice headless, fonts embedded."""
    binary = office_binary()
    if binary is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed")
    with _converting, tempfile.TemporaryDirectory() as work:
        home = _profile()
        source = Path(work) / "report.docx"
        source.write_bytes(docx)
        env = {**os.environ, "FONTCONFIG_FILE": str(_font_config(home)), "HOME": str(home)}
        try:
            done = subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation=file://{home / 'profile'}",
                    "--headless",
                    "--norestore",
                    "--nologo",
                    "--nolockcheck",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    work,
                    str(source),
                ],
                capture_output=True,
                text=True,
                timeout=CONVERT_SECONDS,
                env=env,
            )
        except subprocess.TimeoutExpired as late:
            raise PdfUnavailable(f"LibreOffice took longer than {CONVERT_SECONDS} s") from late
        made = Path(work) / "report.pdf"
        if done.returncode != 0 or not made.exists():
            raise PdfUnavailable((done.stderr or done.stdout or "no PDF written").strip()[-500:])
        return made.read_bytes()
