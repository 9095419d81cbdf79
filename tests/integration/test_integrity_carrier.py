"""风清气正: five-type organ assessments, integrity education, culture and sports events, honours."""

from __future__ import annotations

from datetime import timedelta

import pytest

from culture_ledger.periods import Scope
from domain import clock
from domain.errors import Forbidden, InvalidCommand
from plugins.integrity.projections import INDICATORS, assessments, type_means
from tests import evidence_files
from tests.conftest import last_workday

INDICATOR = {i.key: i for i in INDICATORS}
TODAY = clock.today()
THIS_QUARTER = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"


def scope(start=None, end=None, **filters) -> Scope:
    return Scope.between(start or TODAY - timedelta(days=30), end or TODAY, **filters)


def assessment(office, **over):
    return {
        "department_id": office.general,
        "period": THIS_QUARTER,
        "learning": 90,
        "innovative": 80,
        "pragmatic": 85,
        "harmonious": 95,
        "clean": 100,
        "comment": "学习氛围浓厚",
        "occurred_on": TODAY,
        **over,
    }


def test_a_leader_assesses_the_five_types_with_evidence_once_a_quarter(ledger, office, staff, leader):
    report = ledger.activities.put_evidence(
        "创建材料.pdf", evidence_files.pdf("five-type organ report"), "application/pdf"
    )
    head = ledger.app.head()
    with pytest.raises(Forbidden):
        ledger.integrity.assess(assessment(office), staff)
    for bad in ({"clean": 101}, {"period": "2026-Q5"}, {"period": "Q1"}):
        with pytest.raises(InvalidCommand):
            ledger.integrity.assess(assessment(office, **bad), leader)
    with pytest.raises(InvalidCommand) as unstored:
        ledger.integrity.assess(assessment(office, evidence=[{**report, "sha256": "0" * 64}]), leader)
    assert unstored.value.errors[0][1] == "validation.evidence_missing"
    assert ledger.app.head() == head

    first = ledger.integrity.assess(assessment(office, evidence=[report]), leader)
    with pytest.raises(InvalidCommand) as twice:
        ledger.integrity.assess(assessment(office), leader)
    assert twice.value.errors[0][1] == "validation.assessment_exists"
    ledger.integrity.assess(
        assessment(
            office, department_id=office.reform, learning=70, innovative=70, pragmatic=70, harmonious=70, clean=70
        ),
        leader,
    )
    [row] = [r for r in assessments(ledger) if r["id"] == first.hex]
    assert row["mean"] == 90 and row["evidence"][0]["sha256"] == report["sha256"]
    # A score out of 100 (shown as 80.0 分), not a share.
    assert INDICATOR["integrity_five_type_score"].compute(ledger, scope()) == pytest.approx((90 + 70) / 2)
    assert INDICATOR["integrity_five_type_score"].compute(ledger, scope(department_id=office.reform.hex)) == 70
    assert INDICATOR["integrity_five_type_score"].unit == "score"
    assert type_means(assessments(ledger))["clean"] == 85


def test_an_assessment_is_amended_and_withdrawn_by_a_leader_with_a_reason(ledger, office, staff, leader):
    aid = ledger.integrity.assess(assessment(office), leader)
    with pytest.raises(Forbidden):
        ledger.integrity.amend(aid, {"clean": 60, "reason": "复核"}, staff)
    ledger.integrity.amend(aid, {"innovative": 90, "reason": "补充创新材料后复核"}, leader)
    assert assessments(ledger)[0]["mean"] == 92
    ledger.integrity.withdraw(aid, {"reason": "评估口径调整，重新评估"}, leader)
    assert INDICATOR["integrity_five_type_score"].compute(ledger, scope()) is None
    ledger.integrity.assess(assessment(office), leader)  # a fresh assessment is allowed after withdrawal
    actions = [
        h["action"]
        for h in ledger.query("SELECT action FROM integrity_history WHERE record_id=? ORDER BY position", (aid.hex,))
    ]
    assert actions == ["assessed", "amended", "withdrawn"]


def activity(office, kind, details, **over):
    return {
        "carrier": "integrity",
        "kind": kind,
        "title": "活动",
        "occurred_on": last_workday(),
        "expected": 0,
        "present": 0,
        "department_id": office.general,
        "details": details,
        **over,
    }


def test_education_events_and_honours_are_recorded_and_count_once_confirmed(ledger, office, staff, leader):
    education = ledger.activities.record(
        activity(
            office,
            "integrity_education",
            {"form": "warning_education", "topic": "典型案例通报"},
            expected=4,
            present=3,
            absentees=["张伟"],
        ),
        staff,
    )
    volleyball = ledger.activities.record(
        activity(
            office,
            "culture_sports",
            {"event_type": "competition", "participants": ["王建国", "李秀英", "张伟"], "awards": ["一等奖：办公室队"]},
        ),
        staff,
    )
    fellowship = ledger.activities.record(
        activity(office, "culture_sports", {"event_type": "fellowship", "participants": ["张伟", "阿依古丽·努尔兰"]}),
        staff,
    )
    honour = ledger.activities.record(
        activity(
            office,
            "collective_honour",
            {"honour": "地区文明单位", "awarding_body": "地区精神文明建设委员会", "level": "prefecture"},
        ),
        staff,
    )
    head = ledger.app.head()
    for kind, details in (
        ("culture_sports", {"event_type": "competition", "participants": [" "]}),
        ("integrity_education", {"form": "dance", "topic": "x"}),
        ("collective_honour", {"honour": "先进集体", "awarding_body": "", "level": "region"}),
    ):
        with pytest.raises(InvalidCommand):
            ledger.activities.record(activity(office, kind, details), staff)
    assert ledger.app.head() == head

    assert INDICATOR["integrity_event_participants"].compute(ledger, scope()) == 0
    for a in (education, volleyball, fellowship, honour):
        ledger.activities.confirm(a, leader)
    assert INDICATOR["integrity_education_sessions"].compute(ledger, scope()) == 1
    assert INDICATOR["integrity_event_participants"].compute(ledger, scope()) == 4  # 张伟 counted once
    assert INDICATOR["integrity_collective_honours"].compute(ledger, scope()) == 1
    ledger.activities.withdraw(fellowship, "重复登记", staff)
    assert INDICATOR["integrity_event_participants"].compute(ledger, scope()) == 3
    [row] = INDICATOR["integrity_event_participants"].records(ledger, scope())
    assert row["id"] == volleyball.hex and row["awards"] == ["一等奖：办公室队"]


def test_the_integrity_read_model_rebuilds_to_the_same_rows(ledger, office, leader):
    aid = ledger.integrity.assess(assessment(office), leader)
    ledger.integrity.amend(aid, {"clean": 90, "reason": "复核"}, leader)
    before = ledger.query("SELECT * FROM integrity_assessments"), ledger.query("SELECT * FROM integrity_history")
    ledger.runner.rebuild(["integrity"])
    assert (
        ledger.query("SELECT * FROM integrity_assessments"),
        ledger.query("SELECT * FROM integrity_history"),
    ) == before
