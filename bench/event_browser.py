"""How long each page of the auditors' event browser takes to serve on a large log (target: every
page under 0.5 s at 1,000,000 events, issue 19).

    .venv/bin/python -m bench.event_browser --store URL [--runs 5]

Signed in as the demo auditor, under AppTest (the page's own code, Streamlit's script run and the
tables turned into what a browser receives; no browser): the first page in a new session, the
next pages older, a page in the middle of the log (jumped to by position), a page filtered by
person, by event type, by a day, and oldest first; each with the event under it opened, as the
page opens the first one. `make bench` adds the slowest as one row (`figures`)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date

TARGET = 0.5
"""Seconds: the most any page of the event browser may take."""


def _events_page(url: str) -> None:
    """The real event browser of a server on `url` (AppTest runs this function's source as the script);
    each script run's own seconds kept in the session (`_bench_served`), a rerun's too."""
    import os
    import time

    import streamlit as st

    started = time.perf_counter()
    try:
        os.environ["CULTURE_LEDGER_STORE"] = url
        from dashboard.chrome import ledger, show_page

        show_page(next(p for p in ledger().registry.pages if p.path == "audit-events"))
    finally:
        st.session_state.setdefault("_bench_served", []).append(time.perf_counter() - started)


def page_times(url: str, runs: int = 5, account: str = "demo-auditor") -> dict[str, dict[str, list[float]]]:
    """Seconds per page, by what the auditor did to get it (`runs` of each): `served`, the page's
    script runs (what the server spends; a click's rerun included), and `wall`, AppTest's whole run
    (its own start of a session, about 0.4 s on a busy 2-core machine even for a one-line page)."""
    import logging

    from streamlit.testing.v1 import AppTest

    from culture_ledger.ledger import Ledger
    from domain.actor import Actor

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext" on every run
    ledger = Ledger(url=url, worker=False)
    head = ledger.app.head()
    middle = ledger.scalar("SELECT recorded_at FROM event_index WHERE position = ?", (max(1, head // 2),))
    ledger.close()
    auditor = Actor(account, "auditor", "form")
    saved = os.environ.get("CULTURE_LEDGER_STORE")
    times: dict[str, list[float]] = {}
    walls: dict[str, list[float]] = {}

    def session() -> AppTest:
        at = AppTest.from_function(_events_page, args=(url,), default_timeout=600)
        at.session_state["actor"] = auditor
        at.session_state["lang"] = "zh"
        return at

    def timed(what: str, ready) -> AppTest:
        """Run the page with `ready` (a session, or a widget just set or clicked): the seconds its
        script runs took (a click's rerun included), and the harness's whole run beside them."""
        root = getattr(ready, "root", ready)
        before = len(root.session_state["_bench_served"]) if "_bench_served" in root.session_state else 0
        started = time.perf_counter()
        at = ready.run()
        wall = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"the event browser failed ({what}): {at.exception[0].message}")
        times.setdefault(what, []).append(sum(at.session_state["_bench_served"][before:]))
        walls.setdefault(what, []).append(wall)
        return at

    def older(at: AppTest) -> AppTest:
        """The next page, older (or newer, oldest first), where there is one."""
        button = at.button(key="audit_next")
        if button.disabled:
            return at
        newest = at.radio(key="audit_order").value == "newest"
        return timed("next page (older)" if newest else "next page (newer)", button.click())

    try:
        session().run()  # the process's first run opens the store: a server does it once
        for run in range(runs):
            at = timed("first page, a new session", session())
            for _ in range(3):
                at = older(at)
            at = timed(
                "a page in the middle (by position)", at.number_input(key="audit_jump").set_value(head // 2 - run)
            )
            at = older(at)
            people = at.selectbox(key="audit_account")
            at = timed("filtered by person", people.select(people.options[1 + run % (len(people.options) - 1)]))
            at = older(at)
            at.selectbox(key="audit_account").select_index(0)
            types = at.selectbox(key="audit_topic")
            at = timed("filtered by event type", types.select(types.options[1 + run % (len(types.options) - 1)]))
            at = older(at)
            at.selectbox(key="audit_topic").select_index(0)
            if middle:
                day = date.fromisoformat(middle[:10])
                at.date_input(key="audit_since").set_value(day)
                at = timed("filtered by a day", at.date_input(key="audit_until").set_value(day))
                at.date_input(key="audit_since").set_value(None)
                at.date_input(key="audit_until").set_value(None)
            at = timed("oldest first", at.radio(key="audit_order").set_value("oldest"))
            at = older(at)
    finally:
        if saved is None:
            os.environ.pop("CULTURE_LEDGER_STORE", None)
        else:
            os.environ["CULTURE_LEDGER_STORE"] = saved
    return {"served": times, "wall": walls}


def figures(backend: str, url: str, events: int) -> list:
    """The row `make bench` prints: the slowest page served, each kind's median in the note."""
    from bench.figures import Figure

    times = page_times(url)
    served, wall = times["served"], times["wall"]
    slowest = max(max(v) for v in served.values())
    medians = "; ".join(
        f"{what} {statistics.median(v) * 1000:,.0f} (AppTest {statistics.median(wall[what]) * 1000:,.0f})"
        for what, v in served.items()
    )
    return [
        Figure(
            f"event browser: the slowest page served (AppTest, with the first event opened), {events:,} events",
            backend,
            slowest * 1000,
            "ms",
            target="< 500 ms",
            met=slowest < TARGET,
            note=f"the page's script runs, a click's rerun included; medians in ms: {medians}",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.event_browser", description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="sqlite:///data/ledger.sqlite3")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    times = page_times(args.store, runs=args.runs)
    served, wall = times["served"], times["wall"]
    for what, seconds in served.items():
        print(
            f"{what:36s} served: median {statistics.median(seconds) * 1000:6.1f} ms, max {max(seconds) * 1000:6.1f} ms"
            f"   AppTest: median {statistics.median(wall[what]) * 1000:6.1f} ms   ({len(seconds)} pages)"
        )
    slowest = max(max(v) for v in served.values())
    print(
        f"slowest page: {slowest * 1000:.1f} ms (target < {TARGET * 1000:.0f} ms): {'met' if slowest < TARGET else 'NOT met'}"
    )
    return 0 if slowest < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
