"""Each carrier's own forms work from the page: what a user submits lands in the ledger."""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from culture_ledger.ledger import Ledger
from dashboard.chrome import EVERY_TAB
from domain import clock
from domain.actor import Actor
from tests import evidence_files
from tests.conftest import create_fixture_accounts

LEADER, CLERK, ADMIN = Actor("director", "leader"), Actor("clerk", "staff"), Actor("admin", "admin")


def _page(carrier: str, url: str) -> None:
    import importlib
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    importlib.import_module(f"plugins.{carrier}.pages").carrier_page()


def open_page(carrier: str, url: str, actor: Actor) -> AppTest:
    at = AppTest.from_function(_page, args=(carrier, url), default_timeout=30)
    at.session_state["actor"] = actor
    at.session_state[EVERY_TAB] = True  # every tab's forms drawn at once (a page draws its open tab)
    return at.run()


def submit(at: AppTest, form: str) -> AppTest:
    """Press the submit button of one form (forms are told apart by their name; a form that records
    something new is drawn under its name and its submission's key)."""
    next(b for b in at.button if form in (b.form_id, b.form_id.rpartition("_")[0])).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


@pytest.fixture
def office(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    led = Ledger(url=store_url)
    create_fixture_accounts(led)
    department = led.people.register_department({"name": "行政机构编制科"}, ADMIN)
    cadre = led.people.register_cadre(
        {
            "name": "刘志强",
            "department_id": department,
            "position": "科长",
            "joined_on": clock.today() - timedelta(days=400),
        },
        ADMIN,
    )
    led.accounts.link("clerk", ADMIN, cadre_id=cadre)  # the clerk is 刘志强, of the one department
    yield led, department, cadre
    led.close()


def test_a_pledge_is_recorded_and_rated_from_the_political_page(office, store_url):
    led, _, cadre = office
    at = open_page("political", store_url, CLERK)
    by_label(at.text_area, "党性最强").input("按时参加组织生活")
    form = "political_pledge_form"
    next(b for b in at.button if form in (b.form_id, b.form_id.rpartition("_")[0])).click().run()
    # Every strand is asked for, the third's two aims included: the refusal names each missing one.
    refused = " ".join(e.value for e in at.error)
    assert all(aim in refused for aim in ("品行最好", "素质最高", "重大问题旗帜鲜明", "关键时刻头脑清醒")), refused
    assert led.query("SELECT * FROM political_pledges") == []
    for aim, text in (
        ("品行最好", "廉洁自律"),
        ("素质最高", "写一篇调研报告"),
        ("重大问题旗帜鲜明", "在编制核定等原则问题上坚持原则"),
        ("关键时刻头脑清醒", "急难任务中服从大局"),
    ):
        by_label(at.text_area, aim).input(text)
    submit(at, "political_pledge_form")
    at = open_page("political", store_url, LEADER)
    by_label(at.text_input, "评语").input("承诺落实好")
    submit(at, "political_rate_form")
    [row] = led.query("SELECT party_spirit, score_conduct, rating_comment FROM political_pledges")
    assert row == {"party_spirit": "按时参加组织生活", "score_conduct": 4, "rating_comment": "承诺落实好"}


def test_a_reform_task_gets_a_milestone_and_its_progress_from_the_overall_page(office, store_url):
    led, _, _ = office
    at = open_page("overall", store_url, CLERK)
    by_label(at.text_input, "任务").input("乡镇站所管理体制改革试点")
    by_label(at.text_input, "牵头人").input("刘志强")
    submit(at, "overall_task_form")
    [task] = led.query("SELECT id FROM overall_tasks")
    at = open_page("overall", store_url, CLERK)
    by_label(at.text_input, "时间节点名称").input("试点乡镇确定")
    submit(at, f"overall_plan_{task['id']}")
    at = open_page("overall", store_url, CLERK)
    [milestone] = led.query("SELECT milestone_id FROM overall_milestones")
    by_label(at.number_input, "进度（%）").set_value(40)
    by_label(at.selectbox, "状态").set_value("in_progress")
    submit(at, f"overall_report_{task['id']}_{milestone['milestone_id']}")
    [row] = led.query("SELECT status, progress FROM overall_milestones")
    assert row == {"status": "in_progress", "progress": 40}


def test_a_rule_and_a_case_are_recorded_and_the_case_resolved_from_the_standards_page(office, store_url):
    led, _, _ = office
    at = open_page("standards", store_url, CLERK)
    by_label(at.text_input, "制度名称").input("机构编制事项集体研究制度")
    by_label(at.text_area, "要点").input("集体研究决定")
    submit(at, "standards_rule_form")
    at = open_page("standards", store_url, CLERK)
    by_label(at.text_input, "单位").input("某县卫生健康服务中心")
    submit(at, "standards_case_form")
    [case] = led.query("SELECT id FROM standards_cases")
    at = open_page("standards", store_url, CLERK)
    by_label(at.text_area, "整改情况").input("已按程序核减")
    submit(at, f"standards_resolve_{case['id']}")
    assert led.query("SELECT days_to_resolve FROM standards_cases") == [{"days_to_resolve": 0}]
    assert led.scalar("SELECT COUNT(*) FROM standards_rules") == 1


def test_a_proposal_is_submitted_and_evaluated_from_the_innovation_page(office, store_url):
    led, _, _ = office
    at = open_page("innovation", store_url, CLERK)
    by_label(at.text_input, "建议").input("机构编制事项网上审批")
    for label, text in (("发现的问题", "流转慢"), ("建议内容", "网上审批"), ("预期效果", "5天办结")):
        by_label(at.text_area, label).input(text)
    submit(at, "innovation_proposal_form")
    [p] = led.query("SELECT id FROM innovation_proposals")
    at = open_page("innovation", store_url, LEADER)
    by_label(at.text_area, "意见").input("可行")
    submit(at, f"innovation_step_form_{p['id']}_evaluate")
    assert led.query("SELECT stage, score FROM innovation_proposals") == [{"stage": "evaluated", "score": 4}]


def test_a_leader_assesses_a_department_with_evidence_from_the_integrity_page(office, store_url):
    led, department, _ = office
    at = open_page("integrity", store_url, LEADER)
    picker = at.selectbox(key="integrity_assess_department")
    assert picker.value is None  # a leader's picker starts empty
    picker.set_value(department.hex)
    by_label(at.number_input, "廉洁型").set_value(96)
    at.get("file_uploader")[-1].upload("创建材料.jpg", evidence_files.photo("photo"), "image/jpeg")
    submit(at, "integrity_assess_form")
    [row] = led.query("SELECT score_clean, mean, evidence FROM integrity_assessments")
    assert (
        row["score_clean"] == 96
        and row["mean"] == pytest.approx((85 * 4 + 96) / 5)
        and "创建材料.jpg" in row["evidence"]
    )


def test_a_culture_event_with_participants_is_recorded_from_the_integrity_page(office, store_url):
    led, _, _ = office
    at = open_page("integrity", store_url, CLERK)
    at.selectbox(key="integrity_new_kind").set_value("culture_sports").run()
    by_label(at.text_input, "活动名称").input("气排球比赛")
    at.text_area(key="integrity_new_culture_sports_participants").input("刘志强、张伟\n王建国")
    at.text_area(key="integrity_new_culture_sports_awards").input("一等奖：行政机构编制科队")
    submit(at, "integrity_new_form")
    [row] = led.query("SELECT details FROM activities")
    assert "王建国" in row["details"] and "一等奖" in row["details"]
