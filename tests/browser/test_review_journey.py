"""Issue 15's review loop in a real browser: a leader returns an activity from the 待审核 inbox and
its count drops by one; the staff member who recorded it finds it under 被退回 with the reason, opens
it on its carrier page, corrects it and submits it again; it is back in the leader's inbox."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from domain import clock
from tests.browser.conftest import SCREENSHOTS, dashboard_on
from tests.browser.dashboard import ActivityForm, Home

pytestmark = pytest.mark.slow
PASSWORDS = {"clerk": "Banshi-Yuan-2026", "director": "Lingdao-Shenhe-2026"}


@pytest.fixture
def server(ledger, store_url, office, admin, staff):
    """The dashboard on the test's store: the clerk (staff of 办公室) has recorded two sessions that
    await review; the clerk and the director have passwords to sign in with."""
    for username, password in PASSWORDS.items():
        ledger.accounts.reset_password(username, password, admin)
    for title in ("家庭美德教育", "理论学习会"):
        ledger.activities.record(
            {
                "carrier": "political",
                "kind": "education_session",
                "title": title,
                "occurred_on": clock.today(),
                "department_id": office.general,
                "expected": 3,
                "present": 3,
                "details": {"theme": "family_virtue"},
            },
            staff,
        )
    with dashboard_on(store_url) as url:
        yield url


def signed_in(browser, server, username, request, shots):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    shots.append((page, f"{request.node.name}-{username}"))
    app = ActivityForm(page, server)
    page.goto(server)
    expect(page.get_by_text("请登录")).to_be_visible(timeout=60_000)  # the first page of a cold server
    app.sign_in(username, PASSWORDS[username])
    return app


@pytest.fixture
def shots():
    """Each session's last screen, kept in test-artifacts/screenshots/, pass or fail."""
    taken: list = []
    yield taken
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for page, name in taken:
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        except Exception:  # a screenshot must never hide the test's own outcome
            pass


def nav(app):
    return app.page.get_by_test_id("stSidebarNav")


def inbox_count(app) -> int:
    """The count beside 待审核 in the navigation (the two sessions and this quarter's evaluations)."""
    link = nav(app).get_by_role("link", name=re.compile(r"^待审核"))
    text = link.inner_text().strip()
    return int(text.rsplit("·", 1)[1]) if "·" in text else 0


def test_a_returned_activity_goes_to_its_recorder_with_the_reason_and_comes_back_corrected(
    browser, server, ledger, request, shots
):
    # The director finds both sessions in the inbox, its count in the navigation, and returns one.
    director = signed_in(browser, server, "director", request, shots)
    waiting = inbox_count(director)
    assert waiting >= 2
    director.go_to(f"待审核 · {waiting}")
    expect(director.page.get_by_role("heading", name="待审核", exact=True)).to_be_visible()
    director.page.get_by_test_id("stCheckbox").filter(has_text="家庭美德教育").click()
    director.settled()
    reason = director.page.get_by_role("textbox", name="批量退回理由（未单独填写理由的各项使用）")
    reason.fill("缺少签到表，请补充后重新提交")
    reason.press("Enter")
    director.settled()
    director.page.get_by_role("button", name="退回所选").click()
    director.settled()
    expect(director.alert("已退回 1 项")).to_be_visible()
    expect(nav(director).get_by_role("link", name=f"待审核 · {waiting - 1}")).to_be_visible()  # one less at once
    expect(director.page.get_by_test_id("stCheckbox").filter(has_text="家庭美德教育")).to_have_count(0)

    # The clerk finds it on 我的待办 as soon as they sign in, with the reason, and among their
    # returned records, where they open it for correction.
    clerk = signed_in(browser, server, "clerk", request, shots)
    returned = Home(clerk.page, server).task("家庭美德教育")
    expect(returned).to_contain_text("被退回")
    expect(returned).to_contain_text("退回理由：缺少签到表，请补充后重新提交")
    clerk.go_to("被退回 · 1")
    expect(clerk.page.get_by_text("退回理由：缺少签到表，请补充后重新提交")).to_be_visible()
    clerk.page.get_by_role("button", name="打开并更正").click()
    clerk.settled()
    expect(clerk.heading("政治坚定")).to_be_visible()
    assert "家庭美德教育" in clerk.opened_label() and "已退回" in clerk.opened_label()

    opened = clerk.opened()
    opened.get_by_text("更正或撤回").click()
    opened.get_by_role("textbox", name="活动名称").fill("家庭美德教育（补签到表）")
    opened.get_by_role("textbox", name="原因", exact=True).fill("补充签到表")
    opened.get_by_role("button", name="更正", exact=True).click()
    clerk.settled()
    picker = clerk.page.get_by_test_id("stSelectbox").filter(has_text="查看一条记录").locator("input")
    expect(picker).to_have_value(re.compile("家庭美德教育（补签到表）"))  # still the corrected record
    clerk.page.get_by_role("button", name="重新提交审核").click()
    clerk.settled()
    expect(nav(clerk).get_by_role("link", name="被退回", exact=True)).to_be_visible()  # nothing returned now
    [row] = ledger.query("SELECT title, review FROM activities WHERE title LIKE '家庭美德教育%'")
    assert (row["title"], row["review"]) == ("家庭美德教育（补签到表）", "submitted")

    # Back in the director's inbox, corrected.
    director.go_to(director.HOME)
    director.go_to(f"待审核 · {waiting}")
    expect(director.page.get_by_test_id("stCheckbox").filter(has_text="家庭美德教育（补签到表）")).to_be_visible()
