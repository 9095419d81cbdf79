"""A time shown to a person is on the office's clock and its header says which: an event the log
stamped 16:30 UTC on the 22nd shows as 00:30 on the 23rd, 北京时间, whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain import clock
from domain.actor import Actor
from tests.app.pages import run_page

AT_HALF_PAST_MIDNIGHT = datetime(2026, 10, 22, 16, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def office_clock(monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_STORE", "sqlite:///:memory:")
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    monkeypatch.setenv("TZ", "America/New_York")  # the server's own zone plays no part


def column(at, header: str) -> list[str]:
    for frame in at.dataframe:
        if header in frame.value.columns:
            return [str(v) for v in frame.value[header]]
    raise AssertionError(f"no column {header!r} in {[list(f.value.columns) for f in at.dataframe]}")


def test_the_event_browser_shows_when_an_event_was_recorded_in_beijing_time(ledger, store_url, admin):
    with clock.simulated(AT_HALF_PAST_MIDNIGHT):
        ledger.people.register_department({"name": "办公室"}, admin)
    at = run_page("audit-events", store_url, Actor("inspector", "auditor"))
    assert not at.exception, at.exception
    assert "2026-10-23 00:30:00" in column(at, "记录时间")
    assert any("记录时间为北京时间" in c.value for c in at.caption)  # eleven columns: the caption names the clock


def test_the_access_record_and_the_accounts_page_label_their_times(ledger, store_url, admin):
    at = run_page("access-log", store_url, Actor("inspector", "auditor"))
    assert not at.exception, at.exception
    assert column(at, "时间（北京时间）")[0].startswith(clock.today().isoformat())  # opening it was recorded
    at = run_page("accounts", store_url, admin)
    assert not at.exception, at.exception
    assert column(at, "创建时间（北京时间）")


def test_in_english_the_event_browser_says_beijing_time(ledger, store_url, admin):
    with clock.simulated(AT_HALF_PAST_MIDNIGHT):
        ledger.people.register_department({"name": "办公室"}, admin)
    at = run_page("audit-events", store_url, Actor("inspector", "auditor"), lang="en")
    assert "2026-10-23 00:30:00" in column(at, "Recorded at")
    assert any("times recorded are Beijing time" in c.value for c in at.caption)
