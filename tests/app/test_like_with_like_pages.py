"""Like with like on the demo office's screens: the overview's month card says what it is compared
with, a Sunday shows 无数据, a five-type score shows as a score, and the 服务大局 page's banner counts
the overdue milestones its card counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period, Scope
from dashboard.chrome import EVERY_TAB
from domain import clock
from domain.actor import Actor
from plugins.overall.projections import overdue_milestones

LEADER = Actor("demo-leader", "leader", "form")


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("like_with_like")


@pytest.fixture
def mid_month(monkeypatch):
    """The office's today, moved back a day when it is the month's last (so the month is in progress)."""
    real = clock.today()
    day = real - timedelta(days=1) if real == Period.containing("month", real).end else real
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def _overview(url: str) -> None:
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from plugins.overview import pages

    pages.forget()  # each test's clock and filters computed afresh
    pages.render()


def _overall(url: str) -> None:
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from dashboard.chrome import ledger

    for page in ledger().registry.plugin("overall").pages:
        page.render()


def overview(url: str, **state) -> AppTest:
    at = AppTest.from_function(_overview, args=(url,), default_timeout=60)
    at.session_state["actor"] = LEADER
    at.session_state["lang"] = "zh"
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def card(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def t(url: str, key: str, **params) -> str:
    led = Ledger(url=url)
    try:
        return led.catalog.t("zh", key, **params)
    finally:
        led.close()


def test_the_month_in_progress_says_it_is_compared_with_the_same_days_of_last_month(demo_store, mid_month):
    at = overview(demo_store)
    assert not at.exception

    compliance = card(at, t(demo_store, "study.daily.metric.share"))
    before = Period.containing("month", mid_month).previous()
    span = before.start.replace(day=min(mid_month.day, before.end.day))
    assert compliance.proto.delta_description == (
        f"较上月同期（{before.start.month}月1日—{span.day}日）" if span.day > 1 else f"较上月同期（{span.month}月1日）"
    )


def test_a_sunday_shows_no_data_for_the_daily_rule(demo_store):
    sunday = clock.today() - timedelta(days=clock.today().weekday() + 1)
    at = overview(demo_store, ov_period="day", ov_anchor=sunday)
    assert not at.exception

    compliance = card(at, t(demo_store, "study.daily.metric.share"))
    assert compliance.value == "无数据"
    assert not compliance.delta  # no change is taken from no data


def test_a_five_type_score_shows_as_a_score(demo_store):
    at = overview(demo_store, ov_period="quarter")
    assert not at.exception

    five_type = card(at, t(demo_store, "integrity.metric.five_type")).value
    assert five_type.endswith(" 分") and "%" not in five_type
    four_strong = card(at, t(demo_store, "study.evaluation.metric.average")).value
    assert four_strong.endswith(" 分")


def test_the_overdue_milestones_on_the_card_and_in_the_banner_are_one_count(demo_store):
    at = AppTest.from_function(_overall, args=(demo_store,), default_timeout=60)
    at.session_state["actor"] = LEADER
    at.session_state[EVERY_TAB] = True  # the milestones tab drawn with the others
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception

    led = Ledger(url=demo_store)
    try:
        counted = len(overdue_milestones(led, Scope(Period.containing("quarter", clock.today()))))
    finally:
        led.close()
    assert counted > 0  # the demo office has some
    assert card(at, t(demo_store, "overall.metric.overdue")).value == str(counted)
    assert t(demo_store, "overall.overdue.some", n=counted) in [e.value for e in at.error]
