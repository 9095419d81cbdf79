"""规范高效: working rules through their editions, compliance cases from found to resolved,
inspections, and the staffing ledger's signals where that plugin exists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Scope
from culture_ledger.registry import Registry
from domain import clock
from domain.errors import InvalidCommand, LedgerError
from plugins.standards.projections import INDICATORS, cases, editions, mean_days_to_resolve, staffing_signals
from tests.conftest import last_workday

INDICATOR = {i.key: i for i in INDICATORS}
TODAY = clock.today()


@pytest.fixture
def staff(staff_of, office):
    """A staff member of 行政机构编制科, whose work these records are (staff record for their own department)."""
    return staff_of(office.aygul)


def scope(start=None, end=None, **filters) -> Scope:
    return Scope.between(start or TODAY - timedelta(days=60), end or TODAY, **filters)


def rule(office, **over):
    return {
        "title": "机构编制事项集体研究制度",
        "department_id": office.reform,
        "summary": "集体研究决定",
        "occurred_on": TODAY - timedelta(days=100),
        "effective_on": TODAY - timedelta(days=90),
        **over,
    }


def test_a_rule_is_adopted_revised_in_editions_and_repealed(ledger, office, staff):
    rid = ledger.standards.adopt_rule(rule(office), staff)
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as backwards:
        ledger.standards.adopt_rule(rule(office, effective_on=TODAY - timedelta(days=101)), staff)
    assert backwards.value.errors[0][1] == "validation.effective_before_adopted"
    with pytest.raises(InvalidCommand):
        ledger.standards.revise_rule(
            rid, {"summary": "新", "effective_on": TODAY - timedelta(days=95), "note": "早于上一版"}, staff
        )
    with pytest.raises(InvalidCommand):
        ledger.standards.revise_rule(rid, {"summary": "新", "effective_on": TODAY, "note": ""}, staff)
    assert ledger.app.head() == head

    assert (
        ledger.standards.revise_rule(
            rid,
            {"summary": "集体研究、会议纪要备查", "effective_on": TODAY - timedelta(days=30), "note": "依据新条例修订"},
            staff,
        )
        == 2
    )
    assert [(e["edition"], e["summary"]) for e in editions(ledger, rid.hex)] == [
        (1, "集体研究决定"),
        (2, "集体研究、会议纪要备查"),
    ]
    assert INDICATOR["standards_rules_in_force"].compute(ledger, scope()) == 1
    # Before its first edition took effect, it was not in force.
    assert (
        INDICATOR["standards_rules_in_force"].compute(
            ledger, scope(TODAY - timedelta(days=120), TODAY - timedelta(days=95))
        )
        == 0
    )

    ledger.standards.repeal_rule(rid, {"repealed_on": TODAY - timedelta(days=5), "reason": "并入机关工作规则"}, staff)
    assert INDICATOR["standards_rules_in_force"].compute(ledger, scope()) == 0
    assert INDICATOR["standards_rules_in_force"].compute(ledger, scope(end=TODAY - timedelta(days=10))) == 1
    with pytest.raises(LedgerError) as again:
        ledger.standards.revise_rule(rid, {"summary": "x", "effective_on": TODAY, "note": "x"}, staff)
    assert again.value.key == "error.rule_repealed"
    history = [
        h["action"]
        for h in ledger.query("SELECT action FROM standards_history WHERE record_id=? ORDER BY position", (rid.hex,))
    ]
    assert history == ["recorded", "revised", "repealed"]


def test_the_rules_in_force_are_counted_in_one_question_to_the_store_however_many_rules(
    ledger, office, staff, monkeypatch
):
    # 规范高效's card on the overview: on PostgreSQL each question is a round trip (one per rule, once).
    for n in range(3):
        ledger.standards.adopt_rule(rule(office, title=f"工作规则 {n}"), staff)
    asked: list[str] = []
    for name in ("query", "scalar"):
        original = getattr(ledger, name)
        monkeypatch.setattr(ledger, name, lambda sql, *a, _o=original, **k: asked.append(sql) or _o(sql, *a, **k))
    assert INDICATOR["standards_rules_in_force"].compute(ledger, scope()) == 3
    assert len([sql for sql in asked if "standards_rule" in sql]) == 1


def case(office, **over):
    return {
        "kind": "over_quota_hiring",
        "institution": "某县卫生健康服务中心",
        "department_id": office.reform,
        "description": "编制已满仍进人",
        "headcount": 2,
        "occurred_on": TODAY - timedelta(days=50),
        **over,
    }


def test_cases_are_followed_from_found_to_resolved_with_their_time_to_resolve(ledger, office, staff):
    quick = ledger.standards.record_case(case(office), staff)
    slow = ledger.standards.record_case(case(office, kind="mixed_staffing", institution="某乡镇农业站"), staff)
    ledger.standards.record_case(
        case(office, kind="staff_bloat", institution="某中心", occurred_on=TODAY - timedelta(days=3)), staff
    )
    head = ledger.app.head()
    for bad in ({"kind": "late_reports"}, {"institution": ""}, {"headcount": -1}):
        with pytest.raises(InvalidCommand):
            ledger.standards.record_case(case(office, **bad), staff)
    with pytest.raises(InvalidCommand) as early:
        ledger.standards.resolve_case(quick, {"resolved_on": TODAY - timedelta(days=51), "resolution": "已清理"}, staff)
    assert early.value.errors[0][1] == "validation.resolved_before_found"
    assert ledger.app.head() == head

    ledger.standards.resolve_case(
        quick, {"resolved_on": TODAY - timedelta(days=40), "resolution": "已按程序核减"}, staff
    )
    ledger.standards.resolve_case(slow, {"resolved_on": TODAY - timedelta(days=5), "resolution": "人员回归原岗"}, staff)
    with pytest.raises(LedgerError):
        ledger.standards.resolve_case(slow, {"resolved_on": TODAY, "resolution": "再次"}, staff)
    days = {c["institution"]: c["days_to_resolve"] for c in cases(ledger)}
    assert days == {"某县卫生健康服务中心": 10, "某乡镇农业站": 45, "某中心": None}
    assert INDICATOR["standards_open_cases"].compute(ledger, scope()) == 1
    assert (
        INDICATOR["standards_open_cases"].compute(ledger, scope(end=TODAY - timedelta(days=20))) == 1
    )  # slow still open then
    assert INDICATOR["standards_resolved_promptly"].compute(ledger, scope()) == 0.5
    assert mean_days_to_resolve(ledger, scope()) == 27.5


def test_a_case_is_amended_and_a_withdrawn_case_leaves_the_counts(ledger, office, staff):
    cid = ledger.standards.record_case(case(office), staff)
    ledger.standards.amend(cid, {"headcount": 3, "reason": "复核后为3人"}, staff)
    assert cases(ledger)[0]["headcount"] == 3
    ledger.standards.withdraw(cid, {"reason": "经核实不属于超编进人"}, staff)
    assert INDICATOR["standards_open_cases"].compute(ledger, scope()) == 0
    with pytest.raises(LedgerError):
        ledger.standards.resolve_case(cid, {"resolved_on": TODAY, "resolution": "x"}, staff)


def test_inspections_count_once_confirmed(ledger, office, staff, leader):
    command = {
        "carrier": "standards",
        "kind": "inspection",
        "title": "机构编制执行情况检查",
        "occurred_on": last_workday(),
        "department_id": office.reform,
        "expected": 0,
        "present": 0,
        "details": {"institutions_checked": 4, "issues_found": 1},
    }
    with pytest.raises(InvalidCommand):
        ledger.activities.record({**command, "details": {"institutions_checked": 0, "issues_found": 1}}, staff)
    first = ledger.activities.record(command, staff)
    second = ledger.activities.record(command, staff)
    ledger.activities.confirm(first, leader)
    ledger.activities.return_(second, "请附检查记录", leader)
    assert INDICATOR["standards_inspections"].compute(ledger, scope()) == 1


def test_the_standards_read_model_rebuilds_to_the_same_rows(ledger, office, staff):
    rid = ledger.standards.adopt_rule(rule(office), staff)
    ledger.standards.revise_rule(rid, {"summary": "新", "effective_on": TODAY, "note": "修订"}, staff)
    cid = ledger.standards.record_case(case(office), staff)
    ledger.standards.resolve_case(cid, {"resolved_on": TODAY, "resolution": "已整改"}, staff)
    tables = ("standards_rules", "standards_rule_editions", "standards_cases", "standards_history")
    before = [ledger.query(f"SELECT * FROM {t}") for t in tables]
    ledger.runner.rebuild(["standards"])
    assert [ledger.query(f"SELECT * FROM {t}") for t in tables] == before


def test_without_a_staffing_ledger_there_are_no_signals(store_url):
    led = Ledger(Registry.of([p for p in Registry.load().plugins if p.id != "staffing"]), url=store_url)
    try:
        assert staffing_signals(led) is None
    finally:
        led.close()


def test_the_staffing_ledgers_signals_appear_where_that_plugin_is_registered(store_url):
    # The staffing plugin's demo jurisdiction: one institution over its quota.
    import random

    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import channel_open
    from plugins.staffing.demo import seed
    from plugins.staffing.projections import mixed_staffing, over_quota

    led = Ledger(url=store_url)
    try:
        with channel_open("system", "import"):  # the demo's data is built as the system
            seed(led, DemoOffice(today=TODAY, weeks=8, rng=random.Random(2012)))
        signals = staffing_signals(led)
        assert signals["over_quota"] == over_quota(led) and len(signals["over_quota"]) == 1
        assert signals["mixed_staffing"] == mixed_staffing(led)
    finally:
        led.close()
