"""Each figure and its baseline, measured in the same run on the same backend."""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from eventsourcing.application import Application

from domain.actor import Actor
from event_store import transcodings
from event_store.store import store_env

ROOT = Path(__file__).resolve().parents[1]
# The at-scale office's own administrator (`culture-ledger demo` creates the account): the
# services check every writer against a live account.
CLERK = Actor("demo-admin", "admin", "form")
IMPORTER = CLERK.via("import")


@dataclass
class Figure:
    """One row of the table."""

    name: str
    backend: str
    value: float | None
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""


class BareApplication(Application[UUID]):
    """The library's Application as it comes: its own recorder (no chain), its JSON transcoder."""

    name = "Bare"

    def register_transcodings(self, transcoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in transcodings.ALL:
            transcoder.register(transcoding())


def bare_app(url: str) -> BareApplication:
    env = {k: v for k, v in store_env(url).items() if k != "APPLICATION_RECORDER_TOPIC"}
    return BareApplication(env)


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def study_entry(cadre: UUID, day: date, i: int):
    from plugins.study.domain import StudyEntry

    return StudyEntry(
        cadre_id=cadre, occurred_on=day, minutes=60 + i % 60, material="《机构编制工作条例》", mode="self", by=IMPORTER
    )


# --- the office at scale --------------------------------------------------------------------


def generate(url: str, events: int) -> tuple[float, str]:
    """`culture-ledger demo --events N` in its own process; returns (seconds, its last line)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "culture_ledger.cli", "--store", url, "demo", "--events", str(events)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode != 0:
        raise RuntimeError(f"demo --events {events} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


# --- recording one entry through the service ------------------------------------------------


def service_latencies(url: str, samples: int) -> list[float]:
    from culture_ledger.ledger import Ledger

    ledger = Ledger(url=url, worker=False)
    cadres = [
        UUID(r["id"]) for r in ledger.query("SELECT id FROM cadres WHERE retired_on IS NULL ORDER BY id LIMIT 50")
    ]
    day = date.today() - timedelta(days=1)
    out = []
    for i in range(samples):
        command = {
            "cadre_id": cadres[i % len(cadres)],
            "occurred_on": day,
            "minutes": 30 + i % 90,
            "material": "《机构编制工作条例》",
            "mode": "self",
        }
        started = time.perf_counter()
        ledger.study.record_study(command, CLERK)
        out.append(time.perf_counter() - started)
    ledger.close()
    return out


def bare_save_latencies(url: str, samples: int) -> list[float]:
    app = bare_app(url)
    cadre = UUID(int=1)
    day = date.today() - timedelta(days=1)
    out = []
    for i in range(samples):
        entry = study_entry(cadre, day, i)
        started = time.perf_counter()
        app.save(entry)
        out.append(time.perf_counter() - started)
    app.close()
    return out


# --- bulk import --------------------------------------------------------------------------


def service_bulk_rate(url: str, records: int) -> float:
    """The study service's bulk path on a small office: validation, events, chain, read model."""
    from culture_ledger.demo import seed_demo
    from culture_ledger.ledger import Ledger

    ledger = Ledger(url=url, worker=False)
    office = seed_demo(ledger, weeks=1)
    cadres = list(office.cadres)
    day = office.start - timedelta(days=1)
    commands = [
        {
            "cadre_id": cadres[i % len(cadres)],
            "occurred_on": day - timedelta(days=i // len(cadres)),
            "minutes": 60 + i % 60,
            "material": "《机构编制工作条例》",
            "mode": "self",
        }
        for i in range(records)
    ]
    from culture_ledger.ledger import channel_open

    started = time.perf_counter()
    with channel_open("import"):  # past records brought in, as an import does
        for i in range(0, records, 20_000):
            ledger.study.record_study_batch(commands[i : i + 20_000], office.clerk.via("import"))
    rate = records / (time.perf_counter() - started)
    ledger.close()
    return rate


def bare_bulk_rate(url: str, records: int, chunk: int = 1000) -> float:
    """The library's batch `save` of the same events (aggregates built in the timing too)."""
    from event_store.projection import frozen_heap

    app = bare_app(url)
    cadres = [UUID(int=i + 1) for i in range(31)]
    day = date.today() - timedelta(days=8)
    started = time.perf_counter()
    with frozen_heap():  # the same garbage-collector treatment the ledger's bulk path gives itself
        for i in range(0, records, chunk):
            app.save(
                *[
                    study_entry(cadres[j % 31], day - timedelta(days=j // 31), j)
                    for j in range(i, min(records, i + chunk))
                ]
            )
    rate = records / (time.perf_counter() - started)
    app.close()
    return rate


# --- a study sheet through the sheet machinery --------------------------------------------


def study_sheet_rows(ledger, office, rows: int) -> list[list]:
    """`rows` rows of a 日学一时签到表 as an office types them (name, department, day, minutes, mode,
    material), over the demo office's cadres whose names are their own (no namesake)."""
    cadres = ledger.query(
        "SELECT c.name, d.name AS department FROM cadres c JOIN departments d ON d.id = c.department_id "
        "WHERE c.retired_on IS NULL AND c.name IN (SELECT name FROM cadres GROUP BY name HAVING COUNT(*) = 1) "
        "ORDER BY c.name"
    )
    day = office.start - timedelta(days=1)
    return [
        [
            cadres[i % len(cadres)]["name"],
            cadres[i % len(cadres)]["department"],
            (day - timedelta(days=i // len(cadres))).isoformat(),
            60 + i % 60,
            "自学",
            "《机构编制工作条例》",
            None,
        ]
        for i in range(rows)
    ]


def sheet_import_rates(sheet_url: str, bulk_url: str, rows: int = 10_000) -> dict:
    """A `rows`-row study sheet (.xlsx) imported through `culture_ledger.sheets.load` (reading the
    workbook, every cell, names to ids, the command model, the known rows, the bulk path) vs the
    same rows' commands given straight to `StudyService.record_study_batch`, each on a fresh demo
    office seeded alike. Returns both rates (rows/s) and the seconds of each."""
    import io

    from openpyxl import Workbook

    from culture_ledger import sheets
    from culture_ledger.demo import seed_demo
    from culture_ledger.ledger import Ledger

    out: dict = {}
    for kind, url in (("sheet", sheet_url), ("bulk", bulk_url)):
        ledger = Ledger(url=url, worker=False)
        office = seed_demo(ledger, weeks=1)
        table = study_sheet_rows(ledger, office, rows)
        sheet = ledger.registry.sheet("study-daily")
        if kind == "sheet":
            book = Workbook()
            data = book.active
            data.append([ledger.catalog.t("zh", c.header) for c in sheet.columns])
            for row in table:
                data.append(row)
            buffer = io.BytesIO()
            book.save(buffer)
            started = time.perf_counter()
            report = sheets.load(ledger, sheet, buffer.getvalue(), "签到表.xlsx", IMPORTER)
            seconds = time.perf_counter() - started
            assert report.written == rows, (
                report.written,
                [sheets.worded(ledger, p, "en") for p in report.problems[:5]],
            )
        else:
            ids = {
                (r["name"], r["department"]): UUID(r["id"])
                for r in ledger.query(
                    "SELECT c.id, c.name, d.name AS department FROM cadres c "
                    "JOIN departments d ON d.id = c.department_id WHERE c.retired_on IS NULL"
                )
            }
            commands = [
                {
                    "cadre_id": ids[(name, department)],
                    "occurred_on": date.fromisoformat(day),
                    "minutes": minutes,
                    "material": material,
                    "mode": "self",
                }
                for name, department, day, minutes, _mode, material, _place in table
            ]
            started = time.perf_counter()
            from culture_ledger.ledger import channel_open

            with channel_open("import"):  # the paper ledger brought in, as an import does
                ledger.study.record_study_batch(commands, IMPORTER)
            seconds = time.perf_counter() - started
        out[kind] = rows / seconds
        out[f"{kind}_s"] = seconds
        ledger.close()
    return out


# --- scanning the raw log ----------------------------------------------------------------


def raw_states(url: str):
    """Every stored payload in log order, streamed straight from the database."""
    if url.startswith("sqlite:///"):
        import sqlite3

        con = sqlite3.connect(url[len("sqlite:///") :])
        try:
            cursor = con.execute("SELECT state FROM stored_events ORDER BY rowid")
            while rows := cursor.fetchmany(1000):
                for (state,) in rows:
                    yield state
        finally:
            con.close()
    else:
        import psycopg

        env = store_env(url)
        with psycopg.connect(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
        ) as con:
            with con.cursor(name="scan") as cursor:
                cursor.itersize = 1000
                cursor.execute("SELECT state FROM cultureledger_events ORDER BY notification_id")
                for (state,) in cursor:
                    yield state


def raw_json_rate(url: str) -> float:
    started = time.perf_counter()
    n = 0
    for state in raw_states(url):
        json.loads(state)
        n += 1
    return n / (time.perf_counter() - started)


def raw_sha_rate(url: str) -> float:
    started = time.perf_counter()
    n = 0
    h = bytes(32)
    for state in raw_states(url):
        h = hashlib.sha256(h + state).digest()
        n += 1
    return n / (time.perf_counter() - started)


def rebuild_in_child(url: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", "rebuild", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode != 0:
        raise RuntimeError(f"rebuild failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def browser_in_child(url: str, rounds: int = 3) -> dict:
    """`python -m bench.browser URL`: every page in Chromium as the demo leader and auditor."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.browser", url, "--rounds", str(rounds)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode != 0:
        raise RuntimeError(f"the browser figures failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the worker (PostgreSQL) ------------------------------------------------------------


def worker_lags(url: str, samples: int) -> list[float]:
    """Append one event, then time until the worker's tracking shows it in the read model."""
    from culture_ledger.ledger import Ledger

    worker = subprocess.Popen(
        [sys.executable, "-m", "culture_ledger.cli", "--store", url, "worker"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = worker.stdout.readline()
        if not line.startswith("Worker following"):
            raise RuntimeError(line + worker.stderr.read())
        ledger = Ledger(url=url, worker=True)
        tracking = ledger.readmodels.tracking
        while (tracking.max_tracking_id("study") or 0) < ledger.app.head():
            time.sleep(0.05)
        cadre = UUID(ledger.query("SELECT id FROM cadres LIMIT 1")[0]["id"])
        day = date.today() - timedelta(days=1)
        lags = []
        for i in range(samples):
            recordings = ledger.app.save(study_entry(cadre, day, i))
            appended = time.perf_counter()
            position = recordings[-1].notification.id
            while (tracking.max_tracking_id("study") or 0) < position:
                time.sleep(0.0005)
            lags.append(time.perf_counter() - appended)
            time.sleep(0.01)
        ledger.close()
        return lags
    finally:
        worker.terminate()
        worker.wait(timeout=30)


# --- figures other areas contribute, when they exist ----------------------------------------


def optional(label: str, probe: Callable[[], object]) -> str | None:
    """None when the feature exists, else the reason it cannot be measured here."""
    try:
        probe()
    except ImportError:
        return "n/a (not built)"
    return None


def time_best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- the leaders' overview page under AppTest -------------------------------------------------

OVERVIEW_PERIODS = ("week", "month", "quarter")


def _overview_page(url: str) -> None:
    """The real overview page of a server on `url` (AppTest runs this function's source as the script)."""
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.overview import pages as overview

    overview.render()


def _trivial_page() -> None:
    import streamlit as st

    st.write("ok")


def overview_page_times(
    url: str, warm: int = 9, account: str = "demo-leader", password: str = "demo-leader-pw"
) -> dict:
    """Seconds per AppTest run of the overview page, signed in as the leader, next to a one-line page.

    `cold`: the process's first run (it opens the store). `warm`: the median of `warm` runs
    after it with nothing changed, each a new session (a leader opening the page on a running
    server); `rerun`: the same session run again (what the live refresh does). `trivial` and
    `trivial_rerun`: the same for a page of one `st.write`, interleaved with the overview's runs
    so both see the same machine. `first_view[kind]`: a leader choosing that period with
    nothing computed for it yet (the page's caches emptied, the server's ledger still open), and
    `first_view_cpu[kind]` the processor time it took (what a busy machine cannot inflate).
    """
    import streamlit as st
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from culture_ledger.ledger import Ledger
    from plugins.overview import pages as page

    # The served app does not gather usage statistics (streamlit_config.toml); AppTest keeps Streamlit's
    # default, which notes every element a page draws: timed here, it would be counted as the page's.
    config.set_option("browser.gatherUsageStats", False)

    ledger = Ledger(url=url, worker=False)
    leader = ledger.accounts.authenticate(account, password)  # a real account and password, as the login page does
    ledger.close()
    saved = os.environ.get("CULTURE_LEDGER_STORE")

    scanned: list = []

    def once(at: AppTest) -> AppTest:
        # A server scans the installed components once, when it starts; AppTest scans them again for
        # every new instance (a quarter of a second of processor time, seconds on a busy machine),
        # which would be timed as the page's. The first instance's scan serves the others.
        if scanned and hasattr(at, "_bidi_component_manager"):
            at._bidi_component_manager = scanned[0]
        return at

    def overview(period: str | None = None) -> AppTest:
        at = once(AppTest.from_function(_overview_page, args=(url,), default_timeout=600))
        at.session_state["actor"] = leader
        if period:
            at.session_state["ov_period"] = period
        return at

    def trivial() -> AppTest:
        return once(AppTest.from_function(_trivial_page, default_timeout=60))

    def timed(at: AppTest) -> float:
        started = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - started
        if not scanned and getattr(at, "_bidi_component_manager", None) is not None:
            scanned.append(at._bidi_component_manager)
        if at.exception:
            raise RuntimeError(f"the page failed: {at.exception[0].message}")
        return seconds

    try:
        st.cache_data.clear()
        st.cache_resource.clear()
        cold = timed(overview())
        timed(trivial())
        runs, trivial_runs = [], []
        for _ in range(warm):
            runs.append(timed(overview()))
            trivial_runs.append(timed(trivial()))
        session, trivial_session = overview(), trivial()
        timed(session)
        timed(trivial_session)
        reruns, trivial_reruns = [], []
        for _ in range(warm):
            reruns.append(timed(session))
            trivial_reruns.append(timed(trivial_session))
        first_view, first_view_cpu = {}, {}
        for kind in OVERVIEW_PERIODS:
            page.forget()
            cpu = time.process_time()
            first_view[kind] = timed(overview(kind))
            first_view_cpu[kind] = time.process_time() - cpu
    finally:
        if saved is None:
            os.environ.pop("CULTURE_LEDGER_STORE", None)
        else:
            os.environ["CULTURE_LEDGER_STORE"] = saved
    return {
        "cold": cold,
        "warm": median(runs),
        "warm_runs": runs,
        "trivial": median(trivial_runs),
        "rerun": median(reruns),
        "trivial_rerun": median(trivial_reruns),
        "first_view": first_view,
        "first_view_cpu": first_view_cpu,
    }


# --- time travel (issue #8 item 2): cost flat in the length of the log ----------------------


def time_travel(url: str, runs: int = 5) -> dict:
    """Time travel to a position near the head and to one at a tenth of the log, each the median of
    `runs` visits including the leaders' figures the page shows, on checkpoints prepared beforehand
    (as `culture-ledger checkpoint` does; how long that took and the disk it uses are reported too).

    A visit reads the row versions standing at its position, wherever that is: both positions are
    one before a checkpoint, the kind of position that cost the most in the layout before (a full
    copy every 100,000 events and changesets between them).
    """
    import shutil
    import tempfile

    from culture_ledger.ledger import Ledger
    from culture_ledger.periods import Period
    from plugins.audit.queries import leader_figures, time_machine

    # On SQLite the checkpoints go beside the store (the bench's temporary folder); elsewhere into one of our own.
    scratch = None if url.startswith("sqlite:///") else tempfile.mkdtemp(prefix="culture-ledger-checkpoints-")
    ledger = Ledger(url=url, worker=False)
    try:
        machine = time_machine(ledger, directory=scratch)
        head = ledger.app.head()
        started = time.perf_counter()
        machine.prepare(head)
        prepared = time.perf_counter() - started
        every = machine.every
        far = max(1, head // every * every - 1)
        tenth = head // 10
        close = max(1, tenth // every * every - 1 if tenth >= every else tenth)

        def visit(position: int) -> float:
            row = ledger.query("SELECT recorded_at FROM event_index WHERE position = ?", (position,))
            day = datetime_day(row[0]["recorded_at"]) if row else date.today()
            period = Period.containing("month", day)
            begun = time.perf_counter()
            with machine.at(position) as past:
                leader_figures(past, period.start, min(period.end, day), day)
            return time.perf_counter() - begun

        visit(far), visit(close)  # warm: imports, the OS's file cache
        # Alternately, so that whatever else the machine does weighs on both alike.
        pairs = [(visit(far), visit(close)) for _ in range(runs)]
        at_head, at_near = median([a for a, _ in pairs]), median([b for _, b in pairs])
        return {
            "head": head,
            "far": far,
            "near": close,
            "at_head": at_head,
            "at_near": at_near,
            "prepare_s": prepared,
            "disk_mb": machine.disk_usage() / 1e6,
            "checkpoints": len(machine.checkpoints()),
            "every": machine.every,
        }
    finally:
        ledger.close()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def store_size(url: str) -> int:
    """Bytes the store takes on disk: the SQLite file with its write-ahead log, or the PostgreSQL database."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    from culture_ledger.ledger import Ledger

    ledger = Ledger(url=url, worker=False)
    try:
        return int(ledger.scalar("SELECT pg_database_size(current_database())"))
    finally:
        ledger.close()


def datetime_day(recorded_at: str) -> date:
    from datetime import datetime

    from domain import clock

    return datetime.fromisoformat(recorded_at).astimezone(clock.office_zone()).date()
