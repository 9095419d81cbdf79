"""Sheets in: an office's own Excel (or CSV) sheets read row by row through a plugin's command
model, so a row is checked exactly as the form would check it; and the templates to fill in.

A plugin declares its sheet kinds (`registry.Sheet`, on `Plugin.sheets`): the columns (header,
explanation, kind of value, choices), the command model each row becomes, how a row's names
become ids (`prepare`), which rows are already recorded (`known`) and how the rows are written
(`write`, the plugin's own batch path). This module does the rest, for every kind alike:

- reads `.xlsx` and `.csv` (UTF-8 or GB18030), a title block above the header left out (a printed
  ledger's title and period, merged across the table), refusing what it cannot read honestly (another
  file type, an encrypted or corrupt workbook, formulas, merged cells, missing columns, a file
  too large or too long) with a message in the reader's language;
- reads each cell as an office types it (full-width digits, trailing spaces, 2026.11.3,
  2026年11月3日, Excel's serial day numbers, 60.0 for 60), skipping empty rows;
- reports every refused row with its row number, column and reason (`Report`);
- writes all or nothing by default, or the valid rows only (`accept_valid`), or nothing at all
  (`dry_run`); the same file twice writes nothing the second time (its SHA-256 is claimed in
  the log with the first rows written), and rows the office already recorded are left out;
- every event a row writes is recorded by the importer through the import channel with the
  file's name, its SHA-256 and the row's number (`domain.actor.Origin`, shown in the event views);
- tells a progress bar how far it got reading, checking and writing (`Progress`).

Messages are catalog keys with parameters (`Problem`), worded in the reader's language by the caller.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from culture_ledger.i18n import LANGUAGES
from culture_ledger.ledger import channel_open, saving_progress, submission
from culture_ledger.validation import validate
from domain.errors import AlreadySubmitted, InvalidCommand, LedgerError

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Column, Sheet
    from domain.actor import Actor

MAX_BYTES = 20 * 1024 * 1024
"""The largest file read (20 MB: a 100,000-row study sheet is about 4 MB). The page's uploader
takes no more (`server.maxUploadSize` in streamlit_config.toml is the same 20)."""
MAX_ROWS = 100_000
"""The most data rows one file may hold."""
EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's serial day numbers (as Excel counts on Windows)."""
TITLE_ROWS = 5
"""At most this many title lines above the header (rows holding one text each) are left out."""
SERIAL_DAYS = range(20_000, 80_000)
"""Serial day numbers read as dates (1954–2119): a bare number in a date column outside it is refused."""
CHOICE_SEPARATORS = re.compile(r"[、，,；;/\s]+")
"""How an office separates several names in one cell."""


@dataclass(frozen=True)
class Problem:
    """Why a file, or one cell of one row, was refused: a catalog key and its parameters.
    `row` is the row number as the spreadsheet shows it (the header is row 1); `column` the
    column's header key (None for the whole row or file)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None


class SheetRefused(Exception):
    """The whole file cannot be read: nothing was written."""

    def __init__(self, problem: Problem):
        super().__init__(problem.key)
        self.problem = problem


@dataclass
class Row:
    """One data row: its number in the sheet, the values read by column field, the command it
    became (None when refused) and what was wrong with it."""

    number: int
    values: dict[str, Any]
    command: Any = None
    problems: list[Problem] = field(default_factory=list)
    known: bool = False
    """The office already recorded this row (the same record is in the ledger): left out."""


@dataclass
class Report:
    """What an import found and did: the rows, the refused ones with their reasons, and counts."""

    sheet: str
    file_name: str
    sha256: str
    rows: list[Row]
    written: int = 0
    dry_run: bool = False
    already_imported: bool = False
    """This very file was imported before: nothing was written again."""
    record_ids: list[str] = field(default_factory=list)

    @property
    def refused(self) -> list[Row]:
        return [r for r in self.rows if r.problems]

    @property
    def valid(self) -> list[Row]:
        return [r for r in self.rows if not r.problems and not r.known]

    @property
    def known(self) -> list[Row]:
        return [r for r in self.rows if r.known]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]


# --- how far it got ----------------------------------------------------------------------------

Progress = Callable[[str, float, int], None]
"""`progress(stage, done, rows)`: the import is at `stage` ("reading", "checking", "writing",
"done"), `done` of the whole (0 to 1), over `rows` data rows (as many as known so far)."""

STAGES = {"reading": (0.0, 0.3), "checking": (0.3, 0.6), "writing": (0.6, 1.0), "done": (1.0, 1.0)}
"""Each stage's share of the bar: reading the file, checking each row, writing the valid ones."""

LONG_SHEET = 1000
"""A sheet of at least this many rows is long: the command line shows its progress even when its
standard error is no terminal (a log)."""


class _Tell:
    """Tells `progress` at most about a hundred times a stage (a 100,000-row sheet is not slowed)."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.rows = 0

    def __call__(self, stage: str, done: int, of: int) -> None:
        if self.progress is None:
            return
        step = max(1, of // 100)
        if done % step and done != of:
            return
        start, end = STAGES[stage]
        self.progress(stage, start + (end - start) * (min(done, of) / of if of else 1.0), self.rows)


# --- reading a file ----------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_table(data: bytes, file_name: str, tell: _Tell | None = None) -> list[tuple[int, list[Any]]]:
    """The file's first sheet as (row number, cells) pairs, the header first; refuses what it cannot read."""
    tell = tell or _Tell(None)
    if len(data) > MAX_BYTES:
        raise SheetRefused(Problem("sheets.error.too_large", {"mb": MAX_BYTES // (1024 * 1024)}))
    name = file_name.lower()
    if data[:4] == b"\xd0\xcf\x11\xe0":  # OLE2: an encrypted workbook, or the old .xls format
        raise SheetRefused(Problem("sheets.error.encrypted_or_xls"))
    if data[:2] == b"PK" or name.endswith(".xlsx"):
        rows, merged = _read_xlsx(data, tell)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows, merged = _read_csv(data), []
    else:
        raise SheetRefused(Problem("sheets.error.file_type", {"name": file_name}))
    rows = _below_title(rows)
    first = rows[0][0] if rows else 1
    inside = [ref for ref, last in merged if last >= first]  # merged across the title: a title, not data
    if inside:
        raise SheetRefused(Problem("sheets.error.merged", {"cells": "、".join(inside[:5])}))
    tell.rows = max(0, len(rows) - 1)
    tell("reading", 1, 1)
    return rows


def _below_title(rows: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """The rows from the header on: the title lines above it (at most TITLE_ROWS rows of one text
    each, as a printed ledger's title and period) left out; the rows as they are when none is."""
    for index, (_, cells) in enumerate(rows[: TITLE_ROWS + 1]):
        filled = sum(1 for c in cells if clean(c) is not None)
        if filled >= 2:
            return rows[index:]
        if filled == 0 and index == 0:
            return rows
    return rows


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DATE_FORMATS = (
    frozenset(range(14, 23)) | frozenset(range(27, 37)) | frozenset(range(45, 48)) | frozenset(range(50, 59))
)
"""Excel's built-in number formats that show a date or time (27–36 and 50–58: the Chinese ones)."""


def _read_xlsx(data: bytes, tell: _Tell) -> tuple[list[tuple[int, list[Any]]], list[tuple[str, int]]]:
    """The first worksheet's rows, read straight from the workbook's XML (a streaming parse,
    several times quicker than openpyxl's cell objects on a long sheet): shared and inline text,
    numbers (60 as an int), booleans, cells formatted as dates as datetimes; a formula refused, as
    a sheet the office must tidy first. Also its merged ranges, each with the last row it covers."""
    import posixpath
    import zipfile
    from xml.etree.ElementTree import ParseError, fromstring, iterparse

    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        workbook = fromstring(book.read("xl/workbook.xml"))
        first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
        targets = {
            r.get("Id"): r.get("Target", "")
            for r in fromstring(book.read("xl/_rels/workbook.xml.rels")).iter(f"{_RELS}Relationship")
        }
        target = targets[first.get(f"{_DOC_RELS}id")]
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        names = set(book.namelist())
        shared = _shared_strings(book.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in names else []
        dated = _date_styles(book.read("xl/styles.xml")) if "xl/styles.xml" in names else set()
        rows: list[tuple[int, list[Any]]] = []
        merged: list[tuple[str, int]] = []
        formula: str | None = None
        expected = 0  # the data rows the sheet says it spans (its <dimension>), for the progress bar
        for _, element in iterparse(book.open(path)):
            tag = element.tag
            if tag == f"{_MAIN}dimension":
                last = (element.get("ref") or "").rpartition(":")[2]
                digits = "".join(ch for ch in last if ch.isdigit())
                expected = max(0, int(digits) - 1) if digits else 0
                tell.rows = expected
            elif tag == f"{_MAIN}row":
                number = int(element.get("r") or len(rows) + 1)
                cells: list[Any] = []
                for cell in element.iter(f"{_MAIN}c"):
                    ref = cell.get("r")
                    index = _column_index(ref) if ref else len(cells)
                    cells.extend([None] * (index - len(cells)))
                    if cell.find(f"{_MAIN}f") is not None:  # a formula: refused below, its value never read
                        formula = formula or ref or f"{_column_letters(index)}{number}"
                        cells.append(None)
                        continue
                    cells.append(_cell_value(cell, shared, dated))
                rows.append((number, cells))
                element.clear()
                if expected:
                    tell("reading", min(len(rows) - 1, expected), expected)
                if len(rows) - 1 > MAX_ROWS:
                    raise SheetRefused(Problem("sheets.error.too_many_rows", {"limit": MAX_ROWS}))
            elif tag == f"{_MAIN}mergeCell":
                ref = element.get("ref", "")
                digits = "".join(ch for ch in ref.rpartition(":")[2] if ch.isdigit())
                merged.append((ref, int(digits) if digits else 0))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, AttributeError, ParseError):
        raise SheetRefused(Problem("sheets.error.corrupt")) from None
    if formula is not None:
        raise SheetRefused(Problem("sheets.error.formula", {"cell": formula}))
    return rows, merged


def _shared_strings(xml: bytes) -> list[str]:
    """The workbook's shared texts; a rich text's runs joined, its phonetic guides (<rPh>) left out."""
    from xml.etree.ElementTree import fromstring

    return [_text(item) for item in fromstring(xml).iter(f"{_MAIN}si")]


def _text(item: Any) -> str:
    """A shared or inline text: its plain text or its rich text's runs, without phonetic guides (<rPh>)."""
    return (item.findtext(f"{_MAIN}t") or "") + "".join(
        run.findtext(f"{_MAIN}t") or "" for run in item.findall(f"{_MAIN}r")
    )


def _date_styles(xml: bytes) -> set[int]:
    """The cell styles (by index) whose number format shows a date or a time."""
    from xml.etree.ElementTree import fromstring

    styles = fromstring(xml)
    custom = set()
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt.get("formatCode", ""))
        if re.search(r"[dmyhs]", code, re.IGNORECASE):
            custom.add(int(fmt.get("numFmtId", "0")))
    xfs = styles.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {
        i
        for i, xf in enumerate(xfs.findall(f"{_MAIN}xf"))
        if int(xf.get("numFmtId", "0")) in _DATE_FORMATS or int(xf.get("numFmtId", "0")) in custom
    }


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if not ch.isalpha():
            break
        index = index * 26 + ord(ch.upper()) - 64
    return index - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_value(cell: Any, shared: list[str], dated: set[int]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        box = cell.find(f"{_MAIN}is")
        return None if box is None else _text(box)
    value = cell.findtext(f"{_MAIN}v")
    if value is None:
        return None
    if kind == "s":
        return shared[int(value)]
    if kind in ("str", "e"):
        return value
    if kind == "b":
        return value == "1"
    if kind == "d":
        return datetime.fromisoformat(value)
    number = float(value)
    if int(cell.get("s", "0")) in dated:
        return datetime.combine(EXCEL_EPOCH, datetime.min.time()) + timedelta(days=number)
    return int(number) if number.is_integer() and re.fullmatch(r"-?\d+", value) else number


def _read_csv(data: bytes) -> list[tuple[int, list[Any]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence; kept for clarity
        raise SheetRefused(Problem("sheets.error.encoding"))
    rows = [(n, list(cells)) for n, cells in enumerate(csv.reader(io.StringIO(text)), start=1)]
    if len(rows) - 1 > MAX_ROWS:
        raise SheetRefused(Problem("sheets.error.too_many_rows", {"limit": MAX_ROWS}))
    return rows


# --- reading a cell ----------------------------------------------------------------------------


def clean(value: Any) -> Any:
    """A cell as typed, stripped (an ideographic space too); an empty text is None. Its text is
    kept as typed (a record's 内容 keeps its ，and ；): a number, a date, a choice and a header
    are read from its `folded` form."""
    if isinstance(value, str):
        text = value.strip()
        return text or None
    return value


def folded(value: Any) -> Any:
    """A text NFKC-normalised (full-width digits, letters and signs to their plain forms), stripped."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def read_date(value: Any) -> date:
    """A date as offices type it; ValueError when it is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and int(value) in SERIAL_DAYS:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(value)
    text = folded(str(value)).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    if text.isdigit() and int(text) in SERIAL_DAYS:
        return EXCEL_EPOCH + timedelta(days=int(text))
    raise ValueError(value)


def read_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = folded(str(value)).replace(",", "")
    if re.fullmatch(r"[-+]?\d+(\.0+)?", text):
        return int(float(text))
    raise ValueError(value)


def read_cell(column: Column, value: Any, choices: dict[str, Any]) -> Any:
    """One cell as its column's kind of value; ValueError (or KeyError for a choice) when it is not one."""
    if column.kind == "date":
        return read_date(value)
    if column.kind == "integer":
        return read_integer(value)
    if column.kind == "number":
        if isinstance(value, bool):
            raise ValueError(value)
        return float(folded(str(value)).replace(",", ""))
    if column.kind == "choice":
        return choices[folded(str(value))]
    if column.kind == "names":
        return [n for n in CHOICE_SEPARATORS.split(folded(str(value))) if n]  # names matched to cadres
    return str(value) if not isinstance(value, str) else value


# --- the header -------------------------------------------------------------------------------


def _headers(catalog, column: Column) -> set[str]:
    """The texts a header cell may hold for a column: its header in every language, tidied."""
    return {folded(catalog.t(lang, column.header)) for lang in LANGUAGES}


def match_header(ledger: Ledger, sheet: Sheet, header: list[Any]) -> dict[int, Column]:
    """Which column of the file holds which column of the kind; refuses a file missing a required one."""
    found: dict[int, Column] = {}
    wanted = {column.field: _headers(ledger.catalog, column) for column in sheet.columns}
    for index, cell in enumerate(header):
        text = folded(cell) if isinstance(cell, str) else cell
        text = re.sub(r"[*＊]$", "", text or "") if isinstance(text, str) else text
        for column in sheet.columns:
            if text in wanted[column.field] and column not in found.values():
                found[index] = column
                break  # one cell heads one column
    missing = [c for c in sheet.columns if c.required and c not in found.values()]
    if missing:
        raise SheetRefused(Problem("sheets.error.missing_columns", {"columns": [c.header for c in missing]}))
    return found


# --- an import --------------------------------------------------------------------------------


def choices_of(ledger: Ledger, column: Column) -> dict[str, Any]:
    """A choice column's accepted texts -> the value stored: the label in every language, and the value itself."""
    if column.choices is None:
        return {}
    out: dict[str, Any] = {}
    for value, label in column.choices(ledger):
        out[str(value)] = value
        for lang in LANGUAGES:
            worded = ledger.catalog.t(lang, label) if ledger.catalog.has(lang, label) else label
            out[folded(worded)] = value
    return out


_MEMO: ContextVar[dict[Any, tuple[bool, Any]] | None] = ContextVar("sheet_memo", default=None)


def once(key: Any, compute: Callable[[], Any]) -> Any:
    """Within the reading of one sheet, a look-up a kind's `prepare` makes for many rows (a name
    to its cadre, whether the importer may record for them) made once per `key`, its refusal
    (a `LedgerError`) raised again for every row that asks; outside a sheet, simply `compute()`."""
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        try:
            memo[key] = (True, compute())
        except LedgerError as refused:
            memo[key] = (False, refused)
    done, value = memo[key]
    if done:
        return value
    raise value


def read(
    ledger: Ledger, sheet: Sheet, data: bytes, file_name: str, by: Actor, progress: Progress | None = None
) -> Report:
    """Read a file of this kind and check every row as the form would; writes nothing."""
    return _read(ledger, sheet, data, file_name, by, _Tell(progress))


def _read(ledger: Ledger, sheet: Sheet, data: bytes, file_name: str, by: Actor, tell: _Tell) -> Report:
    table = read_table(data, file_name, tell)
    if not table:
        raise SheetRefused(Problem("sheets.error.empty"))
    columns = match_header(ledger, sheet, table[0][1])
    choices = {c.field: choices_of(ledger, c) for c in sheet.columns if c.kind == "choice"}
    rows: list[Row] = []
    body = table[1:]
    for seen, (number, cells) in enumerate(body, start=1):
        tell("checking", seen, 2 * len(body))  # the cells: the first half of checking
        raw = {columns[i].field: clean(v) for i, v in enumerate(cells) if i in columns}
        if all(v is None for v in raw.values()):
            continue  # an empty row
        row = Row(number, {})
        for column in sheet.columns:
            value = raw.get(column.field)
            if value is None:
                if column.required:
                    row.problems.append(Problem("validation.missing", {}, number, column.header))
                continue
            try:
                row.values[column.field] = read_cell(column, value, choices.get(column.field, {}))
            except (ValueError, KeyError, TypeError):
                row.problems.append(Problem(f"sheets.cell.{column.kind}", {"value": str(value)}, number, column.header))
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise SheetRefused(Problem("sheets.error.too_many_rows", {"limit": MAX_ROWS}))
    tell.rows = len(rows)
    memo = _MEMO.set({})
    try:
        _commands(ledger, sheet, rows, by, tell)
    finally:
        _MEMO.reset(memo)
    report = Report(sheet.key, file_name, sha256(data), rows)
    if sheet.known is not None:
        checked = [r for r in rows if not r.problems]
        for row, known in zip(checked, sheet.known(ledger, [r.command for r in checked])):
            row.known = bool(known)
    if sheet.check is not None:  # over the rows that would be written
        _check(ledger, sheet, report.valid, by)
    return report


def _commands(ledger: Ledger, sheet: Sheet, rows: list[Row], by: Actor, tell: _Tell) -> None:
    """Each row that was read becomes its command (names made ids by the plugin), checked by the model."""
    headers = {c.field: c.header for c in sheet.columns}
    for seen, row in enumerate(rows, start=1):
        tell("checking", len(rows) + seen, 2 * len(rows))  # the commands: the second half
        if row.problems:
            continue
        try:
            data = sheet.prepare(ledger, dict(row.values), by) if sheet.prepare is not None else dict(row.values)
            row.command = validate(sheet.command, data)
        except InvalidCommand as refused:
            for field_name, key, params in refused.errors:
                column = headers.get(str(field_name).split(".")[0])
                row.problems.append(Problem(key, dict(params), row.number, column))
        except LedgerError as refused:  # e.g. not allowed to record for this cadre
            row.problems.append(Problem(refused.key, {}, row.number))


def _check(ledger: Ledger, sheet: Sheet, rows: list[Row], by: Actor) -> None:
    """The kind's rule over the whole sheet (a quota cap): the rows it refuses, named."""
    headers = {c.field: c.header for c in sheet.columns}
    for index, field_name, key, params in sheet.check(ledger, [r.command for r in rows], by):
        row = rows[index]
        column = headers.get(str(field_name).split(".")[0]) if field_name else None
        row.problems.append(Problem(key, dict(params), row.number, column))


def load(
    ledger: Ledger,
    sheet: Sheet,
    data: bytes,
    file_name: str,
    by: Actor,
    *,
    accept_valid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Read the file and, unless refused, write it: all or nothing by default (any refused row
    and nothing is written), the valid rows only with `accept_valid`, nothing with `dry_run`.
    The same file a second time writes nothing (`Report.already_imported`). Each row's records
    are recorded by `by` through the import channel, naming this file and that row; that channel
    is open only in here (an actor naming it anywhere else is refused).
    `progress(stage, done, rows)` is told how far it got (for a progress bar)."""
    with channel_open("import"):
        return _load(ledger, sheet, data, file_name, by, accept_valid=accept_valid, dry_run=dry_run, progress=progress)


def _load(
    ledger: Ledger,
    sheet: Sheet,
    data: bytes,
    file_name: str,
    by: Actor,
    *,
    accept_valid: bool,
    dry_run: bool,
    progress: Progress | None,
) -> Report:
    tell = _Tell(progress)
    report = _read(ledger, sheet, data, file_name, by, tell)
    report.dry_run = dry_run
    if dry_run or (report.refused and not accept_valid) or not report.valid:
        tell("done", 1, 1)
        return report
    _write(ledger, sheet, report, file_name, by, tell)
    tell("done", 1, 1)
    return report


def _write(ledger: Ledger, sheet: Sheet, report: Report, file_name: str, by: Actor, tell: _Tell) -> None:
    """The valid rows through the kind's batch path, once per file, each row's records naming its file and row."""
    commands = [r.command for r in report.valid]
    importer = by.from_file(file_name, report.sha256)
    each = [by.from_file(file_name, report.sha256, r.number) for r in report.valid]
    try:
        with (
            submission(f"sheet:{sheet.key}:{report.sha256}", importer),
            saving_progress(lambda n, of: tell("writing", n, of)),
        ):
            ids = sheet.write(ledger, commands, importer, each)
    except AlreadySubmitted:
        report.already_imported = True
        return
    except InvalidCommand as refused:  # a rule over the whole sheet (e.g. a day longer than 24 hours)
        first = report.valid[0].number
        for field_name, key, params in refused.errors:
            column = {c.field: c.header for c in sheet.columns}.get(str(field_name).split(".")[0])
            report.valid[0].problems.append(Problem(key, dict(params), first, column))
        return
    except LedgerError as refused:  # refused when written (another writer took the last quota place meanwhile)
        report.valid[0].problems.append(Problem(refused.key, dict(getattr(refused, "params", {}) or {})))
        return
    report.written = len(commands)
    report.record_ids = [str(i) for i in ids or []]


# --- templates --------------------------------------------------------------------------------


def template(ledger: Ledger, sheet: Sheet, lang: str = "zh") -> bytes:
    """The kind's template: headers in the reader's language (required ones marked *), each
    explained in a comment, a drop-down list for every choice column (and a suggested list for
    a text column with choices: any text is taken), and an example row on a sheet of its own."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t = ledger.catalog.t
    book = Workbook()
    data = book.active
    data.title = t(lang, "sheets.template.data")
    lists = book.create_sheet(t(lang, "sheets.template.lists"))
    example = book.create_sheet(t(lang, "sheets.template.example"))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFDDEBF7")
    for n, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(n)
        header = t(lang, column.header) + ("*" if column.required else "")
        for target in (data, example):
            cell = target.cell(row=1, column=n, value=header)
            cell.font, cell.fill = bold, fill
            target.column_dimensions[letter].width = max(14, 2 * len(header) + 4)
        explanation = t(lang, column.help) if column.help else ""
        if explanation:
            data.cell(row=1, column=n).comment = Comment(explanation, t(lang, "app.title"), width=300, height=120)
        if column.example is not None:  # an example that is a catalog key (a choice's label) in the reader's words
            worded_example = (
                t(lang, column.example)
                if isinstance(column.example, str) and ledger.catalog.has(lang, column.example)
                else column.example
            )
            example.cell(row=2, column=n, value=worded_example)
        if column.kind == "date":
            for target in (data, example):
                target.column_dimensions[letter].number_format = "yyyy-mm-dd"
        if column.choices is not None and column.kind in ("choice", "text"):
            labels = [
                t(lang, label) if ledger.catalog.has(lang, label) else label for _, label in column.choices(ledger)
            ]
            for i, label in enumerate(labels, start=1):
                lists.cell(row=i, column=n, value=label)
            if labels:
                rule = DataValidation(
                    type="list",
                    formula1=f"'{lists.title}'!${letter}$1:${letter}${len(labels)}",
                    allow_blank=not column.required,
                    showErrorMessage=column.kind == "choice",  # a text column's list is a suggestion
                    errorTitle=t(lang, column.header),
                    error=t(lang, "sheets.template.pick"),
                )
                data.add_data_validation(rule)
                rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    data.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the row report in words --------------------------------------------------------------------


def worded(ledger: Ledger, problem: Problem, lang: str) -> str:
    """One problem in the reader's language: 第 7 行“学习时长”：不能超过 1440 分钟."""
    t, has = ledger.catalog.t, ledger.catalog.has
    plugin = problem.key.split(".")[0]
    # a coded value `v` of parameter `p` in a message of plugin `x` reads as the catalog's `x.p.v` (as on a form)
    params = {
        k: (
            "、".join(t(lang, c) for c in v)
            if k == "columns"
            else t(lang, f"{plugin}.{k}.{v}")
            if isinstance(v, str) and has(lang, f"{plugin}.{k}.{v}")
            else v
        )
        for k, v in problem.params.items()
    }
    reason = t(lang, problem.key, **params)
    if problem.row is None:
        return reason
    if problem.column is None:
        return t(lang, "sheets.report.row", row=problem.row, reason=reason)
    return t(lang, "sheets.report.cell", row=problem.row, column=t(lang, problem.column), reason=reason)


def summary(ledger: Ledger, report: Report, lang: str) -> str:
    """The totals: rows read, refused, already recorded, written (or would be, for a preview)."""
    t = ledger.catalog.t
    if report.already_imported:
        return t(lang, "sheets.report.already_imported", rows=len(report.rows))
    key = "sheets.report.preview" if report.dry_run else "sheets.report.totals"
    if not report.dry_run and report.refused and not report.written and report.valid:
        key = "sheets.report.refused_all"  # valid rows held back by the refused ones (all or nothing)
    return t(
        lang,
        key,
        rows=len(report.rows),
        refused=len(report.refused),
        known=len(report.known),
        written=report.written if not report.dry_run else len(report.valid),
    )


def kinds_for(sheets: Sequence[Sheet], role: str) -> list[Sheet]:
    return [s for s in sheets if role in s.roles]
