"""我的待办: each plugin adds its part of a person's day, and the office's deadlines are data.

A staff member (the `clerk` account, 王建国 of 办公室) sees today's study, this week's, the month's
notebook, the year's paper and pledge; an admin sees what the office has not set up; a deadline
an admin sets moves the due date of the periods that end after it takes effect, and an item past
its deadline turns overdue and shows on the leaders' gap list."""

from datetime import date, datetime, timedelta

import pytest

from culture_ledger.periods import Period, Scope
from culture_ledger.registry import open_tasks
from domain import clock
from domain.errors import Forbidden, InvalidCommand
from plugins.desk.services import ScheduleService
from tests.conftest import last_workday


def tasks_of(ledger, actor, today):
    return ledger.registry.tasks(ledger, actor, today)


def study(ledger, office, staff, day, minutes=60):
    ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": day, "minutes": minutes, "material": "党章", "mode": "self"}, staff
    )


def at(day: date):
    """The office's clock at noon of `day` (Beijing time)."""
    return clock.simulated(datetime(day.year, day.month, day.day, 12, tzinfo=clock.office_zone()))


def test_todays_study_is_due_until_the_hour_is_recorded_then_done(ledger, office, staff):
    day = last_workday()
    (today, week) = tasks_of(ledger, staff, day)["study.daily"]
    assert (today.title, today.state, today.due, today.page) == ("study.daily.todo.today", "due", day, "study-record")
    assert today.params == {"minutes": 0, "target": 60}

    study(ledger, office, staff, day, minutes=40)
    (today, _) = tasks_of(ledger, staff, day)["study.daily"]
    assert today.state == "due" and today.params["minutes"] == 40  # 40 of 60 minutes is not yet the hour

    study(ledger, office, staff, day, minutes=20)
    (today, _) = tasks_of(ledger, staff, day)["study.daily"]
    assert today.state == "done" and today.params == {"minutes": 60, "target": 60}


def test_a_persons_tasks_are_worked_out_once_while_nothing_is_recorded_and_again_after_a_recording(
    ledger, office, staff, auditor, monkeypatch
):
    # The navigation counts them on every page a person opens (首页 · 待办 N, 待审核 · N).
    worked_out = []
    original = type(ledger.registry)._tasks
    monkeypatch.setattr(type(ledger.registry), "_tasks", lambda *a: worked_out.append(1) or original(*a))
    day = last_workday()
    first = tasks_of(ledger, staff, day)
    first["study.daily"].clear()  # what one page does with its copy is its own
    assert tasks_of(ledger, staff, day)["study.daily"][0].params["minutes"] == 0
    assert len(worked_out) == 1
    ledger.access_log.record(auditor, "page:audit-events")  # an auditor's visit is logged: no task changes
    tasks_of(ledger, staff, day)
    assert len(worked_out) == 1

    study(ledger, office, staff, day, minutes=60)
    (today, _) = tasks_of(ledger, staff, day)["study.daily"]
    assert today.state == "done" and len(worked_out) == 2
    tasks_of(ledger, staff, day + timedelta(days=1))  # another day is another question
    assert len(worked_out) == 3


def test_a_working_day_this_week_that_fell_short_makes_the_week_overdue(ledger, office, staff):
    friday = date(2026, 11, 20)  # a week of five working days, no holiday in it
    (_, week) = tasks_of(ledger, staff, friday)["study.daily"]
    assert week.state == "overdue" and week.params == {"met": 0, "days": 5}
    for i in range(5):
        study(ledger, office, staff, friday - timedelta(days=i))
    (today, week) = tasks_of(ledger, staff, friday)["study.daily"]
    assert today.state == week.state == "done" and week.params == {"met": 5, "days": 5}


def test_a_person_who_is_no_cadre_has_no_study_of_their_own_to_do(ledger, office, admin):
    assert not {"study.daily", "study.paper", "political.pledge"} & set(tasks_of(ledger, admin, last_workday()))


def test_the_notebook_and_the_pledge_are_done_once_written_and_signed(ledger, office, staff):
    day = last_workday()
    (notebook,) = tasks_of(ledger, staff, day)["study.notebook"]
    (pledge,) = tasks_of(ledger, staff, day)["political.pledge"]
    assert notebook.state == "due" and notebook.due == Period.containing("month", day).end
    # The pledge month is March by default: later in the year an unsigned pledge is overdue.
    assert (pledge.due, pledge.state) == (date(day.year, 3, 31), "overdue" if day.month > 3 else "due")
    ledger.notebook.write(
        {
            "cadre_id": office.wang,
            "occurred_on": day,
            "kind": "note",
            "title": "学习笔记",
            "text": "学习《条例》的体会。",
        },
        staff,
    )
    ledger.political.record_pledge(
        {
            "cadre_id": office.wang,
            "year": day.year,
            "occurred_on": day,
            "party_spirit": "带头学习",
            "conduct": "廉洁自律",
            "quality": "精通业务",
            "firm_stand": "重大问题上旗帜鲜明",
            "clear_mind": "关键时刻头脑清醒",
        },
        staff,
    )
    after = tasks_of(ledger, staff, day)
    assert after["study.notebook"][0].state == "done" and after["study.notebook"][0].params["written"] == 1
    assert after["political.pledge"][0].state == "done" and after["political.pledge"][0].record


def test_the_papers_default_deadline_is_the_thirtieth_of_november_and_it_turns_overdue_after(ledger, office, staff):
    (paper,) = tasks_of(ledger, staff, date(2026, 11, 30))["study.paper"]
    assert (paper.title, paper.state, paper.due) == ("study.paper.todo.none", "due", date(2026, 11, 30))
    (paper,) = tasks_of(ledger, staff, date(2026, 12, 1))["study.paper"]
    assert paper.state == "overdue"
    assert open_tasks(ledger.registry.tasks(ledger, staff, date(2026, 12, 1))) >= 1


def test_a_deadline_an_admin_sets_moves_the_due_date_from_its_effective_day_on(ledger, office, staff, admin):
    schedule = ledger.service(ScheduleService)
    with at(date(2026, 3, 2)):
        assert schedule.due_on("study.paper", date(2026, 3, 2)).is_default
        schedule.set_deadline(
            {"kind": "study.paper", "effective_from": date(2026, 3, 2), "month": 10, "day": 15, "note": "提前收稿"},
            admin,
        )
    due = schedule.due_on("study.paper", date(2026, 3, 2))
    assert (due.due, due.version, due.is_default) == (date(2026, 10, 15), 1, False)
    # The year 2025 ended before the setting took effect: its paper kept the default day.
    assert schedule.due("study.paper", Period.parse("2025")).due == date(2025, 11, 30)

    (paper,) = tasks_of(ledger, staff, date(2026, 10, 15))["study.paper"]
    assert (paper.state, paper.due) == ("due", date(2026, 10, 15))
    (paper,) = tasks_of(ledger, staff, date(2026, 10, 16))["study.paper"]
    assert paper.state == "overdue"


def test_a_quarters_window_opens_before_its_deadline(ledger, admin):
    schedule = ledger.service(ScheduleService)
    due = schedule.due("integrity.assessment", Period.parse("2026-Q4"))
    assert (due.opens, due.due) == (date(2026, 12, 16), date(2026, 12, 31))
    assert not due.is_open_on(date(2026, 12, 15)) and due.is_open_on(date(2026, 12, 16))


def test_only_an_admin_sets_a_deadline_and_never_before_today_nor_outside_its_period(ledger, leader, admin):
    schedule = ledger.service(ScheduleService)
    today = clock.today()
    with pytest.raises(Forbidden):
        schedule.set_deadline({"kind": "study.paper", "effective_from": today, "month": 10, "day": 1}, leader)
    for command, field, key in (
        (
            {"kind": "study.paper", "effective_from": today - timedelta(days=1), "month": 10, "day": 1},
            "effective_from",
            "desk.error.backdated",
        ),
        (
            {"kind": "integrity.assessment", "effective_from": today, "month": 4, "day": 1},
            "month",
            "desk.error.month_outside",
        ),
        ({"kind": "no.such", "effective_from": today, "month": 1, "day": 1}, "kind", "desk.error.unknown_kind"),
    ):
        with pytest.raises(InvalidCommand) as refused:
            schedule.set_deadline(command, admin)
        assert [(f, k) for f, k, _ in refused.value.errors] == [(field, key)]
    assert schedule.versions() == []


def test_an_admin_sees_what_the_office_has_not_set_up(ledger, office, admin):
    ledger.people.register_department({"name": "监督检查科"}, admin)
    found = tasks_of(ledger, admin, date(2026, 12, 20))
    assert [t.title for t in found["study.rules"]] == ["study.rules.todo.unset"]
    assert [t.title for t in found["staffing.plan"]] == ["staffing.todo.plan_unset"]
    assert [t.title for t in found["desk.setup"]] == ["desk.setup.deadlines"]
    assert [t.params["department"] for t in found["people.roll"]] == ["监督检查科"]
    # The last fortnight of the quarter: its three departments are still to be assessed (the
    # previous quarter's too, none of them having been assessed then either).
    assessments = found["integrity.assessment"]
    assert [(t.params["quarter"], t.params["left"], t.state) for t in assessments] == [
        ("2026Q3", 3, "overdue"),
        ("2026Q4", 3, "due"),
    ]

    ledger.service(ScheduleService).set_deadline(
        {"kind": "study.paper", "effective_from": clock.today(), "month": 11, "day": 30}, admin
    )
    assert "desk.setup" not in tasks_of(ledger, admin, date(2026, 12, 20))


def test_an_overdue_paper_shows_on_the_leaders_gap_list(ledger, office):
    gap = next(g for g in ledger.registry.gaps if g.key == "study_paper_overdue")
    scope = Scope(Period.parse("2026"))
    with at(date(2026, 11, 30)):
        assert gap.compute(ledger, scope) == []
    with at(date(2026, 12, 1)):
        late = gap.compute(ledger, scope)
    assert {r["name"] for r in late} == {"王建国", "李秀英", "阿依古丽·努尔兰", "张伟"}
    assert {r["due"] for r in late} == {"2026-11-30"}


def test_the_quarters_self_assessment_shows_once_its_window_opens_and_is_done_once_written(ledger, office, staff):
    quarter = Period.containing("quarter", clock.today())
    opens = quarter.end - timedelta(days=15)
    assert "study.evaluation" not in tasks_of(ledger, staff, opens - timedelta(days=1))
    (task,) = tasks_of(ledger, staff, opens)["study.evaluation"]
    assert (task.state, task.due, task.params) == ("due", quarter.end, {"quarter": quarter.label})

    ledger.four_strong.self_assess({"cadre_id": office.wang, "period": quarter.code, "text": "本季度按时学习。"}, staff)
    (task,) = tasks_of(ledger, staff, opens)["study.evaluation"]
    assert task.state == "done"


def test_a_quarter_past_its_assessment_window_lists_its_unassessed_departments_for_the_leaders(ledger, office, leader):
    gap = next(g for g in ledger.registry.gaps if g.key == "integrity_assessment_overdue")
    q3 = Period.parse("2026-Q3")
    ledger.integrity.assess(
        {
            "department_id": office.general,
            "period": q3.code,
            **dict.fromkeys(("learning", "innovative", "pragmatic", "harmonious", "clean"), 90),
            "occurred_on": date(2026, 9, 28),
        },
        leader,
    )
    with at(date(2026, 9, 30)):
        assert gap.compute(ledger, Scope(q3)) == []  # the window is still open
    with at(date(2026, 10, 1)):
        late = gap.compute(ledger, Scope(q3))
    assert [(r["department"], r["period"], r["due"]) for r in late] == [("行政机构编制科", "2026Q3", "2026-09-30")]


def test_an_unsigned_pledge_past_the_pledge_month_is_on_the_leaders_gap_list(ledger, office, staff):
    gap = next(g for g in ledger.registry.gaps if g.key == "political_pledge_overdue")
    ledger.political.record_pledge(
        {
            "cadre_id": office.wang,
            "year": 2026,
            "occurred_on": date(2026, 3, 10),
            "party_spirit": "带头学习",
            "conduct": "廉洁自律",
            "quality": "精通业务",
            "firm_stand": "重大问题上旗帜鲜明",
            "clear_mind": "关键时刻头脑清醒",
        },
        staff,
    )
    with at(date(2026, 3, 31)):
        assert gap.compute(ledger, Scope(Period.parse("2026"))) == []
    with at(date(2026, 4, 1)):
        late = gap.compute(ledger, Scope(Period.parse("2026"), department_id=office.general.hex))
    assert [(r["name"], r["due"]) for r in late] == [("李秀英", "2026-03-31")]


def test_a_paper_submitted_is_done_for_its_writer_and_awaits_the_leader_who_counts_it_beside_the_inbox_not_home(
    ledger, office, staff, leader
):
    from plugins.desk.tasks import open_count

    day = last_workday()
    paper = ledger.papers.draft(
        {"cadre_id": office.wang, "year": day.year, "kind": "theory_article", "title": "机构编制与基层治理"}, staff
    )
    (task,) = tasks_of(ledger, staff, day)["study.paper"]
    assert (task.title, task.record) == ("study.paper.todo.draft", paper.hex)
    ledger.papers.submit(paper, staff)
    (task,) = tasks_of(ledger, staff, day)["study.paper"]
    assert (task.title, task.state) == ("study.paper.todo.submitted", "done")

    # The director (no cadre: nothing of their own to do) has it to grade, counted by the inbox.
    assert [t.state for t in tasks_of(ledger, leader, day)["study.papers"]] == ["review"]
    assert open_tasks(tasks_of(ledger, leader, day)) >= 1 and open_count(ledger, leader, day) == 0
