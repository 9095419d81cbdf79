"""Issue 19, the store's own clock: when an event went into the log (写入时间, the chain row's
appended-at) is read by the store inside the append transaction, from the database server's clock
on PostgreSQL, and is covered by the chain hash (chain row format 2); old logs' format-1 rows keep
verifying; a changed appended-at is named by `verify` and by the reference verifier."""

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import event_store.links as chain  # the formula, the clock and the SQLite recorder
from culture_ledger.ledger import Ledger
from domain import clock
from event_store.chain import appended_text, link
from event_store.integrity import chain_head, chain_rows, verify
from tests.conftest import create_fixture_accounts, last_workday
from tests.integration.raw_store import raw
from tests.integration.test_reference_verifier import reference

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger-v1-study-without-place.sqlite3"


def study(ledger, office, staff, day, minutes=60):
    return ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": day, "minutes": minutes, "material": "党章", "mode": "self"}, staff
    )


def test_the_store_not_the_writer_says_when_an_event_was_appended_and_the_hash_covers_it(ledger, office, staff):
    day = last_workday() - timedelta(days=7)
    before = datetime.now(UTC)
    # The writer's clock says a week ago (记录时间); the store's says now (写入时间).
    with clock.simulated(datetime.combine(day, datetime.min.time(), tzinfo=clock.office_zone()).replace(hour=17)):
        study(ledger, office, staff, day)
    after = datetime.now(UTC)
    head = chain_head(ledger.app)
    assert head.format == chain.FORMAT == 2
    assert before <= datetime.fromisoformat(head.recorded_at) <= after
    assert len(head.recorded_at) == 32  # microseconds always: the texts sort as the moments do
    n = ledger.app.read(head.position - 1, 1)[0]
    previous = chain_rows(ledger.app, head.position - 2, head.position - 1)[head.position - 1].hash
    hashed = link(previous, n.id, n.originator_id, n.originator_version, n.topic, n.state, head.recorded_at)
    assert hashed == head.hash
    assert link(previous, n.id, n.originator_id, n.originator_version, n.topic, n.state) != head.hash  # not format 1


def test_an_application_clock_set_back_neither_dates_an_append_on_postgresql_nor_takes_the_log_back_in_time(
    ledger, office, staff, store_url, monkeypatch
):
    study(ledger, office, staff, last_workday())
    head_before = chain_head(ledger.app)

    class SetBack(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2000, 1, 1, tzinfo=UTC)

    monkeypatch.setattr(chain, "datetime", SetBack)  # the recorder's machine clock, a quarter-century back
    before = datetime.now(UTC)
    study(ledger, office, staff, last_workday(), minutes=30)
    head = chain_head(ledger.app)
    assert datetime.fromisoformat(head.recorded_at) >= datetime.fromisoformat(head_before.recorded_at)
    if store_url.startswith("postgresql"):
        # The database server's clock_timestamp(), read under the append lock: the app server's clock is not asked.
        assert before <= datetime.fromisoformat(head.recorded_at) <= datetime.now(UTC)
    else:
        # SQLite has no server: its clock is this machine's, held from going back past the chain's head.
        assert head.recorded_at == head_before.recorded_at
    assert verify(ledger.app).ok


def test_a_changed_appended_at_is_named_by_verify_and_by_the_reference_verifier(
    ledger, office, staff, store_url, tmp_path
):
    for back in range(4, 0, -1):
        study(ledger, office, staff, last_workday() - timedelta(days=back))
    position = chain_head(ledger.app).position - 2
    appended = datetime.fromisoformat(chain_rows(ledger.app, position - 1, position)[position].recorded_at)
    with raw(store_url) as db:  # a late entry made to look timely: its appended-at moved a week back
        db.execute(
            "UPDATE event_chain SET recorded_at=? WHERE position=?", (appended_text(appended - timedelta(7)), position)
        )
    finding = verify(ledger.app).finding
    assert (finding.position, finding.kind) == (position, "appended_at_altered")
    assert reference(store_url, tmp_path) == (1, f"FAILED at position {position}")


def test_an_old_log_keeps_verifying_in_format_1_and_goes_on_in_format_2(tmp_path):
    old = tmp_path / "ledger.sqlite3"
    shutil.copyfile(FIXTURE, old)
    url = f"sqlite:///{old}"
    led = Ledger(url=url)  # opening the store adds the chain's format column: its rows are format 1
    try:
        rows = chain_rows(led.app, 0)
        assert {r.format for r in rows.values()} == {1} and len(rows) == led.app.head()
        assert verify(led.app).ok and reference(url, tmp_path)[0] == 0
        create_fixture_accounts(led)  # new events: format 2, chained on from the old head
        newest = chain_head(led.app)
        assert newest.format == 2 and verify(led.app).ok
        assert reference(url, tmp_path) == (0, f"OK {newest.position} {newest.hash.hex()}")
    finally:
        led.close()
    with sqlite3.connect(old) as db:  # a format-1 row's appended-at was not hashed then, and still is not...
        db.execute("UPDATE event_chain SET recorded_at='2020-01-01T00:00:00+00:00' WHERE position=3")
        # ...but a format-2 row's is, and turning it back into format 1 does not hide a change
        db.execute("UPDATE event_chain SET format=1 WHERE position=?", (newest.position,))
    led = Ledger(url=url)
    try:
        finding = verify(led.app).finding
        assert finding.position == newest.position
        assert reference(url, tmp_path) == (1, f"FAILED at position {newest.position}")
    finally:
        led.close()


def test_a_store_created_before_chain_row_formats_gains_the_column_when_opened(store_url):
    Ledger(url=store_url).close()
    with raw(store_url) as db:  # the chain table as the code before this one made it
        db.execute("ALTER TABLE event_chain DROP COLUMN format")
    led = Ledger(url=store_url)
    try:
        create_fixture_accounts(led)
        assert {r.format for r in chain_rows(led.app, 0).values()} == {2} and verify(led.app).ok
    finally:
        led.close()
