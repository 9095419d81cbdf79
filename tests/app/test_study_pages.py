"""Every study page runs under AppTest on the demo office, for staff and for leaders, in both
languages, with every string translated; and a page's form writes through its record's service,
naming a refused field in that record's words."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from domain.actor import Actor
from plugins.study import plugin
from tests.app.pages import run_page

PAGES = {p.path: p.roles for p in plugin.pages}


@pytest.fixture(autouse=True)
def restore_store_env(monkeypatch):
    """The page script points CULTURE_LEDGER_STORE at its store; put it back afterwards."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", "sqlite:///:memory:")


@pytest.fixture(scope="module")
def demo_url(demo_office_copy) -> str:
    return demo_office_copy("study_pages")


def shown_text(at: AppTest) -> str:
    parts = []
    for kind in (
        "title",
        "subheader",
        "caption",
        "text",
        "markdown",
        "info",
        "success",
        "warning",
        "error",
        "metric",
        "expander",
        "tabs",
    ):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "")) + str(getattr(element, "label", "")))
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("path", "role"), [(path, role) for path, roles in PAGES.items() for role in ("staff", "leader") if role in roles]
)
def test_every_study_page_renders_on_the_demo_office(demo_url, path, role):
    at = run_page(path, demo_url, Actor(f"demo-{role}", role))  # the demo office's accounts
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "⟦" not in shown_text(at)


@pytest.mark.parametrize("path", [path for path, roles in PAGES.items() if "auditor" in roles])
def test_every_study_page_speaks_english_too(demo_url, path):
    at = run_page(path, demo_url, Actor("demo-auditor", "auditor"), lang="en")
    assert not at.exception, at.exception
    assert "⟦" not in shown_text(at)


def test_a_notebook_entry_written_on_the_page_appears_in_the_book(store_url, ledger, office, staff_of):
    at = run_page("study-notebook", store_url, staff_of(office.aygul))
    assert "notebook_cadre" not in [s.key for s in at.selectbox]
    assert (
        at.text_input(key="notebook_cadre_own").value == "阿依古丽·努尔兰（行政机构编制科）"
    )  # her own book, no picker
    at.text_input(key="note_title").input("学习“三大理念”笔记")
    at.text_area(key="note_text").input("机构编制促进发展、服务民生、支撑人才。")
    at.button[0].click()  # the form's submit button
    at.run()
    assert not at.exception
    assert [toast.value for toast in at.toast] == ["已记录。"]
    assert "学习“三大理念”笔记" in [t.value for t in at.text]
    assert ledger.query("SELECT cadre_id, kind FROM notebook_entries") == [
        {"cadre_id": office.aygul.hex, "kind": "note"}
    ]


def test_a_leader_grades_a_submitted_paper_on_the_page(store_url, ledger, office, staff):
    from domain import clock

    paper = ledger.papers.draft(
        {
            "cadre_id": office.wang,
            "year": clock.today().year,
            "kind": "theory_article",
            "title": "机构编制工作支撑人才发展的思考",
        },
        staff,
    )
    ledger.papers.submit(paper, staff)
    at = run_page("study-paper", store_url, Actor("director", "leader"))
    at.selectbox(key="paper_cadre").set_value(office.wang.hex).run()
    at.radio(key="paper_grade").set_value("good")
    at.text_area(key="paper_comment").input("论述清楚，建议补充数据。")
    next(b for b in at.button if b.label == "评定").click()
    at.run()
    assert not at.exception
    graded = ledger.query("SELECT state, grade, reviewer FROM annual_papers WHERE id = ?", (paper.hex,))[0]
    assert graded == {"state": "reviewed", "grade": "good", "reviewer": "director"}


def test_an_empty_notebook_entry_is_refused_on_the_page_naming_the_entrys_own_fields(store_url, ledger, office):
    at = run_page("study-notebook", store_url, Actor("clerk", "staff"))
    at.button[0].click()
    at.run()
    assert not at.exception
    [error] = at.error
    assert "题目" in error.value and "正文" in error.value
    assert "活动名称" not in error.value  # the core's label for an activity's title
    assert ledger.query("SELECT COUNT(*) AS n FROM notebook_entries") == [{"n": 0}]


def test_an_empty_tour_report_is_refused_on_the_page_naming_the_reports_own_fields(store_url, ledger, office, admin):
    from tests.conftest import last_workday

    ledger.training.record_tour(
        {
            "destination": "浙江省杭州市",
            "occurred_on": last_workday(),
            "end_on": last_workday(),
            "members": [office.wang],
        },
        admin,
    )
    at = run_page("study-training", store_url, Actor("clerk", "staff"))
    next(b for b in at.button if b.label == "提交考察报告").click()
    at.run()
    assert not at.exception
    [error] = at.error
    assert "报告题目" in error.value and "考察报告" in error.value
    assert "培训名称" not in error.value  # a training session's title is another field
    assert ledger.query("SELECT report FROM study_tours") == [{"report": None}]


def test_a_day_past_the_rules_daily_maximum_is_saved_with_a_warning_and_past_24_hours_refused(
    store_url, ledger, office, staff_of
):
    def submit(minutes: int):
        at = run_page("study-record", store_url, staff_of(office.li))  # her own form: no cadre to pick
        at.number_input(key="study_minutes").set_value(minutes)
        at.text_input(key="study_material").input("《机构编制工作条例》")
        at.button[0].click()  # the form's submit button
        return at.run()

    def said(at) -> list[str]:  # what the page says after its rerun: the toasts
        return [toast.value for toast in at.toast]

    at = submit(300)
    assert not at.exception and said(at) == ["已记录。"] and not at.warning  # within the daily maximum
    at = submit(300)
    assert said(at) == ["已记录。"] and any("超过积分规则每日计分上限 480 分钟" in w.value for w in at.warning)
    at = submit(900)
    assert not said(at) and any("一天最多 24 小时" in e.value for e in at.error)
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 2


def test_the_papers_a_year_figure_counts_open_from_it_and_each_paper_its_events(demo_url):
    at = run_page("study-paper", demo_url, Actor("demo-leader", "leader"))
    excellent = next(m for m in at.metric if m.label == "评为优秀")
    at.button(key="paper_figure_excellent__open").click().run()  # its 查看明细
    assert not at.exception
    [papers] = [d for d in at.dataframe if d.proto.id.endswith("paper_figure_excellent__records")]
    assert len(papers.value) == int(excellent.value) > 0
    assert set(papers.value["等次"]) == {"优秀"}  # the paper's own words: graded excellent, and nothing else

    at.session_state["paper_figure_excellent__records"] = {"selection": {"rows": [0]}}
    at.run()
    assert "**该记录的事件（按先后顺序）**" in [m.value for m in at.markdown]
    assert len(at.dataframe[-1].value) >= 3  # drafted, submitted, graded


@pytest.mark.slow
def test_the_compliance_page_prints_the_periods_study_ledger(demo_url):
    at = run_page("study-compliance", demo_url, Actor("demo-leader", "leader"))
    at.button(key="study_ledger_make").click().run()

    assert not at.exception, at.exception
    downloads = {e.proto.label: e.proto for e in at.get("download_button")}
    assert {"下载台账（Excel）", "下载台账（PDF）"} <= set(downloads)


def test_a_cadres_study_record_opens_the_entries_behind_each_figure_and_an_entry_its_events(demo_url):
    """干部学习档案 of 张伟 (the demo staff member's own): 本月学习 opens this month's entries, each in
    words; one click on an entry shows its events."""
    at = run_page("study-profile", demo_url, Actor("demo-staff", "staff"))
    month = next(m for m in at.metric if m.label == "本月学习（分钟）")
    at.button(key="profile_month__open").click().run()
    assert not at.exception
    [entries] = [d for d in at.dataframe if d.proto.id.endswith("profile_month__records")]
    assert list(entries.value.columns) == ["日期", "学习分钟", "学习内容", "方式"]
    assert int(entries.value["学习分钟"].sum()) == int(str(month.value).replace(",", ""))  # what the figure adds up
    assert set(entries.value["方式"]) <= {"自学", "集中学习"}

    at.session_state["profile_month__records"] = {"selection": {"rows": [0]}}
    at.run()
    assert not at.exception
    assert "**该记录的事件（按先后顺序）**" in [m.value for m in at.markdown]
    assert any("日学一时学习已登记" in str(v) for v in at.dataframe[-1].value.values.ravel())


def test_the_compliance_pages_share_for_a_month_is_the_overviews_the_cadre_weeks_met(demo_url):
    """达标率 over a month, on 日学一时 · 达标情况 and on 领导驾驶舱, is one figure with one definition
    (the cadre-weeks met): the page once showed the share of cadres who met every working day of the
    month under the same name (26% beside the overview's 74% on a demo office)."""
    from datetime import timedelta

    from culture_ledger.ledger import Ledger
    from culture_ledger.periods import Period, Scope
    from domain import clock
    from plugins.study.daily.queries import cadre_compliance, compliance_share

    last_month = Period.containing("month", clock.today().replace(day=1) - timedelta(days=1))
    led = Ledger(url=demo_url, worker=False)
    try:
        overview = compliance_share(led, Scope(last_month))
        every_day = cadre_compliance(led, last_month)["meets"].mean()
    finally:
        led.close()
    assert round(overview, 2) != round(every_day, 2)  # the two measures differ on this office

    at = run_page("study-compliance", demo_url, Actor("demo-leader", "leader"))
    at.session_state["study_kind"] = "month"
    at.session_state["study_anchor"] = last_month.start
    at.run()
    assert not at.exception, at.exception
    share = next(m for m in at.metric if m.label == "达标率")
    assert share.value == f"{overview:.0%}"
