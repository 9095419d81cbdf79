"""`culture-ledger sheets template KIND --out FILE.xlsx` and
`culture-ledger sheets import KIND FILE --as ACCOUNT [--dry-run] [--accept-valid]`.

An import acts as a real account (`--as`), with the first of its roles that may import the kind,
through the import channel; the row report is printed in the chosen language (Chinese by default).
Exit status: 0 when the rows were written (or previewed without errors), 1 when anything was refused."""

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
    try:
        report = sheets.load(
            ledger,
            sheet,
            data,
            Path(args.file).name,
            Actor(account.username, role, "import"),
            accept_valid=args.accept_valid,
            dry_run=args.dry_run,
        )
    except sheets.SheetRefused as refused:
        print(sheets.worded(ledger, refused.problem, args.lang), file=sys.stderr)
        return 1
    for problem in report.problems:
        print(sheets.worded(ledger, problem, args.lang))
    print(sheets.summary(ledger, report, args.lang))
    return 1 if report.refused else 0
