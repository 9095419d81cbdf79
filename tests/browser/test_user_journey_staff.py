"""Issue 10, the staff journey in a real browser: 张伟 (demo-staff) signs in, records a
political-education session on the 政治坚定 page with its attendance (应到 = 实到 + 缺席, the
absentee named) and a photo uploaded as evidence, and finds it in the activity records,
waiting for a leader's review, with its evidence counted."""

from __future__ import annotations

import io
import re
import uuid

from PIL import Image
from playwright.sync_api import expect

from tests.browser.dashboard import ActivityForm

STAFF_DEPARTMENT = "办公室"  # 张伟's own department: staff record for their own department only


def a_photo() -> bytes:
    """A small PNG, as a phone photo of the session would be uploaded."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_staff_record_a_session_with_a_photo_and_find_it_in_the_records(page, served_app):
    carrier = ActivityForm(page, served_app.url).open("staff")
    carrier.go_to(ActivityForm.POLITICAL)
    expect(carrier.heading("政治坚定")).to_be_visible()
    head = served_app.head()
    title = f"理想信念教育专题学习 · {uuid.uuid4().hex[:6]}"

    carrier.record(
        kind="思想教育",
        title=title,
        department=STAFF_DEPARTMENT,
        expected=5,
        present=4,
        absentees="叶尔兰·别克",
        content="学习《中国共产党章程》，交流心得。",
        photo=("session.png", a_photo()),
    )

    expect(carrier.said("已记录并提交领导审核。")).to_be_visible()
    assert served_app.head() > head  # written to the log
    row = carrier.recorded(title)
    assert (row["类型"], row["科室"], row["实到/应到"], row["缺席"]) == ("思想教育", STAFF_DEPARTMENT, "4/5", "1")
    assert carrier.opened_label().endswith(f"{title} · 待审核")  # waiting for a leader's review
    opened = carrier.opened()
    expect(
        opened.get_by_text(re.compile(r"^session\.png · [\d.]+ (B|KB|MB) · SHA-256 指纹 [0-9a-f]{16}…$"))
    ).to_be_visible()
    expect(opened.get_by_test_id("stImage")).to_be_visible()  # the photo itself, shown
