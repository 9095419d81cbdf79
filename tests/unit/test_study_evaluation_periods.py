"""四强测评: the evaluation periods (years, halves, quarters), without a store."""

from datetime import date

from culture_ledger.periods import Period
from plugins.study.evaluation.commands import recent_periods


def test_periods_are_years_halves_and_quarters():
    assert Period.parse("2026") == Period("year", date(2026, 1, 1), date(2026, 12, 31))
    assert Period.parse("2026-H2") == Period("half", date(2026, 7, 1), date(2026, 12, 31))
    assert Period.parse("2026-Q1") == Period("quarter", date(2026, 1, 1), date(2026, 3, 31))
    assert Period.parse("2026-Q4") == Period("quarter", date(2026, 10, 1), date(2026, 12, 31))
    assert Period.containing("quarter", date(2026, 8, 15)).code == "2026-Q3"


def test_only_periods_that_have_started_are_offered_for_scoring():
    offered = recent_periods(date(2026, 5, 10))
    assert "2026-Q2" in offered and "2026-H1" in offered and "2025" in offered
    assert "2026-Q3" not in offered and "2026-H2" not in offered
