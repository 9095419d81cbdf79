"""Rights on every record (issue 20, item 3): each story is who tries what, refused in Chinese,
and nothing written — on SQLite and PostgreSQL. The table they hold to is `culture_ledger.rights`."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from culture_ledger import rights
from domain import clock
from domain.actor import Actor
from domain.errors import Forbidden
from plugins.carrier.todos import awaiting_review
from plugins.political.todos import awaiting_rating
from plugins.study.paper.todos import awaiting_grade
from tests.conftest import OPERATOR, last_workday

pytestmark = pytest.mark.backends("sqlite", "postgresql")

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def refused(ledger, attempt, key: str | None = None) -> str:
    """Run `attempt`: it must be refused (Forbidden, with `key` if given) and write nothing; returns
    what the user reads, in Chinese."""
    head = ledger.app.head()
    with pytest.raises(Forbidden) as caught:
        attempt()
    assert ledger.app.head() == head, "a refused attempt wrote to the log"
    if key is not None:
        assert caught.value.key == key, caught.value
    said = ledger.catalog.t("zh", caught.value.key, **caught.value.params)
    assert CHINESE.search(said) and any(w in said for w in ("拒绝", "无权", "未写入")), said
    return said


def activity(department, **over):
    return {
        "carrier": "political",
        "kind": "sanzhengzuo_session",
        "title": "“三争做”交流会",
        "occurred_on": last_workday() - timedelta(days=3),
        "department_id": department,
        "place": "四楼会议室",
        "organiser": "机关党支部",
        "expected": 4,
        "present": 4,
        "absentees": [],
        "details": {"strand": "three_best"},
        **over,
    }


def review_of(ledger, activity_id) -> str:
    return ledger.scalar("SELECT review FROM activities WHERE id = ?", (activity_id.hex,))


def test_a_staff_member_withdraws_amends_and_moves_only_his_own_or_his_departments_records(
    ledger, office, staff, admin
):
    start = last_workday() - timedelta(days=10)
    everyone = [office.wang, office.li, office.aygul, office.zhang]
    # The admin's session with attendees across both departments: not the clerk's (王建国) to withdraw.
    session = ledger.training.record_session(
        {
            "title": "全地区机构编制系统干部业务培训班",
            "organiser": "地区编办",
            "level": "prefecture_system",
            "occurred_on": start,
            "end_on": start + timedelta(days=1),
            "hours": 12,
            "audience": "全地区编制系统干部",
            "attendees": everyone,
        },
        admin,
    )
    refused(
        ledger, lambda: ledger.training.withdraw_session(session, {"reason": "误录"}, staff), "error.not_own_record"
    )
    # A tour he was not on: he files no report for it; one he was on, he does.
    tour = {
        "destination": "浙江省杭州市",
        "purpose": "学习改革经验",
        "occurred_on": start,
        "end_on": start + timedelta(days=3),
    }
    others = ledger.training.record_tour({**tour, "members": [office.li, office.aygul]}, admin)
    report = {"title": "赴浙江考察学习报告", "text": "一、基本情况"}
    refused(ledger, lambda: ledger.training.file_report(others, report, staff), "error.not_own_record")
    his = ledger.training.record_tour({**tour, "members": [office.wang, office.li]}, admin)
    ledger.training.file_report(his, report, staff)
    # His department's activity: he may correct it, but not move it into another department.
    ours = ledger.activities.record(activity(office.general), admin)
    refused(
        ledger,
        lambda: ledger.activities.amend(ours, {"department_id": office.reform}, "改到编制科", staff),
        "error.not_own_department",
    )
    theirs = ledger.activities.record(activity(office.reform), admin)
    for attempt in (
        lambda: ledger.activities.withdraw(theirs, "不是本科室的", staff),
        lambda: ledger.activities.amend(theirs, {"title": "改个标题"}, "更正", staff),
        lambda: ledger.activities.amend(theirs, {"department_id": office.general}, "挪到办公室", staff),
    ):
        refused(ledger, attempt, "error.not_own_department")
    ledger.activities.amend(ours, {"title": "“三争做”经验交流会"}, "更正标题", staff)
    assert ledger.scalar("SELECT department_id FROM activities WHERE id = ?", (ours.hex,)) == office.general.hex


def test_amending_a_confirmed_activity_sends_it_back_to_the_review_inbox_until_confirmed_again(
    ledger, office, staff, leader
):
    done = ledger.activities.record(activity(office.general), staff)
    ledger.activities.confirm(done, leader)
    assert review_of(ledger, done) == "confirmed"
    ledger.activities.amend(done, {"present": 2, "absentees": ["李秀英", "张伟"]}, "签到表核对后更正", staff)
    assert review_of(ledger, done) == "submitted"  # stops counting: only confirmed records count
    assert done.hex in {task.record for task in awaiting_review(ledger, leader, clock.today())}
    ledger.activities.confirm(done, leader)
    assert review_of(ledger, done) == "confirmed"


def test_no_leader_confirms_rates_scores_grades_or_judges_his_own_idea_and_his_inbox_leaves_them_out(
    ledger, office, leader, admin
):
    ledger.accounts.link("director", admin, cadre_id=office.li)  # the leader is 李秀英
    today = clock.today()
    own = ledger.activities.record(activity(office.general), leader)
    pledge = ledger.political.record_pledge(
        {
            "cadre_id": office.li,
            "year": today.year,
            "occurred_on": today,
            "party_spirit": "按时参加组织生活",
            "conduct": "廉洁自律",
            "quality": "全年撰写一篇调研报告",
            "firm_stand": "重大问题上旗帜鲜明",
            "clear_mind": "关键时刻头脑清醒",
        },
        admin,
    )
    paper = ledger.papers.draft(
        {"cadre_id": office.li, "year": today.year, "kind": "research_report", "title": "调研报告", "abstract": "摘要"},
        admin,
    )
    ledger.papers.submit(paper, admin)
    idea = ledger.innovation.submit_proposal(
        {
            "title": "编制实名制台账网上核对",
            "proposer_id": office.li,
            "problem": "核对靠手工",
            "idea": "网上核对",
            "expected_effect": "每月少用两天",
            "occurred_on": today,
        },
        admin,
    )
    quarter = {"ideology": 99, "proficiency": 99, "conduct": 99, "fairness": 99, "comment": "优秀"}
    rating = {d: 5 for d in ("party_spirit", "conduct", "quality")}
    rating |= {d: 5 for d in ("political_stand", "political_discipline", "political_discernment")}
    rating |= {d: 5 for d in ("firm_stand", "clear_mind")}
    said = {
        refused(ledger, attempt, "error.own_record")
        for attempt in (
            lambda: ledger.activities.confirm(own, leader),
            lambda: ledger.activities.review_batch([(own, "confirm", "")], leader),
            lambda: ledger.political.rate_pledge(pledge, {**rating, "comment": "", "rated_on": today}, leader),
            lambda: ledger.four_strong.score({"cadre_id": office.li, "period": _quarter(), **quarter}, leader),
            lambda: ledger.papers.review(paper, {"grade": "excellent", "comment": "好"}, leader),
            lambda: ledger.innovation.evaluate(idea, {"score": 5, "opinion": "可行", "on": today}, leader),
            lambda: ledger.innovation.adopt(idea, {"opinion": "采纳", "on": today}, leader),
            lambda: ledger.innovation.reject(idea, {"reason": "不采纳", "on": today}, leader),
        )
    }
    assert said == {"不能审核、评价或打分本人的记录，请由其他领导办理；未写入任何记录。"}
    # His inbox leaves his own items out; they wait for another leader.
    assert own.hex not in {t.record for t in awaiting_review(ledger, leader, today)}
    assert pledge.hex not in {t.record for t in awaiting_rating(ledger, leader, today)}
    assert paper.hex not in {t.record for t in awaiting_grade(ledger, leader, today)}
    assert own.hex in {t.record for t in awaiting_review(ledger, admin, today)}
    ledger.activities.confirm(own, admin)  # another may
    ledger.papers.review(paper, {"grade": "excellent", "comment": "好"}, admin)
    ledger.innovation.evaluate(idea, {"score": 5, "opinion": "可行", "on": today}, admin)


def _quarter() -> str:
    from culture_ledger.periods import Period

    return Period.containing("quarter", clock.today()).code


def test_the_import_system_and_command_line_channels_name_a_real_account_where_they_are_open(ledger, leader):
    department = {"name": "审计科"}
    for who, key in (
        (Actor("ghost", "admin", "cli"), "error.no_account"),  # no such account
        (OPERATOR, "error.no_account"),  # the operating-system user, once an administrator exists
        (Actor("ghost", "admin", "system"), "error.channel_closed"),  # the system acts only in the demo and reminders
        (Actor("admin", "admin", "import"), "error.channel_closed"),  # outside an import
        (Actor("director", "admin", "cli"), "error.role_not_held"),  # a real account, not holding that role
    ):
        refused(ledger, lambda who=who: ledger.people.register_department(department, who), key)
    old_rules = {"name": "2020年版", "effective_from": date(2020, 1, 6)}
    refused(ledger, lambda: ledger.study_rules.publish(old_rules, leader.via("import")), "error.channel_closed")
    ledger.people.register_department(department, Actor("admin", "admin", "cli"))  # `--as admin`


def test_staff_read_only_their_own_evaluations_grades_and_notebooks_leaders_and_auditors_everyones(
    ledger, office, staff, leader, auditor
):
    for kind in ("evaluation", "paper", "notebook"):
        assert (
            ledger.study.read_reach(staff, kind).own_only
            and ledger.study.read_reach(staff, kind).cadre_id == office.wang
        )
        assert not ledger.study.read_reach(leader, kind).own_only
        assert not ledger.study.read_reach(auditor, kind).own_only
        assert rights.change_reach(kind, "auditor") == rights.NONE  # auditors read everything, change nothing


@pytest.mark.backends("sqlite")  # the command line's own parsing; the store's part is the story above
def test_the_account_commands_act_as_the_enabled_administrator_named_with_as(ledger, capsys, monkeypatch, store_url):
    import io

    from culture_ledger.cli import main

    def accounts(*args: str) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(["--store", store_url, "accounts", *args])
        out = capsys.readouterr()
        return code, out.out + out.err

    head = ledger.app.head()
    code, said = accounts("grant", "clerk", "leader")  # no --as: the OS user, though an administrator exists
    assert code == 1 and "请用 --as 指定一个启用的管理员账户" in said
    code, said = accounts("grant", "clerk", "leader", "--as", "clerk")  # a staff member's account
    assert code == 1
    code, said = accounts("grant", "clerk", "leader", "--as", "nobody")
    assert code == 1
    ledger.catch_up()
    assert ledger.app.head() == head and ledger.accounts.roles_of("clerk") == ["staff"]
    code, said = accounts("grant", "clerk", "leader", "--as", "admin")
    assert code == 0, said
