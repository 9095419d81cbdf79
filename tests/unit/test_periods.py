"""Periods: the one place that reckons days, weeks, months, quarters, halves and years, and
writes them as the codes that evaluations and assessments store."""

from datetime import date

import pytest

from culture_ledger.periods import Period, Scope


def test_a_quarter_runs_from_the_first_of_its_first_month_to_the_last_of_its_third():
    autumn = Period.containing("quarter", date(2026, 11, 27))
    assert (autumn.start, autumn.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert autumn.code == "2026-Q4" and autumn.days == 92
    assert Period.containing("quarter", date(2026, 3, 31)) == Period("quarter", date(2026, 1, 1), date(2026, 3, 31))


def test_each_kind_of_period_knows_the_one_before_it():
    assert Period.containing("quarter", date(2026, 1, 5)).previous() == Period(
        "quarter", date(2025, 10, 1), date(2025, 12, 31)
    )
    assert Period.containing("month", date(2026, 3, 15)).previous() == Period(
        "month", date(2026, 2, 1), date(2026, 2, 28)
    )
    assert Period.containing("half", date(2026, 1, 5)).previous().code == "2025-H2"
    assert Period.containing("year", date(2026, 6, 1)).previous().label == "2025"
    assert Period.containing("week", date(2026, 11, 27)).label == "2026-W48"
    assert Period.containing("quarter", date(2026, 2, 1)).label == "2026Q1"  # as the overview's trends show it
    assert [p.label for p in Period.containing("month", date(2026, 2, 10)).back(3)] == ["2025-12", "2026-01", "2026-02"]


def test_every_code_parses_back_to_its_period():
    day = date(2026, 11, 3)
    codes = {kind: Period.containing(kind, day).code for kind in ("day", "week", "month", "quarter", "half", "year")}
    # These are stored in events (evaluations, five-type assessments): their form never changes.
    assert codes == {
        "day": "2026-11-03",
        "week": "2026-W45",
        "month": "2026-11",
        "quarter": "2026-Q4",
        "half": "2026-H2",
        "year": "2026",
    }
    for kind, code in codes.items():
        assert Period.parse(code) == Period.containing(kind, day)
    month_to_date = Period.custom(date(2026, 11, 1), date(2026, 11, 10))
    assert Period.parse(month_to_date.code) == month_to_date


def test_what_is_not_a_period_code_is_refused():
    for code in ("2026-Q5", "2026-H3", "2026Q1", "26-Q1", "2026-13", "2025-W53", "2026-11-31", "2026-11-10~2026-11-01"):
        with pytest.raises(ValueError):
            Period.parse(code)
    with pytest.raises(ValueError):
        Period("month", date(2026, 11, 2), date(2026, 11, 30))  # a calendar month starts on the first
    with pytest.raises(ValueError):
        Period.containing("fortnight", date(2026, 11, 2))


def test_a_month_to_date_is_compared_with_as_many_days_before_it_not_with_last_month():
    month_to_date = Period.custom(date(2026, 11, 10), date(2026, 11, 1))  # picked end first: still the same span
    assert (month_to_date.start, month_to_date.end, month_to_date.days) == (date(2026, 11, 1), date(2026, 11, 10), 10)
    assert month_to_date.previous() == Period("custom", date(2026, 10, 22), date(2026, 10, 31))
    assert month_to_date.label == "2026-11-01~2026-11-10"


def test_an_iso_week_runs_monday_to_sunday_across_a_year_end_and_belongs_to_the_year_of_its_thursday():
    new_year = Period.containing("week", date(2027, 1, 1))
    assert (new_year.start, new_year.end) == (date(2026, 12, 28), date(2027, 1, 3))
    assert new_year.code == "2026-W53"  # 2026 has 53 ISO weeks: it began on a Thursday
    assert Period.containing("week", date(2027, 1, 4)).previous() == new_year
    assert Period.containing("week", date(2024, 12, 31)).code == "2025-W01"  # Thursday 2 January 2025
    assert Period.parse("2025-W01").start == date(2024, 12, 30)


def test_february_of_a_leap_year_has_twenty_nine_days():
    assert Period.containing("month", date(2028, 2, 10)).end == date(2028, 2, 29)
    assert Period.containing("month", date(2028, 3, 1)).previous().days == 29
    assert Period.containing("month", date(2026, 2, 10)).days == 28
    assert Period.parse("2028-02-29").days == 1
    assert Period.containing("quarter", date(2028, 2, 29)).days == 91
    assert len(Period.parse("2028-02").dates()) == 29


def test_a_scope_keeps_its_filters_over_another_period():
    week = Period.containing("week", date(2026, 11, 27))
    scope = Scope(week, department_id="d1", carrier="innovation", idea="support_talent")
    earlier = scope.over(week.previous())
    assert (earlier.start, earlier.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert (earlier.department_id, earlier.carrier, earlier.idea) == ("d1", "innovation", "support_talent")
    assert Scope.between(date(2026, 11, 1), date(2026, 11, 10), department_id="d1") == Scope(
        Period.custom(date(2026, 11, 1), date(2026, 11, 10)), department_id="d1"
    )


def test_a_month_in_progress_is_compared_with_the_same_days_of_last_month_not_the_whole_of_it():
    december = Period.containing("month", date(2026, 12, 6))
    today = date(2026, 12, 6)
    assert december.in_progress(today)
    assert december.to_date(today) == Period.custom(date(2026, 12, 1), date(2026, 12, 6))
    assert december.same_span_before(today) == Period.custom(date(2026, 11, 1), date(2026, 11, 6))
    # Once December is over it is compared with the whole of November again.
    assert december.same_span_before(date(2027, 1, 2)) == Period.containing("month", date(2026, 11, 1))
    assert december.to_date(date(2027, 1, 2)) == december
    # Its last day is not "in progress": the whole month is there to compare.
    assert not december.in_progress(date(2026, 12, 31))


def test_a_day_past_the_end_of_the_month_before_is_clipped_to_that_months_last_day():
    march = Period.containing("month", date(2026, 3, 30))
    assert march.same_span_before(date(2026, 3, 30)) == Period.custom(date(2026, 2, 1), date(2026, 2, 28))


def test_a_week_quarter_and_year_in_progress_are_compared_with_the_same_days_before():
    monday_to_wednesday = Period.containing("week", date(2026, 12, 9))
    assert monday_to_wednesday.same_span_before(date(2026, 12, 9)) == Period.custom(
        date(2026, 11, 30), date(2026, 12, 2)
    )
    q4 = Period.containing("quarter", date(2026, 12, 6))
    assert q4.same_span_before(date(2026, 12, 6)) == Period.custom(date(2026, 7, 1), date(2026, 9, 6))
    year = Period.containing("year", date(2026, 12, 6))
    assert year.same_span_before(date(2026, 12, 6)) == Period.custom(date(2025, 1, 1), date(2025, 12, 6))
    leap = Period.containing("year", date(2029, 2, 28))  # 2028 had a 29 February: still up to the 28th
    assert leap.same_span_before(date(2029, 2, 28)).end == date(2028, 2, 28)
    first_half = Period.containing("half", date(2026, 3, 31))
    assert first_half.same_span_before(date(2026, 3, 31)) == Period.custom(date(2025, 7, 1), date(2025, 9, 30))


def test_a_custom_span_in_progress_is_compared_with_as_many_first_days_of_the_span_before_it():
    thirty_days = Period.custom(date(2026, 12, 1), date(2026, 12, 30))
    assert thirty_days.same_span_before(date(2026, 12, 6)) == Period.custom(date(2026, 11, 1), date(2026, 11, 6))
    assert thirty_days.same_span_before(date(2027, 1, 6)) == thirty_days.previous()


def test_a_period_not_yet_begun_or_a_single_day_is_compared_with_the_whole_one_before():
    assert Period.containing("day", date(2026, 12, 6)).same_span_before(date(2026, 12, 6)) == Period.containing(
        "day", date(2026, 12, 5)
    )
    next_month = Period.containing("month", date(2027, 1, 1))
    assert not next_month.in_progress(date(2026, 12, 6))
    assert next_month.same_span_before(date(2026, 12, 6)) == Period.containing("month", date(2026, 12, 1))
