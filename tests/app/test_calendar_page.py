"""The administrators' 工作日历 page: the year's holidays and make-up working days, and each day an
administrator marked, with who marked it and when (Beijing time); marking one from the form."""

from __future__ import annotations

from datetime import date

import pytest

from plugins.calendar import plugin
from tests.app.pages import run_page, visible_text


@pytest.fixture(autouse=True)
def restore_store_env(monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_STORE", "sqlite:///:memory:")
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)


def cells(at) -> str:
    return "\n".join(frame.value.to_string() for frame in at.dataframe)


def test_the_calendar_page_is_for_administrators_only():
    (page,) = plugin.pages
    assert set(page.roles) == {"admin"}


def test_a_day_an_administrator_marked_shows_with_who_marked_it_and_when_in_beijing_time(ledger, store_url, admin):
    ledger.calendar.mark_day({"day": date(2026, 12, 25), "kind": "holiday", "name": "本地节日"}, admin)
    at = run_page("work-calendar", store_url, admin)
    at.selectbox(key="calendar_year").set_value(2026).run()
    assert not at.exception, at.exception
    shown = cells(at)
    assert "2026-12-25" in shown and "本地节日" in shown and "admin" in shown and "管理员标注" in shown
    assert "标注时间（北京时间）" in visible_text(at)
    assert "国庆节" in shown and "2026-10-10" in shown  # the national schedule: holidays and the 调休 Saturday


def test_an_administrator_marks_a_day_from_the_form(ledger, store_url, admin):
    at = run_page("work-calendar", store_url, admin)
    at.date_input(key="calendar_day").set_value(date(2027, 1, 1))
    at.selectbox(key="calendar_kind").set_value("holiday")
    at.text_input(key="calendar_name").input("元旦")
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [toast.value for toast in at.toast] == ["已记录。"]
    assert ledger.query("SELECT day, kind, name, marked_by FROM calendar_days") == [
        {"day": "2027-01-01", "kind": "holiday", "name": "元旦", "marked_by": "admin"}
    ]


def test_a_year_not_yet_in_the_national_schedule_is_flagged(ledger, store_url, admin):
    at = run_page("work-calendar", store_url, admin)
    at.selectbox(key="calendar_year").set_value(2027).run()
    assert any("2027 年的法定节假日安排尚未收录" in w.value for w in at.warning)
