"""SQLite keeps each commit in its write-ahead log and copies the log into the database file now and
then (a checkpoint). That copy is no longer made by whichever save happens to find the log long (it
waited for the copy and an fsync of the whole database: some 80 ms where a save takes 2): a thread of
the process makes it, and what was saved reaches the database file itself within a moment."""

import os
import signal
import sqlite3
import time
from datetime import timedelta

import pytest

from culture_ledger.ledger import Ledger
from event_store.wal import Checkpoints
from tests.conftest import last_workday

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
