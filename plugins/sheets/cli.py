"""`culture-ledger sheets template KIND --out FILE.xlsx` and
`culture-ledger sheets import KIND FILE --as ACCOUNT [--dry-run] [--accept-valid]`.

An import acts as a real account (`--as`), with the first of its roles that may import the kind,
through the import channel (each row's records naming the file and the row); the row report is
printed in the chosen language (Chinese by default), a progress bar on standard error while it
reads, checks and writes (when that is a terminal, or for a long sheet; none with --quiet). The
import, previewed or written, is in the access record (the account at the command line read that
file), as the page's is. Exit status: 0 when the rows were written (or previewed without errors),
1 when anything was refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_commands(sub) -> None:
    sheets = sub.add_parser("sheets", help="templates and imports of the office's Excel/CSV sheets")
    inner = sheets.add_subparsers(dest="sheets_command", required=True)
    listing = inner.add_parser("list", help="the sheet kinds, with who may import each")
    listing.add_argument("--lang", default="zh", choices=("zh", "en"))
    listing.set_defaults(func=cmd_list)
    template = inner.add_parser("template", help="write a kind's template (.xlsx)")
    template.add_argument("kind")
    template.add_argument("--out", required=True)
    template.add_argument("--lang", default="zh", choices=("zh", "en"))
    template.set_defaults(func=cmd_template)
    load = inner.add_parser("import", help="import a filled sheet (.xlsx or .csv), with a row report")
    load.add_argument("kind")
    load.add_argument("file")
    load.add_argument("--as", dest="account", required=True, help="the account the rows are recorded by")
    load.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
    load.add_argument("--accept-valid", action="store_true", help="write the valid rows, report the others")
    load.add_argument("--lang", default="zh", choices=("zh", "en"))
    load.add_argument("--quiet", action="store_true", help="no progress bar")
    load.set_defaults(func=cmd_import)


def _kind(ledger, args: argparse.Namespace):
    try:
        return ledger.registry.sheet(args.kind)
    except KeyError:
        kinds = "、".join(f"{s.key}（{ledger.catalog.t(args.lang, s.title)}）" for s in ledger.registry.sheets)
        print(ledger.catalog.t(args.lang, "sheets.cli.unknown_kind", kind=args.kind, kinds=kinds), file=sys.stderr)
        return None


def cmd_list(args: argparse.Namespace) -> int:
    from culture_ledger.cli import open_ledger

    ledger = open_ledger(args)
    t = ledger.catalog.t
    for sheet in ledger.registry.sheets:
        roles = "、".join(t(args.lang, f"role.{r}") for r in sheet.roles)
        print(f"{sheet.key}\t{t(args.lang, sheet.title)}\t{roles}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from culture_ledger import sheets
    from culture_ledger.cli import open_ledger

    ledger = open_ledger(args)
    sheet = _kind(ledger, args)
    if sheet is None:
        return 2
    Path(args.out).write_bytes(sheets.template(ledger, sheet, args.lang))
    print(ledger.catalog.t(args.lang, "sheets.cli.template_written", path=args.out))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from culture_ledger import sheets
    from culture_ledger.cli import open_ledger
    from domain.actor import Actor

    ledger = open_ledger(args)
    t = ledger.catalog.t
    sheet = _kind(ledger, args)
    if sheet is None:
        return 2
    account = ledger.accounts.access.account(args.account)
    if account is None or getattr(account, "disabled", False):
        print(t(args.lang, "sheets.cli.unknown_account", account=args.account), file=sys.stderr)
        return 2
    role = next((r for r in sheet.roles if r in account.roles), None)
    if role is None:
        print(
            t(args.lang, "sheets.cli.not_allowed", account=args.account, title=t(args.lang, sheet.title)),
            file=sys.stderr,
        )
        return 2
    try:
        data = Path(args.file).read_bytes()
    except OSError:
        print(t(args.lang, "sheets.cli.cannot_read", path=args.file), file=sys.stderr)
        return 2
    bar = ProgressBar(lambda stage: t(args.lang, f"sheets.progress.{stage}"), quiet=args.quiet)
    try:
        report = sheets.load(
            ledger,
            sheet,
            data,
            Path(args.file).name,
            Actor(account.username, role, "import"),
            accept_valid=args.accept_valid,
            dry_run=args.dry_run,
            progress=bar,
        )
    except sheets.SheetRefused as refused:
        bar.close()
        print(sheets.worded(ledger, refused.problem, args.lang), file=sys.stderr)
        return 1
    bar.close()
    ledger.access_log.record(
        Actor(account.username, role, "cli"),
        "import:sheet",
        {
            "sheet": sheet.key,
            "file": Path(args.file).name,
            "sha256": report.sha256,
            "rows": len(report.rows),
            "written": report.written,
            "dry_run": args.dry_run,
        },
    )
    for problem in report.problems:
        print(sheets.worded(ledger, problem, args.lang))
    print(sheets.summary(ledger, report, args.lang))
    return 1 if report.refused else 0


class ProgressBar:
    """The import's progress on standard error: shown when that is a terminal, or for a long sheet
    (`sheets.LONG_SHEET` rows or more: a log then shows how far it got); none with --quiet, and
    none for a short sheet into a pipe (the row report stays the only output)."""

    def __init__(self, words, *, quiet: bool = False):
        self.words, self.quiet, self.bar = words, quiet, None

    def __call__(self, stage: str, done: float, rows: int) -> None:
        from culture_ledger.sheets import LONG_SHEET

        if self.bar is None:
            if self.quiet or not (sys.stderr.isatty() or rows >= LONG_SHEET):
                return
            from tqdm import tqdm

            self.bar = tqdm(
                total=100,
                desc=self.words(stage),
                unit="%",
                file=sys.stderr,
                bar_format="{desc} {bar} {percentage:3.0f}%",
            )
        self.bar.set_description_str(self.words(stage), refresh=False)
        self.bar.update(round(done * 100) - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
