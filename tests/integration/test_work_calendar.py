"""Which days the 日学一时 rule requires: China's public holidays and make-up working days (调休)
from the national calendar, and what an administrator marks over it."""

from datetime import UTC, date, datetime

import pytest

from culture_ledger.periods import Period, Scope
from domain import clock
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.calendar.queries import is_working_day, marked_days, working_days
from plugins.study.daily.queries import cadre_compliance, not_meeting_daily_rule

NATIONAL_DAY_WEEK = Period("custom", date(2026, 10, 5), date(2026, 10, 11))
"""Mon 5 to Wed 7 are 国庆节 holidays; Thu 8, Fri 9 and the 调休 Saturday 10 are working days."""
AFTER = date(2026, 10, 31)


def study(ledger, who, cadre, *days, minutes=60):
    for day in days:
        ledger.study.record_study(
            {"cadre_id": cadre, "occurred_on": day, "minutes": minutes, "material": "党章", "mode": "self"}, who
        )


def wang_in(ledger, period=NATIONAL_DAY_WEEK):
    return cadre_compliance(ledger, period, today=AFTER).set_index("name").loc["王建国"]


def test_national_day_weekdays_are_not_required_study_days(ledger, office):
    assert not any(is_working_day(ledger, date(2026, 10, d)) for d in range(1, 8))
    first_week = cadre_compliance(ledger, Period("custom", date(2026, 10, 1), date(2026, 10, 7)), today=AFTER)
    assert (first_week["rule_days"] == 0).all()  # a holiday week requires nothing
    assert wang_in(ledger)["rule_days"] == 3


def test_a_make_up_saturday_is_a_required_study_day(ledger, office, staff):
    assert working_days(ledger, date(2026, 10, 5), date(2026, 10, 11)) == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
    ]
    study(ledger, staff, office.wang, date(2026, 10, 8), date(2026, 10, 9))
    assert not wang_in(ledger)["meets"]  # Saturday the 10th was a working day
    assert "王建国" in {r["name"] for r in not_meeting_daily_rule(ledger, Scope(NATIONAL_DAY_WEEK))}
    study(ledger, staff, office.wang, date(2026, 10, 10))
    assert wang_in(ledger)["meets"] and wang_in(ledger)["days_met"] == 3


def test_a_holiday_an_administrator_marks_removes_the_day_from_the_rule(ledger, office, staff, admin):
    study(ledger, staff, office.wang, date(2026, 10, 8), date(2026, 10, 10))
    assert not wang_in(ledger)["meets"]
    ledger.calendar.mark_day({"day": date(2026, 10, 9), "kind": "holiday", "name": "本地节日"}, admin)
    assert not is_working_day(ledger, date(2026, 10, 9))
    assert wang_in(ledger)["rule_days"] == 2 and wang_in(ledger)["meets"]


def test_a_working_day_an_administrator_marks_is_required_and_setting_it_back_follows_the_nation(ledger, office, admin):
    sunday = date(2026, 10, 11)
    ledger.calendar.mark_day({"day": sunday, "kind": "workday", "name": "补班"}, admin)
    assert is_working_day(ledger, sunday) and wang_in(ledger)["rule_days"] == 4
    ledger.calendar.mark_day({"day": sunday, "kind": "national"}, admin)
    assert not is_working_day(ledger, sunday) and wang_in(ledger)["rule_days"] == 3
    (row,) = marked_days(ledger, 2026)  # one record per day, changed, its marks kept in the log
    assert (row["day"], row["kind"], row["version"], row["marked_by"]) == ("2026-10-11", "national", 2, admin.account)


def test_a_year_the_package_does_not_know_works_monday_to_friday_until_an_administrator_marks_it(ledger, admin):
    new_year = date(2027, 1, 1)  # a Friday
    assert is_working_day(ledger, new_year)
    ledger.calendar.mark_day({"day": new_year, "kind": "holiday", "name": "元旦"}, admin)
    assert not is_working_day(ledger, new_year)
    assert working_days(ledger, date(2026, 12, 31), date(2027, 1, 3)) == [date(2026, 12, 31)]


def test_marking_a_day_the_same_way_twice_is_refused_and_writes_nothing(ledger, admin):
    ledger.calendar.mark_day({"day": date(2027, 2, 6), "kind": "workday"}, admin)
    head = ledger.app.head()
    with pytest.raises(LedgerError) as refused:
        ledger.calendar.mark_day({"day": date(2027, 2, 6), "kind": "workday"}, admin)
    assert refused.value.key == "error.nothing_changed"
    assert ledger.app.head() == head


@pytest.mark.parametrize("who", ["staff", "leader", "auditor"])
def test_only_an_administrator_may_mark_a_day(ledger, who, request):
    head = ledger.app.head()
    with pytest.raises(Forbidden):
        ledger.calendar.mark_day({"day": date(2027, 1, 1), "kind": "holiday"}, request.getfixturevalue(who))
    assert ledger.app.head() == head and not marked_days(ledger)


def test_a_day_of_an_unknown_kind_is_refused(ledger, admin):
    with pytest.raises(InvalidCommand):
        ledger.calendar.mark_day({"day": date(2027, 1, 1), "kind": "sometimes"}, admin)


def test_study_recorded_for_today_at_half_past_midnight_beijing_time_is_dated_that_day(
    ledger, office, staff, monkeypatch
):
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    with clock.simulated(datetime(2026, 10, 22, 16, 30, tzinfo=UTC)):  # 00:30 on the 23rd in Beijing
        assert clock.today() == date(2026, 10, 23)
        entry = ledger.study.record_study(
            {"cadre_id": office.wang, "occurred_on": clock.today(), "minutes": 30, "material": "党章"}, staff
        )
        with pytest.raises(InvalidCommand):  # the 24th is still tomorrow
            ledger.study.record_study(
                {"cadre_id": office.wang, "occurred_on": date(2026, 10, 24), "minutes": 30, "material": "党章"}, staff
            )
    (row,) = ledger.query("SELECT occurred_on FROM study_entries WHERE id = ?", (entry.hex,))
    assert row["occurred_on"] == "2026-10-23"


def test_team_scores_credit_study_on_working_days_only_and_up_to_the_daily_maximum(ledger, office, staff):
    from plugins.study.rules.queries import team_scores

    study(ledger, staff, office.wang, date(2026, 10, 5), minutes=120)  # 国庆节: no credit
    study(ledger, staff, office.wang, date(2026, 10, 10), minutes=600)  # the 调休 Saturday: 480 minutes count
    scores = team_scores(ledger, date(2026, 10, 5), date(2026, 10, 11), today=AFTER).set_index("name")
    assert scores.loc["王建国", "study"] == 8.0
