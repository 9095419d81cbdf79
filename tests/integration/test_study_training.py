"""业务培训 and 赴外考察: training hours add up per cadre and year; a study tour brings back one report."""

from datetime import date, timedelta

import pytest

from domain import clock
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.study.training.queries import study_tours, training_hours
from tests.conftest import last_workday

YEAR_START = date(clock.today().year, 1, 1)


def session(attendees, **over):
    start = last_workday() - timedelta(days=2)
    return {
        "title": "全地区机构编制系统干部业务培训班",
        "organiser": "地区编办",
        "level": "prefecture_system",
        "occurred_on": start,
        "end_on": start + timedelta(days=1),
        "hours": 12,
        "audience": "全地区编制系统干部",
        "attendees": attendees,
        **over,
    }


def test_training_hours_add_up_per_cadre_for_the_year(ledger, office, staff, admin):
    # The administrator keeps the register of sessions attended by several cadres (staff record only their own).
    ledger.training.record_session(session([office.wang, office.li]), admin)
    later = ledger.training.record_session(
        session([office.wang], title="实名制管理系统操作培训", level="internal", hours=3.5), staff
    )
    ledger.training.add_attendance(later, {"cadre_ids": [office.aygul]}, admin)
    hours = training_hours(ledger, YEAR_START, clock.today()).set_index("name")["hours"]
    assert hours["王建国"] == 15.5
    assert hours["李秀英"] == 12
    assert hours["阿依古丽·努尔兰"] == 3.5
    assert hours["张伟"] == 0


def test_a_withdrawn_session_no_longer_counts_towards_anyones_hours(ledger, office, staff):
    held = ledger.training.record_session(session([office.wang]), staff)
    ledger.training.withdraw_session(held, {"reason": "重复登记"}, staff)
    assert training_hours(ledger, YEAR_START, clock.today()).set_index("name").loc["王建国", "hours"] == 0


@pytest.mark.parametrize(
    "bad, field, key",
    [
        ({"hours": 0}, "hours", "validation.greater_than"),
        ({"level": "county"}, "level", "validation.literal_error"),
        ({"end_on": last_workday() - timedelta(days=10)}, "end_on", "validation.end_before_start"),
        ({"title": ""}, "title", "validation.string_too_short"),
    ],
)
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
    tour = ledger.training.record_tour(
        {
            "destination": "浙江省杭州市",
            "purpose": "学习“最多跑一次”改革经验",
            "occurred_on": start,
            "end_on": start + timedelta(days=6),
            "members": [office.wang, office.aygul],
        },
        admin,
    )  # the members' names: the register
    ledger.training.file_report(
        tour, {"title": "赴浙江考察学习报告", "text": "一、基本情况 二、主要做法 三、启示"}, staff
    )
    with pytest.raises(LedgerError) as refused:
        ledger.training.file_report(tour, {"title": "再交一份", "text": "内容"}, staff)
    assert refused.value.key == "study.training.tour.error.report_filed"
    with pytest.raises(Forbidden):
        ledger.training.file_report(tour, {"title": "审计补写", "text": "内容"}, auditor)
    [mine] = study_tours(ledger, office.aygul.hex)
    assert mine["report_title"] == "赴浙江考察学习报告"
    assert mine["members"] == "王建国、阿依古丽·努尔兰"
    assert study_tours(ledger, office.li.hex) == []


def test_a_tour_without_members_is_refused(ledger, office, staff):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.training.record_tour(
            {"destination": "上海", "occurred_on": last_workday(), "end_on": last_workday(), "members": []}, staff
        )
    assert refused.value.errors[0][0] == "members"
    assert ledger.app.head() == head


def test_a_region_wide_training_records_county_trainees_by_name_and_office(ledger, office, staff, admin):
    from plugins.study.training.commands import trainee_lines
    from plugins.study.training.queries import session_trainees, training_sessions

    # 全地区机构编制系统调训: two of this office's cadres, and the county offices' trainees as the sign-in sheet lists them.
    roll = trainee_lines("马丽，布尔津县编办\n努尔江 哈巴河县编办\n\n马丽,布尔津县编办\n")
    held = ledger.training.record_session(session([office.wang, office.li], trainees=roll), admin)
    # A trainee without an office is refused, and nothing is written.
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.training.enrol_trainees(held, {"trainees": trainee_lines("王芳")}, admin)
    assert refused.value.errors[0][0] == "trainees.0.office" and ledger.app.head() == head
    # A county's list arriving late adds its trainees; the same person twice counts once.
    ledger.training.enrol_trainees(held, {"trainees": trainee_lines("王芳，吉木乃县编办\n马丽，布尔津县编办")}, admin)
    with pytest.raises(LedgerError):
        ledger.training.enrol_trainees(held, {"trainees": trainee_lines("王芳，吉木乃县编办")}, admin)

    rows = session_trainees(ledger, held.hex)
    assert sorted((r["office"], r["name"]) for r in rows) == [
        ("吉木乃县编办", "王芳"),
        ("哈巴河县编办", "努尔江"),
        ("布尔津县编办", "马丽"),
    ]
    (listed,) = [s for s in training_sessions(ledger, YEAR_START, date(YEAR_START.year, 12, 31)) if s["id"] == held.hex]
    assert (listed["attendees"], listed["trainees"]) == (2, 3)
    # They are not this office's cadres: nobody's training hours change but the two cadres'.
    hours = training_hours(ledger, YEAR_START, clock.today()).set_index("name")["hours"]
    assert (hours["王建国"], hours["张伟"]) == (12, 0)
    # Replayed from the start, the same rows; a withdrawn session's trainees leave the list.
    ledger.runner.rebuild(["training"])
    assert session_trainees(ledger, held.hex) == rows
    ledger.training.withdraw_session(held, {"reason": "重复登记"}, admin)
    assert session_trainees(ledger, held.hex) == []
