"""The rule in force on a day, and the evaluation periods, without a store."""

from datetime import date

from plugins.study.rules import DEFAULT_RULE, Rule
from plugins.study.scoring import RuleBook, period_bounds, quarter_of, recent_periods


def test_before_any_rule_takes_effect_the_default_sixty_minutes_apply():
    book = RuleBook([Rule(name="v1", effective_from="2026-03-01", daily_target_minutes=90, version=1)])
    assert book.in_force(date(2026, 2, 28)) is DEFAULT_RULE
    assert book.target_for(date(2026, 2, 28)) == 60
    assert book.target_for(date(2026, 3, 1)) == 90


def test_the_latest_effective_date_wins_and_a_later_publication_breaks_a_tie():
    book = RuleBook([
        Rule(name="v1", effective_from="2026-01-01", daily_target_minutes=60, version=1),
        Rule(name="v3", effective_from="2026-06-01", daily_target_minutes=80, version=3),
        Rule(name="v2", effective_from="2026-06-01", daily_target_minutes=75, version=2),
    ])
    assert book.in_force("2026-05-31").name == "v1"
    assert book.in_force("2026-06-01").name == "v3"


def test_a_fixed_book_applies_one_version_to_every_day():
    book = RuleBook.fixed(Rule(name="v2", effective_from="2030-01-01", daily_target_minutes=45, version=2))
    assert book.target_for(date(2001, 1, 1)) == 45


def test_periods_are_years_halves_and_quarters():
    assert period_bounds("2026") == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_bounds("2026-H2") == (date(2026, 7, 1), date(2026, 12, 31))
    assert period_bounds("2026-Q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_bounds("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_of(date(2026, 8, 15)) == "2026-Q3"


def test_only_periods_that_have_started_are_offered_for_scoring():
    offered = recent_periods(date(2026, 5, 10))
    assert "2026-Q2" in offered and "2026-H1" in offered and "2025" in offered
    assert "2026-Q3" not in offered and "2026-H2" not in offered
