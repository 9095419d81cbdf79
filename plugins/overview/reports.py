"""The period report leaders hand up: an Excel workbook (one sheet per area, real numbers)
and a Word document (headline figures, charts, the gaps), in Chinese, ready to use as
工作总结 material. Built from an `Overview`, so it says what the page says."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from culture_ledger import timefmt
from domain import clock
from plugins.overview import charts
from plugins.overview.figures import UNIT_RANKINGS, Overview

if TYPE_CHECKING:
    import pandas as pd

    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Gap, Indicator

REPORT_LANGUAGE = "zh"
GAP_ROWS_IN_DOCUMENT = 60
"""A gap longer than this is cut short in the Word document (the workbook has every row)."""

Progress = Callable[[float, str], None]


MOMENTS = frozenset({"at"})
"""Columns that hold a moment (shown on the office's clock); their headers say which clock."""


def generated_at(w: Words) -> str:
    """When a report was made, on the office's clock and labelled: 2026-10-23 09:15（北京时间）."""
    return w("time.labelled", text=timefmt.shown(clock.now(), seconds=False), zone=timefmt.zone_name(w))


class Words:
    """The report's wording: the ledger's catalog in the report's language, and cell values made readable."""

    def __init__(self, ledger: Ledger, lang: str = REPORT_LANGUAGE):
        self.ledger = ledger
        self.catalog = ledger.catalog
        self.lang = lang
        self.carriers = {p.id: p.title for p in ledger.registry.carriers}
        self.indicators = ledger.registry.indicators
        self._names: dict[str, str] | None = None

    def __call__(self, key: str, **params: Any) -> str:
        return self.catalog.t(self.lang, key, **params)

    def column(self, name: str, of: Indicator | Gap | None = None) -> str:
        """A column's header: the one its indicator or gap declares, else the overview's or the shared word."""
        declared = getattr(of, "columns", None) or {}
        if name in declared:
            return self._header(name, self(declared[name]), of)
        for key in (f"overview.col.{name}", f"field.{name}"):
            if self.catalog.has(self.lang, key):
                return self._header(name, self(key), of)
        return name

    def _header(self, name: str, text: str, of: Indicator | Gap | None) -> str:
        moment = name in MOMENTS or (getattr(of, "labels", None) or {}).get(name) == "moment"
        return timefmt.labelled(self, text) if moment else text

    def carrier(self, carrier_id: str) -> str:
        """A carrier's name (its plugin's title); a carrier no longer installed keeps its id."""
        return self(self.carriers[carrier_id]) if carrier_id in self.carriers else carrier_id

    def person(self, username: str) -> str:
        """Who an account is, by name (one look-up for the whole table)."""
        if self._names is None:
            from plugins.accounts.services import AccountService

            try:
                self._names = self.ledger.service(AccountService).display_names()
            except KeyError:  # no accounts plugin: the username is all there is
                self._names = {}
        return self._names.get(username, username)

    def ideas(self, value: Any) -> str:
        listed = value.split(",") if isinstance(value, str) else list(value)
        return "、".join(self(f"idea.{i}") for i in listed if i)

    def value(self, column: str, value: Any, of: Indicator | Gap | None = None, row: dict | None = None) -> Any:
        """A cell as a reader reads it: a label for a code, a name for a username, 是/否 for yes/no."""
        kind = (getattr(of, "labels", None) or {}).get(column)
        generic = not getattr(of, "columns", None)  # guesses by a column's name, where nothing is declared
        if value is None or (isinstance(value, float) and value != value):  # None, NaN: nothing to show
            return None
        if isinstance(value, bool) or kind == "yesno":
            return self("overview.yes") if value else self("overview.no")
        if kind == "person":
            return self.person(str(value))
        if kind == "moment":
            return timefmt.shown(value, seconds=False)
        if (kind == "carrier" or generic and column == "carrier") and value:
            return self.carrier(value)
        if (kind == "idea" or generic and column == "idea") and value:
            return self(f"idea.{value}")
        if (kind == "ideas" or generic and column == "ideas") and isinstance(value, (str, list, tuple)):
            return self.ideas(value)
        if kind and isinstance(value, str) and self.catalog.has(self.lang, f"{kind}.{value}"):
            return self(f"{kind}.{value}")
        carrier = (row or {}).get("carrier")
        if column == "kind" and carrier and self.catalog.has(self.lang, f"{carrier}.kind.{value}"):
            return self(f"{carrier}.kind.{value}")  # an activity's kind, worded by its carrier
        if isinstance(value, (list, tuple)):  # names, awards: one cell
            return "、".join(str(v) for v in value)
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if isinstance(value, float):
            return round(value, 1)
        return value

    def table(self, rows: list[dict[str, Any]], of: Indicator | Gap | None = None) -> tuple[list[str], list[list[Any]]]:
        """Records as a reader reads them: the headers, and each row's cells (ids hidden)."""
        columns = shown(rows, of)
        return (
            [self.column(c, of) for c in columns],
            [[self.value(c, r.get(c), of, r) for c in columns] for r in rows],
        )


def shown_columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    """The columns worth showing a reader: everything but internal ids (`id` stays, it names the record)."""
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns and not key.endswith("_id"):
                columns.append(key)
    return columns


def shown(rows: list[dict[str, Any]], of: Indicator | Gap | None = None) -> list[str]:
    """The columns a reader sees: those the indicator or gap declares, in its order, else every one
    but the ids."""
    declared = getattr(of, "columns", None) or {}
    if declared:
        return list(declared)
    return [c for c in shown_columns(rows) if c != "id"]


def described(ledger: Ledger, key: str) -> Indicator | Gap | None:
    """The registered indicator or gap of that key (whose columns and labels word its records)."""
    for item in (*ledger.registry.indicators, *ledger.registry.gaps):
        if item.key == key:
            return item
    return None


def records_frame(ledger: Ledger, rows: list[dict[str, Any]], lang: str, of: str | None = None) -> pd.DataFrame:
    """Records as the overview shows them (its `_frame`): the columns the indicator or gap `of`
    declares, under its headers, every code worded; ids hidden."""
    import pandas as pd

    headers, cells = Words(ledger, lang).table(rows, described(ledger, of) if of else None)
    frame = pd.DataFrame(cells, columns=range(len(headers)))
    frame.columns = headers
    return frame


def filters_text(ledger: Ledger, ov: Overview, w: Words) -> str:
    f = ov.scope
    parts = [w("overview.report.period", start=f.start.isoformat(), end=f.end.isoformat())]
    if f.department_id:
        name = ledger.scalar("SELECT name FROM departments WHERE id = ?", (f.department_id,)) or f.department_id
        parts.append(f"{w('overview.col.department')}：{name}")
    if f.carrier:
        parts.append(f"{w('overview.col.carrier')}：{w.carrier(f.carrier)}")
    if f.idea:
        parts.append(f"{w('overview.col.idea')}：{w(f'idea.{f.idea}')}")
    return "；".join(parts)


def ranking_table(w: Words, frame: Any) -> tuple[list[str], list[list[Any]], str]:
    """One indicator's ranking (rows of `figures.ranking`) for a reader: its headers (名次, 姓名 or 机构,
    a cadre's 科室, the indicator's own header such as 平均分), its rows (the value last, a number), and
    how that value reads (`charts.ranked_unit`: percent, score, hours, count)."""
    ind = next(i for i in w.indicators if i.key == frame["indicator"].iloc[0])
    rank = ind.rank
    person = rank.unit == "person"
    headers = [w("overview.col.rank"), w(f"overview.ranking.unit.{rank.unit}")]
    headers += [w("overview.ranking.unit.department")] if person else []
    headers.append(w(rank.header))
    rows = [
        [int(r.rank), r.name, *([r.department] if person else []), w.value("", r.value)] for r in frame.itertuples()
    ]
    return headers, rows, charts.ranked_unit(rank.aggregate, ind.unit)


def unit_rankings(ov: Overview) -> list[tuple[str, Any]]:
    """The rankings listed unit by unit (people, then institutions), one (indicator, rows) per indicator."""
    frames = {"person": ov.people, "institution": ov.institutions}
    return [
        (indicator, frame)
        for unit in UNIT_RANKINGS
        for indicator, frame in frames[unit].groupby("indicator", sort=False)
    ]


# --- Excel -------------------------------------------------------------------------------


def workbook(ledger: Ledger, ov: Overview, progress: Progress | None = None, lang: str = REPORT_LANGUAGE) -> bytes:
    """The report as an .xlsx workbook: headline, trends, coverage, ideas, rankings, gaps."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    w = Words(ledger, lang)
    book = Workbook()
    bold = Font(bold=True)
    red = PatternFill("solid", fgColor="FF" + charts.EMPTY.lstrip("#").upper())
    units = {f.key: f.unit for f in ov.figures}

    def header(sheet, row: int, names: list[str]) -> None:
        for col, name in enumerate(names, start=1):
            sheet.cell(row=row, column=col, value=name).font = bold

    def put(sheet, row: int, column: int, shown: tuple[Any, str]):
        """A number as the screen shows it: rounded alike, under the number format that reads alike."""
        value, number_format = shown
        cell = sheet.cell(row=row, column=column, value=value)
        cell.number_format = number_format
        return cell

    def widen(sheet) -> None:
        for col in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 18

    steps = 6

    def tick(n: int, step: str) -> None:
        if progress:
            progress(n / steps, step)

    # 1. headline figures
    sheet = book.active
    sheet.title = w("overview.sheet.headline")
    sheet["A1"] = w("overview.report.title")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = filters_text(ledger, ov, w)
    sheet["A3"] = w("overview.report.generated", at=generated_at(w), head=ov.head)
    header(
        sheet,
        5,
        [
            w("overview.col.indicator"),
            w("overview.col.unit"),
            w("overview.col.current"),
            w("overview.col.previous"),
            w("overview.col.change"),
            w("overview.col.compared"),
            w("overview.col.definition"),
        ],
    )
    for r, fig in enumerate(ov.figures, start=6):
        sheet.cell(row=r, column=1, value=w(fig.title))
        sheet.cell(row=r, column=2, value=w(f"overview.unit.{fig.unit}"))
        # no data is said (无数据), never left as an empty cell a reader takes for 0
        put(sheet, r, 3, charts.excel_number(fig.value, fig.unit, w))
        put(sheet, r, 4, charts.excel_number(fig.previous, fig.unit, w))
        put(sheet, r, 5, charts.excel_change(fig.change, fig.unit, w("overview.points")))
        sheet.cell(row=r, column=6, value=charts.compared_text(fig, w))
        sheet.cell(row=r, column=7, value=w(fig.definition))
    widen(sheet)
    sheet.column_dimensions["F"].width = 30
    sheet.column_dimensions["G"].width = 60
    tick(1, "headline")

    # 2. trends
    sheet = book.create_sheet(w("overview.sheet.trend"))
    labels = [label for label, _ in ov.figures[0].trend] if ov.figures else []
    header(sheet, 1, [w("overview.col.indicator"), *labels])
    for r, fig in enumerate(ov.figures, start=2):
        sheet.cell(row=r, column=1, value=w(fig.title))
        for c, (_, value) in enumerate(fig.trend, start=2):
            put(sheet, r, c, charts.excel_number(value, fig.unit, w))
    widen(sheet)
    tick(2, "trend")

    # 3 and 4. coverage matrices, empty cells red
    def matrix(title: str, frame, rows: str, cols: str) -> None:
        sheet = book.create_sheet(title)
        row_keys = list(dict.fromkeys(frame[rows]))
        col_keys = list(dict.fromkeys(frame[cols]))
        header(sheet, 1, [w.column(rows), *(w.value(cols, c) for c in col_keys), w("overview.col.total")])
        counts = {(getattr(x, rows), getattr(x, cols)): int(x.activities) for x in frame.itertuples()}
        for r, rk in enumerate(row_keys, start=2):
            sheet.cell(row=r, column=1, value=w.value(rows, rk)).font = bold
            for c, ck in enumerate(col_keys, start=2):
                cell = put(sheet, r, c, charts.excel_number(counts[(rk, ck)], "count"))
                if counts[(rk, ck)] == 0:
                    cell.fill = red
            sheet.cell(row=r, column=len(col_keys) + 2, value=sum(counts[(rk, ck)] for ck in col_keys))
        total_row = len(row_keys) + 2
        sheet.cell(row=total_row, column=1, value=w("overview.col.total")).font = bold
        for c, ck in enumerate(col_keys, start=2):
            sheet.cell(row=total_row, column=c, value=sum(counts[(rk, ck)] for rk in row_keys)).font = bold
        widen(sheet)

    matrix(w("overview.sheet.coverage"), ov.coverage, "department", "carrier")
    tick(3, "coverage")
    matrix(w("overview.sheet.ideas"), ov.ideas, "idea", "carrier")
    tick(4, "ideas")

    # 5. rankings
    sheet = book.create_sheet(w("overview.sheet.ranking"))
    header(
        sheet,
        1,
        [w("overview.col.indicator"), w("overview.col.rank"), w("overview.col.department"), w("overview.col.value")],
    )
    r = 2
    for row in ov.departments.itertuples():
        unit = units.get(row.indicator, "count")
        sheet.cell(row=r, column=1, value=w(_title(ov, row.indicator)))
        sheet.cell(row=r, column=2, value=int(row.rank))
        sheet.cell(row=r, column=3, value=row.department)
        put(sheet, r, 4, charts.excel_number(float(row.value), unit, w))  # an average score (四强) keeps its decimal
        r += 1
    for indicator, frame in unit_rankings(ov):
        r += 1
        headers, rows, shown = ranking_table(w, frame)
        header(sheet, r, [w("overview.col.indicator"), *headers])
        title = w(_title(ov, indicator))
        for row in rows:
            r += 1
            sheet.cell(row=r, column=1, value=title)
            for c, value in enumerate(row[:-1], start=2):
                sheet.cell(row=r, column=c, value=value)
            put(sheet, r, len(row) + 1, charts.excel_ranked(row[-1], shown))
        r += 1
    widen(sheet)
    tick(5, "ranking")

    # 6. gaps, one block per contributed gap
    sheet = book.create_sheet(w("overview.sheet.gaps"))
    r = 1
    for gap in ov.gaps:
        sheet.cell(row=r, column=1, value=f"{w(gap.title)}（{gap.period.start} 至 {gap.period.end}）").font = Font(
            bold=True, size=12
        )
        r += 1
        if not gap.rows:
            sheet.cell(row=r, column=1, value=w("overview.gap.none"))
            r += 2
            continue
        headers, cells = w.table(gap.rows, described(ledger, gap.key))
        header(sheet, r, headers)
        for values in cells:
            r += 1
            for c, value in enumerate(values, start=1):
                sheet.cell(row=r, column=c, value=value)
        r += 2
    widen(sheet)
    tick(6, "gaps")

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(ov: Overview, key: str) -> str:
    return next((f.title for f in ov.figures if f.key == key), key)


# --- Word ------------------------------------------------------------------------------


def document(ledger: Ledger, ov: Overview, progress: Progress | None = None, lang: str = REPORT_LANGUAGE) -> bytes:
    """The report as a .docx document in the official layout (`culture_ledger.paper.Official`: A4,
    仿宋_GB2312 三号, headings 一、（一）1., page numbers): headline figures, charts and the gap lists."""
    from culture_ledger import paper

    w = Words(ledger, lang)
    doc = paper.Official(lang=lang)

    steps = 5 + len(ov.figures)
    done = 0

    def tick(step: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(min(done / steps, 1.0), step)

    def table(headers: list[str], rows: list[list[Any]], widths: list[float] | None = None) -> None:
        doc.table(headers, rows, widths)

    def picture(chart) -> None:
        png = charts.to_png(chart, lang=w.lang)
        if png is None:
            doc.text(w("overview.report.no_charts"))
        else:
            doc.picture(png)

    office = paper.office_name(w)
    doc.title(w("overview.report.title"))
    doc.centred(f"{office}　{paper.period_words(ov.scope.start, ov.scope.end)}")
    doc.centred(filters_text(ledger, ov, w), font=paper.BODY_FONT, size=paper.TABLE_SIZE + 1.5)
    doc.centred(w("overview.report.generated", at=generated_at(w), head=ov.head), font=paper.BODY_FONT, size=12)

    doc.heading(w("overview.report.headline"), level=1)
    table(
        [w("overview.col.indicator"), w("overview.col.current"), w("overview.col.previous"), w("overview.col.change")],
        [
            [
                w(f.title),
                charts.format_value(f.value, f.unit, w),
                charts.format_value(f.previous, f.unit, w),
                charts.format_change(f.change, f.unit, w("overview.points")) or "–",
            ]
            for f in ov.figures
        ],
        [4, 2, 2, 3],
    )
    for fig in ov.figures:
        doc.text(
            w(
                "overview.report.figure_line_vs",
                title=w(fig.title),
                value=charts.format_value(fig.value, fig.unit, w),
                compared=charts.compared_text(fig, w),
                previous=charts.format_value(fig.previous, fig.unit, w),
                change=charts.format_change(fig.change, fig.unit, w("overview.points")) or "–",
                definition=w(fig.definition),
            )
        )
    tick("headline")
    for fig in ov.figures:
        picture(charts.trend_chart(fig, w))
        tick("trend")

    doc.heading(w("overview.report.coverage"), level=1)
    empty = ov.coverage[ov.coverage["activities"] == 0]
    doc.text(
        w(
            "overview.report.coverage_summary",
            cells=len(ov.coverage),
            empty=len(empty),
            total=int(ov.coverage["activities"].sum()),
        )
    )
    if not ov.coverage.empty:
        picture(charts.heatmap(ov.coverage, "carrier", "department", w, carriers=ov.carriers))
    tick("coverage")
    if not ov.ideas.empty:
        picture(charts.heatmap(ov.ideas, "carrier", "idea", w, carriers=ov.carriers))
    tick("ideas")

    doc.heading(w("overview.report.ranking"), level=1)
    for key, frame in ov.departments.groupby("indicator", sort=False):
        unit = next((f.unit for f in ov.figures if f.key == key), "count")
        doc.heading(w(_title(ov, key)), level=2)
        table(
            [w("overview.col.rank"), w("overview.col.department"), w("overview.col.value")],
            [[int(r.rank), r.department, charts.format_value(r.value, unit, w)] for r in frame.itertuples()],
        )
    for key, frame in unit_rankings(ov):
        headers, rows, shown = ranking_table(w, frame)
        listed = w(f"overview.ranking.by.{frame['unit'].iloc[0]}")
        doc.heading(f"{w(_title(ov, key))}（{listed}）", level=2)
        table(headers, [[*row[:-1], charts.format_ranked(row[-1], shown)] for row in rows])
    tick("ranking")

    doc.heading(w("overview.report.gaps"), level=1)
    for gap in ov.gaps:
        doc.heading(
            f"{w(gap.title)}（{gap.period.start} 至 {gap.period.end}，{w('overview.gap.count', n=len(gap.rows))}）",
            level=2,
        )
        if not gap.rows:
            doc.text(w("overview.gap.none"))
            continue
        headers, cells = w.table(gap.rows[:GAP_ROWS_IN_DOCUMENT], described(ledger, gap.key))
        for values in cells:
            doc.text("，".join(f"{h}：{'' if v is None else v}" for h, v in zip(headers, values)))
        if len(gap.rows) > GAP_ROWS_IN_DOCUMENT:
            doc.text(w("overview.gap.more", n=len(gap.rows) - GAP_ROWS_IN_DOCUMENT))
    tick("gaps")

    doc.signature(office, clock.today())
    return doc.bytes()


def pdf(ledger: Ledger, ov: Overview, progress: Progress | None = None, lang: str = REPORT_LANGUAGE) -> bytes:
    """The report as PDF: the very Word document, converted by LibreOffice (`paper.to_pdf`)."""
    from culture_ledger import paper

    return paper.to_pdf(document(ledger, ov, progress, lang))
