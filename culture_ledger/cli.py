"""`culture-ledger`: what is not a page (serve, demo data, rebuild, ...)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm


def _ledger(args: argparse.Namespace):
    from culture_ledger.ledger import Ledger

    return Ledger(url=args.store)


def cmd_serve(args: argparse.Namespace) -> int:
    from culture_ledger import launcher
    from culture_ledger.demo import is_empty, seed_demo

    if args.demo_if_empty:
        ledger = _ledger(args)
        if is_empty(ledger):
            print("First start: recording the demo office (departments, cadres, weeks of study)...", flush=True)
            seed_demo(ledger)
        ledger.close()
    overrides = {"server.port": args.port} if args.port else None
    return launcher.serve(Path(args.config), overrides)


def cmd_demo(args: argparse.Namespace) -> int:
    from culture_ledger.demo import is_empty, seed_demo

    ledger = _ledger(args)
    if not is_empty(ledger) and not args.force:
        print("The store already holds events; use --force to add the demo office again.", file=sys.stderr)
        return 1
    if args.events:
        return _demo_at_scale(ledger, args.events)
    office = seed_demo(ledger, weeks=args.weeks)
    print(f"Demo office recorded: {len(office.departments)} departments, {len(office.cadres)} cadres, "
          f"{ledger.app.head()} events.")
    return 0


def _demo_at_scale(ledger, events: int) -> int:
    import time

    from culture_ledger.demo import seed_at_scale

    started = time.perf_counter()
    with tqdm(total=events, unit="event", desc="demo") as bar:
        office = seed_at_scale(ledger, events, progress=lambda position, total: bar.update(position - bar.n))
        bar.update(ledger.app.head() - bar.n)
    took = time.perf_counter() - started
    print(f"Demo office at scale recorded: {len(office.departments)} departments, {len(office.cadres)} cadres, "
          f"{ledger.app.head()} events in {took:.1f} s ({ledger.app.head() / took:,.0f} events/s).")
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


def cmd_worker(args: argparse.Namespace) -> int:
    import signal

    from culture_ledger.ledger import Ledger
    from event_store.worker import Worker

    ledger = Ledger(url=args.store, worker=False)  # the worker is the one that catches up
    if not ledger.readmodels.postgres:
        print("The projection worker follows PostgreSQL (LISTEN/NOTIFY); on SQLite the app keeps its read "
              "models current by itself.", file=sys.stderr)
        ledger.close()
        return 2
    worker = Worker(ledger.runner, poll=args.poll)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: worker.stop())
    print(f"Worker following the log from position {ledger.app.head()} "
          f"({len(ledger.runner.projections)} read models).", flush=True)
    try:
        worker.run()
    finally:
        ledger.close()
    print(f"Worker stopped at position {worker.reached}.", flush=True)
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
    demo.add_argument("--events", type=int, default=0, help="a whole prefecture at scale: about N events in all")
    demo.set_defaults(func=cmd_demo)

    rebuild = sub.add_parser("rebuild", help="drop and rebuild read models from position 0")
    rebuild.add_argument("projection", nargs="*", help="projection names (default: all)")
    rebuild.add_argument("--quiet", action="store_true")
    rebuild.set_defaults(func=cmd_rebuild)

    worker = sub.add_parser("worker", help="keep the read models current for every app instance (PostgreSQL)")
    worker.add_argument("--poll", type=float, default=1.0, help="also catch up every N seconds without a notification")
    worker.set_defaults(func=cmd_worker)

    args = parser.parse_args(argv)
    args.store = args.store or store_url()
    try:
        return args.func(args)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
