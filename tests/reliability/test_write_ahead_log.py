"""SQLite keeps each commit in its write-ahead log and copies the log into the database file now and
then (a checkpoint). That copy is no longer made by whichever save happens to find the log long (it
waited for the copy and an fsync of the whole database: some 80 ms where a save takes 2): a thread of
the process makes it, and what was saved reaches the database file itself within a moment."""

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from culture_ledger.ledger import Ledger
from event_store.wal import Checkpoints
from tests.conftest import last_workday

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("import_channel")


def in_the_database_file(path: str, sql: str) -> int:
    """Read the database file alone, as if the log were not there (what a checkpoint has copied in)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def test_no_save_copies_the_log_into_the_database_and_a_thread_soon_does(ledger, store_url, office, staff_of):
    path = store_url[len("sqlite:///") :]
    with ledger.app.recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 0  # the store's own connections never checkpoint on commit
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"  # readers and the writer side by side, as the library opens them

    wang = staff_of(office.wang)
    last = last_workday()
    for n in range(40):
        ledger.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last - timedelta(days=n), "minutes": 30, "material": "党章"}, wang
        )
    head = ledger.app.head()
    deadline = time.monotonic() + 10
    while in_the_database_file(path, "SELECT MAX(rowid) FROM stored_events") != head:
        assert time.monotonic() < deadline, "the log was not copied into the database file"
        time.sleep(0.05)
    assert in_the_database_file(path, "SELECT COUNT(*) FROM study_entries") == 40


def test_what_was_saved_is_all_there_when_the_store_is_opened_again(store_url, office, staff_of, ledger):
    wang = staff_of(office.wang)
    entry = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 45, "material": "党章"}, wang
    )
    head = ledger.app.head()
    ledger.close()
    again = Ledger(url=store_url, worker=False)
    try:
        assert again.query("SELECT minutes FROM study_entries WHERE id = ?", (entry.hex,)) == [{"minutes": 45}]
        assert again.app.head() == head
    finally:
        again.close()


def test_a_process_forked_just_as_the_copying_thread_opens_the_store_can_open_it_too(ledger, store_url):
    # `verify` reads the log in parts, each in a process forked from its own, right after it opened
    # the store. A process forked while the copying thread was inside SQLite (opening its connection,
    # copying) waited forever for a lock that thread held: a third of such forks hung, before.
    path = store_url[len("sqlite:///") :]
    hung = 0
    for _ in range(40):
        checkpoints = Checkpoints(path, 5.0)
        checkpoints.committed()  # the thread starts and opens its connection now
        pid = os.fork()
        if pid == 0:  # the child: open the store as a part of verify does
            code = 1
            try:
                connection = sqlite3.connect(path, timeout=5)
                code = 0 if connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0] > 0 else 2
                connection.close()
            finally:
                os._exit(code)
        deadline = time.monotonic() + 3
        while not (done := os.waitpid(pid, os.WNOHANG))[0] and time.monotonic() < deadline:
            time.sleep(0.001)
        if not done[0]:
            hung += 1
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        else:
            assert os.waitstatus_to_exitcode(done[1]) == 0  # it read the store
        checkpoints.close()
    assert hung == 0, f"{hung} of 40 forked processes hung opening the store"


def test_a_command_that_ends_without_closing_the_store_leaves_no_log_behind(ledger, store_url, office):
    # A command's process (a rebuild, an import) ends without closing the store: the store's last
    # connection to close copies the rest of the log in and removes it. The copying thread's own
    # connection, left open at exit, kept 300 MB of log after a rebuild for the next command to copy.
    path = store_url[len("sqlite:///") :]
    ledger.close()
    script = (
        "import sys\n"
        "from datetime import timedelta\n"
        "from culture_ledger.ledger import Ledger, channel_open\n"
        "from domain.actor import Actor\n"
        "from tests.conftest import last_workday\n"
        f"ledger = Ledger(url={store_url!r}, worker=False)\n"
        "with channel_open('import'):\n"
        "    ledger.study.record_study_batch(\n"
        f"        [{{'cadre_id': {office.wang.hex!r}, 'occurred_on': last_workday() - timedelta(days=n), "
        "'minutes': 30, 'material': '党章'} for n in range(300)],\n"
        "        Actor('admin', 'admin', 'form').via('import'),\n"
        "    )\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not Path(f"{path}-wal").exists()
    assert in_the_database_file(path, "SELECT COUNT(*) FROM study_entries") == 300


def test_under_saves_that_never_pause_the_log_starts_again_once_it_is_long(
    ledger, store_url, office, staff_of, monkeypatch
):
    # Each checkpoint copies the log into the database while the next save is under way, so the log
    # never finds itself wholly copied with nobody using it, the moment SQLite starts it again from the
    # beginning: without a quiet moment it only grew (34,000 pages, 140 MB, after 1,500 saves). Once
    # it is long, a checkpoint starts it again.
    from event_store import wal

    monkeypatch.setattr(wal, "LONG_LOG", 300)
    monkeypatch.setattr(wal, "PAUSE", 0.005)
    path = store_url[len("sqlite:///") :]
    wang = staff_of(office.wang)
    ledger.close()
    busy = Ledger(url=store_url, worker=False)  # its copying thread on these settings
    last = last_workday()
    try:
        for n in range(200):  # some twenty pages each, back to back
            busy.study.record_study(
                {"cadre_id": office.wang, "occurred_on": last - timedelta(days=n), "minutes": 5, "material": "党章"},
                wang,
            )
        pages_logged = sqlite3.connect(path).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
        assert pages_logged < 2_000  # some 4,000 if it never started again
        assert busy.scalar("SELECT COUNT(*) FROM study_entries") == 200
    finally:
        busy.close()


def test_a_long_read_holding_the_log_does_not_hold_up_every_checkpoint_after(
    ledger, store_url, office, staff_of, monkeypatch, caplog
):
    # A restart waits for the store's readers, and new commits wait for it meanwhile (up to
    # RESTART_WAIT_MS). While a long read holds the log (an export, a verify in another process), a
    # restart is tried again only once the log has grown by another LONG_LOG pages, not at every
    # checkpoint; once the read ends, the log starts again.
    from event_store import wal

    monkeypatch.setattr(wal, "LONG_LOG", 1_000)
    monkeypatch.setattr(wal, "PAUSE", 0.005)
    path = store_url[len("sqlite:///") :]
    wang = staff_of(office.wang)
    ledger.close()
    busy = Ledger(url=store_url, worker=False)
    last = last_workday()

    def record(n):
        busy.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last - timedelta(days=n), "minutes": 5, "material": "党章"}, wang
        )

    reader = sqlite3.connect(path, isolation_level=None)
    try:
        record(0)
        reader.execute("BEGIN")
        assert reader.execute("SELECT COUNT(*) FROM study_entries").fetchone()[0] == 1  # its picture: the log so far
        with caplog.at_level(logging.DEBUG, logger="event_store.wal"):
            for n in range(1, 200):  # some twenty pages each: past LONG_LOG four times
                record(n)
            time.sleep(0.1)
        held = [r for r in caplog.records if r.getMessage().startswith("log held by a reader")]
        logged = sqlite3.connect(path).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
        assert logged > 3_000  # the reader kept the whole log: nothing started it again
        assert 1 <= len(held) <= logged // 1_000 + 1  # once per LONG_LOG pages, not once per checkpoint
        reader.execute("ROLLBACK")
        record(200)
        deadline = time.monotonic() + 10
        while sqlite3.connect(path).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1] >= 1_000:
            assert time.monotonic() < deadline, "the log did not start again once the read ended"
            record(201 + int(time.monotonic() * 1000) % 10_000)
            time.sleep(0.02)
        assert busy.scalar("SELECT COUNT(*) FROM study_entries") >= 201
    finally:
        reader.close()
        busy.close()
