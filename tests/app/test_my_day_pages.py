"""The home page puts the signed-in person's day first (我的待办), counts it in the navigation,
and an admin sets the office's deadlines on 截止时间; the to-do list shows them and turns red after."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from domain import clock
from tests.app.pages import run_page, visible_text
from tests.app.test_accounts_pages import APP, _dashboard
from tests.conftest import last_workday


@pytest.fixture
def workday(monkeypatch):
    """The office's today is a working day (the daily rule applies), whatever day the suite runs."""
    day = last_workday()
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def todays_study(at: AppTest) -> str:
    return next(text for text in visible_text(at) if text.startswith("今天的学习"))


def test_a_staff_members_home_lists_todays_study_as_due_then_done_once_recorded(
    store_url, ledger, office, staff, workday
):
    at = run_page("home", store_url, staff)
    assert not at.exception
    assert [s.value for s in at.subheader][0] == "我的待办"  # the person's day first
    assert at.caption[0].value.endswith(f"今天是 {workday.isoformat()}（北京时间）")
    assert todays_study(at) == "今天的学习：已学 0 分钟，要求 60 分钟"
    assert "待办" in " ".join(m.value for m in at.markdown)

    ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": workday, "minutes": 60, "material": "党章", "mode": "self"}, staff
    )
    at = run_page("home", store_url, staff)
    assert todays_study(at) == "今天的学习：已学 60 分钟，要求 60 分钟"
    assert any("已完成" in m.value for m in at.markdown)


def test_the_ledgers_event_count_is_for_those_who_audit_it(store_url, ledger, office, staff, auditor):
    staff_figures = [m.label for m in run_page("home", store_url, staff).metric]
    assert "在册干部" in staff_figures and "台账记录总数" not in staff_figures
    assert "台账记录总数" in [m.label for m in run_page("home", store_url, auditor).metric]


def test_an_admin_sees_what_the_office_has_not_set_up(store_url, ledger, office, admin):
    text = visible_text(run_page("home", store_url, admin))
    assert "尚未发布本单位的积分规则（目前按默认规则计分）" in text
    assert "尚未设定人才发展规划目标" in text
    assert "截止时间尚未设定（4 项沿用默认值）" in text


def test_the_navigation_counts_open_tasks_beside_home_and_its_button_opens_the_study_form(
    ledger, store_url, office, monkeypatch, workday
):
    monkeypatch.setenv("CULTURE_LEDGER_STORE", store_url)
    app = AppTest.from_function(_dashboard, args=(APP,), default_timeout=60)
    from domain.actor import Actor

    app.session_state["actor"] = Actor("clerk", "staff", "form")
    app.run()
    assert not app.exception
    names = {info.get("url_pathname"): info.get("page_name") for info in app._registered_pages.values()}
    open_count = sum(
        task.is_open()
        for tasks in ledger.registry.tasks(ledger, Actor("clerk", "staff", "form"), workday).values()
        for task in tasks
    )
    assert open_count >= 2 and names[""] == f"首页 · 待办 {open_count}"  # the default page, at /
    assert names["study-record"] == "日学一时 · 填报"  # a page without a badge keeps its title

    app.button(key="open.study.daily.0").click().run()
    assert not app.exception
    assert [t.value for t in app.title] == ["日学一时 · 学习填报"]


def test_an_admin_sets_the_papers_deadline_and_the_staff_member_sees_it_then_sees_it_overdue(
    store_url, ledger, office, admin, staff, monkeypatch
):
    at = run_page("desk-deadlines", store_url, admin)
    assert not at.exception
    table = at.dataframe[0].value
    paper = table[table["事项"] == "年撰一文提交"].iloc[0]
    assert (paper["依据"], paper["规则"]) == ("默认", "每年11月30日，不设开始时间")

    at.selectbox(key="dl_kind").set_value("study.paper").run()
    at.number_input(key="dl_month").set_value(10)
    at.number_input(key="dl_day").set_value(15)
    at.text_input(key="dl_note").input("今年提前收稿")
    at.button[0].click().run()
    assert not at.exception and [toast.value for toast in at.toast] == ["已记录。"]
    table = at.dataframe[0].value
    paper = table[table["事项"] == "年撰一文提交"].iloc[0]
    year = clock.today().year
    assert (paper["依据"], paper["本期截止"]) == ("第1版", f"{year}-10-15")
    assert "今年提前收稿" in at.dataframe[1].value["说明"].tolist()

    monkeypatch.setattr(clock, "today", lambda: date(year, 10, 15))
    text = visible_text(run_page("home", store_url, staff))
    assert f"{year}年的文章：尚未动笔" in text and f"截止 {year}-10-15" in text
    monkeypatch.setattr(clock, "today", lambda: date(year, 10, 16))
    at = run_page("home", store_url, staff)
    assert f":red[截止 {year}-10-15]" in [m.value for m in at.markdown]
    assert any("已逾期" in m.value for m in at.markdown)


def test_the_home_pages_office_figures_open_the_cadres_and_departments_they_count(store_url, ledger, office, staff):
    at = run_page("home", store_url, staff)
    cadres = next(m for m in at.metric if m.label == "在册干部")
    at.button(key="desk_cadres__open").click().run()  # its 查看明细
    assert not at.exception
    [listed] = [d for d in at.dataframe if d.proto.id.endswith("desk_cadres__records")]
    assert len(listed.value) == int(cadres.value) == 4
    assert {"王建国", "李秀英", "阿依古丽·努尔兰", "张伟"} == set(listed.value.iloc[:, 0])  # by name, with 科室
