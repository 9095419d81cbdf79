"""专项活动: an office declares a campaign (自身建设年活动, 五型机关创建), links its records to it and sees its progress."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain import clock
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.campaigns.projections import campaigns, campaigns_of_record, five_types, linked_records, progress
from tests.conftest import last_workday

TODAY = clock.today()
DAY = last_workday() - timedelta(days=3)


def activity(office, carrier, kind, details, department, title):
    return {
        "carrier": carrier,
        "kind": kind,
        "title": title,
        "occurred_on": DAY,
        "department_id": department,
        "place": "四楼会议室",
        "organiser": "机关党支部",
        "expected": 2,
        "present": 2,
        "absentees": [],
        "details": details,
    }


def campaign(**over):
    return {
        "name": "自身建设年活动",
        "year": TODAY.year,
        "goals": ["干部每日学习一小时", "完成地县机构改革任务", "修订内部工作制度"],
        "carriers": ["political", "overall", "innovation"],
        "ideas": ["promote_development", "support_talent"],
        "occurred_on": TODAY,
        **over,
    }


def test_a_campaign_is_declared_records_are_linked_to_it_and_leaders_see_its_progress(ledger, office, staff_of, leader):
    wang, aygul = staff_of(office.wang), staff_of(office.aygul)  # 办公室, and 行政机构编制科
    # Only a leader declares a campaign; staff may not, and a campaign names carriers that exist.
    with pytest.raises(Forbidden):
        ledger.campaigns.declare(campaign(), wang)
    with pytest.raises(InvalidCommand):
        ledger.campaigns.declare(campaign(carriers=["sports"]), leader)
    with pytest.raises(InvalidCommand):
        ledger.campaigns.declare(campaign(goals=[]), leader)
    year = ledger.campaigns.declare(campaign(), leader)

    # Records of several kinds, each in its own carrier.
    session = ledger.activities.record(
        activity(
            office, "political", "sanzhengzuo_session", {"strand": "clear_headed"}, office.general, "“三争做”交流会"
        ),
        wang,
    )
    task = ledger.overall.record_task(
        {
            "title": "乡镇站所管理体制改革",
            "category": "township_reform",
            "department_id": office.reform,
            "lead": "阿依古丽·努尔兰",
            "ideas": ["serve_livelihood"],
            "occurred_on": DAY,
        },
        aygul,
    )
    idea = ledger.innovation.submit_proposal(
        {
            "title": "机构编制事项网上审批",
            "proposer_id": office.wang,
            "problem": "审批流转慢",
            "idea": "网上审批",
            "expected_effect": "时限缩短到5天",
            "ideas": ["promote_development"],
            "occurred_on": DAY,
        },
        wang,
    )
    # Staff link their own department's records; another department's is refused.
    ledger.campaigns.link(year, {"kind": "activity", "record_id": session, "note": "落实第三项"}, wang)
    ledger.campaigns.link(year, {"kind": "proposal", "record_id": idea}, wang)
    with pytest.raises(Forbidden):
        ledger.campaigns.link(year, {"kind": "reform_task", "record_id": task}, wang)
    ledger.campaigns.link(year, {"kind": "reform_task", "record_id": task}, aygul)
    # Once only, and only records that stand.
    with pytest.raises(LedgerError):
        ledger.campaigns.link(year, {"kind": "activity", "record_id": session}, wang)
    with pytest.raises(InvalidCommand):
        ledger.campaigns.link(year, {"kind": "reform_task", "record_id": session}, leader)

    # The leader reports a goal; staff may not.
    with pytest.raises(Forbidden):
        ledger.campaigns.report_goal(year, {"goal": 1, "status": "done", "on": TODAY}, wang)
    ledger.campaigns.report_goal(year, {"goal": 1, "status": "done", "note": "已批复", "on": TODAY}, leader)

    p = progress(ledger, year.hex)
    assert p["records"] == 3 and p["goals_done"] == 1
    assert p["per_carrier"] == {"political": 1, "overall": 1, "innovation": 1}
    assert p["per_kind"] == {"activity": 1, "proposal": 1, "reform_task": 1}
    rows = {r["title"]: r for r in linked_records(ledger, year.hex)}
    assert rows["“三争做”交流会"]["department"] == "办公室" and rows["“三争做”交流会"]["note"] == "落实第三项"
    assert [c["name"] for c in campaigns_of_record(ledger, session.hex)] == ["自身建设年活动"]

    # A record withdrawn since leaves the progress; one unlinked with a reason leaves the list.
    ledger.innovation.withdraw(idea, {"reason": "重复"}, wang)
    with pytest.raises(InvalidCommand):
        ledger.campaigns.unlink(year, {"record_id": task, "reason": ""}, aygul)
    ledger.campaigns.unlink(year, {"record_id": task, "reason": "误关联"}, aygul)
    p = progress(ledger, year.hex)
    assert p["records"] == 1 and p["per_carrier"] == {"political": 1, "overall": 0, "innovation": 0}

    # The read model replays to the same rows.
    before = campaigns(ledger, TODAY.year), linked_records(ledger, year.hex)
    ledger.runner.rebuild(["campaigns"])
    assert (campaigns(ledger, TODAY.year), linked_records(ledger, year.hex)) == before


def test_a_five_type_campaign_shows_what_each_department_did_toward_each_type_beside_its_score(
    ledger, office, staff_of, leader
):
    wang = staff_of(office.wang)
    five = ledger.campaigns.declare(
        campaign(name="五型机关创建", organ_types=["learning", "clean", "harmonious"], carriers=[]), leader
    )
    study = ledger.activities.record(
        activity(office, "political", "education_session", {"theme": "ideals"}, office.general, "理想信念教育"), wang
    )
    # A record of a five-type campaign says which type it goes toward, one of the campaign's.
    with pytest.raises(LedgerError):
        ledger.campaigns.link(five, {"kind": "activity", "record_id": study}, wang)
    with pytest.raises(LedgerError):
        ledger.campaigns.link(five, {"kind": "activity", "record_id": study, "organ_type": "innovative"}, wang)
    ledger.campaigns.link(five, {"kind": "activity", "record_id": study, "organ_type": "learning"}, wang)
    quarter = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"
    scores = {"learning": 92, "innovative": 80, "pragmatic": 85, "harmonious": 88, "clean": 95}
    ledger.integrity.assess(
        {"department_id": office.general, "period": quarter, **scores, "comment": "", "occurred_on": TODAY}, leader
    )

    rows = {(r["department"], r["organ_type"]): r for r in five_types(ledger, five.hex)}
    assert set(rows) == {(d, k) for d in ("办公室", "行政机构编制科") for k in ("learning", "harmonious", "clean")}
    assert (rows["办公室", "learning"]["records"], rows["办公室", "learning"]["score"]) == (1, 92)
    assert rows["办公室", "learning"]["titles"] == "理想信念教育"
    assert (rows["办公室", "clean"]["records"], rows["办公室", "clean"]["score"]) == (0, 95)
    assert rows["行政机构编制科", "learning"]["score"] is None  # not assessed this year yet
