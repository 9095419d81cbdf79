"""Streamlit's own words on a Chinese screen: the pickers' "Choose an option", the multiselect's
"Select all", the file uploader's instructions, a form's "Press Enter to submit form", the date
picker's calendar and the charts' dates are all in Chinese (dashboard/streamlit_words.py,
dashboard/charts.py), read from the page as a user sees it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.dashboard import ActivityForm, ComplianceView
from tests.screen_words import offending


def test_the_activity_form_speaks_chinese_down_to_streamlits_own_words(page, served_app):
    carrier = ActivityForm(page, served_app.url).open("staff")
    carrier.go_to(ActivityForm.POLITICAL)
    carrier.tab("登记活动")
    carrier.choose("活动类型", "思想教育")
    carrier.settled()
    form = carrier.form
    expect(form.get_by_test_id("stFileUploaderDropzone")).to_contain_text("上传")
    expect(form.get_by_test_id("stFileUploaderDropzoneInstructions")).to_contain_text("单个文件不超过")
    ideas = form.get_by_test_id("stMultiSelect").filter(has_text="理念")
    expect(ideas.locator("input")).to_have_attribute("placeholder", "请选择")

    form.get_by_role("textbox", name="活动名称").fill("理想信念教育专题学习")  # typed, not yet submitted
    expect(form.get_by_test_id("InputInstructions").first).to_have_text("按回车键提交")
    expect(ideas.get_by_role("button", name="展开")).to_be_visible()  # its aria label, Streamlit's "Open"
    first_option = page.get_by_role("listbox", name="服务理念").get_by_role("option").first
    for attempt in range(3):  # a list opened while the page still settles may close again: open it again
        ideas.locator("input").click()
        try:
            expect(first_option).to_have_text("全选", timeout=4_000)
            break
        except AssertionError:
            if attempt == 2:
                raise

    assert offending(carrier.words()) == []
    page.keyboard.press("Escape")
    form.get_by_test_id("stDateInput").first.click()  # the calendar follows the browser's language
    expect(page.get_by_test_id("stDateInputCalendar")).to_contain_text("月")
    assert offending(carrier.words(page.get_by_test_id("stDateInputCalendar"))) == []


def test_the_daily_hour_trend_writes_its_dates_in_chinese(page, served_app):
    view = ComplianceView(page, served_app.url).open("leader")
    view.go_to(ComplianceView.TITLE)
    dates = view.page.get_by_test_id("stVegaLiteChart").locator("svg text").filter(has_text=re.compile(r"^\d{1,2}月"))
    expect(dates.first).to_be_attached()  # the trend is drawn (the page draws its charts one by one)
    labels = view.chart_labels()
    assert any(re.fullmatch(r"\d{1,2}月\d{1,2}日|\d{1,2}月|\d{4}年", label) for label in labels), labels
    assert offending(" ".join(labels)) == []
    assert offending(view.words()) == []


STREAMLIT_LIKE = """
<div data-testid="stApp">
  <section data-testid="stFileUploaderDropzone">
    <span id="upload">Upload</span><span id="limit">50MB per file</span><span id="types"> • PDF</span>
  </section>
  <div data-testid="stMarkdown"><p id="content">Upload</p></div>
  <button id="help" data-testid="stTooltipIcon" aria-label="Help for 缺席人员">?</button>
  <div data-testid="InputInstructions"><span id="hint"></span></div>
</div>
<p id="outside">Upload</p>
"""


def test_the_page_script_rewrites_only_streamlits_own_words_and_gives_them_back_in_english(page):
    from culture_ledger.i18n import Catalog
    from culture_ledger.registry import Registry
    from dashboard.streamlit_words import script

    catalog = Catalog(Registry.load(entry_point_group=None).translations())

    def run(lang: str) -> None:
        # st.html puts the script into the page: here it is run the same way, once per "page run"
        body = script(lambda key, **params: catalog.t(lang, key, **params), lang)
        page.evaluate(body.removeprefix("<script>").removesuffix("</script>"))

    page.set_content(STREAMLIT_LIKE)
    run("zh")
    text = {id_: page.locator(f"#{id_}").inner_text() for id_ in ("upload", "limit", "types", "content", "outside")}
    assert text == {
        "upload": "上传",
        "limit": "单个文件不超过 50MB",
        "types": " • PDF",
        "content": "Upload",
        "outside": "Upload",
    }
    assert page.locator("#help").get_attribute("aria-label") == "缺席人员：说明"

    page.locator("#hint").evaluate(
        "e => { e.textContent = 'Press Enter to submit form' }"
    )  # drawn later, as React does
    expect(page.locator("#hint")).to_have_text("按回车键提交")

    run("en")  # the reader switched to English: Streamlit's own words come back
    assert page.locator("#upload").inner_text() == "Upload"
    assert page.locator("#limit").inner_text() == "50MB per file"
    assert page.locator("#hint").inner_text() == "Press Enter to submit form"
    assert page.locator("#help").get_attribute("aria-label") == "Help for 缺席人员"
