"""One standing pledge per cadre and year, one standing assessment per department and quarter,
even when several people record it at the same moment.

The read models that answer "is there one already?" lag by design when a worker keeps them,
so the log itself must refuse the second: these records take ids derived from their natural
key, and the store refuses a second record with the same id.

Each writer is its own Ledger (its own connections) on the same store, in its own thread. A
barrier makes every writer pass every check before any of them saves, so the saves really
collide: exactly one is stored, the others are refused with the usual translated message.
"""

from __future__ import annotations

import threading

import pytest

from culture_ledger.ledger import Ledger
from domain import clock
from domain.errors import InvalidCommand
from domain.records import time_ordered_id
from plugins.integrity.domain import OrganAssessment
from plugins.integrity.services import IntegrityService
from plugins.political.domain import Pledge
from plugins.political.services import PoliticalService

WRITERS = 8
TODAY = clock.today()
QUARTER = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"


def rendezvous(service_class):
    """The real service, except that it waits, just before saving, until every writer has got that far."""

    class Rendezvous(service_class):
        def __init__(self, ledger, barrier: threading.Barrier):
            super().__init__(ledger)
            self.barrier = barrier

        def save(self, *aggregates):
            self.barrier.wait(timeout=60)
            return super().save(*aggregates)

    return Rendezvous


def run_writers(store_url: str, service_class, write) -> list[tuple[object, BaseException | None]]:
    """Run `write(service)` in WRITERS threads at once; returns (result, error) per writer."""
    barrier = threading.Barrier(WRITERS)
    ledgers = [Ledger(url=store_url) for _ in range(WRITERS)]
    services = [rendezvous(service_class)(led, barrier) for led in ledgers]
    outcomes: list = [(None, RuntimeError("the writer did not finish"))] * WRITERS

    def work(i: int) -> None:
        try:
            outcomes[i] = (write(services[i]), None)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertions
            outcomes[i] = (None, exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        return outcomes
    finally:
        for led in ledgers:
            led.close()


def recorded(ledger: Ledger, topic: str) -> list:
    return [n for n in ledger.app.read(0, 100_000) if n.topic.endswith(topic)]


def pledge(cadre, **over) -> dict:
    return {
        "cadre_id": cadre,
        "year": TODAY.year,
        "occurred_on": TODAY,
        "party_spirit": "按时参加组织生活",
        "conduct": "廉洁自律",
        "quality": "全年撰写一篇调研报告",
        "firm_stand": "重大问题上旗帜鲜明",
        "clear_mind": "关键时刻头脑清醒",
        **over,
    }


def assessment(department, **over) -> dict:
    return {
        "department_id": department,
        "period": QUARTER,
        "learning": 90,
        "innovative": 80,
        "pragmatic": 85,
        "harmonious": 95,
        "clean": 100,
        "comment": "学习氛围浓厚",
        "occurred_on": TODAY,
        **over,
    }


def said(ledger: Ledger, lang: str, refusal: InvalidCommand) -> str:
    """What the form shows for a refusal, in `lang`."""
    [(_, key, params)] = refusal.errors
    return ledger.catalog.t(lang, key, **params)


def exactly_one_stored(outcomes, key: str) -> object:
    """The one writer's id, every other writer having been refused with `key`."""
    stored = [result for result, error in outcomes if error is None]
    refused = [error for _, error in outcomes if error is not None]
    assert len(stored) == 1, outcomes
    assert len(refused) == WRITERS - 1
    assert all(isinstance(e, InvalidCommand) and [k for _, k, _ in e.errors] == [key] for e in refused), refused
    return stored[0]


def test_eight_people_recording_the_same_cadres_pledge_at_once_store_exactly_one(ledger, office, staff, store_url):
    outcomes = run_writers(
        store_url, PoliticalService, lambda service: service.record_pledge(pledge(office.wang), staff)
    )

    pid = exactly_one_stored(outcomes, "validation.pledge_exists")
    refusal = next(e for _, e in outcomes if e is not None)
    assert said(ledger, "zh", refusal) == f"该干部 {TODAY.year} 年度已有承诺，请更正原承诺"
    assert said(ledger, "en", refusal) == f"this cadre already pledged for {TODAY.year}; amend that pledge instead"
    assert pid == Pledge.create_id(office.wang, TODAY.year)
    assert [n.originator_id for n in recorded(ledger, "Pledge.Recorded")] == [pid]
    ledger.catch_up()
    rows = ledger.query("SELECT id FROM political_pledges WHERE cadre_id=?", (office.wang.hex,))
    assert [r["id"] for r in rows] == [pid.hex]


def test_after_a_withdrawal_eight_people_pledging_again_at_once_store_exactly_one_more(
    ledger, office, staff, store_url
):
    first = ledger.political.record_pledge(pledge(office.wang), staff)
    ledger.political.withdraw_pledge(first, {"reason": "误登记"}, staff)

    outcomes = run_writers(
        store_url, PoliticalService, lambda service: service.record_pledge(pledge(office.wang), staff)
    )

    again = exactly_one_stored(outcomes, "validation.pledge_exists")
    assert again == Pledge.create_id(office.wang, TODAY.year, 1)
    assert [n.originator_id for n in recorded(ledger, "Pledge.Recorded")] == [first, again]
    ledger.catch_up()
    standing = ledger.query("SELECT id FROM political_pledges WHERE cadre_id=? AND withdrawn=0", (office.wang.hex,))
    assert [r["id"] for r in standing] == [again.hex]


def test_eight_leaders_assessing_the_same_department_and_quarter_at_once_store_exactly_one(
    ledger, office, leader, store_url
):
    outcomes = run_writers(
        store_url, IntegrityService, lambda service: service.assess(assessment(office.general), leader)
    )

    aid = exactly_one_stored(outcomes, "validation.assessment_exists")
    refusal = next(e for _, e in outcomes if e is not None)
    assert said(ledger, "zh", refusal) == f"该科室 {QUARTER} 已有评估，请更正原评估"
    assert said(ledger, "en", refusal) == f"this department is already assessed for {QUARTER}; amend that assessment"
    assert aid == OrganAssessment.create_id(office.general, QUARTER)
    assert [n.originator_id for n in recorded(ledger, "OrganAssessment.Recorded")] == [aid]
    ledger.catch_up()
    rows = ledger.query("SELECT id FROM integrity_assessments WHERE department_id=?", (office.general.hex,))
    assert [r["id"] for r in rows] == [aid.hex]


def test_after_a_withdrawal_eight_leaders_assessing_again_at_once_store_exactly_one_more(
    ledger, office, leader, store_url
):
    first = ledger.integrity.assess(assessment(office.general), leader)
    ledger.integrity.withdraw(first, {"reason": "评估口径调整"}, leader)

    outcomes = run_writers(
        store_url, IntegrityService, lambda service: service.assess(assessment(office.general), leader)
    )

    again = exactly_one_stored(outcomes, "validation.assessment_exists")
    assert again == OrganAssessment.create_id(office.general, QUARTER, 1)
    assert [n.originator_id for n in recorded(ledger, "OrganAssessment.Recorded")] == [first, again]


def forget(ledger: Ledger, table: str, record_id) -> None:
    """Make the read model lag behind the log for one record, as it does while a worker is behind."""
    with ledger.readmodels.transaction() as db:
        db.execute(f"DELETE FROM {table} WHERE id=?", (record_id.hex,))


def test_a_second_pledge_is_refused_by_the_log_while_the_read_model_has_not_seen_the_first(ledger, office, staff):
    first = ledger.political.record_pledge(pledge(office.wang), staff)
    forget(ledger, "political_pledges", first)
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as twice:
        ledger.political.record_pledge(pledge(office.wang), staff)
    assert twice.value.errors == [("cadre_id", "validation.pledge_exists", {"year": TODAY.year})]
    assert ledger.app.head() == head


def test_a_second_assessment_is_refused_by_the_log_while_the_read_model_has_not_seen_the_first(ledger, office, leader):
    first = ledger.integrity.assess(assessment(office.general), leader)
    forget(ledger, "integrity_assessments", first)
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as twice:
        ledger.integrity.assess(assessment(office.general), leader)
    assert twice.value.errors == [("period", "validation.assessment_exists", {"period": QUARTER})]
    assert ledger.app.head() == head


def test_pledges_and_assessments_recorded_before_ids_were_derived_keep_their_ids_and_their_uniqueness(
    ledger, office, staff, leader
):
    # Recorded by the earlier code: a random, time-ordered id, not one derived from the natural key.
    old_pledge = Pledge._create(
        Pledge.Recorded,
        id=time_ordered_id(),
        cadre_id=office.wang,
        year=TODAY.year,
        occurred_on=TODAY,
        commitments={"party_spirit": "旧", "conduct": "旧", "quality": "旧"},
        by=staff,
    )
    old_assessment = OrganAssessment._create(
        OrganAssessment.Recorded,
        id=time_ordered_id(),
        department_id=office.general,
        period=QUARTER,
        scores={"learning": 80, "innovative": 80, "pragmatic": 80, "harmonious": 80, "clean": 80},
        comment="旧",
        evidence=[],
        occurred_on=TODAY,
        by=leader,
    )
    ledger.app.save(old_pledge, old_assessment)
    ledger.catch_up()

    # They still load, change and count by their old ids...
    ledger.political.amend_pledge(old_pledge.id, {"quality": "精通业务", "reason": "表述不准确"}, staff)
    ledger.integrity.amend(old_assessment.id, {"clean": 90, "reason": "复核"}, leader)
    # ...and still stand in the way of a second one (the read model knows them).
    with pytest.raises(InvalidCommand, match="pledge_exists"):
        ledger.political.record_pledge(pledge(office.wang), staff)
    with pytest.raises(InvalidCommand, match="assessment_exists"):
        ledger.integrity.assess(assessment(office.general), leader)

    # Withdrawn, they make way for a record under the derived id.
    ledger.political.withdraw_pledge(old_pledge.id, {"reason": "重新承诺"}, staff)
    ledger.integrity.withdraw(old_assessment.id, {"reason": "重新评估"}, leader)
    assert ledger.political.record_pledge(pledge(office.wang), staff) == Pledge.create_id(office.wang, TODAY.year)
    assert ledger.integrity.assess(assessment(office.general), leader) == OrganAssessment.create_id(
        office.general, QUARTER
    )
    history = ledger.query(
        "SELECT action FROM political_history WHERE record_id=? ORDER BY position", (old_pledge.id.hex,)
    )
    assert [h["action"] for h in history] == ["recorded", "amended", "withdrawn"]
