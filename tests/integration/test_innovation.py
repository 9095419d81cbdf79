"""务实创新: a proposal's course from submitted to implemented, the funnel, and who may move it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from culture_ledger.periods import Scope
from domain import clock
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.innovation.projections import INDICATORS, funnel, proposals
from tests.conftest import last_workday

INDICATOR = {i.key: i for i in INDICATORS}
TODAY = clock.today()
D = lambda n: TODAY - timedelta(days=n)  # noqa: E731


def scope(start=None, end=None, **filters) -> Scope:
    return Scope.between(start or D(60), end or TODAY, **filters)


def proposal(office, **over):
    return {
        "title": "机构编制事项网上审批",
        "proposer_id": office.wang,
        "problem": "审批流转慢",
        "idea": "网上审批",
        "expected_effect": "时限缩短到5天",
        "ideas": ["promote_development"],
        "occurred_on": D(40),
        **over,
    }


def test_a_proposal_goes_from_submitted_to_implemented_with_its_observed_effect(ledger, office, staff, leader):
    pid = ledger.innovation.submit_proposal(proposal(office), staff)
    ledger.innovation.evaluate(pid, {"score": 4, "opinion": "可行", "on": D(35)}, leader)
    ledger.innovation.adopt(pid, {"opinion": "同意", "on": D(30)}, leader)
    ledger.innovation.pilot(pid, {"pilot_scope": "阿勒泰市", "on": D(20)}, staff)
    ledger.innovation.implement(pid, {"observed_effect": "时限缩短到4天", "on": D(5)}, staff)
    [row] = proposals(ledger)
    assert (row["stage"], row["score"], row["department"], row["proposer"]) == ("implemented", 4, "办公室", "王建国")
    assert (row["expected_effect"], row["observed_effect"]) == ("时限缩短到5天", "时限缩短到4天")
    history = [
        h["action"]
        for h in ledger.query("SELECT action FROM innovation_history WHERE record_id=? ORDER BY position", (pid.hex,))
    ]
    assert history == ["recorded", "evaluated", "adopted", "piloted", "implemented"]
    with pytest.raises(LedgerError):
        ledger.innovation.reject(pid, {"reason": "晚了", "on": TODAY}, leader)


def test_steps_keep_their_order_dates_and_roles_and_refusals_write_nothing(ledger, office, staff, leader):
    pid = ledger.innovation.submit_proposal(proposal(office), staff)
    head = ledger.app.head()
    with pytest.raises(InvalidCommand):
        ledger.innovation.submit_proposal(proposal(office, expected_effect=""), staff)
    with pytest.raises(Forbidden):
        ledger.innovation.evaluate(pid, {"score": 4, "opinion": "自评", "on": D(30)}, staff)
    with pytest.raises(LedgerError) as skipped:
        ledger.innovation.pilot(pid, {"pilot_scope": "阿勒泰市", "on": D(30)}, staff)
    assert skipped.value.key == "error.stage_order"
    with pytest.raises(LedgerError) as backdated:
        ledger.innovation.evaluate(pid, {"score": 4, "opinion": "可行", "on": D(41)}, leader)
    assert backdated.value.key == "error.stage_date"
    with pytest.raises(InvalidCommand):
        ledger.innovation.evaluate(pid, {"score": 6, "opinion": "可行", "on": D(30)}, leader)
    assert ledger.app.head() == head


def test_the_funnel_and_the_conversion_from_a_known_set_of_proposals(ledger, office, staff, leader):
    def submit(n: int):
        return ledger.innovation.submit_proposal(proposal(office, title=f"建议{n}", occurred_on=D(50)), staff)

    ids = [submit(n) for n in range(6)]
    for pid in ids[:5]:
        ledger.innovation.evaluate(pid, {"score": 4, "opinion": "可行", "on": D(45)}, leader)
    ledger.innovation.reject(ids[4], {"reason": "与规定冲突", "on": D(44)}, leader)
    for pid in ids[:3]:
        ledger.innovation.adopt(pid, {"on": D(40)}, leader)
    for pid in ids[:2]:
        ledger.innovation.pilot(pid, {"pilot_scope": "福海县", "on": D(30)}, staff)
    ledger.innovation.implement(ids[0], {"observed_effect": "见效", "on": D(10)}, staff)
    ledger.innovation.withdraw(ids[5], {"reason": "重复提出"}, staff)

    assert [(f["stage"], f["n"]) for f in funnel(proposals(ledger))] == [
        ("submitted", 5),
        ("evaluated", 5),
        ("adopted", 3),
        ("piloted", 2),
        ("implemented", 1),
    ]
    assert INDICATOR["innovation_proposals"].compute(ledger, scope()) == 5
    assert INDICATOR["innovation_conversion"].compute(ledger, scope()) == pytest.approx(1 / 5)
    assert INDICATOR["innovation_implemented"].compute(ledger, scope()) == 1
    assert INDICATOR["innovation_implemented"].compute(ledger, scope(end=D(11))) == 0
    assert INDICATOR["innovation_proposals"].compute(ledger, scope(department_id=office.reform.hex)) == 0


def test_a_proposal_is_amended_with_a_reason_and_a_withdrawn_one_cannot_move(ledger, office, staff, leader):
    pid = ledger.innovation.submit_proposal(proposal(office), staff)
    ledger.innovation.amend(pid, {"expected_effect": "时限缩短到3天", "reason": "测算更新"}, staff)
    assert proposals(ledger)[0]["expected_effect"] == "时限缩短到3天"
    ledger.innovation.withdraw(pid, {"reason": "并入另一建议"}, staff)
    with pytest.raises(LedgerError):
        ledger.innovation.evaluate(pid, {"score": 4, "opinion": "可行", "on": TODAY}, leader)


def test_innovation_seminars_count_once_confirmed(ledger, office, staff, leader):
    command = {
        "carrier": "innovation",
        "kind": "innovation_seminar",
        "title": "创新研讨会",
        "occurred_on": last_workday(),
        "department_id": office.general,
        "expected": 2,
        "present": 2,
        "details": {"topic": "审批提速", "proposals_raised": 3},
    }
    with pytest.raises(InvalidCommand):
        ledger.activities.record({**command, "details": {"topic": ""}}, staff)
    seminar = ledger.activities.record(command, staff)
    assert INDICATOR["innovation_seminars"].compute(ledger, scope()) == 0
    ledger.activities.confirm(seminar, leader)
    assert INDICATOR["innovation_seminars"].compute(ledger, scope()) == 1


def test_the_innovation_read_model_rebuilds_to_the_same_rows(ledger, office, staff, leader):
    pid = ledger.innovation.submit_proposal(proposal(office), staff)
    ledger.innovation.evaluate(pid, {"score": 5, "opinion": "好", "on": D(30)}, leader)
    before = ledger.query("SELECT * FROM innovation_proposals"), ledger.query("SELECT * FROM innovation_history")
    ledger.runner.rebuild(["innovation"])
    assert (
        ledger.query("SELECT * FROM innovation_proposals"),
        ledger.query("SELECT * FROM innovation_history"),
    ) == before
