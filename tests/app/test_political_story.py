"""The README story, through the UI alone: a clerk records a 三争做 session with three
absentees and a photo, the director confirms it, and the attendance rate changes."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from culture_ledger.ledger import Ledger
from domain.actor import Actor


def _page(url: str) -> None:
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.political.pages import carrier_page

    carrier_page()


def open_page(url: str, actor: Actor) -> AppTest:
    at = AppTest.from_function(_page, args=(url,), default_timeout=30)
    at.session_state["actor"] = actor
    return at.run()


def attendance(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "政治学习出勤率")


def test_a_clerk_records_a_sanzhengzuo_session_and_the_director_confirms_it(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    admin = Actor("admin", "admin")
    led = Ledger(url=store_url)
    office = led.people.register_department({"name": "办公室"}, admin)
    led.close()

    clerk = open_page(store_url, Actor("clerk", "staff"))
    assert attendance(clerk) == "–"
    clerk.selectbox(key="political_new_kind").set_value("sanzhengzuo_session").run()
    clerk.text_input(key="political_new_title").input("“三争做”对照查摆会")
    clerk.selectbox(key="political_new_department").set_value(office.hex)
    clerk.number_input(key="political_new_expected").set_value(10)
    clerk.number_input(key="political_new_present").set_value(7)
    clerk.text_area(key="political_new_absentees").input("张伟、李秀英、叶尔兰·别克")
    clerk.get("file_uploader")[0].upload("签到表.jpg", b"\xff\xd8\xff a photo of the sign-in sheet", "image/jpeg")
    next(b for b in clerk.button if b.label == "提交").click().run()
    assert not clerk.exception
    assert "已记录并提交领导审核。" in [s.value for s in clerk.success]

    director = open_page(store_url, Actor("director", "leader"))
    assert attendance(director) == "–"  # awaiting review: not counted yet
    confirm = next(b for b in director.button if b.label == "确认")
    confirm.click().run()
    assert not director.exception
    assert attendance(open_page(store_url, Actor("director", "leader"))) == "70%"
