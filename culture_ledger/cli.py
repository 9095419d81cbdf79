"""`culture-ledger`: what is not a page (serve, demo data, rebuild, ...)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm


def _ledger(args: argparse.Namespace):
    from culture_ledger.ledger import Ledger

    return Ledger(url=args.store)


def cmd_serve(args: argparse.Namespace) -> int:
    from culture_ledger import launcher
    from culture_ledger.demo import is_empty, seed_demo

    os.environ["CULTURE_LEDGER_STORE"] = args.store  # the dashboard process opens the same store
    if args.demo_if_empty:
        ledger = _ledger(args)
        if is_empty(ledger):
            print("First start: recording the demo office (departments, cadres, weeks of study)...", flush=True)
            seed_demo(ledger)
        from culture_ledger.accounts.demo import demo_banner

        banner = demo_banner(ledger)  # while the demo passwords still work
        if banner:
            print(banner, flush=True)
        ledger.close()
    overrides = {"server.port": args.port} if args.port else None
    return launcher.serve(Path(args.config), overrides)


def cmd_demo(args: argparse.Namespace) -> int:
    from culture_ledger.demo import is_empty, seed_demo

    ledger = _ledger(args)
    if not is_empty(ledger) and not args.force:
        print("The store already holds events; use --force to add the demo office again.", file=sys.stderr)
        return 1
    office = seed_demo(ledger, weeks=args.weeks)
    print(f"Demo office recorded: {len(office.departments)} departments, {len(office.cadres)} cadres, "
          f"{ledger.app.head()} events.")
    from culture_ledger.accounts.demo import demo_banner

    banner = demo_banner(ledger)
    if banner:
        print(banner)
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    ledger = _ledger(args)
    head = ledger.app.head()
    names = args.projection or None
    with tqdm(total=head, unit="event", desc="rebuild", disable=args.quiet) as bar:
        def progress(position: int, total: int) -> None:
            bar.update(position - bar.n)

        ledger.runner.rebuild(names, progress=progress)
        bar.update(head - bar.n)
    done = names or [p.name for p in ledger.runner.projections]
    print(f"Rebuilt {', '.join(done)} from {head} events.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from event_store.backup import backup_sqlite

    if not args.store.startswith("sqlite:///"):
        print("error: `backup` copies a SQLite store; back up PostgreSQL with pg_dump (see README: Backup and restore).",
              file=sys.stderr)
        return 2
    try:
        done = backup_sqlite(args.store, args.out)
    except (FileExistsError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Backed up {done.head} events to {done.path} (and {done.evidence_copied} new evidence files "
          f"to {done.path.parent / 'evidence'}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    from event_store.store import store_url
    from culture_ledger.launcher import CONFIG

    parser = argparse.ArgumentParser(prog="culture-ledger", description="机关文化建设台账 Culture Ledger")
    parser.add_argument("--store", default=None, help="store URL (default: $CULTURE_LEDGER_STORE or sqlite:///data/ledger.sqlite3)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the dashboard")
    serve.add_argument("--config", default=str(CONFIG), help="Streamlit settings (streamlit_config.toml)")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--demo-if-empty", action="store_true", help="record the demo office on first start")
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="record a demo office with weeks of records")
    demo.add_argument("--weeks", type=int, default=8)
    demo.add_argument("--force", action="store_true")
    demo.set_defaults(func=cmd_demo)

    rebuild = sub.add_parser("rebuild", help="drop and rebuild read models from position 0")
    rebuild.add_argument("projection", nargs="*", help="projection names (default: all)")
    rebuild.add_argument("--quiet", action="store_true")
    rebuild.set_defaults(func=cmd_rebuild)

    from culture_ledger.accounts.cli import add_parser as add_accounts_parser

    add_accounts_parser(sub)

    backup = sub.add_parser("backup", help="copy a SQLite store (and its evidence) while it is in use")
    backup.add_argument("--out", required=True, help="the new backup file, e.g. backups/ledger-2026-11-27.sqlite3")
    backup.set_defaults(func=cmd_backup)

    args = parser.parse_args(argv)
    args.store = args.store or store_url()
    try:
        return args.func(args)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
