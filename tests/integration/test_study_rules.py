"""Scoring rules are versioned data: a new rule decides the days after it takes effect, never the days before."""

from datetime import date, timedelta

import pytest

from culture_ledger.periods import Period
from domain import clock
from domain.actor import Actor
from domain.errors import Forbidden, InvalidCommand
from plugins.study.daily.queries import cadre_compliance
from plugins.study.rules.book import RuleBook, published_rules
from plugins.study.rules.queries import compare_rules, team_scores

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

MIGRATION = Actor("admin", "admin", "import")  # the administrator bringing the paper ledger's past rules in


def monday(weeks_ago: int) -> date:
    today = clock.today()
    return today - timedelta(days=today.weekday() + 7 * weeks_ago)


def study_every_workday(ledger, cadre, start, minutes, staff):
    for i in range(5):
        ledger.study.record_study(
            {
                "cadre_id": cadre,
                "occurred_on": start + timedelta(days=i),
                "minutes": minutes,
                "material": "《机构编制工作条例》",
            },
            staff,
        )


def week(ledger, start):
    return cadre_compliance(ledger, Period.containing("week", start)).set_index("name")


def test_a_rule_change_alters_a_later_periods_results_but_not_an_earlier_ones(ledger, office, staff):
    two_weeks_ago, last_week = monday(2), monday(1)
    study_every_workday(ledger, office.wang, two_weeks_ago, 70, staff)
    study_every_workday(ledger, office.wang, last_week, 70, staff)
    assert week(ledger, two_weeks_ago).loc["王建国", "meets"] and week(ledger, last_week).loc["王建国", "meets"]
    earlier_scores = team_scores(ledger, two_weeks_ago, two_weeks_ago + timedelta(days=6)).set_index("name")

    # From last Monday, ninety minutes a day and more credit per hour.
    ledger.study_rules.publish(
        {
            "name": "自身建设年从严要求",
            "effective_from": last_week,
            "daily_target_minutes": 90,
            "credit_study_hour": 2.0,
        },
        MIGRATION,
    )

    assert week(ledger, two_weeks_ago).loc["王建国", "meets"]  # history stands
    assert not week(ledger, last_week).loc["王建国", "meets"]  # the later week is judged by the new rule
    assert week(ledger, last_week).loc["王建国", "target"] == 5 * 90
    after = team_scores(ledger, two_weeks_ago, two_weeks_ago + timedelta(days=6)).set_index("name")
    assert after.loc["王建国", "score"] == earlier_scores.loc["王建国", "score"] > 0
    assert team_scores(ledger, last_week, last_week + timedelta(days=6)).set_index("name").loc["王建国", "study"] == 0


def test_one_period_can_be_compared_under_two_rule_versions(ledger, office, staff, leader):
    last_week = monday(1)
    study_every_workday(ledger, office.wang, last_week, 70, staff)
    ledger.study_rules.publish({"name": "2025年版", "effective_from": monday(10)}, MIGRATION)
    ledger.study_rules.publish(
        {"name": "2026年版", "effective_from": clock.today() + timedelta(days=7), "daily_target_minutes": 90}, leader
    )
    old, new = published_rules(ledger)
    assert (old.version, new.version) == (1, 2)
    side = compare_rules(ledger, last_week, last_week + timedelta(days=6), old, new).set_index("name")
    assert side.loc["王建国", "days_met_a"] == 5
    assert side.loc["王建国", "days_met_b"] == 0
    assert side.loc["王建国", "score_a"] > side.loc["王建国", "score_b"]
    # The rule in force is still last week's: the new one starts next week.
    assert RuleBook.load(ledger).target_for(last_week) == 60


def test_until_a_rule_is_published_the_daily_target_is_sixty_minutes(ledger):
    assert published_rules(ledger) == []
    assert RuleBook.load(ledger).target_for(clock.today()) == 60


def test_a_rule_cannot_take_effect_in_the_past_from_a_form(ledger, leader):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.study_rules.publish({"name": "倒签规则", "effective_from": clock.today() - timedelta(days=1)}, leader)
    assert refused.value.errors[0][:2] == ("effective_from", "validation.rule_backdated")
    assert ledger.app.head() == head


def test_weights_must_add_up_to_one_and_staff_cannot_publish_rules(ledger, leader, staff):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.study_rules.publish({"name": "v", "effective_from": clock.today(), "weight_study": 0.9}, leader)
    assert refused.value.errors[0][1] == "validation.weights_sum"
    with pytest.raises(Forbidden):
        ledger.study_rules.publish({"name": "v", "effective_from": clock.today()}, staff)
    assert ledger.app.head() == head


def test_a_rule_published_from_the_form_today_judges_today_and_leaves_last_week_alone(ledger, office, staff_of, leader):
    today, last_week = clock.today(), monday(1)
    staff = staff_of(office.li)  # 李秀英 records her own study
    study_every_workday(ledger, office.li, last_week, 60, staff)
    ledger.study.record_study({"cadre_id": office.li, "occurred_on": today, "minutes": 60, "material": "党章"}, staff)
    assert cadre_compliance(ledger, Period.containing("day", today)).set_index("name").loc["李秀英", "meets"]

    ledger.study_rules.publish({"name": "每日学习75分钟", "effective_from": today, "daily_target_minutes": 75}, leader)

    assert not cadre_compliance(ledger, Period.containing("day", today)).set_index("name").loc["李秀英", "meets"]
    assert week(ledger, last_week).loc["李秀英", "meets"]


def test_a_cadre_sees_their_own_points_under_the_rules_in_force_on_their_to_do_list(ledger, office, staff_of):
    from plugins.study.rules.queries import own_points

    wang = staff_of(office.wang)
    last_week = monday(1)
    study_every_workday(ledger, office.wang, last_week, 70, wang)
    today = clock.today()
    # Under the built-in rules: an hour of study a credit, weighted 0.4; nobody else has studied.
    before = own_points(ledger, office.wang.hex, today, full=True)
    assert before["rule"].id is None and (before["rank"], before["of"]) == (1, 4)
    assert own_points(ledger, office.wang.hex, today)["year"] == before["year"]  # their own records alone, the same
    assert before["year"]["study"] == pytest.approx(5 * 70 / 60, abs=0.01)
    (task,) = ledger.registry.tasks(ledger, wang, today)["study.points"]
    assert (task.title, task.state, task.page, task.record) == (
        "study.rules.points.todo.default",
        "done",
        "study-profile",
        office.wang.hex,
    )
    assert not task.is_open()  # it asks nothing: it never counts as a task waiting

    # A rule published from last Monday doubles the credit of an hour: the cadre's points follow, and say which rule.
    ledger.study_rules.publish(
        {"name": "自身建设年从严要求", "effective_from": last_week, "credit_study_hour": 2.0}, MIGRATION
    )
    after = own_points(ledger, office.wang.hex, today)
    assert after["year"]["study"] == pytest.approx(2 * before["year"]["study"], abs=0.02)
    (task,) = ledger.registry.tasks(ledger, wang, today)["study.points"]
    assert task.title == "study.rules.points.todo" and task.params["rule"] == "自身建设年从严要求"
    assert task.params["year"] == f"{after['year']['score']:g}"
    # An account that names no cadre has no points to show.
    assert "study.points" not in ledger.registry.tasks(ledger, Actor("nobody", "leader", "form"), today)
