"""业务培训, 赴外考察 and 四强测评: hours add up per cadre and year; leaders' scores per period."""

from datetime import date, timedelta

import pytest

from domain.actor import Actor
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.study import team_queries as q
from plugins.study.scoring import quarter_of
from tests.conftest import last_workday

YEAR_START = date(date.today().year, 1, 1)


def session(attendees, **over):
    start = last_workday() - timedelta(days=2)
    return {"title": "全地区机构编制系统干部业务培训班", "organiser": "地区编办", "level": "prefecture_system",
            "occurred_on": start, "end_on": start + timedelta(days=1), "hours": 12, "audience": "全地区编制系统干部",
            "attendees": attendees, **over}


def test_training_hours_add_up_per_cadre_for_the_year(ledger, office, staff, admin):
    # The administrator keeps the register of sessions attended by several cadres (staff record only their own).
    ledger.training.record_session(session([office.wang, office.li]), admin)
    later = ledger.training.record_session(session([office.wang], title="实名制管理系统操作培训", level="internal",
                                                   hours=3.5), staff)
    ledger.training.add_attendance(later, {"cadre_ids": [office.aygul]}, admin)
    hours = q.training_hours(ledger, YEAR_START, date.today()).set_index("name")["hours"]
    assert hours["王建国"] == 15.5
    assert hours["李秀英"] == 12
    assert hours["阿依古丽·努尔兰"] == 3.5
    assert hours["张伟"] == 0


def test_a_withdrawn_session_no_longer_counts_towards_anyones_hours(ledger, office, staff):
    held = ledger.training.record_session(session([office.wang]), staff)
    ledger.training.withdraw_session(held, {"reason": "重复登记"}, staff)
    assert q.training_hours(ledger, YEAR_START, date.today()).set_index("name").loc["王建国", "hours"] == 0


@pytest.mark.parametrize("bad, field, key", [
    ({"hours": 0}, "hours", "validation.greater_than"),
    ({"level": "county"}, "level", "validation.literal_error"),
    ({"end_on": last_workday() - timedelta(days=10)}, "end_on", "validation.end_before_start"),
    ({"title": ""}, "title", "validation.string_too_short"),
])
def test_a_bad_training_session_is_refused_and_writes_nothing(ledger, office, staff, bad, field, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.training.record_session(session([office.wang], **bad), staff)
    assert (field, key) in [(f, k) for f, k, _ in refused.value.errors]
    assert ledger.app.head() == head


def test_attendance_of_an_unknown_cadre_is_refused(ledger, office, admin):
    import uuid

    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.training.record_session(session([office.wang, uuid.uuid4()]), admin)
    assert refused.value.errors[0][:2] == ("attendees", "validation.unknown_cadre")
    assert ledger.app.head() == head


def test_a_study_tour_brings_back_a_report_once(ledger, office, staff, admin, auditor):
    start = last_workday() - timedelta(days=20)
    tour = ledger.training.record_tour({"destination": "浙江省杭州市", "purpose": "学习“最多跑一次”改革经验",
                                        "occurred_on": start, "end_on": start + timedelta(days=6),
                                        "members": [office.wang, office.aygul]}, admin)  # the members' names: the register
    ledger.training.file_report(tour, {"title": "赴浙江考察学习报告", "text": "一、基本情况 二、主要做法 三、启示"}, staff)
    with pytest.raises(LedgerError) as refused:
        ledger.training.file_report(tour, {"title": "再交一份", "text": "内容"}, staff)
    assert refused.value.key == "error.report_filed"
    with pytest.raises(Forbidden):
        ledger.training.file_report(tour, {"title": "审计补写", "text": "内容"}, auditor)
    [mine] = q.study_tours(ledger, office.aygul.hex)
    assert mine["report_title"] == "赴浙江考察学习报告"
    assert mine["members"] == "王建国、阿依古丽·努尔兰"
    assert q.study_tours(ledger, office.li.hex) == []


def test_a_tour_without_members_is_refused(ledger, office, staff):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.training.record_tour({"destination": "上海", "occurred_on": last_workday(), "end_on": last_workday(),
                                     "members": []}, staff)
    assert refused.value.errors[0][0] == "members"
    assert ledger.app.head() == head


def scores(cadre, period=None, **over):
    return {"cadre_id": cadre, "period": period or quarter_of(date.today()), "ideology": 92, "proficiency": 88,
            "conduct": 90, "fairness": 86, "comment": "政治立场坚定，业务熟练。", **over}


def test_a_leaders_scores_are_recorded_with_the_evaluator_and_averaged(ledger, office, leader):
    ledger.four_strong.score(scores(office.wang), leader)
    [row] = q.evaluations(ledger, cadre_id=office.wang.hex).to_dict("records")
    assert row["evaluator"] == "director"
    assert row["average"] == 89.0


def test_a_leader_scores_a_cadre_once_per_period_and_corrects_by_amending(ledger, office, leader, admin):
    ledger.accounts.create({"username": "deputy", "display_name": "deputy", "roles": ["leader"]}, admin)
    evaluation = ledger.four_strong.score(scores(office.wang), leader)
    with pytest.raises(LedgerError) as refused:
        ledger.four_strong.score(scores(office.wang, ideology=70), leader)
    assert refused.value.key == "error.already_evaluated"
    ledger.four_strong.score(scores(office.wang), Actor("deputy", "leader"))  # another leader may score too
    ledger.four_strong.amend(evaluation, {"fairness": 94, "reason": "复核后调整"}, leader)
    mine = q.evaluations(ledger, cadre_id=office.wang.hex).set_index("evaluator")
    assert mine.loc["director", "fairness"] == 94
    assert mine.loc["director", "average"] == 91.0
    with pytest.raises(LedgerError) as refused:
        ledger.four_strong.amend(evaluation, {"fairness": 60, "reason": "改别人的分"}, Actor("deputy", "leader"))
    assert refused.value.key == "error.not_the_evaluator"


@pytest.mark.parametrize("bad, field, key", [
    ({"ideology": 101}, "ideology", "validation.less_than_equal"),
    ({"period": "2026-Q5"}, "period", "validation.string_pattern_mismatch"),
    ({"period": f"{date.today().year + 1}"}, "period", "validation.period_future"),
    ({"comment": ""}, "comment", "validation.string_too_short"),
])
def test_bad_scores_are_refused_and_write_nothing(ledger, office, leader, bad, field, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.four_strong.score(scores(office.wang, **bad), leader)
    assert (field, key) in [(f, k) for f, k, _ in refused.value.errors]
    assert ledger.app.head() == head


def test_staff_cannot_score_but_may_assess_themselves(ledger, office, staff, leader):
    with pytest.raises(Forbidden):
        ledger.four_strong.score(scores(office.wang), staff)
    ledger.four_strong.self_assess({"cadre_id": office.wang, "period": quarter_of(date.today()),
                                    "text": "本季度坚持日学一时，完成调研报告一篇。", "ideology": 90}, staff)
    [mine] = q.self_assessments(ledger, office.wang.hex)
    assert (mine["ideology"], mine["proficiency"], mine["average"]) == (90, None, 90.0)
    with pytest.raises(LedgerError) as refused:
        ledger.four_strong.self_assess({"cadre_id": office.wang, "period": quarter_of(date.today()), "text": "再写"}, staff)
    assert refused.value.key == "error.already_self_assessed"


def test_results_show_per_cadre_over_time_and_per_department(ledger, office, leader):
    this_year = date.today().year
    ledger.four_strong.score(scores(office.wang, period=f"{this_year - 1}", ideology=80), leader)
    ledger.four_strong.score(scores(office.wang, period=f"{this_year}-H1"), leader)
    ledger.four_strong.score(scores(office.li, period=f"{this_year}-H1", ideology=70), leader)
    ledger.four_strong.score(scores(office.aygul, period=f"{this_year}-H1", ideology=95), leader)
    history = q.evaluations(ledger, cadre_id=office.wang.hex)
    assert list(history["period"]) == [f"{this_year - 1}", f"{this_year}-H1"]
    departments = q.department_dimensions(ledger, f"{this_year}-H1").set_index(["department", "dimension"])["score"]
    assert departments[("办公室", "ideology")] == 81.0  # (92 + 70) / 2
    assert departments[("行政机构编制科", "ideology")] == 95.0
