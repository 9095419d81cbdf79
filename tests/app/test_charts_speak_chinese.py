"""Charts write their dates in the reader's language: 12月9日 and 周一 on a Chinese screen, Dec 9
and Mon on an English one ("Mon 09 / December" was what a Chinese leader read), the same in the
pictures of the Word report (dashboard/charts.py)."""

from __future__ import annotations

import re
from collections import OrderedDict

import altair as alt
import pandas as pd
import pytest
import vl_convert

from dashboard.charts import chart_config, in_language
from domain.actor import Actor
from tests.app.charts import chart_specs, charts_not_in
from tests.app.pages import run_page
from tests.screen_words import offending

LEADER = Actor("demo-leader", "leader", "form")


@pytest.fixture(autouse=True)
def restore_store_env(monkeypatch):
    """The page script points CULTURE_LEDGER_STORE at its store; put it back afterwards."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", "sqlite:///:memory:")


@pytest.fixture(scope="module")
def demo_url(demo_office_copy) -> str:
    return demo_office_copy("chart_pages", weeks=3)


def labels(spec: dict) -> list[str]:
    """The texts a chart draws (axis labels, titles), rendered as the browser would, as SVG."""
    svg = vl_convert.vegalite_to_svg(spec)
    return [re.sub(r"&[a-z]+;", " ", text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def days(start: str, n: int) -> pd.DataFrame:
    return pd.DataFrame({"day": pd.date_range(start, periods=n, freq="D"), "minutes": range(n)})


def test_a_month_of_days_reads_as_chinese_dates_on_a_chinese_screen():
    with in_language("zh"):
        spec = alt.Chart(days("2026-11-20", 30)).mark_line().encode(x=alt.X("day:T", title=None), y="minutes:Q")
        drawn = labels(spec.to_dict())
    assert {"11月21日", "12月", "12月3日"} <= set(drawn), drawn  # a day, and where a new month begins
    assert not [text for text in drawn if offending(text) and text != "minutes"], drawn


def test_weekdays_and_months_have_their_chinese_names():
    week = days("2026-12-07", 7)
    with in_language("zh"):
        weekdays = labels(alt.Chart(week).mark_bar().encode(x="day(day):O", y="sum(minutes):Q").to_dict())
        months = labels(
            alt.Chart(days("2026-01-01", 365)).mark_bar().encode(x="month(day):O", y="sum(minutes):Q").to_dict()
        )
    assert {"周一", "周日"} <= set(weekdays), weekdays
    assert {"1月", "12月"} <= set(months), months


def test_an_english_reader_gets_english_dates():
    with in_language("en"):
        drawn = labels(alt.Chart(days("2026-11-20", 30)).mark_line().encode(x="day:T", y="minutes:Q").to_dict())
    assert {"Nov 21", "Dec", "Dec 3"} <= set(drawn), drawn
    assert chart_config("en")["locale"]["time"]["shortDays"][1] == "Mon"


def test_the_daily_hour_trend_a_leader_opens_is_drawn_in_chinese(demo_url):
    at = run_page("study-compliance", demo_url, LEADER, "zh")
    assert not at.exception
    specs = chart_specs(at, data=True)
    assert specs and charts_not_in(at, "zh") == []
    trend = next(s for s in specs if s.get("encoding", {}).get("x", {}).get("type") == "temporal")
    drawn = labels(trend)
    assert any(re.fullmatch(r"\d{1,2}月\d{1,2}日|\d{1,2}月", text) for text in drawn), drawn


def test_the_same_page_in_english_draws_english_charts(demo_url):
    at = run_page("study-compliance", demo_url, LEADER, "en")
    assert chart_specs(at) and charts_not_in(at, "en") == []


def test_the_word_reports_pictures_are_drawn_in_the_reports_language(monkeypatch):
    from plugins.overview import charts

    made = []
    monkeypatch.setattr(vl_convert, "vegalite_to_png", lambda spec, scale: made.append(spec) or b"png")
    monkeypatch.setattr(charts, "_drawn", OrderedDict())  # none drawn before, none of these kept after
    chart = alt.Chart(days("2026-11-20", 30)).mark_line().encode(x="day:T", y="minutes:Q")
    charts.to_png(chart, lang="en")
    charts.to_png(chart, lang="zh")
    assert [spec["config"]["locale"]["time"]["shortDays"][1] for spec in made] == ["Mon", "周一"]


def test_a_chart_drawn_for_the_report_is_not_drawn_again_for_its_pdf(monkeypatch):
    from plugins.overview import charts

    made = []
    monkeypatch.setattr(vl_convert, "vegalite_to_png", lambda spec, scale: made.append(scale) or b"png %d" % len(made))
    monkeypatch.setattr(charts, "_drawn", OrderedDict())
    chart = alt.Chart(days("2026-11-20", 30)).mark_line().encode(x="day:T", y="minutes:Q")

    assert charts.to_png(chart, lang="zh") == charts.to_png(chart, lang="zh") == b"png 1"  # drawn once
    assert charts.to_png(chart, lang="en") == b"png 2"  # another language is another picture
    assert charts.to_png(chart, scale=1, lang="zh") == b"png 3"  # and so is another size
    assert made == [2.0, 2.0, 1]


def test_a_ranking_where_every_department_stands_at_nought_reads_from_0_to_1_not_a_lone_0_000000():
    from plugins.overview.charts import ranking_chart

    frame = pd.DataFrame(
        {"department": ["办公室", "综合科"], "department_id": ["a", "b"], "rank": [1, 2], "value": [0.0, 0.0]}
    )
    drawn = labels(ranking_chart(frame, "hours", lambda key, **_: "小时").to_dict())
    assert "0.000000" not in drawn
    assert {"0", "1"} <= set(drawn) and "办公室" in drawn
    frame["value"] = [2.5, 1.0]  # figures that differ: the axis runs as far as the best, without trailing zeros
    drawn = labels(ranking_chart(frame, "hours", lambda key, **_: "小时").to_dict())
    numbers = [text for text in drawn if re.fullmatch(r"[\d.]+", text)]
    assert max(float(n) for n in numbers) >= 2.5
    assert not [n for n in numbers if "." in n and n.endswith("0")]
