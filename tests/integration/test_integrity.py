"""Integrity: the verifier re-hashes the raw log and names the first position that was tampered with."""

import json
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from event_store.evidence import EvidenceStore, evidence_root
from event_store.integrity import digest, verify
from tests import evidence_files
from tests.conftest import last_workday
from tests.integration.audit_log import ledger, session  # noqa: F401 (fixture: a political kind of activity)
from tests.integration.raw_store import raw


@pytest.fixture
def studied(ledger, office, staff, staff_of):
    """The small office and a week of study, each recorded by the cadre's own account: twenty-odd events in the log."""
    day = last_workday()
    own = {office.wang: staff, **{cadre: staff_of(cadre) for cadre in (office.li, office.aygul, office.zhang)}}
    for i, cadre in enumerate((office.wang, office.li, office.aygul, office.zhang) * 3):
        ledger.study.record_study(
            {
                "cadre_id": cadre,
                "occurred_on": day - timedelta(days=i),
                "minutes": 60,
                "material": "《机构编制工作条例》",
                "mode": "self",
            },
            own[cadre],
        )
    return ledger


def test_an_untouched_store_verifies_and_its_digest_is_the_head_of_the_chain(studied):
    report = verify(studied.app)
    head = digest(studied.app)
    assert report.ok and report.finding is None
    assert report.checked == studied.app.head() == head["position"]
    assert report.head["hash"] == head["hash"]


def a_study_entry(db, nth: int = 5) -> int:
    """The position of the nth study entry recorded (after the accounts and the office at the start of the log)."""
    return db.execute(
        "SELECT rowid FROM stored_events WHERE topic LIKE '%StudyEntry.Recorded' ORDER BY rowid LIMIT 1 OFFSET ?",
        (nth - 1,),
    ).fetchone()[0]


def test_a_changed_payload_is_named_as_altered_at_its_position(studied, store_url):
    with raw(store_url) as db:
        position = a_study_entry(db)
        state = db.execute("SELECT state FROM stored_events WHERE rowid=?", (position,)).fetchone()[0]
        db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (bytes(state).replace(b"60", b"90"), position))
    report = verify(studied.app)
    assert not report.ok
    assert (report.finding.position, report.finding.kind) == (position, "altered")


def test_a_deleted_event_is_named_as_removed(studied, store_url):
    with raw(store_url) as db:
        db.execute("DELETE FROM stored_events WHERE rowid=9")
    assert (verify(studied.app).finding.position, verify(studied.app).finding.kind) == (9, "removed")


def test_a_deleted_event_with_its_chain_row_and_later_positions_closed_up_is_still_named(studied, store_url):
    head = studied.app.head()
    with raw(store_url) as db:
        db.execute("DELETE FROM stored_events WHERE rowid=9")
        db.execute("DELETE FROM event_chain WHERE position=9")
        for position in range(10, head + 1):
            db.execute("UPDATE stored_events SET rowid=? WHERE rowid=?", (position - 1, position))
    finding = verify(studied.app).finding
    assert (finding.position, finding.kind) == (9, "removed")


def test_the_verifier_reads_events_with_their_chain_rows_alike_in_pages_of_any_size(studied, store_url, monkeypatch):
    from event_store import integrity

    head = studied.app.head()
    with raw(store_url) as db:
        db.execute("DELETE FROM event_chain WHERE position=9")  # an event without its chain row
        db.execute("DELETE FROM stored_events WHERE rowid=12")  # a chain row without its event
        db.execute("DELETE FROM stored_events WHERE rowid > 13 AND rowid < 20")  # a gap longer than a window
    whole = [row for page in integrity._joined_pages(studied.app, 0, head, size=1000) for row in page]
    monkeypatch.setattr(integrity, "STREAM_EVENTS", 5)  # PostgreSQL's read transactions: five positions each
    pages = list(integrity._joined_pages(studied.app, 3, 2**62, size=2))  # open-ended, as the last part is
    assert max(len(page) for page in pages) == 2
    assert [row for page in pages for row in page] == whole[3:]
    assert [row[0] for row in whole] == [p for p in range(1, head + 1) if p != 12 and not 13 < p < 20]
    assert [row[0] for row in whole if row[5] is None] == [9]
    assert {type(value) for row in whole if row[0] != 9 for value in row} == {int, bytes}


def test_an_inserted_event_is_named_at_the_position_it_took(studied, store_url):
    head = studied.app.head()
    with raw(store_url) as db:
        oid, version, topic, state = db.execute("SELECT * FROM stored_events WHERE rowid=14").fetchone()
        db.execute("INSERT INTO stored_events VALUES (?,?,?,?)", (uuid4().hex, 1, topic, state))
    finding = verify(studied.app).finding
    assert (finding.position, finding.kind) == (head + 1, "inserted")


def test_an_event_slipped_into_the_middle_with_later_positions_moved_down_is_named_as_inserted(studied, store_url):
    head = studied.app.head()
    with raw(store_url) as db:
        oid, version, topic, state = db.execute("SELECT * FROM stored_events WHERE rowid=14").fetchone()
        for position in range(head, 10, -1):
            db.execute("UPDATE stored_events SET rowid=? WHERE rowid=?", (position + 1, position))
        db.execute(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) VALUES (11,?,?,?,?)",
            (uuid4().hex, 1, topic, state),
        )
    finding = verify(studied.app).finding
    assert (finding.position, finding.kind) == (11, "inserted")


def test_two_swapped_events_are_named_as_reordered_at_the_first_of_them(studied, store_url):
    with raw(store_url) as db:
        a = db.execute("SELECT * FROM stored_events WHERE rowid=10").fetchone()
        b = db.execute("SELECT * FROM stored_events WHERE rowid=13").fetchone()
        db.execute("UPDATE stored_events SET originator_version=-1 WHERE rowid=10")
        db.execute("UPDATE stored_events SET originator_id=?, originator_version=?, topic=?, state=? WHERE rowid=13", a)
        db.execute("UPDATE stored_events SET originator_id=?, originator_version=?, topic=?, state=? WHERE rowid=10", b)
    finding = verify(studied.app).finding
    assert (finding.position, finding.kind) == (10, "reordered")
    assert "13" in finding.detail


def test_a_changed_stored_hash_is_told_apart_from_a_changed_event(studied, store_url):
    with raw(store_url) as db:
        db.execute("UPDATE event_chain SET hash=? WHERE position=7", (bytes(32),))
    finding = verify(studied.app).finding
    assert (finding.position, finding.kind) == (7, "hash_altered")


def test_a_digest_kept_outside_proves_the_log_still_extends_it_after_more_records(studied, office, staff, tmp_path):
    kept = json.loads(json.dumps(digest(studied.app)))
    studied.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 30, "material": "党章", "mode": "group"},
        staff,
    )
    report = verify(studied.app, digest=kept)
    assert report.ok and report.digest_ok


def test_cutting_off_the_newest_events_with_their_chain_rows_is_caught_only_by_the_digest(studied, store_url):
    kept = digest(studied.app)
    with raw(store_url) as db:
        db.execute("DELETE FROM stored_events WHERE rowid >= ?", (kept["position"] - 1,))
        db.execute("DELETE FROM event_chain WHERE position >= ?", (kept["position"] - 1,))
    assert verify(studied.app).ok  # a shorter log is still a valid chain...
    report = verify(studied.app, digest=kept)  # ...but it no longer reaches the digest
    assert not report.ok
    assert (report.finding.position, report.finding.kind) == (kept["position"] - 1, "truncated")


def test_history_rewritten_with_a_recomputed_chain_no_longer_extends_the_digest(studied, store_url):
    from event_store.chain import link

    kept = digest(studied.app)
    with raw(store_url) as db:
        position = a_study_entry(db)
        state = db.execute("SELECT state FROM stored_events WHERE rowid=?", (position,)).fetchone()[0]
        db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (bytes(state).replace(b"60", b"90"), position))
        previous = bytes(32)
        appended = dict(db.execute("SELECT position, recorded_at FROM event_chain").fetchall())
        for position, oid, version, topic, state in db.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
        ).fetchall():
            previous = link(previous, position, oid, version, topic, bytes(state), appended[position])
            db.execute("UPDATE event_chain SET hash=? WHERE position=?", (previous, position))
    assert verify(studied.app).ok
    report = verify(studied.app, digest=kept)
    assert (report.finding.kind, report.digest_ok) == ("diverged", False)


def test_verify_reports_progress_up_to_the_head(studied):
    seen = []
    verify(studied.app, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (studied.app.head(), studied.app.head())


def test_an_evidence_file_changed_or_lost_is_reported_with_the_event_that_refers_to_it(
    ledger, office, staff, monkeypatch
):
    photo = ledger.activities.put_evidence("签到表.jpg", evidence_files.photo("a sign-in sheet"), "image/jpeg")
    minutes = ledger.activities.put_evidence("会议记录.pdf", evidence_files.pdf("the minutes"))
    ledger.activities.record(session(office, evidence=[photo, minutes]), staff)
    evidence = EvidenceStore(evidence_root(ledger.url))
    # The files are read from the payload as stored: no event is decoded (no plugin's class is loaded).
    monkeypatch.setattr(ledger.app.mapper, "to_domain_event", lambda stored: pytest.fail("an event was decoded"))
    assert verify(ledger.app, evidence=evidence).ok

    evidence.path(photo["sha256"]).write_bytes(b"a doctored sheet")
    evidence.path(minutes["sha256"]).unlink()
    report = verify(ledger.app, evidence=evidence)
    assert not report.ok and report.finding is None  # the log itself is intact
    assert {sha: e["state"] for sha, e in report.evidence.items()} == {
        photo["sha256"]: "altered",
        minutes["sha256"]: "missing",
    }
    assert report.evidence[photo["sha256"]]["name"] == "签到表.jpg"


def test_a_log_re_hashed_in_parts_side_by_side_finds_what_one_piece_finds(ledger, studied, office, staff, store_url):
    # The command line cuts a long log into one part per processor, each re-hashed in its own process
    # from the stored hash where it begins. Cut this short log into three and tamper with each part and
    # with the hashes where parts meet: the verdict is the one of a single walk, every time.
    import event_store.integrity as integrity

    photo = ledger.activities.put_evidence("签到表.jpg", evidence_files.photo("a late sheet"), "image/jpeg")
    ledger.activities.record(session(office, evidence=[photo]), staff)  # referred to in the last part
    evidence = EvidenceStore(evidence_root(ledger.url))
    head = ledger.app.head()
    kept = {**digest(ledger.app), "position": head - 3}
    with raw(store_url) as db:
        kept["hash"] = bytes(
            db.execute("SELECT hash FROM event_chain WHERE position=?", (head - 3,)).fetchone()[0]
        ).hex()
    integrity.PART_EVENTS, was = 4, integrity.PART_EVENTS
    try:
        cuts = [after for after, _ in integrity._split(ledger.app, head, 3)]
        assert len(cuts) == 3  # three parts, the second and third begin at these positions

        def both() -> tuple[Any, Any]:
            seen = []
            parted = verify(ledger.app, evidence=evidence, digest=kept, parts=3, progress=lambda d, t: seen.append(d))
            whole = verify(ledger.app, evidence=evidence, digest=kept)
            assert seen[-1] == parted.checked
            assert (parted.finding, parted.checked, parted.head, parted.digest_ok, parted.evidence) == (
                whole.finding,
                whole.checked,
                whole.head,
                whole.digest_ok,
                whole.evidence,
            )
            return parted, whole

        parted, _ = both()
        assert parted.ok and parted.digest_ok and parted.evidence_checked == 1 and parted.checked == head

        evidence.path(photo["sha256"]).write_bytes(b"a doctored sheet")
        parted, _ = both()
        assert list(parted.evidence) == [photo["sha256"]] and parted.finding is None
        evidence.path(photo["sha256"]).unlink()

        with raw(store_url) as db:
            for position, kind in ((cuts[1] + 2, "altered"), (cuts[2] - 1, "altered"), (2, "altered")):
                state = db.execute("SELECT state FROM stored_events WHERE rowid=?", (position,)).fetchone()[0]
                db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (bytes(state) + b" ", position))
                parted, _ = both()
                assert (parted.finding.position, parted.finding.kind) == (position, kind)
                db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (state, position))
            for position in (cuts[1], cuts[2]):  # the stored hash a part begins from
                stored = db.execute("SELECT hash FROM event_chain WHERE position=?", (position,)).fetchone()[0]
                db.execute("UPDATE event_chain SET hash=? WHERE position=?", (bytes(32), position))
                parted, _ = both()
                assert (parted.finding.position, parted.finding.kind) == (position, "hash_altered")
                db.execute("UPDATE event_chain SET hash=? WHERE position=?", (stored, position))
            db.execute("DELETE FROM stored_events WHERE rowid=?", (cuts[2],))
            parted, _ = both()
            assert (parted.finding.position, parted.finding.kind) == (cuts[2], "removed")
    finally:
        integrity.PART_EVENTS = was
