"""A new user's story: write in the notebook, submit the year's paper, a leader grades it, and the
cadre's profile shows both, with study streak, training hours and evaluations beside them."""

from datetime import timedelta

from culture_ledger.periods import Period
from domain import clock
from plugins.study.profile.queries import profile as profile_of
from tests.app.pages import run_page
from tests.app.test_study_pages import restore_store_env  # noqa: F401 (autouse fixture)
from tests.conftest import last_workday

THIS_QUARTER = Period.containing("quarter", clock.today()).code


def test_a_notebook_entry_and_a_graded_paper_both_appear_on_the_cadres_profile(
    ledger, office, staff_of, leader, store_url
):
    year = clock.today().year
    staff = staff_of(office.aygul)  # the new user: 阿依古丽·努尔兰, with her own account
    ledger.notebook.write(
        {
            "cadre_id": office.aygul,
            "occurred_on": last_workday(),
            "kind": "reflection",
            "title": "服务民生理念学习心得",
            "text": "编制向教育卫生倾斜。",
        },
        staff,
    )
    paper = ledger.papers.draft(
        {
            "cadre_id": office.aygul,
            "year": year,
            "kind": "research_report",
            "title": "全地区教育系统编制使用情况调研报告",
        },
        staff,
    )
    ledger.papers.submit(paper, staff)
    ledger.papers.review(paper, {"grade": "excellent", "comment": "数据翔实，建议推荐。"}, leader)

    profile = profile_of(ledger, office.aygul.hex)
    assert [e["title"] for e in profile["notebook"]] == ["服务民生理念学习心得"]
    assert (profile["paper"]["title"], profile["paper"]["state"], profile["paper"]["grade"]) == (
        "全地区教育系统编制使用情况调研报告",
        "reviewed",
        "excellent",
    )

    at = run_page("study-profile", store_url, staff)
    at.selectbox(key="profile_cadre").set_value(office.aygul.hex).run()
    assert not at.exception
    shown = [t.value for t in at.text]
    assert "服务民生理念学习心得" in shown and "全地区教育系统编制使用情况调研报告" in shown
    assert "优秀" in [m.value for m in at.metric]


def test_the_profile_counts_the_study_streak_training_hours_and_evaluations(ledger, office, staff_of, leader):
    today = last_workday()
    staff = staff_of(office.zhang)  # 张伟 records his own study and training
    day, studied = today, []
    while len(studied) < 3:  # the last three working days
        if day.weekday() < 5:
            studied.append(day)
        day -= timedelta(days=1)
    for d in studied:
        ledger.study.record_study(
            {"cadre_id": office.zhang, "occurred_on": d, "minutes": 60, "material": "党章"}, staff
        )
    ledger.training.record_session(
        {
            "title": "业务培训",
            "organiser": "地委编办",
            "level": "prefecture_system",
            "occurred_on": today,
            "end_on": today,
            "hours": 6,
            "attendees": [office.zhang],
        },
        staff,
    )
    ledger.four_strong.score(
        {
            "cadre_id": office.zhang,
            "period": THIS_QUARTER,
            "ideology": 90,
            "proficiency": 80,
            "conduct": 85,
            "fairness": 85,
            "comment": "稳步提高",
        },
        leader,
    )
    profile = profile_of(ledger, office.zhang.hex, today=today)
    assert profile["streak"] == 3
    assert profile["minutes_year"] == sum(60 for d in studied if d.year == today.year)
    assert profile["training_hours"] == 6
    assert list(profile["evaluations"]["average"]) == [85.0]
