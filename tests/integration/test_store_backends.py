"""The store behaves the same on SQLite and PostgreSQL: one gap-free, chained log; read
models that rebuild to the same rows; one SQL dialect for queries."""

from datetime import timedelta

import pytest

from domain.errors import StaleRecord
from event_store.chain import GENESIS, link
from event_store.integrity import chain_rows
from tests.conftest import last_workday

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel


def recompute_chain(ledger):
    """Re-hash every stored event in log order; return (positions, recomputed, stored hashes)."""
    positions, recomputed = [], []
    previous = GENESIS
    chain = chain_rows(ledger.app, 0)
    for page in ledger.app.pages():
        for n in page:
            previous = link(
                previous, n.id, n.originator_id, n.originator_version, n.topic, n.state, chain[n.id].hashed_at
            )
            positions.append(n.id)
            recomputed.append(previous)
    stored = [bytes(r["hash"]) for r in ledger.query("SELECT hash FROM event_chain ORDER BY position")]
    return positions, recomputed, stored


def study(ledger, office, staff, minutes=60, material="《机构编制工作条例》"):
    return ledger.study.record_study(
        {
            "cadre_id": office.wang,
            "occurred_on": last_workday(),
            "minutes": minutes,
            "material": material,
            "mode": "self",
        },
        staff,
    )


def test_a_refused_concurrent_correction_leaves_no_hole_in_the_log(ledger, office, staff):
    entry_id = study(ledger, office, staff)
    # Two people open the same entry and both correct it; the second save must be refused...
    mine = ledger.app.repository.get(entry_id)
    theirs = ledger.app.repository.get(entry_id)
    mine.amend({"minutes": 70}, "补记", staff)
    theirs.amend({"minutes": 80}, "再补记", staff)
    ledger.study.save(mine)
    with pytest.raises(StaleRecord):
        ledger.study.save(theirs)
    # ...and the next record still takes the very next position: nothing was skipped.
    head = ledger.app.head()
    study(ledger, office, staff, minutes=30)
    assert ledger.app.head() == head + 2  # the entry, and its count in the cadre's day

    positions, recomputed, stored = recompute_chain(ledger)
    assert positions == list(range(1, head + 3))
    assert recomputed == stored


def test_every_event_is_chained_as_it_is_appended_in_batches_too(ledger, office, admin):
    # A month of paper sign-in sheets: each of four cadres studied once a day for thirty days.
    commands = [
        {
            "cadre_id": cadre,
            "occurred_on": last_workday() - timedelta(days=i // 4),
            "minutes": 60 + i,
            "material": "党章",
        }
        for i, cadre in enumerate([office.wang, office.li, office.aygul, office.zhang] * 30)
    ]
    ledger.study.record_study_batch(commands, admin.via("import"), chunk=50)  # the paper ledger brought in
    positions, recomputed, stored = recompute_chain(ledger)
    assert len(positions) == ledger.app.head() == len(stored)
    assert recomputed == stored
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 120


def test_rebuilding_the_read_models_reaches_the_same_rows(ledger, office, staff):
    for minutes in (20, 40, 60):
        study(ledger, office, staff, minutes=minutes)
    entry = study(ledger, office, staff, minutes=90)
    ledger.study.withdraw_study(entry, {"reason": "重复填报"}, staff)
    query = "SELECT id, minutes, withdrawn, version, position FROM study_entries ORDER BY position"
    before = ledger.query(query)

    ledger.runner.rebuild()

    assert ledger.query(query) == before
    assert ledger.runner.positions()["study"] == ledger.app.head()


def test_a_new_ledger_on_the_same_store_resumes_without_counting_twice(ledger, store_url, office, staff):
    from culture_ledger.ledger import Ledger

    study(ledger, office, staff, minutes=25)
    again = Ledger(url=store_url)
    try:
        study(again, office, staff, minutes=35)
        assert again.scalar("SELECT SUM(minutes) FROM study_entries") == 60
        assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 2
    finally:
        again.close()


def test_queries_use_one_dialect_and_return_rows_by_column_name(ledger, office, staff):
    study(ledger, office, staff, material="《机构编制工作条例》")
    study(ledger, office, staff, material="党章")
    rows = ledger.query(
        "SELECT material, minutes AS spent FROM study_entries WHERE material LIKE ? ORDER BY material", ("%条例%",)
    )
    assert rows == [{"material": "《机构编制工作条例》", "spent": 60}]
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries WHERE material LIKE '%党%'") == 1


def test_batched_read_model_writes_keep_their_order_and_their_values(ledger):
    # A projection's writes in one page are sent together; reads in between still see them.
    with ledger.readmodels.transaction(batch=True) as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS tally (id TEXT PRIMARY KEY, n INTEGER NOT NULL, note TEXT, "
            "kind TEXT, share REAL)"
        )
        for i in range(2500):
            db.execute(
                "INSERT INTO tally VALUES (?, ?, ?, 'study', ?)", (f"r{i:04}", i, None if i % 2 else "备注", i / 4)
            )
        db.execute("INSERT INTO tally (id, n) VALUES (?, ?)", ("extra", 7))
        assert db.scalar("SELECT COUNT(*) FROM tally") == 2501
        for i in range(0, 2500, 500):
            db.execute("UPDATE tally SET n = n + ? WHERE id = ?", (1000, f"r{i:04}"))
        db.execute("INSERT INTO tally VALUES (?, ?, ?, 'study', ?)", ("last", -1, "100% 完成", 0.5))
    rows = {r["id"]: r for r in ledger.query("SELECT id, n, note, kind, share FROM tally")}
    assert len(rows) == 2502
    assert rows["r0500"] == {"id": "r0500", "n": 1500, "note": "备注", "kind": "study", "share": 125.0}
    assert rows["r0501"]["note"] is None and rows["r0501"]["n"] == 501
    assert rows["extra"]["kind"] is None and rows["extra"]["n"] == 7
    assert rows["last"]["note"] == "100% 完成"


def test_projections_taking_turns_on_every_event_still_write_in_order(ledger):
    # The study entries and the audit's index both write on every event: each table keeps its
    # own group, its rows in order, and an update or a read in between sees every row before it.
    with ledger.readmodels.transaction(batch=True) as db:
        db.execute("CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, minutes INTEGER NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS journal (position INTEGER PRIMARY KEY, what TEXT NOT NULL)")
        for i in range(1, 2401):
            db.execute("INSERT INTO entries VALUES (?, ?)", (i, 30))
            db.execute("INSERT INTO journal VALUES (?, ?)", (i, f"记录 {i}"))
            if i % 600 == 0:
                db.execute("UPDATE entries SET minutes = minutes + 30 WHERE id = ?", (i - 1,))
                assert db.scalar("SELECT COUNT(*) FROM journal") == i
        db.execute("INSERT INTO entries (id, minutes) VALUES (?, ?)", (0, 5))
    assert ledger.scalar("SELECT COUNT(*) FROM entries") == 2401
    assert ledger.scalar("SELECT SUM(minutes) FROM entries") == 2400 * 30 + 4 * 30 + 5
    assert ledger.scalar("SELECT minutes FROM entries WHERE id = 1799") == 60
    assert ledger.query("SELECT what FROM journal ORDER BY position DESC LIMIT 1") == [{"what": "记录 2400"}]


def test_a_rebuilt_read_model_has_every_index_its_pages_use(ledger, office, staff, store_url):
    from plugins.audit.projections import EventIndexProjection
    from plugins.study.daily.projections import StudyProjection

    study(ledger, office, staff, material="党章")
    wanted = {
        s.split(" IF NOT EXISTS ")[1].split()[0]
        for p in (StudyProjection, EventIndexProjection)
        for s in (*p.indexes, *p.lookup_indexes)
    }
    ledger.runner.rebuild(["study", "event_index"])
    if store_url.startswith("sqlite"):
        present = {r["name"] for r in ledger.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    else:
        present = {r["indexname"] for r in ledger.query("SELECT indexname FROM pg_indexes")}
    assert wanted and wanted <= present
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries WHERE material = '党章'") == 1


def refuse_minutes(ledger, minutes):
    """A trigger on the study read model's table that refuses one value (a stand-in for any
    database error a handler's row meets)."""
    with ledger.readmodels.transaction() as db:
        db.execute(
            "CREATE FUNCTION refuse_minutes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.minutes = {minutes} THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$"
        )
        db.execute(
            "CREATE TRIGGER refuse_minutes BEFORE INSERT ON study_entries FOR EACH ROW EXECUTE FUNCTION refuse_minutes()"
        )


@pytest.mark.backends("postgresql")  # a save's statements are pipelined there: a failed one skips the rest
def test_on_a_server_a_read_model_refusing_a_save_inside_the_save_stops_there_and_the_save_and_the_next_ones_stand(
    ledger, office, staff
):
    study(ledger, office, staff, minutes=30)  # every read model current: a save writes them in its own transaction
    refuse_minutes(ledger, 59)
    head = ledger.app.head()

    refused = study(ledger, office, staff, minutes=59)

    # The entry and its day's count are in the log; the study read model stopped at the entry, as a
    # catch-up stops it; the others have it.
    assert ledger.app.head() == head + 2
    stop = ledger.stops()["study"]
    assert stop.originator_id == refused.hex and head < stop.position <= head + 2
    assert list(ledger.stops()) == ["study"]
    assert ledger.readmodels.position("event_index") == head + 2
    # The connection that carried the refused rows serves the next save.
    study(ledger, office, staff, minutes=20)
    assert ledger.app.head() == head + 4
    assert ledger.readmodels.position("event_index") == head + 4
    positions, recomputed, stored = recompute_chain(ledger)
    assert positions == list(range(1, head + 5)) and recomputed == stored
