"""What awaits a leader, from each plugin's to-do source, and what a leader returned to staff:
the inbox's items (state "review") and the returned records (state "returned"), on both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from culture_ledger.periods import Period
from domain import clock
from domain.errors import LedgerError


def tasks(ledger, actor, key):
    return ledger.registry.tasks(ledger, actor, clock.today()).get(key, [])


def session(office, title):
    return {
        "carrier": "political",
        "kind": "education_session",
        "title": title,
        "occurred_on": clock.today(),
        "department_id": office.general,
        "expected": 2,
        "present": 2,
        "details": {"theme": "family_virtue"},
    }


def test_submitted_activities_await_review_and_the_inbox_decides_them_all_or_none(ledger, office, staff, leader):
    first, second = (ledger.activities.record(session(office, t), staff) for t in ("第一次", "第二次"))
    waiting = tasks(ledger, leader, "carrier.review")
    assert [(t.record, t.state, t.page, t.who) for t in waiting] == [
        (first.hex, "review", "political", "clerk"),
        (second.hex, "review", "political", "clerk"),
    ]
    assert tasks(ledger, staff, "carrier.review") == []  # staff review nothing

    source = next(todo for todo in ledger.registry.todos if todo.key == "carrier.review")
    head = ledger.app.head()
    with pytest.raises(LedgerError):  # the second has no reason: neither is decided
        source.decide(ledger, leader, [(first.hex, "confirm", ""), (second.hex, "return", " ")])
    assert ledger.app.head() == head
    source.decide(ledger, leader, [(first.hex, "confirm", ""), (second.hex, "return", "缺少签到表")])
    assert tasks(ledger, leader, "carrier.review") == []

    [returned] = tasks(ledger, staff, "carrier.returned")
    assert (returned.record, returned.state, returned.note) == (second.hex, "returned", "缺少签到表")
    ledger.activities.submit(second, staff)
    assert tasks(ledger, staff, "carrier.returned") == []
    assert [t.record for t in tasks(ledger, leader, "carrier.review")] == [second.hex]


def test_a_submitted_paper_awaits_a_grade_until_a_leader_grades_it(ledger, office, staff, leader):
    year = clock.today().year
    paper = ledger.papers.draft(
        {"cadre_id": office.wang, "year": year, "kind": "theory_article", "title": "论机构编制"}, staff
    )
    assert tasks(ledger, leader, "study.papers") == []  # a draft awaits nobody
    ledger.papers.submit(paper, staff)
    [task] = tasks(ledger, leader, "study.papers")
    assert (task.record, task.page, task.who, task.params["title"]) == (
        paper.hex,
        "study-paper",
        "王建国",
        "论机构编制",
    )
    ledger.papers.review(paper, {"grade": "good", "comment": "条理清楚"}, leader)
    assert tasks(ledger, leader, "study.papers") == []


def test_a_pledge_awaits_a_rating_and_a_proposal_awaits_a_leaders_step(ledger, office, staff, leader):
    today = clock.today()
    pledge = ledger.political.record_pledge(
        {
            "cadre_id": office.wang,
            "year": today.year,
            "occurred_on": today,
            "party_spirit": "学",
            "conduct": "干",
            "quality": "精",
            "firm_stand": "重大问题上旗帜鲜明",
            "clear_mind": "关键时刻头脑清醒",
        },
        staff,
    )
    [task] = tasks(ledger, leader, "political.pledges")
    assert (task.record, task.page, task.who) == (pledge.hex, "political", "王建国")

    proposal = ledger.innovation.submit_proposal(
        {
            "title": "编制台账电子化",
            "proposer_id": office.wang,
            "problem": "纸质台账难查",
            "idea": "电子化",
            "expected_effect": "随时可查",
            "occurred_on": today,
        },
        staff,
    )
    [task] = tasks(ledger, leader, "innovation.proposals")
    assert (task.title, task.record, task.page) == ("innovation.todo.evaluate", proposal.hex, "innovation")
    ledger.innovation.evaluate(proposal, {"score": 4, "opinion": "可行", "on": today}, leader)
    [task] = tasks(ledger, leader, "innovation.proposals")
    assert task.title == "innovation.todo.adopt"
    ledger.innovation.adopt(proposal, {"opinion": "采纳", "on": today}, leader)
    assert tasks(ledger, leader, "innovation.proposals") == []


def test_this_quarters_evaluations_are_due_until_every_cadre_is_scored(ledger, office, leader):
    quarter = Period.containing("quarter", clock.today())
    [task] = tasks(ledger, leader, "study.evaluations")
    assert (task.params["n"], task.due, task.page) == (4, quarter.end, "study-evaluation")
    scores = {"ideology": 90, "proficiency": 90, "conduct": 90, "fairness": 90, "comment": "好"}
    for cadre in (office.wang, office.li, office.aygul):
        ledger.four_strong.score({"cadre_id": cadre, "period": quarter.code, **scores}, leader)
    [task] = tasks(ledger, leader, "study.evaluations")
    assert task.params["n"] == 1
    ledger.four_strong.score({"cadre_id": office.zhang, "period": quarter.code, **scores}, leader)
    assert tasks(ledger, leader, "study.evaluations") == []


def test_an_inbox_item_is_worded_in_both_languages(ledger, office, staff, leader):
    ledger.activities.record(session(office, "家庭美德教育"), staff)
    [task] = tasks(ledger, leader, "carrier.review")
    words = {lang: ledger.catalog.t(lang, task.title, **task.params) for lang in ("zh", "en")}
    assert words["zh"] == f"家庭美德教育（办公室，{clock.today()}）"
    assert words["en"] == f"家庭美德教育 (办公室, {clock.today()})"
    assert isinstance(UUID(task.record), UUID)
