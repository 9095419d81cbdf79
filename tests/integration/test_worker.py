"""Scale-out on PostgreSQL: app instances write, one worker keeps the read models, and
everyone sees the same dashboards; killing the worker loses and doubles nothing."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period
from event_store.worker import Worker
from plugins.study.daily.queries import cadre_compliance
from tests.conftest import last_workday
from tests.integration.test_store_backends import recompute_chain

pytestmark = pytest.mark.backends("postgresql")

ROOT = Path(__file__).resolve().parents[2]

# One app instance: records study entries as a staff member would, checks after each that the
# read model already shows it (read-your-writes through the worker), then waits until the
# read model holds everyone's entries and corrections, and prints what its dashboard shows.
APP_INSTANCE = r"""
import json, sys
from datetime import date
from uuid import UUID
from culture_ledger.ledger import Ledger
from domain.actor import Actor
from culture_ledger.periods import Period
from plugins.study.daily.queries import cadre_compliance

name, day, total, cadres = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
ledger = Ledger()
assert ledger.worker, "this instance should leave the read models to the worker"
me = Actor(name, "staff", "form")
written = []
for i in range(20):
    cadre = UUID(cadres[i % len(cadres)])
    entry = ledger.study.record_study({"cadre_id": cadre, "occurred_on": day, "minutes": 10 + i,
                                       "material": f"{name} 第{i}次", "mode": "self"}, me)
    seen = ledger.scalar("SELECT minutes FROM study_entries WHERE id = ?", (entry.hex,))
    assert seen == 10 + i, f"{name} does not see its own entry {i}: {seen}"
    if i % 5 == 4:
        ledger.study.amend_study(entry, {"minutes": 60, "reason": "补记"}, me)
        assert ledger.scalar("SELECT minutes FROM study_entries WHERE id = ?", (entry.hex,)) == 60
    written.append(entry.hex)
# Everyone's 20 entries and 4 corrections each.
while ledger.scalar("SELECT COUNT(*) + SUM(version - 1) FROM study_entries") != total + total // 5:
    import time; time.sleep(0.05)
rows = ledger.query("SELECT id, cadre_id, minutes, withdrawn, version FROM study_entries ORDER BY id")
board = cadre_compliance(ledger, Period.containing("day", day), today=day)
print(json.dumps({"written": written, "rows": rows, "board": board.astype(str).to_dict("records")}))
ledger.close()
"""


def _env(store_url, **extra):
    return {**os.environ, "CULTURE_LEDGER_STORE": store_url, "PYTHONPATH": str(ROOT), **extra}


def _start_worker(store_url, log: Path):
    # stderr goes to a file, never an unread pipe that could fill up and stall the worker.
    with log.open("a") as err:
        worker = subprocess.Popen(
            [sys.executable, "-m", "culture_ledger.cli", "worker", "--poll", "0.5"],
            env=_env(store_url),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    line = worker.stdout.readline()
    assert line.startswith("Worker following"), line + log.read_text()
    return worker


@pytest.mark.slow
def test_two_app_instances_and_a_killed_and_restarted_worker_lose_and_double_nothing(
    ledger, store_url, office, admin, tmp_path
):
    day = last_workday()
    # Two staff members, each recording their own study (staff record only their own entries).
    people = {"clerk-a": office.wang, "clerk-b": office.aygul}
    for name, cadre in people.items():
        ledger.accounts.create({"username": name, "display_name": name, "roles": ["staff"], "cadre_id": cadre}, admin)
    start = ledger.app.head()
    log = tmp_path / "worker.log"
    worker = _start_worker(store_url, log)
    apps = [
        subprocess.Popen(
            [sys.executable, "-c", APP_INSTANCE, name, day.isoformat(), "40", str(cadre)],
            env=_env(store_url, CULTURE_LEDGER_WORKER="1", CULTURE_LEDGER_WORKER_TIMEOUT="60"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, cadre in people.items()
    ]
    try:
        # Both instances are writing; kill the worker without warning part-way through.
        deadline = time.monotonic() + 60
        while ledger.app.head() < start + 15 and time.monotonic() < deadline:
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        time.sleep(0.3)  # the instances keep appending; their reads now wait
        worker = _start_worker(store_url, log)
        outputs = []
        for app in apps:
            try:
                outputs.append(app.communicate(timeout=120))
            except subprocess.TimeoutExpired as stuck:
                # One instance waits for the other's entries: one that failed (on opening the store,
                # say) shows here with its exit code and what it said, not as a stall of both.
                ended = [(a.returncode, a.communicate()[1]) for a in apps[len(outputs) + 1 :] if a.poll() is not None]
                pytest.fail(
                    f"an app instance did not finish: {stuck.stderr!r}\n--- ended before it: {outputs + ended!r}\n"
                    f"--- worker:\n{log.read_text()}\n"
                    f"--- positions: {ledger.runner.positions()} head {ledger.app.head()}"
                )
    finally:
        for app in apps:
            app.kill()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    for app, (_out, err) in zip(apps, outputs):
        assert app.returncode == 0, f"{err}\n--- worker:\n{log.read_text()}"
    seen = [json.loads(out) for out, _ in outputs]

    # Every write is in the log exactly once, at consecutive positions, chained.
    written = seen[0]["written"] + seen[1]["written"]
    assert len(set(written)) == 40
    assert ledger.app.head() == start + 2 * (40 + 8)  # 40 entries, 8 amendments, each with its 学习日
    positions, recomputed, stored = recompute_chain(ledger)
    assert positions == list(range(1, ledger.app.head() + 1))
    assert recomputed == stored

    # The read model counts each of them once, and both instances showed the same dashboard.
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 40
    expected_minutes = 2 * sum(60 if i % 5 == 4 else 10 + i for i in range(20))
    assert ledger.scalar("SELECT SUM(minutes) FROM study_entries") == expected_minutes
    assert {r["id"] for r in seen[0]["rows"]} == set(written)
    assert seen[0]["rows"] == seen[1]["rows"]
    assert seen[0]["board"] == seen[1]["board"]
    assert set(ledger.runner.positions().values()) == {ledger.app.head()}


def test_an_instance_with_a_worker_sees_its_write_without_catching_up_itself(store_url, office, staff):
    app = Ledger(url=store_url, worker=True)
    worker_ledger = Ledger(url=store_url, worker=False)
    follower = Worker(worker_ledger.runner, poll=5.0)
    thread = threading.Thread(target=follower.run)
    thread.start()
    try:
        entry = app.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 45, "material": "党章"}, staff
        )
        # Visible at once, though this instance never ran a projection (LISTEN/NOTIFY woke the
        # worker well before its 5 s safety poll).
        assert app.scalar("SELECT minutes FROM study_entries WHERE id = ?", (entry.hex,)) == 45
        table = cadre_compliance(app, Period.containing("day", last_workday()), today=last_workday()).set_index("name")
        assert table.loc["王建国", "minutes"] == 45
    finally:
        follower.stop()
        thread.join(timeout=10)
        app.close()
        worker_ledger.close()
    assert not thread.is_alive()
    assert follower.error is None


def test_without_a_worker_an_instance_in_worker_mode_still_keeps_the_write(store_url, office, staff, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_WORKER_TIMEOUT", "0.2")
    app = Ledger(url=store_url, worker=True)
    try:
        head = app.app.head()
        app.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 45, "material": "党章"}, staff
        )
        assert app.app.head() == head + 2  # the entry and its 学习日 appended, though no worker has shown them yet
        assert app.scalar("SELECT COUNT(*) FROM study_entries") == 0
        # Pages go on rendering what the read models hold, without waiting again.
        started = time.monotonic()
        for _ in range(20):
            app.catch_up()
        assert time.monotonic() - started < 0.2
    finally:
        app.close()


def test_the_worker_refuses_to_run_on_sqlite(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "culture_ledger.cli", "--store", f"sqlite:///{tmp_path / 'l.sqlite3'}", "worker"],
        env=_env(f"sqlite:///{tmp_path / 'l.sqlite3'}"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "SQLite" in done.stderr


def test_app_instances_opening_the_store_at_once_all_open_it(store_url):
    # Every process that opens the store creates what it lacks (and the library rewrote its insert
    # function each time): two app instances started together, the worker beside them, failed with
    # "tuple concurrently updated" or on the catalog's unique index. They now take turns.
    from eventsourcing.postgres import PostgresDatastore

    from event_store.chain import ChainedPostgresApplicationRecorder
    from event_store.store import store_env

    env = store_env(store_url)
    failures: list[BaseException] = []

    def open_thrice() -> None:
        datastore = PostgresDatastore(
            env["POSTGRES_DBNAME"], env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_USER"], "", pool_size=1
        )
        try:
            for _ in range(3):
                try:
                    ChainedPostgresApplicationRecorder(
                        datastore, events_table_name="cultureledger_events"
                    ).create_table()
                except Exception as exc:
                    failures.append(exc)
        finally:
            datastore.close()

    openers = [threading.Thread(target=open_thrice) for _ in range(3)]
    for opener in openers:
        opener.start()
    for opener in openers:
        opener.join(timeout=60)
    assert not any(opener.is_alive() for opener in openers)
    assert failures == []
