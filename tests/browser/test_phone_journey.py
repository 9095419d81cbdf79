"""Issue 15, on a phone (390×844, touch): 张伟 (demo-staff) signs in with the sidebar folded away
so it covers nothing, opens it to move between pages, records the day's study in a one-column form
and an activity with a photo taken for it, and each time sees the success message and the new row.
No page is wider than the screen, and every button he presses lies within it."""

from __future__ import annotations

import io
import sys
import uuid

import pytest
from PIL import Image
from playwright.sync_api import Locator, expect

from domain import clock
from tests.browser.conftest import SCREENSHOTS
from tests.browser.dashboard import DEMO_LOGINS, ActivityForm, StudyForm

PHONE = {"width": 390, "height": 844}
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
"""A phone's browser says it is one: Streamlit folds the sidebar after a page is chosen only then."""


@pytest.fixture
def phone(browser, request):
    """A fresh session in a phone-sized, touch browser; its last screen is kept as a screenshot."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, user_agent=ANDROID, locale="zh-CN")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        tab.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    except Exception as exc:  # a screenshot must never hide the test's own outcome
        print(f"screenshot of {request.node.name} failed: {exc}", file=sys.stderr)
    context.close()


class OnAPhone:
    """What the phone adds to the page objects: the folded sidebar, and fitting the screen."""

    def __init__(self, screen):
        self.screen = screen
        self.page = screen.page

    def sign_in(self, role: str) -> None:
        self.page.goto(self.screen.url)
        self.screen.sign_in(*DEMO_LOGINS[role])
        expect(self.page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")

    def go_to(self, title: str) -> None:
        """Unfold the sidebar with its button, choose the page; the sidebar folds away again."""
        self.page.get_by_test_id("stExpandSidebarButton").click()
        expect(self.page.get_by_test_id("stSidebarNav")).to_be_visible()
        self.screen.go_to(title)
        expect(self.page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")

    def fits(self) -> None:
        """Nothing is wider than the screen: no sideways scrolling."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"

    @staticmethod
    def within_reach(element: Locator) -> None:
        # Just after signing in the page may still be finishing a run that draws it again (the element
        # found is replaced, and has no box for a moment): looked at again once it is shown.
        box = None
        for _ in range(3):
            expect(element).to_be_visible()
            element.scroll_into_view_if_needed()
            box = element.bounding_box()
            if box:
                break
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def a_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 64), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def test_on_a_phone_staff_record_a_study_entry_and_an_activity_with_a_photo(phone, served_app):
    study = StudyForm(phone, served_app.url)
    on_phone = OnAPhone(study)
    on_phone.sign_in("staff")
    on_phone.within_reach(phone.get_by_test_id("stMain").get_by_role("heading").first)  # the home page, uncovered
    on_phone.fits()

    on_phone.go_to(StudyForm.TITLE)
    on_phone.fits()
    day, minutes = study.form.get_by_test_id("stDateInput"), study.form.get_by_label("学习时长（分钟）")
    assert day.bounding_box()["y"] + day.bounding_box()["height"] <= minutes.bounding_box()["y"]  # one column
    on_phone.within_reach(study.form.get_by_role("button", name="提交"))
    material = f"《机构编制工作条例》手机填报 · {uuid.uuid4().hex[:6]}"
    study.record(cadre="张伟", day=clock.today(), minutes=60, material=material)
    expect(study.said("已记录。")).to_be_visible()
    newest = study.recent(showing=material)[0]
    assert (newest["姓名"], newest["学习分钟"], newest["学习内容"]) == ("张伟", "60", material)

    carrier = ActivityForm(phone, served_app.url)
    on_phone.screen = carrier
    on_phone.go_to(ActivityForm.POLITICAL)
    on_phone.fits()
    title = f"手机登记的理想信念教育 · {uuid.uuid4().hex[:6]}"
    carrier.record(
        kind="思想教育",
        title=title,
        department="办公室",
        expected=6,
        present=6,
        absentees="",
        content="在会议室集中学习，手机拍照留存。",
        photo=("photo.png", a_photo()),
    )
    expect(carrier.said("已记录并提交领导审核。")).to_be_visible()
    assert carrier.recorded(title)["名称"] == title  # the new row (the grid draws the columns in view)
    assert carrier.opened_label().endswith(f"{title} · 待审核")  # opened below, waiting for review
    photo = carrier.opened().get_by_test_id("stImage")
    expect(photo).to_be_visible()  # the photo, shown
    on_phone.within_reach(photo)
    on_phone.fits()
