"""The audit plugin's own `culture-ledger` subcommand: `checkpoint`."""

from __future__ import annotations

import argparse
import sys

from culture_ledger.cli import open_ledger, progress_bar


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from plugins.audit.queries import time_machine

    ledger = open_ledger(args)
    try:
        machine = time_machine(ledger, every=args.every)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    head = ledger.app.head()
    pruned = machine.prune_superseded()  # the folders of older projection code, or of the layout before
    bar, progress = progress_bar(args, "checkpoints", head)
    with bar:
        reached = machine.prepare(head, progress=progress)
    kept = machine.checkpoints()
    print(
        f"Time-travel checkpoints in {machine.directory}: the read models' row versions up to {reached}, "
        f"checked against the log at {len(kept)} checkpoints every {machine.every} events; "
        f"{machine.disk_usage() / 1e6:,.1f} MB." + (f" Removed {len(pruned)} superseded." if pruned else "")
    )
    return 0


def add_commands(sub) -> None:
    checkpoint = sub.add_parser("checkpoint", help="keep time-travel checkpoints of the read models up to the head")
    checkpoint.add_argument(
        "--every",
        type=int,
        default=None,
        help="events between the log's chain hashes kept to check the checkpoints (default 10000)",
    )
    checkpoint.add_argument(
        "--full-every", type=int, default=None, help=argparse.SUPPRESS
    )  # the full copies of the layout before: accepted, so that scripts written for it still run
    checkpoint.add_argument("--quiet", action="store_true")
    checkpoint.set_defaults(func=cmd_checkpoint)
