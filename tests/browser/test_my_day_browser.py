"""我的待办 in a real browser (Debian's Chromium): a staff member signs in, finds today's study
due on the home page, opens it, records the hour and finds it done."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from domain import clock
from tests.browser.conftest import dashboard_on
from tests.browser.dashboard import Home, StudyForm

pytestmark = pytest.mark.slow
PASSWORD = "Jiguan-Wenhua-2026"


@pytest.fixture
def server(ledger, store_url, office, admin):
    """The dashboard on the test's store; the clerk (staff, 王建国 of 办公室, tests/conftest.py)
    has a password to sign in with and has not studied today. Today is a working day: on a weekend
    or a holiday the admin marks it one (a 调休 day), as an office does when it works that day."""
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    ledger.calendar.mark_day({"day": clock.today(), "kind": "workday", "name": "调休上班"}, admin)
    with dashboard_on(store_url) as url:
        yield url


def test_staff_see_todays_study_due_record_it_and_see_it_done(page, server):
    today = clock.today()
    home = Home(page, server)
    page.goto(server)
    page.wait_for_selector("text=请登录", timeout=60_000)  # the server's first run imports everything
    home.sign_in("clerk", PASSWORD)
    expect(home.heading("我的待办")).to_be_visible()
    studied = home.task("今天的学习")
    expect(studied).to_contain_text("今天的学习：已学 0 分钟，要求 60 分钟")
    expect(studied).to_contain_text("待办")
    expect(studied).to_contain_text(f"截止 {today.isoformat()}")
    before = int(re.search(r"待办 (\d+)", home.nav_title()).group(1))

    studied.get_by_role("button", name="办理").click()
    form = StudyForm(page, server)
    form.settled()
    expect(form.heading("日学一时 · 学习填报")).to_be_visible()
    form.record(cadre="王建国", day=today, minutes=60, material="《机构编制工作条例》")
    expect(form.said("已记录")).to_be_visible()

    form.go_to(Home.HOME)
    studied = home.task("今天的学习")
    expect(studied).to_contain_text("今天的学习：已学 60 分钟，要求 60 分钟")
    expect(studied).to_contain_text("已完成")
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name=Home.HOME)).not_to_have_text(
        f"首页 · 待办 {before}"
    )
