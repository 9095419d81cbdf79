"""Backup and restore on PostgreSQL: pg_dump taken while staff keep recording, restored
into another database with pg_restore, shows the same log and the same dashboards.

The cluster is this module's own: initdb in a temporary folder (as the postgres user when
run as root), started on a free port, stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period
from domain import clock
from domain.actor import Actor
from plugins.study.daily.queries import cadre_compliance
from tests.conftest import create_fixture_accounts
from tests.reliability.checks import chain_breaks, differences_from_a_rebuild, log, read_models

PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL cluster; yields a function making a fresh database URL."""
    assert PG_BIN is not None, "PostgreSQL server binaries are missing: run `make system-deps`"
    # Not under pytest's tmp folder: that one is private to the user running the tests.
    folder = Path(tempfile.mkdtemp(prefix="reliability-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    subprocess.run(
        [
            *as_postgres,
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_postgres,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    made = []

    def database(name: str) -> str:
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name],
            check=True,
            capture_output=True,
        )
        made.append(name)
        return f"postgresql://postgres:@127.0.0.1:{port}/{name}"

    try:
        yield database
    finally:
        subprocess.run(
            [*as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def pg(tool: str, url: str, *args: str) -> None:
    from urllib.parse import urlparse

    u = urlparse(url)
    subprocess.run(
        [str(PG_BIN / tool), "-h", u.hostname, "-p", str(u.port), "-U", u.username, *args],
        check=True,
        capture_output=True,
    )


def has_chain(ledger: Ledger) -> bool:
    return ledger.scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'event_chain'") > 0


@pytest.mark.slow
def test_a_pg_dump_taken_while_staff_record_restores_to_the_same_log_and_dashboards(postgres, tmp_path):
    source_url = postgres("office")
    ledger = Ledger(url=source_url)
    create_fixture_accounts(ledger)
    admin = Actor("admin", "admin", "form")
    department = ledger.people.register_department({"name": "办公室"}, admin)
    cadres = [
        ledger.people.register_cadre({"name": name, "department_id": department, "joined_on": date(2020, 1, 1)}, admin)
        for name in ("王建国", "ئابدۇرېھىم", "Нұрлан")
    ]
    staff = []  # each cadre records their own study
    for n, cadre in enumerate(cadres):
        ledger.accounts.create(
            {"username": f"staff{n}", "display_name": f"staff{n}", "roles": ["staff"], "cadre_id": cadre}, admin
        )
        staff.append(Actor(f"staff{n}", "staff", "form"))
    stop = threading.Event()

    def staff_at_work() -> None:
        i = 0
        while not stop.is_set():
            ledger.study.record_study(
                {
                    "cadre_id": cadres[i % 3],
                    "occurred_on": clock.today() - timedelta(days=i % 7),
                    "minutes": 50 + i % 30,
                    "material": f"<b>第{i}次</b>学习",
                },
                staff[i % 3],
            )
            i += 1

    worker = threading.Thread(target=staff_at_work)
    worker.start()
    dump = tmp_path / "office.dump"
    try:
        start = ledger.app.head()
        while ledger.app.head() < start + 30 and worker.is_alive():
            stop.wait(0.05)
        assert worker.is_alive(), "the staff stopped recording: see the thread's exception above"
        pg("pg_dump", source_url, "-Fc", "-f", str(dump), "office")  # one snapshot, writers not blocked
        at_dump = ledger.app.head()
        while ledger.app.head() < at_dump + 10 and worker.is_alive():
            stop.wait(0.05)
    finally:
        stop.set()
        worker.join()

    restored_url = postgres("restored")
    pg("pg_restore", restored_url, "--no-owner", "-d", "restored", str(dump))
    restored = Ledger(url=restored_url)
    try:
        head = restored.app.head()
        assert 30 <= head < ledger.app.head()
        assert [(n.id, n.topic, bytes(n.state)) for n in log(restored)] == [
            (n.id, n.topic, bytes(n.state)) for n in log(ledger)
        ][:head]
        if has_chain(restored):  # the PostgreSQL chain recorder lands with the PostgreSQL issue
            assert chain_breaks(restored) == []
        assert differences_from_a_rebuild(restored) == {}

        # Once the office has stopped, a second dump shows exactly the same dashboards.
        pg("pg_dump", source_url, "-Fc", "-f", str(tmp_path / "quiet.dump"), "office")
        quiet_url = postgres("quiet")
        pg("pg_restore", quiet_url, "--no-owner", "-d", "quiet", str(tmp_path / "quiet.dump"))
        quiet = Ledger(url=quiet_url)
        try:
            assert read_models(quiet) == read_models(ledger)
            week = Period.containing("week", clock.today())
            assert cadre_compliance(quiet, week).equals(cadre_compliance(ledger, week))
        finally:
            quiet.close()
    finally:
        restored.close()
        ledger.close()
