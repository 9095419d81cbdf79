"""Like with like: a figure a leader can trust compares a month in progress with the same days of
the month before (and says so), shows 无数据 where there is nothing to be a rate of, keeps the
daily study rule week by week, and shows a score as a score.

The office here studies on fixed days of November and December 2026 (no public holiday in
either), and the office's clock is set to Sunday 6 December 2026."""

from datetime import UTC, date, datetime, timedelta

import pytest

from culture_ledger.periods import Period, Scope
from domain import clock
from plugins.overview import charts
from plugins.overview import figures as ov
from tests.overview_support import ledger  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

SUNDAY = date(2026, 12, 6)
NOVEMBER = Period.containing("month", date(2026, 11, 1))
DECEMBER = Period.containing("month", SUNDAY)


@pytest.fixture
def on_sunday():
    """The office's clock on Sunday 6 December 2026, ten in the morning in Beijing."""
    with clock.simulated(datetime(2026, 12, 6, 2, tzinfo=UTC)):
        yield SUNDAY


@pytest.fixture
def office(ledger, admin):  # noqa: F811 (ledger: the overview's fixture)
    """办公室 (王建国, 李秀英) and 综合科 (阿依古丽, 张伟), on the roll since 2020."""
    people = ledger.people
    general = people.register_department({"name": "办公室"}, admin)
    other = people.register_department({"name": "综合科"}, admin)
    cadre = lambda name, dept: people.register_cadre(  # noqa: E731
        {"name": name, "department_id": dept, "position": "科员", "joined_on": date(2020, 1, 1)}, admin
    )
    return {
        "general": general,
        "other": other,
        "wang": cadre("王建国", general),
        "li": cadre("李秀英", general),
        "aygul": cadre("阿依古丽", other),
        "zhang": cadre("张伟", other),
    }


def study(ledger, admin, cadres, days):
    ledger.study.record_study_batch(
        [
            {"cadre_id": c, "occurred_on": d, "minutes": 60, "material": "《机构编制工作条例》", "mode": "self"}
            for c in cadres
            for d in days
            if d.weekday() < 5
        ],
        admin.via("import"),
    )


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.fixture
def studied_in_the_first_days(ledger, admin, office):  # noqa: F811
    """Everyone studied the first working days of November (2-6) and of December (1-4); 办公室's two
    studied every working day of November too."""
    everyone = [office[k] for k in ("wang", "li", "aygul", "zhang")]
    study(ledger, admin, everyone, days(date(2026, 11, 2), date(2026, 11, 6)))
    study(ledger, admin, [office["wang"], office["li"]], days(date(2026, 11, 9), date(2026, 11, 30)))
    study(ledger, admin, everyone, days(date(2026, 12, 1), date(2026, 12, 4)))
    return office


def compliance(ledger, scope, today):  # noqa: F811
    return ov.figure(ledger, ov.indicator(ledger, "study_compliance"), scope, today=today)


def words(ledger, lang):  # noqa: F811
    return lambda key, **params: ledger.catalog.t(lang, key, **params)


def test_a_month_in_progress_is_compared_with_the_same_days_of_last_month_and_says_so(
    ledger,  # noqa: F811
    studied_in_the_first_days,
    on_sunday,
):
    fig = compliance(ledger, Scope(DECEMBER), on_sunday)

    assert fig.in_progress and fig.compared == Period.custom(date(2026, 11, 1), date(2026, 11, 6))
    assert (fig.value, fig.previous, fig.change) == (1.0, 1.0, 0.0)  # everyone, on both first weeks
    # The whole of November, which it used to be compared with, is another thing: 12 of 20 cadre-weeks.
    assert ov.indicator(ledger, "study_compliance").compute(ledger, Scope(NOVEMBER)) == 0.6
    assert charts.compared_text(fig, words(ledger, "zh")) == "较上月同期（11月1日—6日）"
    assert charts.compared_text(fig, words(ledger, "en")) == "vs the same days last month (Nov 1–6)"

    # Once December is over, it is compared with the whole of November again.
    over = compliance(ledger, Scope(DECEMBER), date(2027, 1, 4))
    assert not over.in_progress and over.compared == NOVEMBER and over.previous == 0.6
    assert charts.compared_text(over, words(ledger, "zh")) == "较上月（11月1日—30日）"


def test_a_sunday_shows_no_data_not_a_rate(ledger, studied_in_the_first_days, on_sunday):  # noqa: F811
    sunday = compliance(ledger, Scope(Period.containing("day", on_sunday)), on_sunday)

    assert sunday.value is None and sunday.change is None  # no working day: the rule asks nothing
    assert charts.format_value(sunday.value, sunday.unit, words(ledger, "zh")) == "无数据"
    assert charts.format_value(sunday.value, sunday.unit, words(ledger, "en")) == "No data"
    # A working day nobody has recorded study on yet has no data either.
    assert compliance(ledger, Scope(Period.containing("day", date(2026, 10, 14))), on_sunday).value is None


def test_the_office_with_a_full_weekly_rate_does_not_show_zero_for_the_quarter(
    ledger,  # noqa: F811
    studied_in_the_first_days,
    on_sunday,
):
    general = studied_in_the_first_days["general"].hex
    quarter = Scope(Period.containing("quarter", on_sunday), department_id=general)
    week = Scope(Period.containing("week", on_sunday), department_id=general)

    assert compliance(ledger, week, on_sunday).value == 1.0
    # October, before anyone studied, is no data; every week since, both met the rule: not 0% for a quarter
    # that a single missed day (or a month before the ledger) used to sink.
    assert compliance(ledger, quarter, on_sunday).value == 1.0
    ranked = ov.department_ranking(ledger, Scope(Period.containing("quarter", on_sunday)))
    study = ranked[ranked["indicator"] == "study_compliance"]
    # 综合科's two met 1 week of 5 each: 2-6 November (they missed Monday 30 November, so that week too).
    assert list(zip(study["department"], study["value"])) == [("办公室", 1.0), ("综合科", 0.2)]


def test_a_missed_day_costs_its_week_not_the_whole_quarter(ledger, admin, office, on_sunday):  # noqa: F811
    study(ledger, admin, [office["wang"]], days(date(2026, 11, 2), date(2026, 11, 27)))
    study(ledger, admin, [office["li"]], days(date(2026, 11, 2), date(2026, 11, 17)))  # misses 18 November
    study(ledger, admin, [office["li"]], days(date(2026, 11, 19), date(2026, 11, 27)))
    scope = Scope(Period.containing("quarter", on_sunday), department_id=office["general"].hex)

    fig = compliance(ledger, scope, on_sunday)

    assert fig.value == pytest.approx(7 / 8)  # 王建国 4 weeks of 4, 李秀英 3 of 4
    [li] = [r for r in ov.records_behind(ledger, "study_compliance", scope) if r["name"] == "李秀英"]
    assert (li["weeks_met"], li["weeks"]) == (3, 4)


def test_a_five_type_score_is_a_score_out_of_a_hundred(ledger, leader, office, on_sunday):  # noqa: F811
    ledger.integrity.assess(
        {
            "department_id": office["general"],
            "period": "2026-Q4",
            "learning": 90,
            "innovative": 80,
            "pragmatic": 85,
            "harmonious": 88,
            "clean": 90,
            "comment": "学习氛围浓厚",
            "occurred_on": date(2026, 11, 30),
        },
        leader,
    )
    fig = ov.figure(
        ledger, ov.indicator(ledger, "integrity_five_type_score"), Scope(Period.containing("quarter", on_sunday))
    )

    assert fig.unit == "score" and fig.value == 86.6
    assert charts.format_value(fig.value, fig.unit, words(ledger, "zh")) == "86.6 分"
    assert ov.indicator(ledger, "four_strong_average").unit == "score"
