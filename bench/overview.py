"""How long one run of the leaders' overview takes on a large log.

    .venv/bin/python -m bench.overview [--store URL] [--cadres 1000] [--days 1000] [--page]

Builds the store once if it is empty (cadres × days study entries: the defaults make about
a million events), then times the overview for a week, a month and a quarter: everything
computed from the read models (a report; a first visit); what the page recomputes after a
change (the chosen period; earlier periods come from its cache); the rankings (refreshed
every 30 s); and an unchanged log (the page's cache: one catch-up and one look at the head).

With `--page` (a store with the demo accounts, e.g. `culture-ledger demo --events N`), it times
the page itself under AppTest as `make bench` does: the first view of a week, a month and a
quarter with nothing cached, wall-clock and processor time, beside the machine's load.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta


def build(ledger, cadres: int, days: int) -> None:
    from culture_ledger.ledger import channel_open

    with channel_open("system"):  # synthetic data, built as the system (as the demo is)
        _build(ledger, cadres, days)


def _build(ledger, cadres: int, days: int) -> None:
    from domain.actor import Actor

    admin = Actor("bench", "admin", "system")
    departments = [ledger.people.register_department({"name": f"科室{i:02d}"}, admin) for i in range(10)]
    joined = date.today() - timedelta(days=days + 30)
    people = [
        ledger.people.register_cadre(
            {"name": f"干部{i:04d}", "department_id": departments[i % 10], "position": "科员", "joined_on": joined},
            admin,
        )
        for i in range(cadres)
    ]
    today = date.today()
    for d in range(days):
        day = today - timedelta(days=d)
        ledger.study.record_study_batch(
            [
                {
                    "cadre_id": c,
                    "occurred_on": day,
                    "minutes": 60 if (i + d) % 7 else 30,
                    "material": "党章",
                    "mode": "self",
                }
                for i, c in enumerate(people)
            ],
            admin,
        )
        if d % 100 == 0:
            print(f"  {ledger.app.head():,} events", flush=True)


def main(argv: list[str] | None = None) -> int:
    from culture_ledger.ledger import Ledger
    from culture_ledger.periods import Period, Scope
    from plugins.overview import figures as ov

    parser = argparse.ArgumentParser(prog="bench.overview")
    parser.add_argument("--store", default="sqlite:///data/bench-overview.sqlite3")
    parser.add_argument("--cadres", type=int, default=1000)
    parser.add_argument("--days", type=int, default=1000)
    parser.add_argument("--page", action="store_true", help="time the page's first views under AppTest")
    args = parser.parse_args(argv)
    if args.page:
        return page(args.store)
    ledger = Ledger(url=args.store)
    if ledger.app.head() == 0:
        print(f"building {args.cadres} cadres × {args.days} days of study in {args.store}", flush=True)
        build(ledger, args.cadres, args.days)
    print(f"log head: {ledger.app.head():,} events")
    for kind in ("week", "month", "quarter"):
        filters = Scope(Period.containing(kind, date.today()))
        timings = {}
        started = time.perf_counter()
        ov.overview(ledger, filters)
        timings["everything"] = time.perf_counter() - started
        earlier: dict = {}
        ov.figures(
            ledger, filters, earlier=lambda i, s, earlier=earlier: earlier.setdefault((i.key, s), i.compute(ledger, s))
        )
        started = time.perf_counter()
        ov.overview(
            ledger,
            filters,
            parts=[p for p in ov.PARTS if p not in ov.RANKINGS],
            earlier=lambda i, s, earlier=earlier: earlier[(i.key, s)],
        )
        timings["refresh after a change"] = time.perf_counter() - started
        started = time.perf_counter()
        ov.overview(ledger, filters, parts=ov.RANKINGS)
        timings["rankings"] = time.perf_counter() - started
        started = time.perf_counter()
        ledger.catch_up()
        ledger.app.head()
        timings["unchanged log"] = time.perf_counter() - started
        print(f"{kind:8s} " + " · ".join(f"{name} {seconds:.3f} s" for name, seconds in timings.items()), flush=True)
    ledger.close()
    return 0


def page(url: str) -> int:
    """The page's first view of each period under AppTest (bench.figures.overview_page_times)."""
    import os

    from bench.figures import overview_page_times

    times = overview_page_times(url, warm=3)
    print(f"warm run {times['warm']:.3f} s (a one-line page {times['trivial']:.3f} s)")
    for kind, seconds in times["first_view"].items():
        print(f"first view of a {kind:8s} {seconds:.3f} s · processor time {times['first_view_cpu'][kind]:.3f} s")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
