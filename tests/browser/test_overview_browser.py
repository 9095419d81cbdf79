"""The leaders' overview in a real browser (Debian's Chromium): a record confirmed elsewhere
appears within five seconds without a reload and without losing the filters, a figure opens
the records behind it and a record its events (and stays open while the page refreshes itself),
and a heatmap cell opens the activities and events behind it."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from culture_ledger.ledger import Ledger
from domain import clock
from plugins.overview.pages import LIVE_SECONDS
from tests.browser.conftest import SCREENSHOTS, dashboard_on
from tests.browser.dashboard import Overview
from tests.overview_support import activity, fake_registry

pytestmark = pytest.mark.slow
PASSWORD = "Jiguan-Wenhua-2026"


@pytest.fixture
def server(ledger, store_url, office, admin):
    """The dashboard served on the test's store, as `culture-ledger serve` runs it; the director
    (a leader, tests/conftest.py) has a password to sign in with."""
    ledger.accounts.reset_password("director", PASSWORD, admin)
    with dashboard_on(store_url) as url:
        yield url


@pytest.fixture
def elsewhere(store_url, office):
    led = Ledger(fake_registry(), url=store_url)
    yield led
    led.close()


@pytest.fixture
def page(server, browser, request):
    """A fresh page in the suite's one browser (one Playwright per run); its last screen is kept."""
    page = browser.new_page(viewport={"width": 1400, "height": 3000})
    page.goto(server)  # the login page first: the director signs in, then opens the overview
    page.wait_for_selector("text=请登录", timeout=60000)
    page.get_by_label("用户名").fill("director")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="领导驾驶舱").click(timeout=60000)
    page.wait_for_selector("text=主要指标", timeout=60000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:  # the last screen, pass or fail, as the other browser tests keep it
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    finally:
        page.context.close()


def gap_count(page) -> int:
    label = page.get_by_text(re.compile("本季度在某一载体下没有已确认活动的科室")).first.inner_text()
    return int(re.search(r"(\d+) 项", label).group(1))


def test_a_record_confirmed_elsewhere_appears_within_five_seconds_and_the_filters_stay(
    page, elsewhere, office, staff_of, leader
):
    page.get_by_text("季度", exact=True).click()
    page.wait_for_selector("text=统计期 " + f"{clock.today().year}-", timeout=20000)
    before = gap_count(page)
    assert before == 2 * len(elsewhere.registry.carriers)  # two departments, each carrier, nothing done yet

    activity(
        elsewhere,
        staff_of(office.zhang),
        carrier="innovation",
        department=office.reform,
        occurred_on=clock.today(),
        confirm_by=leader,
    )  # a staff member of 行政机构编制科 records it, the director confirms it
    confirmed = time.time()
    while gap_count(page) == before and time.time() - confirmed < 10:
        time.sleep(0.2)

    assert gap_count(page) == before - 1
    assert time.time() - confirmed < 5
    assert page.get_by_text(re.compile("统计期 .*-(03|06|09|12)-3[01]")).count() == 1  # still the quarter


def test_a_heatmap_cell_opens_its_activities_and_a_record_its_events(page, elsewhere, office, staff, leader):
    activity(
        elsewhere,
        staff,
        carrier="political",
        department=office.general,
        occurred_on=clock.today(),
        title="理想信念教育专题学习",
        confirm_by=leader,
    )
    page.wait_for_selector("text=· 9 项", timeout=10000)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    box = chart.bounding_box()
    # Click across the first row of cells until one opens (the plot's offset depends on label widths).
    for fx in (0.2, 0.25, 0.3, 0.35, 0.4):
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + 30)
        try:
            page.wait_for_selector("text=所选方格中的活动", timeout=3000)
            break
        except Exception:  # noqa: BLE001 - try the next spot
            continue
    assert page.get_by_text("所选方格中的活动").count() == 1
    assert page.get_by_text("共 1 条记录。点击一行，查看它的事件。").count() == 1

    grid = page.get_by_text("所选方格中的活动").locator("xpath=following::div[@data-testid='stDataFrame'][1]")
    grid.scroll_into_view_if_needed()  # the grid sits at the foot of the page: its rows must be on screen
    grid.locator("canvas").first.wait_for()
    grid_box = grid.bounding_box()
    page.mouse.click(grid_box["x"] + 12, grid_box["y"] + 52)  # the first row's selection box
    page.wait_for_selector("text=该记录的事件（按先后顺序）", timeout=10000)


def test_a_leader_clicks_a_figure_sees_its_records_then_clicks_a_record_and_sees_its_events(
    page, server, elsewhere, office, staff
):
    elsewhere.study.record_study(
        {"cadre_id": office.wang, "occurred_on": clock.today(), "minutes": 60, "material": "党章", "mode": "self"},
        staff,
    )  # 王建国 studies the Party constitution for an hour today
    overview = Overview(page, server)
    page.get_by_text("日", exact=True).click()  # today's figures
    page.wait_for_selector("text=统计期 " + clock.today().isoformat(), timeout=20000)

    shown = overview.records_behind("达标率")  # one click: 查看明细 under 达标率
    dialog = overview.figure_dialog()
    expect(dialog).to_contain_text("达标率")
    cadres = overview.record_rows()
    assert shown == len(cadres) and "王建国" in [r["姓名"] for r in cadres]  # the cadres the rate counts

    overview.open_record([r["姓名"] for r in cadres].index("王建国"))  # one click on his row
    events = overview.record_events()
    assert len(events) == 1 and "党章" in " ".join(events[0].values())  # his hour of study, as recorded

    time.sleep(2 * LIVE_SECONDS)  # the figures refresh themselves twice meanwhile
    expect(dialog.get_by_text("该记录的事件（按先后顺序）")).to_be_visible()
    assert overview.record_events() == events

    overview.close_records()
    expect(overview.heading("主要指标")).to_be_visible()  # the page, as it was
