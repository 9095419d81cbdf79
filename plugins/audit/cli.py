"""The audit plugin's own `culture-ledger` subcommand: `checkpoint`."""

from __future__ import annotations

import argparse
import sys

from culture_ledger.cli import open_ledger, progress_bar


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from plugins.audit.queries import time_machine

    ledger = open_ledger(args)
    try:
        machine = time_machine(ledger, every=args.every, full_every=args.full_every)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    head = ledger.app.head()
    pruned = machine.prune_superseded()
    bar, progress = progress_bar(args, "checkpoints", head)
    with bar:
        machine.prepare(head, progress=progress)
    kept = machine.checkpoints()
    print(
        f"{len(kept)} time-travel checkpoints in {machine.directory} (a changeset every {machine.every} events, "
        f"{len(machine.full_copies())} full copies every {machine.full_every}, up to {kept[-1] if kept else 0}; "
        f"{machine.disk_usage() / 1e6:,.1f} MB)." + (f" Removed {len(pruned)} superseded." if pruned else "")
    )
    return 0


def add_commands(sub) -> None:
    checkpoint = sub.add_parser("checkpoint", help="keep time-travel checkpoints of the read models up to the head")
    checkpoint.add_argument("--every", type=int, default=None, help="events between checkpoints (default 10000)")
    checkpoint.add_argument(
        "--full-every",
        type=int,
        default=None,
        help="events between full copies, a multiple of --every (default ten checkpoints)",
    )
    checkpoint.add_argument("--quiet", action="store_true")
    checkpoint.set_defaults(func=cmd_checkpoint)
