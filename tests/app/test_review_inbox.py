"""The leaders' 审核 inbox gathers what awaits them from every carrier in one list; they confirm or
return items one by one or together, and whoever recorded a returned activity finds it, with the
reason, among their returned records until they resubmit it."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from culture_ledger.ledger import Ledger
from dashboard.chrome import EVERY_TAB
from domain import clock
from domain.actor import Actor
from tests.app.pages import run_page
from tests.conftest import create_fixture_accounts

CLERK, DIRECTOR = Actor("clerk", "staff", "form"), Actor("director", "leader", "form")


def political(department, title, **over):
    return {
        "carrier": "political",
        "kind": "education_session",
        "title": title,
        "occurred_on": clock.today(),
        "department_id": department,
        "expected": 3,
        "present": 3,
        "details": {"theme": "family_virtue"},
        **over,
    }


def integrity(department, title):
    return {
        "carrier": "integrity",
        "kind": "integrity_education",
        "title": title,
        "occurred_on": clock.today(),
        "department_id": department,
        "expected": 0,
        "present": 0,
        "details": {"form": "warning_education", "topic": "典型案例通报"},
    }


@pytest.fixture
def office(store_url, tmp_path, monkeypatch):
    """办公室, with the clerk's account in it, and the ledger to record through."""
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    led = Ledger(url=store_url)
    create_fixture_accounts(led)
    department = led.people.register_department({"name": "办公室"}, Actor("admin", "admin"))
    led.accounts.link("clerk", Actor("admin", "admin"), department_id=department)
    yield led, department
    led.close()


def recorded(led, *commands) -> list[str]:
    return [led.activities.record(command, CLERK).hex for command in commands]


def review_states(store_url) -> dict[str, str]:
    led = Ledger(url=store_url)
    try:
        return {r["title"]: r["review"] for r in led.query("SELECT title, review FROM activities")}
    finally:
        led.close()


def head(store_url) -> int:
    led = Ledger(url=store_url)
    try:
        return led.app.head()
    finally:
        led.close()


def listed(at) -> list[str]:
    return [box.label for box in at.checkbox if box.key and box.key.startswith("inbox_pick_")]


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_a_leader_sees_activities_awaiting_review_from_two_carriers_in_one_list(office, store_url):
    led, department = office
    recorded(led, political(department, "家庭美德教育"), integrity(department, "警示教育大会"))

    at = run_page("inbox", store_url, DIRECTOR)
    assert not at.exception
    assert [s.value for s in at.subheader] == ["待审核的载体活动（2）"]
    assert sorted(listed(at)) == [
        f"clerk · 家庭美德教育（办公室，{clock.today()}）",
        f"clerk · 警示教育大会（办公室，{clock.today()}）",
    ]
    inbox = led.registry.plugin("review").pages[0]
    assert inbox.count(led, DIRECTOR, clock.today()) == 2


def test_a_leader_confirms_one_activity_and_returns_another_with_a_reason(office, store_url):
    led, department = office
    family, warning = recorded(led, political(department, "家庭美德教育"), integrity(department, "警示教育大会"))

    at = run_page("inbox", store_url, DIRECTOR)
    at.checkbox(key=f"inbox_pick_{family}").check()
    button(at, "确认所选").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已确认 1 项。"]
    assert not at.toast  # said once, not twice
    assert len(listed(at)) == 1  # the list shows the new state at once
    assert review_states(store_url) == {"家庭美德教育": "confirmed", "警示教育大会": "submitted"}

    at.checkbox(key=f"inbox_pick_{warning}").check()
    at.text_input(key=f"inbox_reason_{warning}").input("缺少签到表")
    button(at, "退回所选").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已退回 1 项，填报人将在“被退回”中看到理由。"]
    assert listed(at) == [] and [i.value for i in at.info] == ["没有待审核的事项。"]
    assert review_states(store_url)["警示教育大会"] == "returned"
    assert led.query("SELECT reason FROM activity_history WHERE action = 'returned'")[0]["reason"] == "缺少签到表"


def test_a_return_without_a_reason_is_refused_in_chinese_and_nothing_is_written(office, store_url):
    led, department = office
    (family,) = recorded(led, political(department, "家庭美德教育"))
    before = head(store_url)

    at = run_page("inbox", store_url, DIRECTOR)
    at.checkbox(key=f"inbox_pick_{family}").check()
    button(at, "退回所选").click().run()
    assert [e.value for e in at.error] == ["退回须写明理由：请为每项填写退回理由，或填写批量退回理由。未作任何处理。"]
    assert head(store_url) == before
    assert review_states(store_url) == {"家庭美德教育": "submitted"}


def test_a_batch_confirm_of_three_activities_writes_three_confirmations(office, store_url):
    led, department = office
    recorded(led, *(political(department, f"第{i}次学习") for i in (1, 2, 3)))
    before = head(store_url)

    at = run_page("inbox", store_url, DIRECTOR)
    at.checkbox(key="inbox_all_carrier_review").check()
    button(at, "确认所选").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已确认 3 项。"]
    assert head(store_url) == before + 3
    assert set(review_states(store_url).values()) == {"confirmed"}


def test_a_batch_return_gives_each_item_the_batch_reason_unless_it_has_its_own(office, store_url):
    led, department = office
    first, second = recorded(led, political(department, "第一次学习"), political(department, "第二次学习"))

    at = run_page("inbox", store_url, DIRECTOR)
    at.checkbox(key="inbox_all_carrier_review").check()
    at.text_input(key=f"inbox_reason_{first}").input("请补充照片")
    at.text_input(key="inbox_batch_reason_carrier_review").input("缺少签到表")
    button(at, "退回所选").click().run()
    assert not at.exception
    reasons = {
        r["activity_id"]: r["reason"]
        for r in led.query("SELECT activity_id, reason FROM activity_history WHERE action = 'returned'")
    }
    assert reasons == {first: "请补充照片", second: "缺少签到表"}


def test_a_staff_members_tasks_hold_their_returned_activity_with_the_reason_until_they_resubmit_it(office, store_url):
    led, department = office
    (family,) = recorded(led, political(department, "家庭美德教育"))
    led.activities.return_(UUID(family), "缺少签到表", DIRECTOR)

    [task] = led.registry.tasks(led, CLERK, clock.today())["carrier.returned"]
    assert (task.state, task.note, task.record, task.page) == ("returned", "缺少签到表", family, "political")
    at = run_page("returned", store_url, CLERK)
    assert not at.exception
    assert "退回理由：缺少签到表" in [x.value for x in at.text]
    assert led.registry.plugin("review").pages[1].count(led, CLERK, clock.today()) == 1

    led.activities.submit(UUID(family), CLERK)
    assert "carrier.returned" not in led.registry.tasks(led, CLERK, clock.today())
    assert [i.value for i in run_page("returned", store_url, CLERK).info] == ["没有被退回的记录。"]


def test_a_carrier_page_opened_on_a_returned_activity_chooses_it_whatever_the_period_filter(office, store_url):
    from streamlit.testing.v1 import AppTest

    from tests.app.pages import _render

    led, department = office
    old = clock.today() - timedelta(days=200)  # outside this quarter, the page's default filter
    (family,) = recorded(led, political(department, "半年前的学习", occurred_on=old))
    led.activities.return_(UUID(family), "缺少签到表", DIRECTOR)

    at = AppTest.from_function(_render, args=("political", store_url, "zh"), default_timeout=60)
    at.session_state["actor"] = CLERK
    at.session_state[EVERY_TAB] = True  # the page's tabs all drawn (the pledge is in its own tab)
    at.query_params["record"] = family
    at.run()
    assert not at.exception
    assert at.selectbox(key="political_records_open").value == family
    assert any(b.label == "重新提交审核" for b in at.button)


def opened_on(path, store_url, actor, record):
    """A page as the inbox opens it: on one record (`?record=<id>`)."""
    from streamlit.testing.v1 import AppTest

    from tests.app.pages import _render

    at = AppTest.from_function(_render, args=(path, store_url, "zh"), default_timeout=60)
    at.session_state["actor"] = actor
    at.session_state[EVERY_TAB] = True  # the page's tabs all drawn (a record may be in any)
    at.query_params["record"] = record
    return at.run()


def test_the_paper_pledge_and_proposal_pages_open_on_the_record_an_inbox_item_names(office, store_url):
    led, department = office
    admin, today = Actor("admin", "admin"), clock.today()
    cadres = [
        led.people.register_cadre(
            {"name": name, "department_id": department, "position": "科员", "joined_on": today - timedelta(days=400)},
            admin,
        )
        for name in ("王建国", "李秀英")
    ]
    second = cadres[0]  # 王建国: listed after 李秀英, so not a picker's first choice
    paper = led.papers.draft(
        {"cadre_id": second, "year": today.year, "kind": "theory_article", "title": "论编制"}, admin
    )
    led.papers.submit(paper, admin)
    pledge, _ = (
        led.political.record_pledge(
            {
                "cadre_id": cadre,
                "year": today.year,
                "occurred_on": today,
                "party_spirit": "学",
                "conduct": "干",
                "quality": "精",
                "firm_stand": "重大问题上旗帜鲜明",
                "clear_mind": "关键时刻头脑清醒",
            },
            admin,
        )
        for cadre in cadres
    )
    old = today - timedelta(days=200)  # outside the innovation page's default quarter
    proposal = led.innovation.submit_proposal(
        {
            "title": "台账电子化",
            "proposer_id": second,
            "problem": "难查",
            "idea": "电子化",
            "expected_effect": "好查",
            "occurred_on": old,
        },
        admin,
    )

    at = opened_on("study-paper", store_url, DIRECTOR, paper.hex)
    assert not at.exception
    assert at.selectbox(key="paper_cadre").value == second.hex
    assert "论编制" in [x.value for x in at.text]  # its card, to be graded

    at = opened_on("political", store_url, DIRECTOR, pledge.hex)
    assert not at.exception
    assert at.selectbox(key="political_pledge_open").value == pledge.hex

    at = opened_on("innovation", store_url, DIRECTOR, proposal.hex)
    assert not at.exception
    assert at.selectbox(key="innovation_open").value == proposal.hex


def test_an_activity_opened_outside_the_filter_stays_until_another_is_chosen(office, store_url):
    led, department = office
    old = clock.today() - timedelta(days=200)
    earlier, recent = recorded(
        led, political(department, "半年前的学习", occurred_on=old), political(department, "本周学习")
    )
    led.activities.return_(UUID(earlier), "缺少签到表", DIRECTOR)

    at = opened_on("political", store_url, CLERK, earlier)
    picker = at.selectbox(key="political_records_open")
    assert picker.value == earlier and len(picker.options) == 2
    at.text_input(key=f"political_records_fix_{earlier}_reason").input("补充签到表").run()  # the page runs again
    assert at.selectbox(key="political_records_open").value == earlier  # still there, whatever the filter
    at.selectbox(key="political_records_open").set_value(recent).run()
    at.run()
    assert len(at.selectbox(key="political_records_open").options) == 1  # back to the filter's own records
