"""服务大局: reform tasks with milestones, overdue and on-time figures, items of service."""

from __future__ import annotations

from datetime import timedelta

import pytest

from culture_ledger.periods import Scope
from domain import clock
from domain.errors import InvalidCommand, LedgerError
from plugins.overall.projections import INDICATORS, milestones, tasks
from tests.conftest import last_workday

INDICATOR = {i.key: i for i in INDICATORS}
TODAY = clock.today()
LAUNCHED = TODAY - timedelta(days=60)


@pytest.fixture
def staff(staff_of, office):
    """A staff member of 行政机构编制科, whose work these records are (staff record for their own department)."""
    return staff_of(office.aygul)


def scope(start=None, end=None, **filters) -> Scope:
    return Scope.between(start or TODAY - timedelta(days=50), end or TODAY, **filters)


def task(office, **over):
    return {
        "title": "乡镇站所管理体制改革试点",
        "category": "township_reform",
        "department_id": office.reform,
        "lead": "阿依古丽·努尔兰",
        "goal": "理顺站所管理体制",
        "ideas": ["serve_livelihood"],
        "occurred_on": LAUNCHED,
        **over,
    }


def test_a_reform_task_is_opened_and_bad_ones_write_nothing(ledger, office, staff):
    tid = ledger.overall.record_task(task(office), staff)
    head = ledger.app.head()
    for bad in ({"category": "sports"}, {"title": ""}, {"occurred_on": TODAY + timedelta(days=1)}, {"lead": ""}):
        with pytest.raises(InvalidCommand):
            ledger.overall.record_task(task(office, **bad), staff)
    with pytest.raises(InvalidCommand):
        ledger.overall.plan_milestone(tid, {"title": "早于启动", "planned_on": LAUNCHED - timedelta(days=1)}, staff)
    assert ledger.app.head() == head
    [row] = tasks(ledger)
    assert (row["title"], row["category"], row["department"], row["milestones"]) == (
        "乡镇站所管理体制改革试点",
        "township_reform",
        "行政机构编制科",
        0,
    )


def test_milestones_done_on_time_late_and_overdue_give_exact_figures(ledger, office, staff):
    tid = ledger.overall.record_task(task(office), staff)
    on_time = ledger.overall.plan_milestone(
        tid, {"title": "试点乡镇确定", "planned_on": TODAY - timedelta(days=40)}, staff
    )
    late = ledger.overall.plan_milestone(
        tid, {"title": "站所职能梳理", "planned_on": TODAY - timedelta(days=30)}, staff
    )
    overdue = ledger.overall.plan_milestone(tid, {"title": "编制核定", "planned_on": TODAY - timedelta(days=10)}, staff)
    ledger.overall.plan_milestone(tid, {"title": "试点评估", "planned_on": TODAY + timedelta(days=30)}, staff)
    ledger.overall.report_progress(
        tid,
        {"milestone_id": on_time, "status": "done", "progress": 100, "actual_on": TODAY - timedelta(days=41)},
        staff,
    )
    ledger.overall.report_progress(
        tid, {"milestone_id": late, "status": "done", "progress": 100, "actual_on": TODAY - timedelta(days=25)}, staff
    )
    ledger.overall.report_progress(
        tid, {"milestone_id": overdue, "status": "blocked", "progress": 40, "note": "等待批复"}, staff
    )
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as no_date:
        ledger.overall.report_progress(tid, {"milestone_id": overdue, "status": "done", "progress": 100}, staff)
    assert no_date.value.errors[0][1] == "validation.actual_date_required"
    with pytest.raises(InvalidCommand):
        ledger.overall.report_progress(
            tid, {"milestone_id": overdue, "status": "done", "progress": 90, "actual_on": TODAY}, staff
        )
    with pytest.raises(LedgerError):
        ledger.overall.report_progress(tid, {"milestone_id": "nope", "status": "in_progress", "progress": 10}, staff)
    assert ledger.app.head() == head

    flags = {m["title"]: (m["overdue"], m["late"]) for m in milestones(ledger)}
    assert flags == {
        "试点乡镇确定": (False, False),
        "站所职能梳理": (False, True),
        "编制核定": (True, False),
        "试点评估": (False, False),
    }
    assert INDICATOR["overall_overdue_milestones"].compute(ledger, scope()) == 1
    assert INDICATOR["overall_milestones_on_time"].compute(ledger, scope()) == pytest.approx(1 / 3)
    assert INDICATOR["overall_task_progress"].compute(ledger, scope()) == pytest.approx((100 + 100 + 40 + 0) / 4 / 100)
    assert {r["title"] for r in INDICATOR["overall_overdue_milestones"].records(ledger, scope())} == {"编制核定"}


def test_a_withdrawn_task_leaves_every_figure_and_its_history_shows_why(ledger, office, staff):
    tid = ledger.overall.record_task(task(office), staff)
    ledger.overall.plan_milestone(tid, {"title": "编制核定", "planned_on": TODAY - timedelta(days=10)}, staff)
    assert INDICATOR["overall_overdue_milestones"].compute(ledger, scope()) == 1
    ledger.overall.amend_task(tid, {"lead": "张伟", "reason": "牵头人调整"}, staff)
    with pytest.raises(InvalidCommand):
        ledger.overall.withdraw_task(tid, {"reason": ""}, staff)
    ledger.overall.withdraw_task(tid, {"reason": "与另一任务重复"}, staff)
    assert INDICATOR["overall_overdue_milestones"].compute(ledger, scope()) == 0
    assert INDICATOR["overall_task_progress"].compute(ledger, scope()) is None
    history = ledger.query("SELECT action, reason FROM overall_history WHERE record_id=? ORDER BY position", (tid.hex,))
    assert [h["action"] for h in history] == ["recorded", "milestone_planned", "amended", "withdrawn"]
    assert history[-1]["reason"] == "与另一任务重复" and tasks(ledger)[0]["lead"] == "张伟"


def service(office, **over):
    return {
        "carrier": "overall",
        "kind": "service_item",
        "title": "为地区教育局核增教职工编制",
        "occurred_on": last_workday(),
        "department_id": office.reform,
        "expected": 0,
        "present": 0,
        "ideas": ["serve_livelihood", "support_talent"],
        "details": {"service_type": "quota_support", "beneficiary": "地区教育局"},
        **over,
    }


def test_an_item_of_service_names_the_ideas_it_serves_and_counts_once_confirmed(ledger, office, staff, leader):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as untagged:
        ledger.activities.record(service(office, ideas=[]), staff)
    assert untagged.value.errors[0][:2] == ("ideas", "validation.ideas_required")
    with pytest.raises(InvalidCommand):
        ledger.activities.record(service(office, details={"service_type": "quota_support", "beneficiary": ""}), staff)
    assert ledger.app.head() == head
    item = ledger.activities.record(service(office), staff)
    assert INDICATOR["overall_service_items"].compute(ledger, scope()) == 0
    ledger.activities.confirm(item, leader)
    assert INDICATOR["overall_service_items"].compute(ledger, scope()) == 1
    assert INDICATOR["overall_service_items"].compute(ledger, scope(idea="promote_development")) == 0
    assert INDICATOR["overall_service_items"].compute(ledger, scope(idea="support_talent")) == 1
    with pytest.raises(InvalidCommand):
        ledger.activities.amend(item, {"ideas": []}, "去掉理念", staff)


def test_the_overall_read_model_rebuilds_to_the_same_rows(ledger, office, staff):
    tid = ledger.overall.record_task(task(office), staff)
    m = ledger.overall.plan_milestone(tid, {"title": "编制核定", "planned_on": TODAY - timedelta(days=10)}, staff)
    ledger.overall.report_progress(tid, {"milestone_id": m, "status": "in_progress", "progress": 50}, staff)
    tables = ("overall_tasks", "overall_milestones", "overall_history")
    before = [ledger.query(f"SELECT * FROM {t}") for t in tables]
    ledger.runner.rebuild(["overall"])
    assert [ledger.query(f"SELECT * FROM {t}") for t in tables] == before
