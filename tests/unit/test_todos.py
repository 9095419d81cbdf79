"""A plugin adds to people's day through one hook: each to-do source answers for the roles it names."""

from datetime import date

import pytest

from culture_ledger.registry import Deadline, Page, Plugin, Registry, RegistryError, Task, Todo
from domain.actor import Actor

STAFF = Actor("zhangwei", "staff", "form")
LEADER = Actor("demo-leader", "leader", "form")


def _studied_today(ledger, actor, today):
    return [Task("daily.due", "due", {"day": today.isoformat()}, due=today, page="study-daily")]


def test_a_staff_member_gets_the_tasks_of_the_sources_that_ask_staff_and_a_leader_does_not():
    registry = Registry.of(
        [Plugin("daily", "daily.title", todos=(Todo("daily.today", "daily.todo", _studied_today, roles=("staff",)),))]
    )
    today = date(2026, 12, 7)
    assert registry.tasks(None, STAFF, today) == {
        "daily.today": [Task("daily.due", "due", {"day": "2026-12-07"}, due=today, page="study-daily")]
    }
    assert registry.tasks(None, LEADER, today) == {}


def test_a_source_named_by_reference_is_imported_when_first_asked():
    todo = Todo("daily.today", "daily.todo", "tests.unit.test_todos:_studied_today")
    (task,) = todo.compute(None, STAFF, date(2026, 12, 7))
    assert task.is_open() and task.due == date(2026, 12, 7)


def test_two_plugins_cannot_contribute_the_same_to_do_source():
    todo = Todo("daily.today", "daily.todo", _studied_today)
    with pytest.raises(RegistryError, match="to-do key 'daily.today'"):
        Registry.of([Plugin("a", "a.title", todos=(todo,)), Plugin("b", "b.title", todos=(todo,))])


def _open_tasks(ledger, actor, today):
    return 3 if actor.role == "staff" else None


def test_a_page_badge_counts_for_the_signed_in_actor_and_a_page_without_one_counts_nothing():
    counted = Page(
        "home", "page.home", "tests.unit.test_todos:_studied_today", badge="tests.unit.test_todos:_open_tasks"
    )
    assert counted.count(None, STAFF, date(2026, 12, 7)) == 3
    assert (
        Page("rules", "page.rules", "tests.unit.test_todos:_studied_today").count(None, STAFF, date(2026, 12, 7))
        is None
    )
    assert counted.count(None, LEADER, date(2026, 12, 7)) is None


def test_a_deadline_falls_on_its_day_of_its_month_of_the_period_and_a_day_past_the_months_end_is_its_last():
    assert Deadline.day_in(date(2026, 1, 1), 11, 30) == date(2026, 11, 30)
    assert Deadline.day_in(date(2026, 1, 1), 2, 31) == date(2026, 2, 28)  # 31 means the month's last day
    assert Deadline.day_in(date(2026, 10, 1), 3, 31) == date(2026, 12, 31)  # the quarter's third month


def test_a_deadline_outside_its_period_or_declared_twice_is_refused():
    with pytest.raises(RegistryError, match="no day 1 of month 4 in a quarter"):
        Deadline("x.assessment", "x.title", "quarter", month=4, day=1)
    with pytest.raises(RegistryError, match="period 'week'"):
        Deadline("x.weekly", "x.title", "week", month=1, day=1)
    paper = Deadline("study.paper", "study.paper.deadline", "year", month=11, day=30)
    with pytest.raises(RegistryError, match="deadline key 'study.paper'"):
        Registry.of([Plugin("a", "a.title", deadlines=(paper,)), Plugin("b", "b.title", deadlines=(paper,))])
    assert Registry.of([Plugin("a", "a.title", deadlines=(paper,))]).deadline("study.paper") is paper
