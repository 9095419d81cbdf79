"""`culture-ledger report --period day|week|month|quarter|year [--on DATE] [--department NAME]
[--ledger CARRIER] --out FILE.{xlsx,docx,pdf} [--out FILE ...]`: the leaders' period report, or with
`--ledger` a carrier's (or the daily study's) printable ledger, written in the format each file's
extension names. Several `--out` make the figures once (and a PDF from the very Word file made for a
`.docx` beside it).

The report is the overview page's own (`reports.workbook`, `reports.document`, `reports.pdf`); a
PDF is the Word document converted by LibreOffice. Exit status: 0 when the file was written, 2 when
an argument names nothing known (a department, a ledger, a format) or no PDF can be made here.

Every file written is in the access record, as a download from the page is: the operator (channel
`cli`) exported the report (or that ledger) of that period and department, to that file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

KINDS = ("day", "week", "month", "quarter", "year")
FORMATS = (".xlsx", ".docx", ".pdf")
STUDY = "study"
"""`--ledger study`: the 日学一时 ledger (the other names are carriers)."""


def add_commands(sub) -> None:
    report = sub.add_parser(
        "report", help="write the period report (or a carrier's ledger with --ledger) as .xlsx, .docx or .pdf"
    )
    report.add_argument("--period", choices=KINDS, default="month", help="the calendar period (default: month)")
    report.add_argument("--on", type=date.fromisoformat, help="a day in the period (default: today), YYYY-MM-DD")
    report.add_argument("--department", help="only this department (its name)")
    report.add_argument(
        "--ledger", metavar="CARRIER", help="the printable ledger of this carrier (its id or name), or 'study'"
    )
    report.add_argument(
        "--out",
        required=True,
        action="append",
        help="the file to write: .xlsx, .docx or .pdf (repeat it to write several formats at once)",
    )
    report.add_argument("--lang", default="zh", choices=("zh", "en"))
    report.set_defaults(func=cmd_report)


def ledger_of(ledger, name: str, lang: str) -> str | None:
    """The ledger `--ledger` names: a carrier by its id or its name in either language, or `study`."""
    wanted = name.strip()
    if wanted in (STUDY, ledger.catalog.t(lang, "study.daily.ledger.title"), ledger.catalog.t(lang, "plugin.study")):
        return STUDY
    for plugin in ledger.registry.carriers:
        if wanted == plugin.id or wanted in {ledger.catalog.t(lg, plugin.title) for lg in ("zh", "en")}:
            return plugin.id
    return None


def cmd_report(args: argparse.Namespace) -> int:
    from culture_ledger import paper
    from culture_ledger.cli import open_ledger
    from culture_ledger.periods import Period
    from domain import clock

    outs = [Path(name) for name in args.out]
    ledger = open_ledger(args)
    t = ledger.catalog.t
    for out in outs:
        if out.suffix.lower() not in FORMATS:
            print(t(args.lang, "overview.cli.format", path=str(out), formats="、".join(FORMATS)), file=sys.stderr)
            return 2
    suffixes = [out.suffix.lower() for out in outs]
    if ".pdf" in suffixes and not paper.can_make_pdf():
        print(t(args.lang, "paper.pdf_unavailable"), file=sys.stderr)
        return 2
    department_id = None
    if args.department:
        department_id = ledger.scalar("SELECT id FROM departments WHERE name = ?", (args.department.strip(),))
        if department_id is None:
            names = "、".join(r["name"] for r in ledger.query("SELECT name FROM departments ORDER BY name"))
            print(t(args.lang, "overview.cli.department", name=args.department, names=names), file=sys.stderr)
            return 2
    period = Period.containing(args.period, args.on or clock.today())
    try:
        if args.ledger:
            made = _ledger(ledger, args, period, department_id, suffixes)
            if made is None:
                return 2
        else:
            made = _report(ledger, args, period, department_id, suffixes)
    except paper.PdfUnavailable as failed:
        print(t(args.lang, "paper.pdf_failed", reason=str(failed)), file=sys.stderr)
        return 2
    which = ledger_of(ledger, args.ledger, args.lang) if args.ledger else None
    for out in outs:
        out.write_bytes(made[out.suffix.lower()])
        record_export(
            ledger,
            f"export:ledger:{which}" if which else "export:overview-report",
            file=out.name,
            start=period.start,
            end=period.end,
            department=department_id,
            carrier=which if which and which != STUDY else None,
        )
        print(t(args.lang, "overview.cli.written", path=str(out), start=period.start, end=period.end))
    return 0


def record_export(ledger, what: str, **detail) -> None:
    """Leave the export in the access record as the operator at the command line (as the page does)."""
    from plugins.accounts.cli import operator

    access_log = getattr(ledger, "access_log", None)  # none without the accounts plugin
    if access_log is not None:
        access_log.record(operator(), what, {k: v for k, v in detail.items() if v is not None})


def _report(ledger, args: argparse.Namespace, period, department_id: str | None, suffixes: list[str]) -> dict:
    """Each asked format of the period report, from one computation of its figures."""
    from culture_ledger import paper
    from culture_ledger.periods import Scope
    from plugins.overview import figures, reports

    ov = figures.overview(ledger, Scope(period, department_id=department_id))
    made: dict[str, bytes] = {}
    if ".xlsx" in suffixes:
        made[".xlsx"] = reports.workbook(ledger, ov, lang=args.lang)
    if ".docx" in suffixes or ".pdf" in suffixes:
        made[".docx"] = reports.document(ledger, ov, lang=args.lang)
    if ".pdf" in suffixes:
        made[".pdf"] = paper.to_pdf(made[".docx"])  # what `reports.pdf` does, from the Word file made above
    return made


def _ledger(ledger, args: argparse.Namespace, period, department_id: str | None, suffixes: list[str]) -> dict | None:
    from culture_ledger import paper

    which = ledger_of(ledger, args.ledger, args.lang)
    if which is None:
        t = ledger.catalog.t
        known = "、".join([*(f"{p.id}（{t(args.lang, p.title)}）" for p in ledger.registry.carriers), STUDY])
        print(t(args.lang, "overview.cli.ledger", name=args.ledger, known=known), file=sys.stderr)
        return None
    if which == STUDY:
        from plugins.study.daily.ledger import study_ledger

        sheet = study_ledger(ledger, period.start, period.end, department_id, args.lang)
    else:
        from plugins.carrier.ledger import activity_ledger

        sheet = activity_ledger(ledger, which, period.start, period.end, department_id, args.lang)
    made: dict[str, bytes] = {}
    if ".xlsx" in suffixes:
        made[".xlsx"] = paper.ledger_xlsx(sheet)
    if ".docx" in suffixes or ".pdf" in suffixes:
        made[".docx"] = paper.ledger_docx(sheet, args.lang)
    if ".pdf" in suffixes:
        made[".pdf"] = paper.to_pdf(made[".docx"])
    return made
