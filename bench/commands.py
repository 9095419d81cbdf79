"""Whole commands, timed as an operator runs them: `culture-ledger verify`, `rebuild` and `export`,
each a new process from its start (interpreter, imports, opening the store) to its exit, against
the raw scans of the same store in the same run.

    python -m bench.commands [--events N] [--backends sqlite,postgresql] [--store URL]

runs these rows alone (on a generated store, or on `--store`); `python -m bench` includes them.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import figures as f
from bench.figures import ROOT, Figure


def command_env() -> dict[str, str]:
    """The environment of a command as installed: its modules' bytecode cached (pip compiles it on
    install; this environment may say PYTHONDONTWRITEBYTECODE, which would time the compiler)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


CPU: dict[str, float] = {}
"""Processor time (user + system) of the last run of each command and baseline: on a shared machine
the wall clock also counts other people's work, the processor time only this one's."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_in_process(label: str, fn) -> float:
    """`fn()`'s result, its processor time kept in CPU[label]."""
    started = time.process_time()
    result = fn()
    CPU[label] = time.process_time() - started
    return result


def run_command(url: str, *args: str) -> float:
    """Seconds from starting `culture-ledger --store URL ARGS` to its exit (it must succeed)."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "culture_ledger.cli", "--store", url, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=command_env(),
    )
    seconds = time.perf_counter() - started
    CPU[args[0]] = _children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"culture-ledger {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return seconds


def head_of(url: str) -> int:
    from culture_ledger.registry import Registry
    from event_store.store import open_application

    app = open_application(Registry.load().event_topics, url)
    try:
        return app.head()
    finally:
        app.close()


def figures(backend: str, url: str, events: int, say=lambda message: None) -> list[Figure]:
    """The three commands' rows for one store."""
    head = head_of(url)
    say(f"[{backend}] whole commands (verify, rebuild, export) as processes, {head:,} events...")
    run_command(url, "--help")  # untimed: the bytecode of every module written, as an installation has it
    raw_sha = timed_in_process("sha", lambda: f.raw_sha_rate(url))
    verify = head / run_command(url, "verify", "--quiet")
    raw_json = timed_in_process("json", lambda: f.raw_json_rate(url))
    rebuild = head / run_command(url, "rebuild", "--quiet")
    json_cpu = CPU["json"]
    raw_json = max(raw_json, timed_in_process("json", lambda: f.raw_json_rate(url)))
    json_cpu = min(json_cpu, CPU["json"])
    with tempfile.TemporaryDirectory(prefix="culture-ledger-export-") as tmp:
        export = head / run_command(url, "export", "--out", str(Path(tmp) / "ledger.export"), "--quiet")

    def cpu(command: str, baseline: float) -> str:
        return (
            f"; processor time {CPU[command]:.2f} s vs {baseline:.2f} s "
            f"({baseline / CPU[command]:.2f}x, what the wall clock shows on an idle machine)"
        )

    return [
        Figure(
            f"culture-ledger verify over {head:,} events, as a process (start to exit)",
            backend,
            verify,
            "events/s",
            raw_sha,
            verify / raw_sha,
            "≥ 0.6x",
            verify / raw_sha >= 0.6,
            "baseline: raw SELECT + SHA-256 chain over each payload, in process" + cpu("verify", CPU["sha"]),
        ),
        Figure(
            f"culture-ledger rebuild of every read model from {head:,} events, as a process (start to exit)",
            backend,
            rebuild,
            "events/s",
            raw_json,
            rebuild / raw_json,
            "≥ 0.3x",
            rebuild / raw_json >= 0.3,
            "baseline: raw SELECT + json.loads of each payload, in process (the better of before and after)"
            + cpu("rebuild", json_cpu),
        ),
        Figure(
            f"culture-ledger export of {head:,} events, as a process (start to exit)",
            backend,
            export,
            "events/s",
            raw_json,
            export / raw_json,
            "report",
            None,
            "baseline: raw SELECT + json.loads of each payload, in process" + cpu("export", json_cpu),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import stores, table

    parser = argparse.ArgumentParser(prog="python -m bench.commands", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--store", default=None, help="time the commands on this store instead of a generated one")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)

    if args.store:
        print(table(figures("given", args.store, 0, say)))
        return 0
    rows: list[Figure] = []
    cluster = None
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    with tempfile.TemporaryDirectory(prefix="culture-ledger-bench-") as tmp:
        try:
            if "postgresql" in backends:
                from tests.pg import Cluster

                cluster = Cluster(durable=True).start()
            for backend in backends:
                (Path(tmp) / backend).mkdir(exist_ok=True)
                url = stores(backend, cluster, Path(tmp))("office")
                say(f"[{backend}] generating {args.events:,} events (demo --events)...")
                f.generate(url, args.events)
                rows.extend(figures(backend, url, args.events, say))
        finally:
            if cluster is not None:
                cluster.stop()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
