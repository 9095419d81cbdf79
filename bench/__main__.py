"""`make bench` / `python -m bench [--events N] [--backends sqlite,postgresql]`.

Generates a prefecture at scale through the ledger's own bulk path (`culture-ledger demo
--events N`, and N/10 for the memory comparison) on each backend, then prints one table:
every figure next to its baseline measured in the same run, the ratio, and the issue's
target. PostgreSQL runs in a throwaway cluster with its default, durable settings.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import commands
from bench import figures as f
from bench.figures import Figure


def stores(backend: str, cluster, tmp: Path):
    def url(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp / backend / name}.sqlite3"
        return cluster.url(cluster.create_database(name))

    return url


def run_backend(backend: str, events: int, cluster, tmp: Path, say) -> list[Figure]:
    url = stores(backend, cluster, tmp)
    rows: list[Figure] = []
    small_events = max(events // 10, 1000)
    big, small = url("office"), url("office_small")

    say(f"[{backend}] generating {events:,} events (demo --events)...")
    seconds, line = f.generate(big, events)
    rows.append(
        Figure(
            f"generate the office: demo --events {events:,} (bulk path, read models kept current)",
            backend,
            events / seconds,
            "events/s",
            note=line.split(":")[0],
        )
    )
    say(f"[{backend}] generating {small_events:,} events for the memory comparison...")
    f.generate(small, small_events)

    say(f"[{backend}] one entry through the service vs the library's bare save...")
    bare = f.bare_save_latencies(url("bare_save"), 300)
    service = f.service_latencies(big, 300)
    s99, b99 = f.p(service, 0.99) * 1000, f.p(bare, 0.99) * 1000
    rows.append(
        Figure(
            "record one study entry through the service, p99 (validation, event, chain, read-your-writes)",
            backend,
            s99,
            "ms",
            b99,
            s99 / b99,
            "≤ 4x",
            s99 / b99 <= 4,
            f"p50 {f.p(service, 0.5) * 1000:.1f} vs {f.p(bare, 0.5) * 1000:.1f} ms",
        )
    )

    records = min(100_000, events)
    say(f"[{backend}] bulk import of {records:,} records vs the library's batch save...")
    bare_rate = f.bare_bulk_rate(url("bare_bulk"), records)
    service_rate = f.service_bulk_rate(url("service_bulk"), records)
    rows.append(
        Figure(
            f"bulk import of {records:,} records (validation, events, chain, read model)",
            backend,
            service_rate,
            "records/s",
            bare_rate,
            service_rate / bare_rate,
            "≥ 0.6x",
            service_rate / bare_rate >= 0.6,
        )
    )

    say(f"[{backend}] a 10,000-row study sheet through the sheet import vs the bulk path...")
    sheet = f.sheet_import_rates(url("sheet_import"), url("sheet_bulk"), 10_000)
    rows.append(
        Figure(
            "import a 10,000-row study sheet (.xlsx): culture_ledger.sheets.load",
            backend,
            sheet["sheet"],
            "rows/s",
            sheet["bulk"],
            sheet["sheet"] / sheet["bulk"],
            "≥ 0.5x",
            sheet["sheet"] / sheet["bulk"] >= 0.5,
            "baseline: the same rows' commands given to StudyService.record_study_batch "
            f"({sheet['sheet_s']:.1f} s vs {sheet['bulk_s']:.1f} s)",
        )
    )

    say(f"[{backend}] rebuilding every read model from {events:,} events vs a raw scan with json.loads...")
    raw_before = f.raw_json_rate(big)
    rebuilt = f.rebuild_in_child(big)
    raw_after = f.raw_json_rate(big)
    raw = max(raw_before, raw_after)
    rate = rebuilt["events"] / rebuilt["seconds"]
    rows.append(
        Figure(
            f"rebuild all read models from {rebuilt['events']:,} events",
            backend,
            rate,
            "events/s",
            raw,
            rate / raw,
            "≥ 0.3x",
            rate / raw >= 0.3,
            "baseline: raw SELECT + json.loads of each payload",
        )
    )

    say(f"[{backend}] peak memory of a rebuild at {small_events:,} events...")
    small_rebuilt = f.rebuild_in_child(small)
    ratio = rebuilt["peak_mb"] / max(small_rebuilt["peak_mb"], 1.0)
    rows.append(
        Figure(
            f"peak memory of a full rebuild, {rebuilt['events']:,} events",
            backend,
            rebuilt["peak_mb"],
            "MB",
            small_rebuilt["peak_mb"],
            ratio,
            "≤ 2x",
            ratio <= 2,
            f"baseline: the same at {small_rebuilt['events']:,} events (growth of peak RSS)",
        )
    )

    rows.extend(optional_figures(backend, big, events))
    rows.extend(commands.figures(backend, big, events, say))

    if backend == "postgresql":
        say(f"[{backend}] worker lag: append to visible in the read model...")
        lags = f.worker_lags(big, 200)
        rows.append(
            Figure(
                "worker lag: append to visible in the read model, p50",
                backend,
                f.p(lags, 0.5) * 1000,
                "ms",
                target="report",
            )
        )
        rows.append(
            Figure(
                "worker lag: append to visible in the read model, p99",
                backend,
                f.p(lags, 0.99) * 1000,
                "ms",
                target="report",
            )
        )
    say(f"[{backend}] every page in Chromium as the demo leader and the demo auditor...")
    rows.extend(browser_figures(backend, big, events))
    return rows


def browser_figures(backend: str, url: str, events: int) -> list[Figure]:
    """Every page through the navigation in Debian's Chromium (bench.browser, its own process): the
    slowest page's median visit and the slowest single visit, per demo account; 下一页 in the event browser."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return [Figure("every page in Chromium", backend, None, "ms", target="< 1.5 s", note="n/a (no Playwright)")]
    measured = f.browser_in_child(url)
    rows = []
    for role, seen in measured.items():
        s = browser_summary(seen["pages"])
        met = s["slowest_median"] < 1.5 and s["worst"] < 3
        rows.append(
            Figure(
                f"every page of the demo {role} in Chromium, {events:,} events: slowest page's median "
                f"({s['pages']} pages × {s['visits'] // max(s['pages'], 1)} visits, click to script run finished)",
                backend,
                s["slowest_median"] * 1000,
                "ms",
                target="< 1.5 s, none over 3 s",
                met=met,
                note=f"slowest: {s['slowest_page']}; worst visit {s['worst'] * 1000:,.0f} ms ({s['worst_page']}); "
                f"median of all pages' medians {s['typical'] * 1000:,.0f} ms"
                + (f"; {s['unseen']} click(s) with no script run seen, left out" if s["unseen"] else ""),
            )
        )
        BROWSER_DETAIL.append((backend, role, s["medians"], seen["pages"]))
        if seen["paging"]:
            paging = seen["paging"]
            rows.append(
                Figure(
                    f"下一页 in the event browser in Chromium (the demo auditor), {events:,} events, median of "
                    f"{len(paging)}",
                    backend,
                    f.median(paging) * 1000,
                    "ms",
                    target="< 1.5 s, none over 3 s",
                    met=f.median(paging) < 1.5 and max(paging) < 3,
                    note=f"worst {max(paging) * 1000:,.0f} ms",
                )
            )
    return rows


BROWSER_DETAIL: list[tuple[str, str, dict[str, float], dict[str, list[float]]]] = []
"""Each page's visits in Chromium, for the table printed after the main one."""


def browser_summary(visits: dict[str, list[float]]) -> dict:
    from bench.browser import summary

    s = summary(visits)
    s["typical"] = f.median(list(s["medians"].values()))
    return s


def browser_table() -> str:
    lines = [
        "| page | backend | account | median | worst | visits (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for backend, role, medians, visits in BROWSER_DETAIL:
        for title, median in medians.items():
            seen = [v for v in visits[title] if v > 0]
            lines.append(
                f"| {title} | {backend} | {role} | {median * 1000:,.0f} ms | {max(seen) * 1000:,.0f} ms | "
                f"{', '.join(f'{v * 1000:,.0f}' for v in seen)} |"
            )
    return "\n".join(lines)


def optional_figures(backend: str, url: str, events: int) -> list[Figure]:
    """Verify, the overview page and time travel belong to other areas; measured if present."""
    out = []
    try:
        from event_store.integrity import verify  # type: ignore[import-not-found]
    except ImportError:
        out.append(
            Figure(f"verify over {events:,} events", backend, None, "events/s", target="≥ 0.5x", note="n/a (not built)")
        )
    else:
        from culture_ledger.ledger import Ledger

        ledger = Ledger(url=url, worker=False)
        raw = f.raw_sha_rate(url)
        try:
            started = time.perf_counter()
            verify(ledger.app)
            rate = ledger.app.head() / (time.perf_counter() - started)
            out.append(
                Figure(
                    f"verify over {events:,} events",
                    backend,
                    rate,
                    "events/s",
                    raw,
                    rate / raw,
                    "≥ 0.6x",
                    rate / raw >= 0.6,
                    "baseline: raw SELECT + SHA-256 chain over each payload (in process)",
                )
            )
        except TypeError as exc:
            out.append(
                Figure(
                    f"verify over {events:,} events",
                    backend,
                    None,
                    "events/s",
                    raw,
                    target="≥ 0.5x",
                    note=f"n/a (verify's signature: {exc})",
                )
            )
        ledger.close()
    out.extend(overview_figures(backend, url, events))
    out.extend(__import__("bench.event_browser", fromlist=["figures"]).figures(backend, url, events))
    tt = f.time_travel(url)
    ratio = tt["at_head"] / tt["at_near"]
    out.append(
        Figure(
            f"time travel to a position near the head of a {tt['head']:,}-event log, incl. the leaders' "
            "figures (median of 5)",
            backend,
            tt["at_head"] * 1000,
            "ms",
            tt["at_near"] * 1000,
            ratio,
            "≤ 1.5x",
            ratio <= 1.5,
            f"positions {tt['far']:,} vs {tt['near']:,}; target under 2 s: {'met' if tt['at_head'] < 2 else 'not met'}",
        )
    )
    out.append(
        Figure(
            "time-travel checkpoints prepared beforehand (culture-ledger checkpoint)",
            backend,
            tt["prepare_s"],
            "s",
            target="report",
            note=f"row versions of {tt['head']:,} events, checked at {tt['checkpoints']} chain hashes "
            f"every {tt['every']:,}",
        )
    )
    store_mb = f.store_size(url) / 1e6
    out.append(
        Figure(
            f"time-travel checkpoints on disk, {tt['head']:,} events, vs the store itself",
            backend,
            tt["disk_mb"],
            "MB",
            store_mb,
            tt["disk_mb"] / store_mb if store_mb else None,
            "≤ 1x",
            tt["disk_mb"] <= store_mb,
            "baseline: the store (log, chain, read models) on disk",
        )
    )
    return out


def overview_figures(backend: str, url: str, events: int) -> list[Figure]:
    """The leaders' overview page under AppTest, signed in as the demo leader: warm runs against a
    one-line page (each run a new session, as a leader opening the page), and a first view per period."""
    times = f.overview_page_times(url)
    warm, trivial = times["warm"] * 1000, times["trivial"] * 1000
    rerun, trivial_rerun = times["rerun"] * 1000, times["trivial_rerun"] * 1000
    rows = [
        Figure(
            f"one warm run of the overview page (AppTest), {events:,} events",
            backend,
            warm,
            "ms",
            trivial,
            warm / trivial,
            "≤ 3x",
            warm / trivial <= 3,
            f"baseline: a one-line page (st.write); median of {len(times['warm_runs'])} runs, each a new session; "
            f"first run of the process (opens the store) {times['cold'] * 1000:,.0f} ms; "
            f"a rerun of the same session (the live refresh) {rerun:,.1f} vs {trivial_rerun:,.1f} ms",
        )
    ]
    for kind, seconds in times["first_view"].items():
        rows.append(
            Figure(
                f"first view of a {kind} on the overview page (AppTest), {events:,} events",
                backend,
                seconds * 1000,
                "ms",
                target="< 0.7 s",
                met=seconds < 0.7,
                note=f"nothing cached for the period: figures, trends, coverage, rankings, gaps; "
                f"processor time {times['first_view_cpu'][kind] * 1000:,.0f} ms",
            )
        )
    return rows


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("ms", "MB"):
        return f"{value:,.1f} {unit}"
    return f"{value:,.0f} {unit}"


def table(rows: list[Figure]) -> str:
    lines = [
        "| figure | backend | measured | baseline (same run) | ratio | target | met | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.name} | {r.backend} | {fmt(r.value, r.unit)} | {fmt(r.baseline, r.unit)} | {ratio} | "
            f"{r.target} | {met} | {r.note} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"load average {load[0]:.1f} at the end"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("EVENTS") or 1_000_000))
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    def say(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    rows: list[Figure] = []
    cluster = None
    with tempfile.TemporaryDirectory(prefix="culture-ledger-bench-") as tmp:
        try:
            if "postgresql" in backends:
                from tests.pg import Cluster

                say("starting a throwaway PostgreSQL cluster (durable settings)...")
                cluster = Cluster(durable=True).start()
            for backend in backends:
                (Path(tmp) / backend).mkdir(exist_ok=True)
                rows.extend(run_backend(backend, args.events, cluster, Path(tmp), say))
        finally:
            if cluster is not None:
                cluster.stop()
    took = time.perf_counter() - started
    print(
        f"Culture Ledger benchmarks, {args.events:,} events, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {took / 60:.1f} min"
    )
    print(machine())
    print()
    print(table(rows))
    if BROWSER_DETAIL:
        print()
        print("Every page in Chromium, visit by visit (from the click in the navigation to the script run finished):")
        print()
        print(browser_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
