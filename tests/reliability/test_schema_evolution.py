"""Events outlive the code that wrote them: a store from before `StudyEntry.Recorded`
gained its `place` (学习地点) still loads, projects and counts, through the library's
upcasting (`class_version = 2`, `upcast_v1_v2`).

tests/fixtures/ledger-v1-study-without-place.sqlite3 was written by the code of commit
a95074a..5a10e35 (StudyEntry.Recorded v1: no `place`, no `class_version` in the stored
state), including the read models that code built. It is never changed by the tests:
each copies it first.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period
from domain.actor import Actor
from plugins.study.daily.queries import cadre_compliance
from plugins.study.domain import StudyEntry
from tests.conftest import create_fixture_accounts
from tests.reliability.checks import chain_breaks, differences_from_a_rebuild

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger-v1-study-without-place.sqlite3"
RECORDED = "plugins.study.domain:StudyEntry.Recorded"


def stored_states(path: Path, topic: str) -> list[dict]:
    with sqlite3.connect(path) as raw:
        return [
            json.loads(state)
            for (state,) in raw.execute("SELECT state FROM stored_events WHERE topic = ? ORDER BY rowid", (topic,))
        ]


def columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as raw:
        return [row[1] for row in raw.execute(f"PRAGMA table_info({table})")]


@pytest.fixture
def old_store(tmp_path) -> Path:
    copy = tmp_path / "ledger.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    return copy


@pytest.fixture
def reopened(old_store):
    led = Ledger(url=f"sqlite:///{old_store}")
    yield led
    led.close()


def test_the_fixture_really_holds_study_entries_of_the_first_shape(old_store):
    states = stored_states(old_store, RECORDED)
    assert len(states) == 21
    assert all("place" not in s and "class_version" not in s for s in states)
    assert "place" not in columns(old_store, "study_entries")  # read models built by the old code too


def test_an_old_store_opens_and_its_entries_load_with_an_unknown_place(reopened, old_store):
    entries = reopened.query("SELECT id, minutes, place, withdrawn FROM study_entries ORDER BY occurred_on, id")
    assert len(entries) == 21 and {e["place"] for e in entries} == {""}
    amended = [e for e in entries if e["minutes"] == 90]
    assert len(amended) == 1 and sum(e["withdrawn"] for e in entries) == 1

    entry = reopened.app.repository.get(UUID(amended[0]["id"]))  # v1 Recorded upcast, then v1 Amended applied
    assert isinstance(entry, StudyEntry) and entry.place == "" and entry.minutes == 90
    assert [c["reason"] for c in entry.corrections] == ["补记"]
    assert "place" in columns(old_store, "study_entries")


def test_the_old_log_still_verifies_and_projects_exactly_as_a_rebuild(reopened):
    assert chain_breaks(reopened) == []  # upcasting reads old events; it never rewrites them
    assert differences_from_a_rebuild(reopened) == {}


def test_old_and_new_entries_count_together_towards_the_daily_rule(reopened, old_store):
    week = Period.containing("week", date(2026, 11, 2))
    before = cadre_compliance(reopened, week, today=date(2026, 11, 27)).set_index("name")
    assert before.loc["王建国", "meets"]
    assert not before.loc["阿依古丽·努尔兰", "meets"]  # her Monday was withdrawn
    assert before.loc["阿依古丽·努尔兰", "days_met"] == 4
    assert not before.loc["Нұрлан Серікұлы", "meets"]  # 45 minutes on Thursday

    nurlan = UUID(reopened.scalar("SELECT id FROM cadres WHERE name = ?", ("Нұрлан Серікұлы",)))
    create_fixture_accounts(reopened)  # the old store predates accounts: the operator gives Nurlan his
    reopened.accounts.create(
        {"username": "nurlan", "display_name": "Нұрлан Серікұлы", "roles": ["staff"], "cadre_id": nurlan},
        Actor("admin", "admin", "cli"),
    )
    new = reopened.study.record_study(
        {
            "cadre_id": nurlan,
            "occurred_on": date(2026, 11, 5),
            "minutes": 15,
            "material": "《机构编制工作条例》",
            "place": "三楼学习室",
        },
        Actor("nurlan", "staff", "form"),
    )

    after = cadre_compliance(reopened, week, today=date(2026, 11, 27)).set_index("name")
    assert after.loc["Нұрлан Серікұлы", "meets"]
    assert reopened.scalar("SELECT place FROM study_entries WHERE id = ?", (new.hex,)) == "三楼学习室"
    newest = stored_states(old_store, RECORDED)[-1]
    assert newest["class_version"] == 2 and newest["place"] == "三楼学习室"
    assert chain_breaks(reopened) == []
    assert differences_from_a_rebuild(reopened) == {}


def test_an_entry_of_the_first_shape_can_still_be_amended_and_withdrawn(reopened):
    old = [
        UUID(r["id"])
        for r in reopened.query("SELECT id FROM study_entries WHERE withdrawn = 0 AND minutes = 60 LIMIT 2")
    ]
    create_fixture_accounts(reopened)  # the old store predates accounts
    director = Actor("director", "leader", "form")  # corrects entries of any cadre
    reopened.study.amend_study(old[0], {"place": "家中", "reason": "补填地点"}, director)
    reopened.study.withdraw_study(old[1], {"reason": "重复填报"}, director)
    assert reopened.scalar("SELECT place FROM study_entries WHERE id = ?", (old[0].hex,)) == "家中"
    assert reopened.app.repository.get(old[0]).place == "家中"
    assert reopened.scalar("SELECT withdrawn FROM study_entries WHERE id = ?", (old[1].hex,)) == 1
    assert differences_from_a_rebuild(reopened) == {}
