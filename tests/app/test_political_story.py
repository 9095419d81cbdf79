"""The README story, through the UI alone: a clerk records a 三争做 session with three
absentees and a photo, the director confirms it, and the attendance rate changes."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from culture_ledger.ledger import Ledger
from dashboard.chrome import EVERY_TAB
from domain.actor import Actor
from tests import evidence_files
from tests.conftest import create_fixture_accounts


def _page(url: str) -> None:
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.political.pages import carrier_page

    carrier_page()


def open_page(url: str, actor: Actor) -> AppTest:
    at = AppTest.from_function(_page, args=(url,), default_timeout=30)
    at.session_state["actor"] = actor
    at.session_state[EVERY_TAB] = True  # the story's forms in their tabs, all drawn at once
    return at.run()


def clerks_office(led: Ledger, admin: Actor):
    """The fixture accounts, and 办公室 with the clerk's account in it (staff record for their own department)."""
    create_fixture_accounts(led)
    office = led.people.register_department({"name": "办公室"}, admin)
    led.accounts.link("clerk", admin, department_id=office)
    return office


def attendance(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "政治学习出勤率")


def test_a_clerk_records_a_sanzhengzuo_session_and_the_director_confirms_it(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    admin = Actor("admin", "admin")
    led = Ledger(url=store_url)
    clerks_office(led, admin)
    led.close()

    clerk = open_page(store_url, Actor("clerk", "staff"))
    assert attendance(clerk) == "无数据"  # nothing recorded yet: no rate, not 0%
    clerk.selectbox(key="political_new_kind").set_value("sanzhengzuo_session").run()
    clerk.text_input(key="political_new_title").input("“三争做”对照查摆会")
    assert clerk.text_input(key="political_new_department_own").value == "办公室"  # her own, no picker
    clerk.number_input(key="political_new_expected").set_value(10)
    clerk.number_input(key="political_new_present").set_value(7)
    clerk.text_area(key="political_new_absentees").input("张伟、李秀英、叶尔兰·别克")
    clerk.get("file_uploader")[0].upload(
        "签到表.jpg", evidence_files.photo("a photo of the sign-in sheet"), "image/jpeg"
    )
    next(b for b in clerk.button if b.label == "提交").click().run()
    assert not clerk.exception
    assert "已记录并提交领导审核。" in [toast.value for toast in clerk.toast]

    director = open_page(store_url, Actor("director", "leader"))
    assert attendance(director) == "无数据"  # awaiting review: not counted yet
    confirm = next(b for b in director.button if b.label == "确认")
    confirm.click().run()
    assert not director.exception
    assert attendance(open_page(store_url, Actor("director", "leader"))) == "70%"


def test_a_director_returns_a_session_only_with_a_reason_and_the_history_shows_it(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    from domain import clock

    admin, clerk = Actor("admin", "admin"), Actor("clerk", "staff")
    led = Ledger(url=store_url)
    office = clerks_office(led, admin)
    led.activities.record(
        {
            "carrier": "political",
            "kind": "education_session",
            "title": "家庭美德教育",
            "occurred_on": clock.today(),
            "department_id": office,
            "expected": 3,
            "present": 3,
            "details": {"theme": "family_virtue"},
        },
        clerk,
    )
    head = led.app.head()
    led.close()

    director = open_page(store_url, Actor("director", "leader"))
    next(b for b in director.button if b.label == "退回").click().run()
    assert [e.value for e in director.error] == ["请填写原因。"]
    next(box for box in director.text_input if box.label == "退回原因").input("缺少签到表")
    next(b for b in director.button if b.label == "退回").click().run()
    assert not director.exception

    led = Ledger(url=store_url)
    try:
        assert led.app.head() == head + 2  # the return, and its claim on the click's key (a second click: no more)
        [row] = led.query("SELECT review FROM activities")
        assert row["review"] == "returned"
        assert led.query("SELECT reason FROM activity_history WHERE action = 'returned'")[0]["reason"] == "缺少签到表"
    finally:
        led.close()


def test_a_photo_altered_on_disk_is_reported_on_the_page(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    from domain import clock

    admin, clerk = Actor("admin", "admin"), Actor("clerk", "staff")
    led = Ledger(url=store_url)
    office = clerks_office(led, admin)
    photo = led.activities.put_evidence("现场照片.png", evidence_files.photo("original", "PNG"), "image/png")
    led.activities.record(
        {
            "carrier": "political",
            "kind": "education_session",
            "title": "革命传统教育",
            "occurred_on": clock.today(),
            "department_id": office,
            "expected": 0,
            "present": 0,
            "evidence": [photo],
            "details": {"theme": "revolutionary_tradition"},
        },
        clerk,
    )
    led.activities.evidence.path(photo["sha256"]).write_bytes(b"\x89PNG doctored")
    led.close()

    page = open_page(store_url, Actor("director", "leader"))
    assert not page.exception
    assert any("佐证文件已被改动" in e.value and photo["sha256"] in e.value for e in page.error)


def test_a_returned_session_gets_its_sign_in_sheet_and_goes_back_for_review(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    from domain import clock

    admin, clerk, director = Actor("admin", "admin"), Actor("clerk", "staff"), Actor("director", "leader")
    led = Ledger(url=store_url)
    office = clerks_office(led, admin)
    activity = led.activities.record(
        {
            "carrier": "political",
            "kind": "education_session",
            "title": "职业道德教育",
            "occurred_on": clock.today(),
            "department_id": office,
            "expected": 2,
            "present": 2,
            "details": {"theme": "professional_ethics"},
        },
        clerk,
    )
    led.activities.return_(activity, "缺少签到表", director)
    led.close()

    page = open_page(store_url, clerk)
    uploader = next(u for u in page.get("file_uploader") if u.label == "补充佐证材料")
    uploader.upload("签到表.pdf", evidence_files.pdf("sign-in sheet"), "application/pdf")
    next(box for box in page.text_input if box.label == "原因").input("补充签到表")
    next(b for b in page.button if b.label == "更正").click().run()
    assert not page.exception
    next(b for b in page.button if b.label == "重新提交审核").click().run()
    assert not page.exception

    led = Ledger(url=store_url)
    try:
        [row] = led.query("SELECT review, evidence FROM activities")
        assert row["review"] == "submitted" and "签到表.pdf" in row["evidence"]
        actions = [r["action"] for r in led.query("SELECT action FROM activity_history ORDER BY position")]
        assert actions == ["recorded", "submitted", "returned", "amended", "submitted"]
    finally:
        led.close()
    # The clerk now sees the file offered for download, named as it was uploaded.
    page = open_page(store_url, clerk)
    assert "签到表.pdf" in " ".join(str(e.value) for e in page.text)
    assert page.get("download_button")
