"""Small page objects: the dashboard as a user sees it, in the words on the screen.

They find widgets by their visible Chinese labels, the way a user does, so a journey
reads as a story and breaks when what the user sees breaks.
"""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Locator, Page, expect

from culture_ledger.accounts.demo import DEMO_ACCOUNTS

DEMO_LOGINS = {role: (username, password) for username, role, _, password in DEMO_ACCOUNTS}
"""role -> the demo office's account of that role and its demo password (staff: 张伟; leader: 王建国)."""


class Dashboard:
    """The app in one browser tab: the sidebar navigation and what every page shares."""

    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url

    def open(self, role: str) -> "Dashboard":
        """Open the dashboard and sign in as the demo account of `role`, as a user does."""
        self.page.goto(self.url)
        self.sign_in(*DEMO_LOGINS[role])
        expect(self.page.get_by_test_id("stSidebarNav")).to_be_visible()
        return self

    def sign_in(self, username: str, password: str) -> None:
        """The login page stands in front of everything: fill it in and press 登录."""
        expect(self.page.get_by_text("请登录")).to_be_visible()
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码", exact=True).fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.settled()

    def go_to(self, title: str) -> None:
        """Click a page in the sidebar, as a user does, and wait until it has drawn."""
        self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        self.page.wait_for_url(lambda u: u != self.url)
        self.settled()

    def revisit(self, title: str) -> None:
        """Leave for the home page and come back to `title` through the sidebar, so it is drawn afresh.
        (A browser reload starts a new session, which is signed out.)"""
        self.go_to("首页总览")
        self.go_to(title)

    def settled(self) -> None:
        """Wait until Streamlit has finished running the page script."""
        app = self.page.get_by_test_id("stApp")
        try:  # the rerun a click asks for may take a moment to start
            expect(app).to_have_attribute("data-test-script-state", "running", timeout=1_500)
        except AssertionError:
            pass
        expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)

    def heading(self, text: str) -> Locator:
        return self.page.get_by_role("heading", name=text)

    def alert(self, text: str) -> Locator:
        return self.page.get_by_test_id("stAlert").filter(has_text=text)

    def table_after(self, heading: str) -> Locator:
        """The dataframe that follows a subheading (Streamlit renders an accessible table for it)."""
        block = self.page.get_by_test_id("stHeading").filter(has_text=heading)
        return block.locator("xpath=following::*[@data-testid='stDataFrame'][1]")

    @staticmethod
    def records(table: Locator) -> list[dict[str, str]]:
        """The rows of a dataframe in view (the grid draws only those), keyed by column title."""
        expect(table.locator("table tbody tr").first).to_be_attached()
        columns = [c.strip() for c in table.locator("table thead th").all_inner_texts()]
        return [dict(zip(columns, (cell.strip() for cell in row.locator("td").all_inner_texts())))
                for row in table.locator("table tbody tr").all()]

    def metric(self, label: str) -> str:
        box = self.page.get_by_test_id("stMetric").filter(has=self.page.get_by_test_id("stMetricLabel").filter(has_text=label))
        return box.get_by_test_id("stMetricValue").inner_text().strip()


class StudyForm(Dashboard):
    """日学一时 · 填报: the staff member's daily-study form and their recent entries."""

    TITLE = "日学一时 · 填报"

    @property
    def form(self) -> Locator:
        return self.page.get_by_test_id("stForm")

    def choose_cadre(self, name: str) -> None:
        box = self.form.get_by_test_id("stSelectbox").filter(has_text="干部")
        box.locator("input").click()
        box.locator("input").fill(name)
        self.page.get_by_role("option").filter(has_text=name).first.click()
        expect(box.locator("input")).to_have_value(re.compile(re.escape(name)))

    def record(self, *, cadre: str, day: date, minutes: int, material: str, mode: str = "自学") -> None:
        """Fill in the form and press 提交."""
        self.choose_cadre(cadre)
        self.form.get_by_test_id("stDateInput").locator("input").fill(day.isoformat())
        self.form.get_by_label("学习时长（分钟）").fill(str(minutes))
        self.form.get_by_text(mode, exact=True).click()
        self.form.get_by_label("学习内容").fill(material)
        self.form.get_by_role("button", name="提交").click()
        self.settled()

    def recent(self, showing: str) -> list[dict[str, str]]:
        """近期学习记录 (of the chosen cadre), once it shows `showing`."""
        table = self.table_after("近期学习记录")
        expect(table.locator("table tbody tr").first).to_contain_text(showing)
        return self.records(table)


class ComplianceView(Dashboard):
    """日学一时 · 达标情况: the leader's view of who keeps the daily hour."""

    TITLE = "日学一时 · 达标情况"

    def total_minutes(self) -> int:
        return int(self.metric("学习总时长（分钟）").replace(",", ""))

    def cadres(self) -> dict[str, int]:
        """干部学习情况: each cadre in view and their minutes in the period."""
        rows = self.records(self.table_after("干部学习情况"))
        return {r["姓名"]: int(r["学习分钟"].replace(",", "")) for r in rows}
