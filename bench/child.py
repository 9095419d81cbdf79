"""Run in a fresh process: rebuild every read model of a store, report time and peak memory.

    python -m bench.child rebuild URL  ->  {"events": N, "seconds": s, "peak_mb": m}

Peak memory is the highest resident set sampled (every 5 ms) during the rebuild, minus the
resident set just before it (the interpreter, imports and an open ledger).
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def rebuild(url: str) -> dict:
    from culture_ledger.ledger import Ledger

    ledger = Ledger(url=url, worker=False)
    before = _rss_mb()
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    ledger.runner.rebuild()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    peak[0] = max(peak[0], _rss_mb())
    events = ledger.app.head()
    ledger.close()
    return {"events": events, "seconds": seconds, "peak_mb": peak[0] - before}


if __name__ == "__main__":
    command, url = sys.argv[1], sys.argv[2]
    print(json.dumps({"rebuild": rebuild}[command](url)))
