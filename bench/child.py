"""Run in a fresh process: rebuild every read model of a store, report time and peak memory.

    python -m bench.child rebuild URL  ->  {"events": N, "seconds": s, "peak_mb": m}

Peak memory is the growth of the process's peak resident set during the rebuild (the
interpreter, imports and an open ledger are already counted before it starts).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def rebuild(url: str) -> dict:
    from culture_ledger.ledger import Ledger

    ledger = Ledger(url=url, worker=False)
    before = _rss_mb()
    started = time.perf_counter()
    ledger.runner.rebuild()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    events = ledger.app.head()
    ledger.close()
    return {"events": events, "seconds": seconds, "peak_mb": max(peak - before, 0.0)}


if __name__ == "__main__":
    command, url = sys.argv[1], sys.argv[2]
    print(json.dumps({"rebuild": rebuild}[command](url)))
