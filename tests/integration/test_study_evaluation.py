"""四强测评: a leader scores each cadre once per period and corrects by amending; cadres assess themselves;
results show per cadre over time and per department."""

import pytest

from culture_ledger.periods import Period
from domain import clock
from domain.actor import Actor
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.study.evaluation.queries import department_dimensions, evaluations, self_assessments

THIS_QUARTER = Period.containing("quarter", clock.today()).code


def scores(cadre, period=None, **over):
    return {
        "cadre_id": cadre,
        "period": period or THIS_QUARTER,
        "ideology": 92,
        "proficiency": 88,
        "conduct": 90,
        "fairness": 86,
        "comment": "政治立场坚定，业务熟练。",
        **over,
    }


def test_a_leaders_scores_are_recorded_with_the_evaluator_and_averaged(ledger, office, leader):
    ledger.four_strong.score(scores(office.wang), leader)
    [row] = evaluations(ledger, cadre_id=office.wang.hex).to_dict("records")
    assert row["evaluator"] == "director"
    assert row["average"] == 89.0


def test_a_leader_scores_a_cadre_once_per_period_and_corrects_by_amending(ledger, office, leader, admin):
    ledger.accounts.create({"username": "deputy", "display_name": "deputy", "roles": ["leader"]}, admin)
    evaluation = ledger.four_strong.score(scores(office.wang), leader)
    with pytest.raises(LedgerError) as refused:
        ledger.four_strong.score(scores(office.wang, ideology=70), leader)
    assert refused.value.key == "study.evaluation.error.already_scored"
    ledger.four_strong.score(scores(office.wang), Actor("deputy", "leader"))  # another leader may score too
    ledger.four_strong.amend(evaluation, {"fairness": 94, "reason": "复核后调整"}, leader)
    mine = evaluations(ledger, cadre_id=office.wang.hex).set_index("evaluator")
    assert mine.loc["director", "fairness"] == 94
    assert mine.loc["director", "average"] == 91.0
    with pytest.raises(LedgerError) as refused:
        ledger.four_strong.amend(evaluation, {"fairness": 60, "reason": "改别人的分"}, Actor("deputy", "leader"))
    assert refused.value.key == "study.evaluation.error.not_the_evaluator"


@pytest.mark.parametrize(
    "bad, field, key",
    [
        ({"ideology": 101}, "ideology", "validation.less_than_equal"),
        ({"period": "2026-Q5"}, "period", "validation.string_pattern_mismatch"),
        ({"period": f"{clock.today().year + 1}"}, "period", "validation.period_future"),
        ({"comment": ""}, "comment", "validation.string_too_short"),
    ],
)
def test_bad_scores_are_refused_and_write_nothing(ledger, office, leader, bad, field, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.four_strong.score(scores(office.wang, **bad), leader)
    assert (field, key) in [(f, k) for f, k, _ in refused.value.errors]
    assert ledger.app.head() == head


def test_staff_cannot_score_but_may_assess_themselves(ledger, office, staff, leader):
    with pytest.raises(Forbidden):
        ledger.four_strong.score(scores(office.wang), staff)
    ledger.four_strong.self_assess(
        {
            "cadre_id": office.wang,
            "period": THIS_QUARTER,
            "text": "本季度坚持日学一时，完成调研报告一篇。",
            "ideology": 90,
        },
        staff,
    )
    [mine] = self_assessments(ledger, office.wang.hex)
    assert (mine["ideology"], mine["proficiency"], mine["average"]) == (90, None, 90.0)
    with pytest.raises(LedgerError) as refused:
        ledger.four_strong.self_assess({"cadre_id": office.wang, "period": THIS_QUARTER, "text": "再写"}, staff)
    assert refused.value.key == "study.evaluation.error.already_self_assessed"


def test_results_show_per_cadre_over_time_and_per_department(ledger, office, leader):
    this_year = clock.today().year
    ledger.four_strong.score(scores(office.wang, period=f"{this_year - 1}", ideology=80), leader)
    ledger.four_strong.score(scores(office.wang, period=f"{this_year}-H1"), leader)
    ledger.four_strong.score(scores(office.li, period=f"{this_year}-H1", ideology=70), leader)
    ledger.four_strong.score(scores(office.aygul, period=f"{this_year}-H1", ideology=95), leader)
    history = evaluations(ledger, cadre_id=office.wang.hex)
    assert list(history["period"]) == [f"{this_year - 1}", f"{this_year}-H1"]
    departments = department_dimensions(ledger, f"{this_year}-H1").set_index(["department", "dimension"])["score"]
    assert departments[("办公室", "ideology")] == 81.0  # (92 + 70) / 2
    assert departments[("行政机构编制科", "ideology")] == 95.0
