"""Small page objects: the dashboard as a user sees it, in the words on the screen.

They find widgets by their visible Chinese labels, the way a user does, so a journey
reads as a story and breaks when what the user sees breaks.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from plugins.accounts.demo import DEMO_ACCOUNTS

DEMO_LOGINS = {role: (username, password) for username, role, _, password in DEMO_ACCOUNTS}
"""role -> the demo office's account of that role and its demo password (staff: 张伟; leader: 王建国)."""


class Dashboard:
    """The app in one browser tab: the sidebar navigation and what every page shares."""

    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url

    def open(self, role: str) -> Dashboard:
        """Open the dashboard and sign in as the demo account of `role`, as a user does."""
        self.page.goto(self.url)
        self.sign_in(*DEMO_LOGINS[role])
        expect(self.page.get_by_test_id("stSidebarNav")).to_be_visible()
        return self

    def sign_in(self, username: str, password: str) -> None:
        """The login page stands in front of everything: fill it in and press 登录. (The first page
        a fresh server shows opens the store: it may take longer than a click's answer.)"""
        expect(self.page.get_by_text("请登录")).to_be_visible(timeout=60_000)
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码", exact=True).fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.settled()

    HOME = re.compile(r"^首页")
    """The home page's link: 首页, and 首页 · 待办 N while the signed-in person has open tasks."""

    def go_to(self, title: str | re.Pattern) -> None:
        """Click a page in the sidebar, as a user does, and wait until it has drawn."""
        self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        self.page.wait_for_url(lambda u: u != self.url)
        self.settled()

    def revisit(self, title: str) -> None:
        """Leave for the home page and come back to `title` through the sidebar, so it is drawn afresh
        (as a user would; a reload would also do, since the session cookie keeps them signed in)."""
        self.go_to(self.HOME)
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

    def said(self, text: str) -> Locator:
        """The message an action leaves when it is done (a toast, shown after the page's rerun)."""
        return self.page.get_by_test_id("stToast").filter(has_text=text)

    def table_after(self, heading: str) -> Locator:
        """The dataframe that follows a subheading (Streamlit renders an accessible table for it)."""
        block = self.page.get_by_test_id("stHeading").filter(has_text=heading)
        return block.locator("xpath=following::*[@data-testid='stDataFrame'][1]")

    @staticmethod
    def records(table: Locator) -> list[dict[str, str]]:
        """The rows of a dataframe in view (the grid draws only those), keyed by column title."""
        expect(table.locator("table tbody tr").first).to_be_attached()
        columns = [c.strip() for c in table.locator("table thead th").all_inner_texts()]
        return [
            dict(zip(columns, (cell.strip() for cell in row.locator("td").all_inner_texts())))
            for row in table.locator("table tbody tr").all()
        ]

    def words(self, within: Locator | None = None) -> str:
        """The text a reader sees (the whole page by default, chart labels included: charts draw SVG
        text), without the names of Material icons, which the icon font draws as pictures."""
        shown = (within or self.page.locator("body")).inner_text()
        icons = set(self.page.get_by_test_id("stIconMaterial").all_inner_texts())
        return "\n".join(line for line in shown.splitlines() if line.strip() not in icons)

    def chart_labels(self) -> list[str]:
        """The texts of every chart on the page: axis labels, titles, legends (the SVG renderer's)."""
        return [
            text.text_content() or "" for text in self.page.get_by_test_id("stVegaLiteChart").locator("svg text").all()
        ]

    def metric(self, label: str) -> str:
        box = self.page.get_by_test_id("stMetric").filter(
            has=self.page.get_by_test_id("stMetricLabel").filter(has_text=label)
        )
        return box.get_by_test_id("stMetricValue").inner_text().strip()


class Home(Dashboard):
    """首页: 我的待办 first, each task a row with its state, due date and a button that opens it."""

    def task(self, starting: str) -> Locator:
        """The row of the task whose text starts with `starting`."""
        return self.page.get_by_test_id("stHorizontalBlock").filter(
            has=self.page.get_by_text(re.compile("^" + re.escape(starting)))
        )

    def nav_title(self) -> str:
        return self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=self.HOME).inner_text().strip()


class StudyForm(Dashboard):
    """日学一时 · 填报: the staff member's daily-study form and their recent entries."""

    TITLE = "日学一时 · 填报"

    @property
    def form(self) -> Locator:
        return self.page.get_by_test_id("stForm")

    def choose_cadre(self, name: str) -> None:
        """A leader picks the cadre; a staff member's form is already theirs (their name, no picker)."""
        own = self.form.get_by_role("textbox", name="干部", exact=True)
        box = self.form.get_by_test_id("stSelectbox").filter(has_text="干部")
        expect(own.or_(box).first).to_be_visible()  # the form has drawn one or the other
        if own.count():
            expect(own).to_have_value(re.compile(re.escape(name)))
            expect(own).to_be_disabled()
            return
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


class ActivityForm(Dashboard):
    """A carrier page (e.g. 政治坚定): 登记活动, the activity form with evidence, and 活动台账, its records."""

    POLITICAL = "政治坚定"

    def tab(self, name: str) -> None:
        """Open a tab: the page reruns and draws it (only the open tab is drawn)."""
        self.page.get_by_role("tab", name=name).click()
        self.settled()

    @property
    def form(self) -> Locator:
        return self.page.get_by_test_id("stForm")

    def choose(self, label: str, option: str, within: Locator | None = None) -> None:
        box = (within or self.page).get_by_test_id("stSelectbox").filter(has_text=label)
        box.locator("input").click()
        self.page.get_by_role("option", name=option, exact=True).click()
        expect(box.locator("input")).to_have_value(re.compile(re.escape(option)))

    def record(
        self,
        *,
        kind: str,
        title: str,
        department: str,
        expected: int,
        present: int,
        absentees: str,
        content: str,
        photo: tuple[str, bytes] | None = None,
    ) -> None:
        """On 登记活动: choose the kind, fill in the form, attach the photo and press 提交."""
        self.tab("登记活动")
        self.choose("活动类型", kind)
        self.settled()
        form = self.form
        form.get_by_role("textbox", name="活动名称").fill(title)
        own = form.get_by_role("textbox", name="科室", exact=True)
        if own.count():  # a staff member records for their own department: shown, not picked
            expect(own).to_have_value(department)
        else:
            self.choose("科室", department, within=form)
        form.get_by_role("spinbutton", name="应到人数").fill(str(expected))
        form.get_by_role("spinbutton", name="实到人数").fill(str(present))
        form.get_by_role("textbox", name="缺席人员").fill(absentees)
        form.get_by_role("textbox", name="内容", exact=True).fill(content)
        if photo:
            name, data = photo
            form.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
                files=[{"name": name, "mimeType": "image/png", "buffer": data}]
            )
            chip = form.get_by_test_id("stFileChip").filter(has_text=name)
            expect(chip).to_be_visible()
            expect(chip.get_by_test_id("stFileChipIconSpinner")).to_have_count(0)  # uploaded
        form.get_by_role("button", name="提交").click()
        self.settled()

    def recorded(self, title: str) -> dict[str, str]:
        """活动台账: the row of the activity titled `title` (searched for, so it is in view)."""
        search = self.page.get_by_role("textbox", name="搜索（名称、内容、成效、地点）")
        search.fill(title)
        search.press("Enter")
        self.settled()
        self.tab("活动台账")
        table = self.page.get_by_role("tabpanel", name="活动台账").get_by_test_id("stDataFrame").first
        expect(table.locator("table tbody tr").first).to_contain_text(title)
        rows = [r for r in self.records(table) if r.get("名称") == title]
        assert len(rows) == 1, rows
        return rows[0]

    def opened(self) -> Locator:
        """活动台账's 查看一条记录: the record opened below the table (the first in view unless chosen)."""
        return self.page.get_by_role("tabpanel", name="活动台账")

    def opened_label(self) -> str:
        box = self.page.get_by_test_id("stSelectbox").filter(has_text="查看一条记录")
        return box.locator("input").input_value()


class Overview(Dashboard):
    """领导驾驶舱: the leaders' figures, the records behind each (查看明细) and their events, and the period's report."""

    TITLE = "领导驾驶舱"

    def figure_titles(self) -> list[str]:
        labels = self.page.get_by_test_id("stMetric").get_by_test_id("stMetricLabel")
        expect(labels.first).to_be_visible()
        return [label.strip() for label in labels.all_inner_texts()]

    def records_behind(self, title: str | None = None) -> int:
        """Press 查看明细 under the figure `title` (the first figure when None) and read, in the dialog
        that opens, how many records it shows."""
        cards = self.page.get_by_test_id("stColumn").filter(has=self.page.get_by_test_id("stMetric"))
        if title is not None:
            cards = cards.filter(has=self.page.get_by_test_id("stMetricLabel").filter(has_text=title))
        cards.first.get_by_role("button", name="查看明细").click()
        caption = self.figure_dialog().get_by_text(re.compile(r"^共 \d+ 条记录。点击一行，查看它的事件。$"))
        expect(caption).to_be_visible(timeout=15_000)
        return int(re.search(r"共 (\d+) 条", caption.inner_text()).group(1))

    def figure_dialog(self) -> Locator:
        """The dialog a figure opened: the records behind it, and the events of the one chosen."""
        return self.page.get_by_role("dialog")

    def record_rows(self) -> list[dict[str, str]]:
        """The records behind the open figure (those the grid draws), keyed by column title."""
        return self.records(self.figure_dialog().get_by_test_id("stDataFrame").first)

    def open_record(self, row: int = 0) -> None:
        """One click on a record's row (on one of its cells, not its selection box) in the figure's dialog."""
        grid = self.figure_dialog().get_by_test_id("stDataFrame").first
        expect(grid).to_be_visible()
        grid.locator("canvas").first.wait_for()
        box = grid.bounding_box()
        self.page.mouse.click(box["x"] + 80, box["y"] + 52 + 35 * row)  # rows are 35 pixels, under the header
        expect(self.figure_dialog().get_by_text("该记录的事件（按先后顺序）")).to_be_visible(timeout=15_000)

    def record_events(self) -> list[dict[str, str]]:
        """The events of the record chosen in the figure's dialog, keyed by column title."""
        return self.records(self.figure_dialog().get_by_test_id("stDataFrame").nth(1))

    def close_records(self) -> None:
        """Press the dialog's own 关闭 button (its corner ✕ is labelled 关闭 too)."""
        self.figure_dialog().get_by_test_id("stBaseButton-secondary").filter(has_text="关闭").click()
        expect(self.figure_dialog()).to_have_count(0)

    def make_report(self) -> str:
        """Press 生成报告 and wait until it is ready; returns the period it is for."""
        self.page.get_by_role("button", name="生成报告").click()
        ready = self.page.get_by_test_id("stAlert").filter(has_text="报告已生成")
        expect(ready).to_be_visible(timeout=60_000)
        return ready.inner_text().split("：", 1)[1].strip()

    def download(self, button: str, folder) -> Path:
        from pathlib import Path

        with self.page.expect_download() as arriving:
            self.page.get_by_role("button", name=button).click()
        download = arriving.value
        path = Path(folder) / download.suggested_filename
        download.save_as(path)
        return path


class TimeTravel(Dashboard):
    """时光回溯 (the ledger as it stood at a log position) and 完整性校验 (the integrity check)."""

    TITLE = "时光回溯"

    def go_back_to(self, position: int) -> None:
        """回溯到 日志位置: replay the log up to `position`."""
        self.page.get_by_role("radio", name="日志位置").or_(
            self.page.get_by_role("button", name="日志位置")
        ).first.click()
        self.settled()
        box = self.page.get_by_role("spinbutton", name="日志位置")
        box.fill(str(position))
        box.press("Enter")
        self.settled()
        expect(self.alert(f"回溯到位置 {position}（")).to_be_visible(timeout=60_000)
        # The position is shown before the replay runs: wait until the run that replays it has finished,
        # so the tables below are of that position and not the previous run's.
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=60_000
        )

    def as_it_opens(self) -> int:
        """The page as it opens, at its default moment (the end of last month): the position it went back to."""
        resolved = self.alert("回溯到位置")
        expect(resolved).to_be_visible(timeout=60_000)
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=60_000
        )
        return int(re.search(r"回溯到位置 (\d+)", resolved.inner_text()).group(1))

    def span(self) -> str:
        """统计区间：start 至 end (the period the figures are of)."""
        return self.page.get_by_text(re.compile(r"^统计区间：")).first.inner_text().split("：", 1)[1].strip()

    def study_minutes(self) -> tuple[int, int]:
        """学习总时长（分钟）: then (the 当时 column comes first) and today."""
        label = self.page.get_by_test_id("stMetricLabel").filter(has_text="学习总时长（分钟）")
        values = self.page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")
        expect(values.nth(1)).to_be_visible(timeout=60_000)
        then, now = (int(v.strip().replace(",", "")) for v in values.all_inner_texts())
        return then, now

    def activities_confirmed(self) -> tuple[int, int]:
        """各载体活动: the confirmed activities of every carrier, then and today."""
        table = self.table_after("各载体活动（已确认 / 已记录）")
        expect(table.locator("table tbody tr").first).to_be_attached(timeout=60_000)
        rows = self.records(table)
        return sum(int(r["当时 · 已确认"]) for r in rows), sum(int(r["今天 · 已确认"]) for r in rows)

    def political_activities_recorded(self) -> tuple[int, int]:
        """各载体活动: 政治坚定's recorded activities then and today."""
        table = self.table_after("各载体活动（已确认 / 已记录）")
        expect(table.locator("table tbody tr").first).to_be_attached(timeout=60_000)
        row = next(r for r in self.records(table) if r["载体"] == "政治坚定")
        return int(row["当时 · 已记录"]), int(row["今天 · 已记录"])

    def verify(self) -> int:
        """Press 立即校验 and wait for the verdict; returns how many events it re-hashed."""
        self.page.get_by_role("button", name="立即校验").click()
        verdict = self.alert("校验通过")
        expect(verdict).to_be_visible(timeout=60_000)
        return int(re.search(r"校验通过：(\d+) 条事件", verdict.inner_text()).group(1))


class EventBrowser(Dashboard):
    """事件浏览: the whole log, newest first, narrowed by 操作人 (a person, by name) and read from a log
    position back; each event by its name (事件), its record by what it is (记录)."""

    TITLE = "事件浏览"

    def filter_by_person(self, name: str, account: str) -> None:
        """操作人: show only the events the person of that name recorded (the option reads 张伟, or
        张伟（demo-staff） where two accounts bear the name)."""
        box = self.page.get_by_test_id("stSelectbox").filter(has_text=re.compile("^操作人"))
        box.locator("input").click()
        option = self.page.get_by_role("option", name=re.compile(f"^{re.escape(name)}(（{re.escape(account)}）)?$"))
        option.click()
        expect(box.locator("input")).to_have_value(re.compile(f"^{re.escape(name)}"))
        self.settled()

    def jump_to(self, position: int) -> None:
        """跳转到日志位置: read the log from `position` back (newest first)."""
        box = self.page.get_by_role("spinbutton", name="跳转到日志位置")
        box.fill(str(position))
        box.press("Enter")
        self.settled()

    def shown(self) -> tuple[int, int]:
        """第 … 页 · 位置 first–last: the log positions the page shows."""
        caption = self.page.get_by_text(re.compile(r"^第 \d+ 页 · 位置 \d+–\d+$")).first
        expect(caption).to_be_visible()
        first, last = re.search(r"位置 (\d+)–(\d+)", caption.inner_text()).groups()
        return int(first), int(last)

    def events(self, drawn=lambda rows: True, timeout: float = 10) -> list[dict[str, str]]:
        """The events in view (位置, 操作人, 事件, 摘要, …), newest first. The grid draws a rerun's rows a
        moment after the run ends: wait up to `timeout` seconds for rows that are `drawn`, then return those in view."""
        table = self.page.get_by_test_id("stDataFrame").first
        deadline = time.monotonic() + timeout

        def ready(rows: list[dict[str, str]]) -> bool:
            try:
                return drawn(rows)
            except KeyError:  # caught mid-redraw: a row without all its columns yet
                return False

        rows = self.records(table)
        while not ready(rows) and time.monotonic() < deadline:
            self.page.wait_for_timeout(250)
            rows = self.records(table)
        return rows


class SheetsImport(Dashboard):
    """导入表格: pick a kind of sheet, download its template, upload the filled one, 预览 and 导入."""

    TITLE = "导入表格"

    def choose_kind(self, title: str) -> None:
        box = self.page.get_by_test_id("stSelectbox").filter(has_text="表格类型")
        box.locator("input").click()
        self.page.get_by_role("option", name=title, exact=True).click()
        expect(box.locator("input")).to_have_value(title)
        self.settled()

    def download_template(self, folder) -> Path:
        with self.page.expect_download() as arriving:
            self.page.get_by_role("button", name="下载模板（.xlsx）").click()
        download = arriving.value
        path = Path(folder) / download.suggested_filename
        download.save_as(path)
        return path

    def upload(self, path: Path) -> None:
        self.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        expect(self.page.get_by_text(path.name, exact=True)).to_be_visible()
        expect(self.page.get_by_role("button", name="预览", exact=True)).to_be_enabled()  # the page has it
        self.settled()

    def press(self, button: str) -> None:
        self.page.get_by_role("button", name=button, exact=True).click()
        self.settled()

    def accept_valid_rows_only(self) -> None:
        self.page.get_by_text("只导入无误的行", exact=False).click()
        self.settled()

    def refused_rows(self) -> list[dict[str, str]]:
        return self.records(self.page.get_by_test_id("stDataFrame").first)
