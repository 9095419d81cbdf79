"""积分规则: the rule in force on a day, without a store."""

from datetime import date

from plugins.study.rules.book import DEFAULT_RULE, Rule, RuleBook


def test_before_any_rule_takes_effect_the_default_sixty_minutes_apply():
    book = RuleBook([Rule(name="v1", effective_from="2026-03-01", daily_target_minutes=90, version=1)])
    assert book.in_force(date(2026, 2, 28)) is DEFAULT_RULE
    assert book.target_for(date(2026, 2, 28)) == 60
    assert book.target_for(date(2026, 3, 1)) == 90


def test_the_latest_effective_date_wins_and_a_later_publication_breaks_a_tie():
    book = RuleBook(
        [
            Rule(name="v1", effective_from="2026-01-01", daily_target_minutes=60, version=1),
            Rule(name="v3", effective_from="2026-06-01", daily_target_minutes=80, version=3),
            Rule(name="v2", effective_from="2026-06-01", daily_target_minutes=75, version=2),
        ]
    )
    assert book.in_force("2026-05-31").name == "v1"
    assert book.in_force("2026-06-01").name == "v3"


def test_a_fixed_book_applies_one_version_to_every_day():
    book = RuleBook.fixed(Rule(name="v2", effective_from="2030-01-01", daily_target_minutes=45, version=2))
    assert book.target_for(date(2001, 1, 1)) == 45
