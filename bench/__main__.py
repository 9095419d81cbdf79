"""`make bench` / `python -m bench [--events N] [--backends sqlite,postgresql] [--only PARTS] [--office URL]`.

Generates a prefecture at scale through the ledger's own bulk path (`culture-ledger demo
--events N`, and N/10 for the memory comparison) on each backend, then prints one table:
every figure next to its baseline measured in the same run, the ratio, and the issue's
target. PostgreSQL runs in a throwaway cluster with its default, durable settings.

To measure again only what a change touched: `--only save,browser` runs those parts (PARTS below),
and `--office URL` takes a copy of an office already generated (a SQLite file, or a PostgreSQL database
whose server then holds the run's other databases) instead of generating one; the copy is what the run
writes to, the original is never opened.
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


PARTS = (
    "save",
    "bulk",
    "sheet",
    "rebuild",
    "memory",
    "verify",
    "overview",
    "events",
    "timetravel",
    "commands",
    "lag",
    "browser",
)
"""What `--only` can name, in the order a full run measures them."""


def copied_office(backend: str, office: str, url) -> str:
    """A copy of an already generated office for this run to write to, on disk before the first
    figure is timed (the copy's gigabyte or two written back while saves fsync would be timed with them)."""
    if backend == "sqlite":
        import shutil

        source = Path(office[len("sqlite:///") :])
        target = url("office")
        shutil.copyfile(source, target[len("sqlite:///") :])
        if Path(f"{source}-wal").exists():  # what the log holds past the last checkpoint
            shutil.copyfile(f"{source}-wal", target[len("sqlite:///") :] + "-wal")
        os.sync()
        return target
    import psycopg

    with psycopg.connect(office.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "bench_office" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "bench_office" TEMPLATE "{office.rsplit("/", 1)[1]}"')
        conn.execute("CHECKPOINT")  # the copy's pages written out now, not during the first timed saves
    return office.rsplit("/", 1)[0] + "/bench_office"


class Office:
    """The server of a PostgreSQL office given with `--office`: the run's other databases are made there."""

    def __init__(self, office: str):
        self.server = office.rsplit("/", 1)[0]

    def url(self, name: str) -> str:
        return f"{self.server}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "bench_{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "bench_{name}"')
        return f"bench_{name}"


def run_backend(
    backend: str,
    events: int,
    cluster,
    tmp: Path,
    say,
    only: frozenset[str] = frozenset(PARTS),
    office: str | None = None,
) -> list[Figure]:
    url = stores(backend, cluster, tmp)
    rows: list[Figure] = []
    small_events = max(events // 10, 1000)

    if office:
        say(f"[{backend}] copying the office at {office}...")
        big = copied_office(backend, office, url)
        events = commands.head_of(big)
    else:
        big = url("office")
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
    rows.extend(saving(backend, big, url, only, say, events))
    rows.extend(rebuilding(backend, big, url, only, say, events, small_events))
    rows.extend(optional_figures(backend, big, events, only))
    if "commands" in only:
        rows.extend(commands.figures(backend, big, events, say))
    if backend == "postgresql" and "lag" in only:
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
    if "browser" in only:
        say(f"[{backend}] every page in Chromium as the demo leader and the demo auditor...")
        rows.extend(browser_figures(backend, big, events))
    return rows


def saving(backend: str, big: str, url, only: frozenset[str] | set[str], say, events: int) -> list[Figure]:
    """One entry through the service, a bulk import and a sheet import, each against the library's own."""
    rows: list[Figure] = []
    if "save" not in only:
        return saving_in_bulk(backend, url, only, say, events)
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

    return rows + saving_in_bulk(backend, url, only, say, events)


def saving_in_bulk(backend: str, url, only: frozenset[str] | set[str], say, events: int) -> list[Figure]:
    rows: list[Figure] = []
    records = min(100_000, events)
    if "bulk" in only:
        rows.extend(bulk(backend, url, say, records))
    if "sheet" in only:
        rows.extend(sheet(backend, url, say))
    return rows


def bulk(backend: str, url, say, records: int) -> list[Figure]:
    rows: list[Figure] = []
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

    return rows


def sheet(backend: str, url, say) -> list[Figure]:
    rows: list[Figure] = []
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

    return rows


def rebuilding(
    backend: str, big: str, url, only: frozenset[str] | set[str], say, events: int, small_events: int
) -> list[Figure]:
    """The rebuild of every read model against a raw scan, and its peak memory against a tenth of the log."""
    rows: list[Figure] = []
    if not {"rebuild", "memory"} & only:
        return rows
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

    if "memory" not in only:
        return rows
    small = url("office_small")
    say(f"[{backend}] generating {small_events:,} events for the memory comparison...")
    f.generate(small, small_events)
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


def optional_figures(backend: str, url: str, events: int, only: frozenset[str] = frozenset(PARTS)) -> list[Figure]:
    """Verify in process, the overview page, the event browser and time travel."""
    out: list[Figure] = []
    if "verify" in only:
        out.extend(verifying(backend, url, events))
    if "overview" in only:
        out.extend(overview_figures(backend, url, events))
    if "events" in only:
        out.extend(__import__("bench.event_browser", fromlist=["figures"]).figures(backend, url, events))
    if "timetravel" in only:
        out.extend(time_travelling(backend, url))
    return out


def verifying(backend: str, url: str, events: int) -> list[Figure]:
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
                    "report",
                    None,
                    "baseline: raw SELECT + SHA-256 chain over each payload (in process); one part, in this process: "
                    "issue 21's target (≥ 0.6x) is the command's, with its parts side by side (row `culture-ledger "
                    "verify`)",
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
    return out


def time_travelling(backend: str, url: str) -> list[Figure]:
    out = []
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
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts to measure, of: {', '.join(PARTS)}")
    parser.add_argument("--office", help="copy this generated office (sqlite:///… or postgresql://…) instead")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    only = {p.strip() for p in args.only.split(",") if p.strip()}
    if only - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(only - set(PARTS)))} (known: {', '.join(PARTS)})")
    if args.office:
        backends = ["sqlite" if args.office.startswith("sqlite:") else "postgresql"]

    def say(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    rows: list[Figure] = []
    cluster = None
    with tempfile.TemporaryDirectory(prefix="culture-ledger-bench-") as tmp:
        try:
            if "postgresql" in backends and not args.office:
                from tests.pg import Cluster

                say("starting a throwaway PostgreSQL cluster (durable settings)...")
                cluster = Cluster(durable=True).start()
            for backend in backends:
                (Path(tmp) / backend).mkdir(exist_ok=True)
                if args.office and backend == "postgresql":
                    cluster = Office(args.office)
                rows.extend(run_backend(backend, args.events, cluster, Path(tmp), say, only, args.office))
        finally:
            if cluster is not None and not args.office:
                cluster.stop()
    took = time.perf_counter() - started
    print(
        f"Culture Ledger benchmarks, {f'a copy of {args.office}' if args.office else f'{args.events:,} events'}"
        + (f" ({', '.join(p for p in PARTS if p in only)})" if only != set(PARTS) else "")
        + ", "
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
