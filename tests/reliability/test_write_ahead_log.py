"""SQLite keeps each commit in its write-ahead log and copies the log into the database file now and
then (a checkpoint). That copy is no longer made by whichever save happens to find the log long (it
waited for the copy and an fsync of the whole database: some 80 ms where a save takes 2): a thread of
the process makes it, and what was saved reaches the database file itself within a moment."""

import sqlite3
import time
from datetime import timedelta

import pytest

from culture_ledger.ledger import Ledger
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
