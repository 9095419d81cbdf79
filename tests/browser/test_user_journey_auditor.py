"""Issue 10, the auditor's journey in a real browser: while the staff member demo-staff (张伟)
records an activity, demo-auditor signs in, finds its event on 事件浏览 among demo-staff's (and
not among those from the log position just before it), goes back on 时光回溯 to that position and
sees it absent there (present today), then runs the integrity check from its page and sees the
whole log verified."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from domain import clock
from domain.actor import Actor
from tests.browser.dashboard import EventBrowser, TimeTravel

STAFF = Actor("demo-staff", "staff")  # 张伟 of 办公室, as the demo office signs them in


def position(event: dict[str, str]) -> int:
    """An event row's 位置 (the grid may group its digits)."""
    return int(event["位置"].replace(",", ""))


@pytest.fixture
def staff_activity(served_app) -> tuple[int, str]:
    """Meanwhile 张伟 records an activity (through the services, on the served store): the log
    position before it, and its unique title."""
    before = served_app.head()
    title = f"廉政教育专题会 · {uuid.uuid4().hex[:6]}"
    led = Ledger(Registry.load(), url=served_app.store_url)
    try:
        office = led.scalar("SELECT id FROM departments WHERE name = ?", ("办公室",))
        led.activities.record(
            {
                "carrier": "political",
                "kind": "education_session",
                "title": title,
                "occurred_on": clock.today(),
                "department_id": office,
                "place": "三楼会议室",
                "organiser": "张伟",
                "expected": 5,
                "present": 5,
                "absentees": [],
                "content": "学习廉洁自律准则。",
                "details": {"theme": "ideals"},
            },
            STAFF,
        )
    finally:
        led.close()
    return before, title


def test_the_auditor_finds_a_staff_members_activity_in_the_log_goes_back_to_before_it_and_verifies_the_log(
    page, served_app, staff_activity
):
    before, title = staff_activity
    browser = EventBrowser(page, served_app.url).open("auditor")
    browser.go_to(EventBrowser.TITLE)
    expect(browser.heading("事件浏览 · 全部台账事件")).to_be_visible()

    browser.filter_by_person("张伟", STAFF.account)  # 操作人 = 张伟 (the demo-staff account): his events, newest first
    events = browser.events(drawn=lambda rows: {e["操作人"] for e in rows} == {"张伟"})
    newest, _ = browser.shown()
    assert newest > before
    assert {e["操作人"] for e in events} == {"张伟"}
    recorded = [e for e in events if title in e["记录"] and e["事件"].endswith("活动已登记")]
    assert len(recorded) == 1 and position(recorded[0]) > before, recorded  # the activity's Recorded event

    browser.jump_to(before)  # from the log position just before 张伟's activity, back
    events = browser.events(drawn=lambda rows: all(position(e) <= before for e in rows))
    newest, _ = browser.shown()
    assert newest <= before
    assert {e["操作人"] for e in events} == {"张伟"}
    assert all(position(e) <= before for e in events)
    assert not any(title in e["记录"] for e in events)  # not yet recorded then

    auditor = TimeTravel(page, served_app.url)
    auditor.go_to(TimeTravel.TITLE)
    expect(auditor.heading("时光回溯 · 看台账当时的样子")).to_be_visible()

    auditor.go_back_to(before)  # the log position just before 张伟's activity

    # The grid draws the replayed figures a moment after the run ends: give it a few seconds to show them.
    deadline = time.monotonic() + 10
    then, now = auditor.political_activities_recorded()
    while then != now - 1 and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        then, now = auditor.political_activities_recorded()
    assert then == now - 1  # then, the activity was not there yet; today it is

    auditor.go_to("完整性校验")
    checked = auditor.verify()
    assert checked > before  # every event, the activity's too, re-hashed to its chain


def test_the_auditor_sees_last_months_overview_as_it_stood_at_the_end_of_last_month(page, served_app):
    """Issue 8's done-when: demo-auditor opens 时光回溯 and, keeping its default moment (the end of
    last month), sees last month's figures as they stood then beside today's: the demo office was
    logged as it happened, so then is a real ledger, and smaller (the last working day's study
    sheets came in this month)."""
    auditor = TimeTravel(page, served_app.url).open("auditor")
    auditor.go_to(TimeTravel.TITLE)
    expect(auditor.heading("时光回溯 · 看台账当时的样子")).to_be_visible()

    position = auditor.as_it_opens()
    assert 0 < position < served_app.head()  # part of the log, not none of it and not all of it
    last_month_end = clock.today().replace(day=1) - timedelta(days=1)
    assert auditor.span() == f"{last_month_end.replace(day=1)} 至 {last_month_end}"  # last month

    then, now = auditor.study_minutes()
    assert 0 < then < now
    confirmed_then, confirmed_now = auditor.activities_confirmed()
    assert 0 < confirmed_then <= confirmed_now
