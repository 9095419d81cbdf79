"""An auditor pages through the whole log, finds who corrected a record and why, and sees
the leaders' figures as they stood at a past position, replayed by the same projections."""

import sqlite3
from datetime import timedelta

import pytest

from domain.actor import Actor
from plugins.audit.queries import (
    EventFilter,
    browse,
    corrected_records,
    event_detail,
    facets,
    leader_figures,
    record_history,
    time_machine,
)
from tests.conftest import CheapHasher, StaffAccounts, create_fixture_accounts, last_workday, small_office
from tests.integration.audit_log import open_ledger, read_models, record_weeks
from tests.integration.raw_store import copy_of_log, raw

ADMIN, STAFF, LEADER = (
    Actor("admin", "admin", "form"),
    Actor("clerk", "staff", "form"),
    Actor("director", "leader", "form"),
)


def eight_busy_days(url: str):
    """The fixture accounts, the small office, and eight days of study with corrections and reviews."""
    led = open_ledger(url)
    try:
        create_fixture_accounts(led)
        office = small_office(led, ADMIN)
        staff_of = StaffAccounts(led, ADMIN)
        made = record_weeks(led, office, STAFF, LEADER, staff_of, days=8)
    finally:
        led.close()
    return office, staff_of.made, made


@pytest.fixture
def store_url(built_stores, request):
    """A copy of the busy store, recorded once per backend in this worker: each story changes its own."""
    return built_stores.copy("audit-story", eight_busy_days, request)


@pytest.fixture
def ledger(store_url):
    led = open_ledger(store_url)
    led.accounts.hasher = CheapHasher()
    yield led
    led.close()


@pytest.fixture
def office(built_stores, backend, store_url):
    return built_stores.made("audit-story", backend)[0]


@pytest.fixture
def staff_of(built_stores, backend, ledger, admin):
    return StaffAccounts(ledger, admin, built_stores.made("audit-story", backend)[1])


@pytest.fixture
def busy(ledger, built_stores, backend):
    ledger.made = built_stores.made("audit-story", backend)[2]
    return ledger


def test_paging_newest_first_by_position_visits_every_event_once(busy):
    seen, cursor = [], None
    while page := browse(busy, before=cursor, limit=7):
        seen += [r["position"] for r in page]
        cursor = page[-1]["position"]
    assert seen == list(range(busy.app.head(), 0, -1))
    oldest = browse(busy, after=10, newest_first=False, limit=3)
    assert [r["position"] for r in oldest] == [11, 12, 13]


def test_filters_narrow_the_log_by_actor_type_carrier_record_and_time(busy, leader):
    by_leader = browse(busy, EventFilter(account=leader.account), limit=100)
    assert by_leader and {r["account"] for r in by_leader} == {leader.account}
    amended = browse(busy, EventFilter(topic="plugins.study.domain:StudyEntry.Amended"))
    assert [r["originator_id"] for r in amended] == [busy.made["amended_study"].hex]
    political = browse(busy, EventFilter(carrier="political"), limit=100)
    assert {r["record_type"] for r in political} == {"Activity"} and len(
        political
    ) == 2 + 1 + 1 + 2 + 1  # both records' events
    record = browse(busy, EventFilter(record=busy.made["returned_activity"].hex), newest_first=False)
    assert [r["event_type"] for r in record] == ["Recorded", "Submitted", "Returned", "Amended"]
    assert browse(busy, EventFilter(until="2000-01-01T00:00:00+00:00")) == []
    assert len(browse(busy, EventFilter(since="2000-01-01T00:00:00+00:00"), limit=10_000)) == busy.app.head()
    assert leader.account in facets(busy, "account")
    # The carriers' index holds only the events that name one: the choice of carriers reads it all the same.
    assert "political" in facets(busy, "carrier") and None not in facets(busy, "carrier")


def test_each_event_is_shown_in_full_with_its_payload_as_text_and_its_chain_hash(busy):
    amended = browse(busy, EventFilter(topic="plugins.study.domain:StudyEntry.Amended"))[0]
    detail = event_detail(busy, amended["position"])
    assert '"reason": "误填为90分钟"' in detail["payload"] and '"minutes": 45' in detail["payload"]
    assert len(detail["hash"]) == 64 and detail["version"] == 2


def test_the_auditor_finds_who_amended_a_study_entry_and_why(busy, leader, staff):
    entry = busy.made["amended_study"].hex
    assert entry in [r["originator_id"] for r in corrected_records(busy)]
    versions = record_history(busy, entry)
    assert [v["event_type"] for v in versions] == ["Recorded", "Amended"]
    assert (versions[0]["account"], versions[1]["account"], versions[1]["reason"]) == (
        staff.account,
        leader.account,
        "误填为90分钟",
    )
    assert versions[1]["changes"] == [
        {"field": "minutes", "before": "90", "after": "45", "before_value": 90, "after_value": 45}
    ]


def test_record_history_shows_review_and_corrections_of_an_activity(busy, leader, staff):
    versions = record_history(busy, busy.made["returned_activity"].hex)
    steps = [
        (v["event_type"], v["account"], v["reason"], [(c["field"], c["before"], c["after"]) for c in v["changes"]])
        for v in versions[1:]
    ]
    assert steps == [
        ("Submitted", staff.account, "", [("review", "draft", "submitted")]),
        ("Returned", leader.account, "缺少签到表", [("review", "submitted", "returned")]),
        (
            "Amended",
            staff.account,
            "补充会议地点",
            [("place", "三楼会议室", "二楼会议室"), ("outcome", "心得三篇", "心得五篇")],
        ),
    ]
    assert [v["position"] for v in versions] == sorted(v["position"] for v in versions)


def test_a_rebuild_writes_the_event_index_exactly_as_each_save_indexed_its_event(busy):
    indexed = busy.query("SELECT * FROM event_index ORDER BY position")
    # Later versions that name no carrier take the one of the row before them (an activity's review).
    assert [r for r in indexed if r["version"] > 1 and r["carrier"] and r["topic"].endswith("Activity.Submitted")]
    busy.runner.rebuild(["event_index"])
    assert busy.query("SELECT * FROM event_index ORDER BY position") == indexed


def cut_at(store_url, tmp_path, position, request):
    """An independent rebuild: a copy of the store with every event after `position` cut off, opened afresh."""
    if not store_url.startswith("sqlite:///"):
        return open_ledger(copy_of_log(store_url, request.getfixturevalue("postgres"), position))
    copy = tmp_path / f"cut-{position}.sqlite3"
    with sqlite3.connect(store_url[len("sqlite:///") :]) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
        dst.execute("DELETE FROM stored_events WHERE rowid > ?", (position,))
        dst.execute("DELETE FROM event_chain WHERE position > ?", (position,))
        for table in [r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type='table'")]:
            if table not in ("stored_events", "event_chain"):
                dst.execute(f"DROP TABLE {table}")
    return open_ledger(f"sqlite:///{copy}")


NOT_IN_THE_PAST = {"event_index", "study_weeks"}
"""Tables a day's version in time travel does not hold: the auditors' event index (the log itself is
read), and the study weeks the database adds up from the entries (a past visit counts the entries)."""


def past_tables(past, live):
    return {
        table: sorted(tuple(str(v) for v in r.values()) for r in past.query(f"SELECT * FROM {table}"))
        for table in read_models(live)
        if table not in NOT_IN_THE_PAST
    }


def test_time_travel_equals_a_rebuild_of_the_log_cut_at_the_same_position_table_for_table(
    busy, store_url, tmp_path, request
):
    live_before = read_models(busy)
    position = busy.app.head() - 9  # before the activities were reviewed and corrected
    machine = time_machine(busy, every=10_000)  # no checkpoint: replayed from the first event
    with machine.at(position) as past:
        assert past.started_from == 0 and past.position == position
        replayed = past_tables(past, busy)
    cut = cut_at(store_url, tmp_path, position, request)
    rebuilt = {table: rows for table, rows in read_models(cut).items() if table in replayed}
    assert replayed == rebuilt
    assert replayed["study_entries"] != {t: r for t, r in read_models(busy).items()}["study_entries"]
    assert read_models(busy) == live_before  # the live read models were not touched
    cut.close()


def test_a_visit_to_any_past_position_shows_the_read_models_as_a_fresh_replay_of_the_log_cut_there(
    busy, store_url, tmp_path, request
):
    head = busy.app.head()
    machine = time_machine(busy, every=10)
    with machine.at(head - 3) as first:  # the first visit writes the row versions up to its position
        assert first.started_from == 0
        replayed = past_tables(first, busy)
    assert machine.reached() == head - 3 and machine.checkpoints() == list(range(10, head - 2, 10))
    for position in (head - 3, head - 3 - 11, 20):  # after the last correction, before it, near the start
        with machine.at(position) as past:
            assert past.started_from == position  # nothing replayed: the versions standing then
            cut = cut_at(store_url, tmp_path, position, request)
            assert past_tables(past, busy) == {t: r for t, r in read_models(cut).items() if t in replayed}
            cut.close()
    assert machine.reached() == head - 3  # a visit reads, it writes nothing
    with machine.at(head) as now:  # past the versions: the events after them are replayed (once)
        assert now.started_from == head - 3 and machine.reached() == head
        assert past_tables(now, busy) == {t: r for t, r in read_models(busy).items() if t in replayed}


def test_the_versions_made_from_a_log_whose_chain_hash_changed_are_made_again_from_the_stop_before(busy, store_url):
    machine = time_machine(busy, every=10)
    with machine.at(45) as past:
        before = past_tables(past, busy)
    kept = {position: machine.made_at(position) for position in (10, 20, 30, 40, 45)}
    with raw(store_url) as db:  # the chain at 20 is no longer what the versions were made from
        db.execute("UPDATE event_chain SET hash=? WHERE position=20", (bytes(32),))
    with machine.at(45) as past:
        assert past.started_from == 10  # rolled back to the stop before, and replayed from there
        assert past_tables(past, busy) == before
    assert machine.made_at(10) == kept[10]  # the one before stands
    assert machine.made_at(20) == bytes(32)  # that one and every later one were made again
    assert machine.made_at(30) == kept[30] and machine.made_at(40) == kept[40] and machine.made_at(45) == kept[45]
    assert machine.checkpoints() == [10, 20, 30, 40] and machine.reached() == 45


def test_a_visit_in_progress_keeps_what_it_saw_while_the_versions_are_made_again(busy, store_url):
    machine = time_machine(busy, every=10)
    first = machine.at(45)  # an auditor's visit, still open
    before = past_tables(first, busy)
    with raw(store_url) as db:
        db.execute("UPDATE event_chain SET hash=? WHERE position=20", (bytes(32),))
    with machine.at(45) as second:  # another auditor's visit rolls the versions back to 10 and makes them again
        assert second.started_from == 10 and past_tables(second, busy) == before
    assert past_tables(first, busy) == before
    first.close()
    with machine.at(45) as third:
        assert third.started_from == 45 and past_tables(third, busy) == before


def test_checkpoints_of_a_log_ten_times_longer_take_about_ten_times_the_room(ledger, office, tmp_path):
    from domain.actor import Actor
    from plugins.study.domain import StudyEntry

    by = Actor("demo-admin", "admin", "import")

    def study_entry(cadre, day, i):
        return StudyEntry(cadre_id=cadre, occurred_on=day, minutes=30 + i % 60, material="党章", mode="self", by=by)

    base = ledger.app.head()
    cadres = [office.wang, office.li, office.aygul, office.zhang]
    day = last_workday()
    for chunk in range(3):  # study recorded day after day: what most of a real log is
        ledger.app.save(
            *[
                study_entry(cadres[i % 4], day - timedelta(days=i // 4), i)
                for i in range(chunk * 1000, chunk * 1000 + 1000)
            ]
        )

    def room(events):
        machine = time_machine(ledger, every=100, directory=tmp_path / f"log-{events}")
        machine.prepare(base + events)
        return machine.disk_usage()

    empty, log, ten_times = room(0), room(300), room(3000)
    # The row versions hold what the events wrote, once: ten times the events, about ten times the
    # room (full copies every so often grew with the square of the log: a hundred times the room).
    assert 7 < (ten_times - empty) / (log - empty) < 15  # pages fill as they go: a little more than ten
    # An entry takes a few hundred bytes (its working row, its version and their indexes), wherever it is in the log.
    assert (ten_times - empty) / 3000 < 1000


def test_checkpoints_of_superseded_projection_code_or_of_the_layout_before_are_removed(busy):
    machine = time_machine(busy, every=10)
    superseded = machine.root / "0123456789abcdef"  # the folder of an earlier version of the projections
    superseded.mkdir(parents=True)
    (superseded / "checkpoints.sqlite3").write_bytes(b"old")  # full copies and changesets, the layout before
    (superseded / "full-000000000020-0a1b2c3d.sqlite3").write_bytes(b"old")
    unrelated = machine.root / "notes"
    unrelated.mkdir()
    machine.at(25).close()  # the first build for this code
    assert not superseded.exists() and unrelated.exists() and machine.checkpoints() == [10, 20]
    superseded.mkdir()  # left by an app instance still running the older code
    assert machine.prune_superseded() == [superseded] and machine.checkpoints() == [10, 20]


def test_the_leaders_figures_then_differ_from_now_by_what_was_recorded_since(busy, office, staff_of):
    day = last_workday()
    position = busy.app.head()
    busy.study.record_study(
        {"cadre_id": office.zhang, "occurred_on": day, "minutes": 30, "material": "党章", "mode": "self"},
        staff_of(office.zhang),
    )
    start = day - timedelta(days=day.weekday())
    with time_machine(busy, every=10).at(position) as past:
        then = leader_figures(past, start, day, day)
    now = leader_figures(busy, start, day, day)
    assert now["minutes"] == then["minutes"] + 30
    assert then["activities"] == now["activities"]
    assert set(then["indicators"]) == {i.key for i in busy.registry.indicators}


def test_in_the_demo_office_the_auditor_finds_each_correction_with_who_and_why(demo_office_copy):
    from culture_ledger.ledger import Ledger

    ledger = Ledger(url=demo_office_copy("corrections", weeks=3))  # every plugin's demo, with its own kinds
    corrected = corrected_records(ledger)
    assert corrected and all(r["account"] and r["reason"] for r in corrected)  # every correction says who and why
    study = [r for r in corrected if r["record_type"] == "StudyEntry"]  # the carriers' demos correct activities too
    assert {(r["event_type"], r["account"]) for r in study} == {("Amended", "demo-leader"), ("Withdrawn", "demo-staff")}
    amended = next(r for r in study if r["event_type"] == "Amended")
    last = record_history(ledger, amended["originator_id"])[-1]
    assert last["account"] == "demo-leader" and last["reason"] and last["changes"]
    assert last["changes"][0]["before"] != last["changes"][0]["after"]


def test_two_auditors_travelling_at_once_build_the_checkpoints_once_and_see_the_same(busy):
    from concurrent.futures import ThreadPoolExecutor

    position = busy.app.head() - 1

    def visit(_):
        with time_machine(busy, every=10).at(position) as past:  # each session its own machine
            return past.started_from, past_tables(past, busy)

    with ThreadPoolExecutor(2) as pool:
        (one, first), (other, second) = pool.map(visit, range(2))
    assert first == second
    assert sorted([one, other]) == [0, position]  # one made the versions, the other read them
    machine = time_machine(busy, every=10)
    assert machine.checkpoints() == list(range(10, position + 1, 10)) and machine.reached() == position
