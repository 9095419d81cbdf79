"""Issue 10, the auditor's journey in a real browser: while the staff member demo-staff (张伟)
records an activity, demo-auditor signs in, goes back on 时光回溯 to the log position just before
it and sees it absent there (present today), then runs the integrity check from its page and
sees the whole log verified."""

from __future__ import annotations

import time
import uuid
from datetime import date

import pytest
from playwright.sync_api import expect

from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from domain.actor import Actor
from tests.browser.dashboard import TimeTravel

STAFF = Actor("demo-staff", "staff")  # 张伟 of 办公室, as the demo office signs them in


@pytest.fixture
def staff_activity(served_app) -> tuple[int, str]:
    """Meanwhile 张伟 records an activity (through the services, on the served store): the log
    position before it, and its unique title."""
    before = served_app.head()
    title = f"廉政教育专题会 · {uuid.uuid4().hex[:6]}"
    led = Ledger(Registry.load(), url=served_app.store_url)
    try:
        office = led.scalar("SELECT id FROM departments WHERE name = ?", ("办公室",))
        led.activities.record({
            "carrier": "political", "kind": "education_session", "title": title, "occurred_on": date.today(),
            "department_id": office, "place": "三楼会议室", "organiser": "张伟", "expected": 5, "present": 5,
            "absentees": [], "content": "学习廉洁自律准则。", "details": {"theme": "ideals"}}, STAFF)
    finally:
        led.close()
    return before, title


def test_the_auditor_goes_back_to_before_a_staff_members_activity_and_verifies_the_log(
        page, served_app, staff_activity):
    before, title = staff_activity
    auditor = TimeTravel(page, served_app.url).open("auditor")
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
