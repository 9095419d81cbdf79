"""Daily study (日学一时) in a real browser: a staff member signs in and records the day's hour,
a bad date is refused in Chinese, and the leader's figures move. The staff member is the demo
account demo-staff, which is 张伟: staff record only their own study."""

from __future__ import annotations

import uuid
from datetime import timedelta

from playwright.sync_api import expect

from domain import clock
from tests.browser.dashboard import ComplianceView, StudyForm


def a_material() -> str:
    # Unique, so the journey finds its own entry among the demo office's.
    return f"《机构编制工作条例》第三章 · {uuid.uuid4().hex[:6]}"


STAFF_CADRE = "张伟"  # the demo staff account's own cadre


def test_staff_records_a_days_study_and_sees_it_in_the_recent_list(page, served_app):
    form = StudyForm(page, served_app.url).open("staff")
    form.go_to(StudyForm.TITLE)
    expect(form.heading("日学一时 · 学习填报")).to_be_visible()
    head = served_app.head()
    material = a_material()

    form.record(cadre=STAFF_CADRE, day=clock.today(), minutes=70, material=material, mode="集中学习")

    expect(form.said("已记录。")).to_be_visible()
    newest = form.recent(showing=material)[0]
    assert newest["学习内容"] == material
    assert (newest["日期"], newest["姓名"], newest["学习分钟"], newest["方式"], newest["状态"]) == (
        clock.today().isoformat(),
        STAFF_CADRE,
        "70",
        "集中学习",
        "有效",
    )
    # three events: the entry, its count in the cadre's day, and its submission's claim on the form's key
    assert served_app.head() == head + 3


def test_a_future_date_is_refused_in_chinese_and_nothing_is_recorded(page, served_app):
    form = StudyForm(page, served_app.url).open("staff")
    form.go_to(StudyForm.TITLE)
    head = served_app.head()
    material = a_material()

    form.record(cadre=STAFF_CADRE, day=clock.today() + timedelta(days=1), minutes=60, material=material)

    expect(form.alert("日期不能晚于今天")).to_be_visible()
    expect(form.alert("未写入任何记录")).to_be_visible()
    assert served_app.head() == head
    assert material not in [row["学习内容"] for row in form.recent(showing=STAFF_CADRE)]


def test_the_leader_sees_the_compliance_figures_change_after_staff_record_study(page, browser, served_app):
    leader = ComplianceView(page, served_app.url).open("leader")
    leader.go_to(ComplianceView.TITLE)
    expect(leader.heading("日学一时 · 达标情况")).to_be_visible()
    total_before, shown_before = leader.total_minutes(), leader.cadres()
    cadre = STAFF_CADRE
    assert cadre in shown_before  # the leader's table shows the staff member's row

    # Meanwhile, in another office, the staff member records 90 minutes of today's study.
    elsewhere = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        staff = StudyForm(elsewhere.new_page(), served_app.url).open("staff")
        staff.go_to(StudyForm.TITLE)
        staff.record(cadre=cadre, day=clock.today(), minutes=90, material=a_material())
        expect(staff.said("已记录。")).to_be_visible()
    finally:
        elsewhere.close()

    leader.revisit(ComplianceView.TITLE)
    assert leader.total_minutes() == total_before + 90
    assert leader.cadres()[cadre] == shown_before[cadre] + 90


def test_markup_typed_as_material_is_shown_as_text_and_never_run(page, served_app):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    form = StudyForm(page, served_app.url).open("staff")
    form.go_to(StudyForm.TITLE)
    material = f"<img src=x onerror=alert(1)> **粗体** <script>alert(2)</script> {uuid.uuid4().hex[:6]}"

    form.record(cadre=STAFF_CADRE, day=clock.today(), minutes=60, material=material)

    expect(form.said("已记录。")).to_be_visible()
    assert form.recent(showing=material)[0]["学习内容"] == material
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("strong", has_text="粗体").count() == 0
    assert dialogs == []
