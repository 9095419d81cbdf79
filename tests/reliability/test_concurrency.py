"""Many people record at once: nothing is lost, nothing counted twice, nothing overwritten.

Every test here takes the `store_url` fixture, so it can be run against each backend.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor
from domain.errors import StaleRecord
from plugins.study.domain import StudyEntry
from tests.conftest import last_workday
from tests.reliability.checks import chain_breaks, differences_from_a_rebuild, log, recorded_ids

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

ROOT = Path(__file__).resolve().parents[2]
THREADS, PER_THREAD = 8, 12
PROCESSES, PER_PROCESS = 3, 20


def test_eight_people_recording_at_once_in_one_server_lose_nothing_and_count_nothing_twice(ledger, office, admin):
    cadres = [office.wang, office.li, office.aygul, office.zhang]
    people = []  # eight staff accounts, two for each cadre (staff record their own study)
    for n in range(THREADS):
        ledger.accounts.create(
            {"username": f"clerk{n}", "display_name": f"clerk{n}", "roles": ["staff"], "cadre_id": cadres[n % 4]}, admin
        )
        people.append(Actor(f"clerk{n}", "staff", "form"))

    def one_person(n: int) -> list:
        return [
            ledger.study.record_study(
                {
                    "cadre_id": cadres[n % 4],
                    "occurred_on": clock.today() - timedelta(days=i),
                    "minutes": 60,
                    "material": f"t{n}-{i}",
                },
                people[n],
            )
            for i in range(PER_THREAD)
        ]

    with ThreadPoolExecutor(THREADS) as pool:
        accepted = [entry for ids in pool.map(one_person, range(THREADS)) for entry in ids]

    assert len(accepted) == THREADS * PER_THREAD
    in_log = recorded_ids(ledger)
    assert set(in_log) == set(accepted) and set(in_log.values()) == {1}
    rows = ledger.query("SELECT id, material FROM study_entries")
    assert sorted(r["id"] for r in rows) == sorted(e.hex for e in accepted)
    assert chain_breaks(ledger) == []
    assert differences_from_a_rebuild(ledger) == {}


@pytest.mark.slow
def test_three_app_processes_writing_one_store_lose_nothing_and_the_chain_holds(ledger, office, store_url):
    cadres = ",".join(c.hex for c in (office.wang, office.li, office.aygul, office.zhang))
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.workers",
                "record-study",
                store_url,
                cadres,
                str(PER_PROCESS),
                f"p{n}",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    accepted, failures = [], []
    for writer in writers:
        out, err = writer.communicate(timeout=180)
        accepted += [json.loads(line)["id"] for line in out.splitlines()]
        if writer.returncode:
            failures.append(err[-2000:])
    assert failures == []
    assert len(accepted) == PROCESSES * PER_PROCESS

    ledger.catch_up()  # this process's read models, fed by the others' events
    in_log = recorded_ids(ledger)
    assert sorted(i.hex for i in in_log) == sorted(accepted) and set(in_log.values()) == {1}
    assert sorted(r["id"] for r in ledger.query("SELECT id FROM study_entries")) == sorted(accepted)
    assert chain_breaks(ledger) == []
    assert differences_from_a_rebuild(ledger) == {}


def test_read_models_caught_up_by_several_processes_at_once_equal_a_rebuild(ledger, office, store_url):
    # Two app instances wake on the same new events and all catch up at the same time.
    ledger.study.record_study_batch(
        [
            {
                "cadre_id": office.wang,
                "occurred_on": clock.today() - timedelta(days=i % 30),
                "minutes": 45,
                "material": f"m{i}",
            }
            for i in range(600)
        ],
        Actor("admin", "admin", "import"),
    )
    with ledger.readmodels.transaction() as db:  # forget what was projected, keep the log
        for p in ledger.runner.projections:
            p.drop(db)
            ledger.readmodels.forget(db, p.name)
            p.create(db)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.workers", "catch-up", store_url, "7"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = [w.communicate(timeout=180)[1][-2000:] for w in workers if w.wait(timeout=180)]
    assert errors == []
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 600
    assert differences_from_a_rebuild(ledger) == {}


def test_two_people_amending_the_same_entry_at_once_one_wins_and_the_other_is_told_to_reload(
    ledger, office, staff, leader
):
    # Both saw version 1 on their screen (the form sends it); whoever saves second must not overwrite.
    # The two: 王建国 (the clerk) correcting his own entry, and the director correcting it too.
    entry = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 60, "material": "《机构编制工作条例》"},
        staff,
    )
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def amend(who: Actor, minutes: int) -> None:
        start.wait()
        try:
            ledger.study.amend_study(entry, {"minutes": minutes, "reason": f"{who.account}核对后更正"}, who, version=1)
            outcomes[who.account] = minutes
        except StaleRecord as exc:
            outcomes[who.account] = exc

    people = [threading.Thread(target=amend, args=(staff, 75)), threading.Thread(target=amend, args=(leader, 45))]
    for p in people:
        p.start()
    for p in people:
        p.join()

    won = {who: minutes for who, minutes in outcomes.items() if isinstance(minutes, int)}
    refused = [exc for exc in outcomes.values() if isinstance(exc, StaleRecord)]
    assert len(won) == 1 and len(refused) == 1, outcomes
    assert ledger.catalog.t("en", refused[0].key) == "This record changed, reload and try again."
    amendments = [n for n in log(ledger) if n.originator_id == entry and n.topic.endswith("StudyEntry.Amended")]
    assert len(amendments) == 1  # the loser's change is nowhere, not even overwritten later
    (winner_minutes,) = won.values()
    assert ledger.scalar("SELECT minutes FROM study_entries WHERE id=?", (entry.hex,)) == winner_minutes
    stored = ledger.app.repository.get(entry)
    assert isinstance(stored, StudyEntry) and stored.minutes == winner_minutes and stored.version == 2


def test_a_second_ledger_process_amending_from_a_stale_screen_is_refused(ledger, office, store_url, staff_of, leader):
    li = staff_of(office.li)
    entry = ledger.study.record_study(
        {"cadre_id": office.li, "occurred_on": last_workday(), "minutes": 60, "material": "党章"}, li
    )
    other = Ledger(url=store_url)  # another app instance, which read version 1 a moment ago
    try:
        other.study.amend_study(entry, {"minutes": 90, "reason": "补记"}, li, version=1)
        with pytest.raises(StaleRecord):
            ledger.study.amend_study(entry, {"minutes": 30, "reason": "更正"}, leader, version=1)
    finally:
        other.close()
    ledger.catch_up()
    assert ledger.scalar("SELECT minutes FROM study_entries WHERE id=?", (entry.hex,)) == 90
