"""The overview on a large log: its many indicators, rankings and gaps ask the read models the
same questions (every cadre's study over a period, the team's tables per department); one
computation of the overview answers each once, and every department still gets its own figures."""

from datetime import timedelta

import pytest

from culture_ledger import memo
from culture_ledger.periods import Period, Scope
from plugins.overview import figures as ov
from tests.overview_support import TODAY, TWO_WEEKS_AGO, ledger, study_every_workday  # noqa: F401 (ledger: a fixture)

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel


def counting_study_queries(ledger, monkeypatch) -> list[tuple[str, tuple]]:
    """Every read-model query over the study entries (or the minutes kept per week), with its parameters, as the
    ledger is asked it."""
    asked: list[tuple[str, tuple]] = []
    real = ledger.query

    def query(sql, params=()):
        if "FROM study_entries" in sql or "FROM study_weeks" in sql:
            asked.append((sql, tuple(params)))
        return real(sql, params)

    monkeypatch.setattr(ledger, "query", query)
    return asked


def test_the_overview_counts_study_once_per_period_however_many_departments_and_people_it_ranks(
    ledger, office, admin, monkeypatch
):
    study_every_workday(ledger, admin.via("import"), [office.wang, office.li, office.aygul], TWO_WEEKS_AGO)
    asked = counting_study_queries(ledger, monkeypatch)

    data = ov.overview(ledger, Scope(TWO_WEEKS_AGO), today=TODAY)

    # Six weeks of trend; the current one also serves both departments, every person and the gap:
    # each question (which days anyone studied, the weeks met, the days met) is asked once.
    assert len(asked) == len(set(asked))
    assert len(asked) <= 3 * ov.TREND_PERIODS
    study = data.departments[data.departments["indicator"] == "study_compliance"]
    assert list(zip(study["department"], study["value"])) == [("办公室", 1.0), ("行政机构编制科", 0.5)]
    assert [r["name"] for g in data.gaps if g.key == "study_not_met_this_week" for r in g.rows] == ["张伟"]


def test_each_department_gets_the_same_figures_from_a_shared_computation_as_when_asked_alone(ledger, office, admin):
    study_every_workday(ledger, admin.via("import"), [office.wang, office.aygul], TWO_WEEKS_AGO)
    study_every_workday(ledger, admin.via("import"), [office.zhang], TWO_WEEKS_AGO, minutes=30)
    filters = Scope(TWO_WEEKS_AGO)

    shared = ov.department_ranking(ledger, filters)
    with memo.computation():
        again = ov.department_ranking(ledger, filters)
    alone = {
        (ind.key, d["id"]): ind.compute(ledger, Scope(TWO_WEEKS_AGO, department_id=d["id"]))
        for ind in ov.team_indicators(ledger, filters)
        for d in ov.departments(ledger)
    }

    assert again.equals(shared)
    assert {(r.indicator, r.department_id): r.value for r in shared.itertuples()} == {
        k: v for k, v in alone.items() if v is not None
    }
    assert alone[("study_compliance", office.general.hex)] == 0.5  # 王建国 yes, 李秀英 no
    assert alone[("study_compliance", office.reform.hex)] == 0.5  # 阿依古丽 yes, 张伟 only half an hour


def test_a_record_made_after_one_computation_counts_in_the_next(ledger, office, admin):
    filters = Scope(TWO_WEEKS_AGO)
    before = ov.overview(ledger, filters, today=TODAY, parts=["figures"])

    study_every_workday(
        ledger, admin.via("import"), [office.wang, office.li, office.aygul, office.zhang], TWO_WEEKS_AGO
    )
    after = ov.overview(ledger, filters, today=TODAY, parts=["figures"])

    def compliance(data):
        return next(f.value for f in data.figures if f.key == "study_compliance")

    assert (compliance(before), compliance(after)) == (None, 1.0)  # nothing recorded yet: no data, not 0%


def test_outside_a_computation_nothing_is_kept(ledger, office, admin):
    from plugins.study.daily.queries import cadre_compliance

    week = Period("custom", TWO_WEEKS_AGO.start, TWO_WEEKS_AGO.end)
    assert not cadre_compliance(ledger, week)["meets"].any()
    study_every_workday(ledger, admin.via("import"), [office.li], TWO_WEEKS_AGO)
    assert cadre_compliance(ledger, week).set_index("name").loc["李秀英", "meets"]


def test_a_trend_reads_the_days_studied_once_for_all_its_periods(ledger, office, admin, monkeypatch):
    study_every_workday(ledger, admin.via("import"), [office.wang, office.li], TWO_WEEKS_AGO)
    asked = counting_study_queries(ledger, monkeypatch)

    figure = ov.overview(ledger, Scope(TWO_WEEKS_AGO), today=TODAY, parts=["figures"]).figures
    compliance = next(f for f in figure if f.key == "study_compliance")

    # Six weeks of trend and the span compared with: the days anyone studied and each cadre's days on
    # target are read once, for the whole trend, and every week's figure is taken from them.
    assert len(asked) == 2
    alone = [
        ov.indicator(ledger, "study_compliance").compute(ledger, Scope(p)) for p in TWO_WEEKS_AGO.back(ov.TREND_PERIODS)
    ]
    assert [v for _, v in compliance.trend] == alone  # each week as when asked alone
    assert alone[-1] == 0.5  # 王建国 and 李秀英 of the four on the roll


def test_a_day_is_met_by_one_entry_or_by_smaller_ones_added_up_and_counted_once_however_many(ledger, office, admin):
    by = admin.via("import")
    study_every_workday(ledger, by, [office.wang, office.li], TWO_WEEKS_AGO, minutes=30)  # two halves: met
    study_every_workday(ledger, by, [office.wang], TWO_WEEKS_AGO, minutes=30)
    study_every_workday(ledger, by, [office.zhang, office.zhang], TWO_WEEKS_AGO)  # twice the target: met once
    study_every_workday(ledger, by, [office.zhang], TWO_WEEKS_AGO)
    from plugins.study.daily import queries

    alone = queries.compliance_share(ledger, Scope(TWO_WEEKS_AGO))
    with memo.computation(span=(TWO_WEEKS_AGO.start - timedelta(days=60), TODAY)):  # a trend's wider read
        rows = queries.weekly_compliance_rows(ledger, Period("custom", TWO_WEEKS_AGO.start, TWO_WEEKS_AGO.end))

    met = {r["name"]: r["weeks_met"] for r in rows}
    assert met == {"王建国": 1, "李秀英": 0, "阿依古丽·努尔兰": 0, "张伟": 1}
    assert alone == sum(r["weeks_met"] for r in rows) / sum(r["weeks"] for r in rows)
