"""The leaders' overview: every contributed indicator for a period, its filters, coverage,
rankings, gaps, and the records and events behind a figure."""

import pytest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period, Scope
from plugins.overview import figures as ov
from tests.overview_support import TODAY, TWO_WEEKS_AGO, activity, fake_registry, ledger, study_every_workday  # noqa: F401 (ledger: a fixture)

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

THIS_QUARTER = Period.containing("quarter", TODAY)


def figure(ledger, scope, key):
    return next(f for f in ov.figures(ledger, scope) if f.key == key)


# --- indicators ----------------------------------------------------------------------


def test_study_compliance_is_the_share_of_cadres_who_met_the_rule_with_the_week_before_and_the_trend(
    ledger, office, admin
):
    study_every_workday(ledger, admin.via("import"), [office.wang], TWO_WEEKS_AGO.previous())
    study_every_workday(ledger, admin.via("import"), [office.wang, office.li], TWO_WEEKS_AGO)

    fig = figure(ledger, Scope(TWO_WEEKS_AGO), "study_compliance")

    assert fig.value == 0.5  # two of four cadres studied an hour every working day
    assert fig.previous == 0.25  # the week before, one of four
    assert fig.change == 0.25
    assert fig.compared == TWO_WEEKS_AGO.previous()  # a week that is over: the whole week before
    assert [label for label, _ in fig.trend][-1] == TWO_WEEKS_AGO.label
    # Before anyone recorded study there is no data: not a rate of 0.
    assert [v for _, v in fig.trend] == [None] * 4 + [0.25, 0.5]


def test_the_department_filter_changes_the_figure_to_that_departments_cadres(ledger, office, admin):
    study_every_workday(ledger, admin.via("import"), [office.wang, office.li], TWO_WEEKS_AGO)

    general = figure(ledger, Scope(TWO_WEEKS_AGO, department_id=office.general.hex), "study_compliance")
    reform = figure(ledger, Scope(TWO_WEEKS_AGO, department_id=office.reform.hex), "study_compliance")

    assert (general.value, reform.value) == (1.0, 0.0)


def test_a_new_plugins_indicator_appears_on_the_overview_and_counts_only_confirmed_activities(
    ledger, office, staff, leader, staff_of
):
    zhang = staff_of(office.zhang)  # records for his own department, 行政机构编制科
    activity(ledger, staff, carrier="innovation", department=office.general, occurred_on=TODAY, confirm_by=leader)
    activity(ledger, zhang, carrier="innovation", department=office.reform, occurred_on=TODAY)  # awaits review
    withdrawn = activity(
        ledger, zhang, carrier="innovation", department=office.reform, occurred_on=TODAY, confirm_by=leader
    )
    from uuid import UUID

    ledger.activities.withdraw(UUID(withdrawn), "重复登记", zhang)

    fig = figure(ledger, Scope(Period.containing("day", TODAY)), "fake_innovation_activities")

    assert fig.value == 1
    assert fig.previous == 0


def test_the_carrier_filter_keeps_that_carriers_figures_and_the_teams(ledger, office):
    keys = lambda carrier: {f.key for f in ov.figures(ledger, Scope(TWO_WEEKS_AGO, carrier=carrier))}  # noqa: E731
    assert keys(None) >= {"study_compliance", "fake_innovation_activities"}
    assert keys("innovation") >= {"study_compliance", "fake_innovation_activities"}
    assert "fake_innovation_activities" not in keys("political")
    assert "study_compliance" in keys("political")


def test_the_idea_filter_counts_only_activities_serving_that_idea(ledger, office, staff, leader):
    activity(
        ledger,
        staff,
        carrier="innovation",
        department=office.general,
        occurred_on=TODAY,
        ideas=["serve_livelihood", "support_talent"],
        confirm_by=leader,
    )
    activity(
        ledger,
        staff,
        carrier="innovation",
        department=office.general,
        occurred_on=TODAY,
        ideas=["promote_development"],
        confirm_by=leader,
    )
    today = Period.containing("day", TODAY)

    assert figure(ledger, Scope(today), "fake_innovation_activities").value == 2
    assert figure(ledger, Scope(today, idea="support_talent"), "fake_innovation_activities").value == 1
    cells = ov.coverage_by_department(ledger, Scope(today, idea="promote_development"))
    assert cells.set_index(["department", "carrier"]).loc[("办公室", "innovation"), "activities"] == 1


# --- coverage ------------------------------------------------------------------------


def test_the_coverage_matrix_shows_every_department_under_every_carrier_with_zeros_for_work_not_done(
    ledger, office, staff, leader, staff_of
):
    activity(ledger, staff, carrier="political", department=office.general, occurred_on=TODAY, confirm_by=leader)
    activity(ledger, staff, carrier="political", department=office.general, occurred_on=TODAY, confirm_by=leader)
    activity(
        ledger, staff_of(office.zhang), carrier="integrity", department=office.reform, occurred_on=TODAY
    )  # not confirmed yet

    cells = ov.coverage_by_department(ledger, Scope(THIS_QUARTER)).set_index(["department", "carrier"])["activities"]

    assert len(cells) == 2 * 5
    assert cells[("办公室", "political")] == 2
    assert cells[("行政机构编制科", "integrity")] == 0
    assert (cells == 0).sum() == 9


def test_ideas_by_carrier_counts_an_activity_under_each_idea_it_serves(ledger, office, staff_of, leader):
    activity(
        ledger,
        staff_of(office.zhang),
        carrier="overall",
        department=office.reform,
        occurred_on=TODAY,
        ideas=["promote_development", "serve_livelihood"],
        confirm_by=leader,
    )

    cells = ov.coverage_by_idea(ledger, Scope(THIS_QUARTER)).set_index(["idea", "carrier"])["activities"]

    assert len(cells) == 3 * 5
    assert cells[("promote_development", "overall")] == 1
    assert cells[("serve_livelihood", "overall")] == 1
    assert cells[("support_talent", "overall")] == 0
    assert cells.sum() == 2


def test_a_heatmap_cell_opens_the_activities_behind_it(ledger, office, staff_of, leader):
    held = activity(
        ledger,
        staff_of(office.zhang),
        carrier="standards",
        department=office.reform,
        occurred_on=TODAY,
        title="内部规范管理检查",
        confirm_by=leader,
    )
    rows = ov.activities_behind(ledger, Scope(THIS_QUARTER), carrier="standards", department_id=office.reform.hex)
    assert [(r["id"], r["title"]) for r in rows] == [(held, "内部规范管理检查")]
    assert (
        ov.activities_behind(ledger, Scope(THIS_QUARTER), carrier="standards", department_id=office.general.hex) == []
    )


# --- gaps and rankings --------------------------------------------------------------------


def test_the_department_that_did_nothing_under_innovation_this_quarter_is_listed(ledger, office, staff, leader):
    activity(ledger, staff, carrier="innovation", department=office.general, occurred_on=TODAY, confirm_by=leader)

    gaps = {g.key: g for g in ov.gaps(ledger, Scope(Period.containing("month", TODAY), carrier="innovation"))}

    empty = gaps["carrier_without_activity"]
    assert empty.period == THIS_QUARTER
    assert [(r["department"], r["carrier"]) for r in empty.rows] == [("行政机构编制科", "innovation")]


def test_who_has_not_met_the_daily_rule_this_week_is_listed(ledger, office, admin):
    study_every_workday(ledger, admin.via("import"), [office.wang, office.li, office.aygul], TWO_WEEKS_AGO)

    gaps = {g.key: g for g in ov.gaps(ledger, Scope(TWO_WEEKS_AGO), today=TODAY)}

    not_met = gaps["study_not_met_this_week"]
    assert not_met.period == TWO_WEEKS_AGO
    assert [r["name"] for r in not_met.rows] == ["张伟"]
    assert not_met.rows[0]["id"] == office.zhang.hex


def test_departments_and_people_are_ranked_by_study_compliance(ledger, office, admin):
    study_every_workday(ledger, admin.via("import"), [office.wang, office.li, office.aygul], TWO_WEEKS_AGO)
    filters = Scope(TWO_WEEKS_AGO)

    departments = ov.department_ranking(ledger, filters)
    study = departments[departments["indicator"] == "study_compliance"]
    assert list(zip(study["rank"], study["department"], study["value"])) == [
        (1, "办公室", 1.0),
        (2, "行政机构编制科", 0.5),
    ]

    people = ov.people_ranking(ledger, filters)
    study = people[people["indicator"] == "study_compliance"]  # each cadre's share of working days on target
    assert {(n, v) for r, n, v in zip(study["rank"], study["name"], study["value"]) if r == 1} == {
        ("王建国", 1.0),
        ("李秀英", 1.0),
        ("阿依古丽·努尔兰", 1.0),
    }
    assert list(zip(study["rank"], study["name"], study["value"]))[-1] == (4, "张伟", 0.0)


# --- provenance --------------------------------------------------------------------------


def test_from_a_figure_to_its_records_and_from_a_record_to_its_events(ledger, office, staff, leader):
    held = activity(
        ledger,
        staff,
        carrier="innovation",
        department=office.general,
        occurred_on=TODAY,
        title="审批流程优化建议",
        confirm_by=leader,
    )
    filters = Scope(Period.containing("week", TODAY))

    records = ov.records_behind(ledger, "fake_innovation_activities", filters)
    assert [r["id"] for r in records] == [held]

    events = ov.events_behind(ledger, records[0]["id"])
    assert [e["type"] for e in events] == ["务实创新·活动已登记", "务实创新·活动已提交审核", "务实创新·活动已确认"]
    # accounts the test never opened keep their usernames; role and channel read in words
    assert [e["actor"] for e in events] == [
        "clerk（工作人员 · 网页）",
        "clerk（工作人员 · 网页）",
        "director（领导 · 网页）",
    ]
    assert all(isinstance(e["position"], int) for e in events)
    assert events[0]["position"] < events[1]["position"] < events[2]["position"] <= ledger.app.head()
    assert "审批流程优化建议" in events[0]["payload"]


# --- gaps are a contribution --------------------------------------------------------------


def test_a_plugin_contributes_a_gap_and_the_overview_lists_it_over_its_own_period(store_url, office):
    from culture_ledger.registry import Gap, Plugin, Registry

    def overdue_milestones(ledger, scope):
        return [{"milestone": "乡镇站所改革方案报批", "due": scope.start.isoformat()}]

    overall = Plugin(
        id="fake_overall_gaps",
        title="plugin.core",
        gaps=(Gap("overdue_milestones", "plugin.overall", overdue_milestones, period="month"),),
    )
    led = Ledger(Registry.of([*fake_registry().plugins, overall]), url=store_url)
    try:
        listed = {g.key: g for g in ov.gaps(led, Scope(Period.containing("day", TODAY)))}
    finally:
        led.close()
    assert listed["overdue_milestones"].period == Period.containing("month", TODAY)
    assert listed["overdue_milestones"].rows == [
        {"milestone": "乡镇站所改革方案报批", "due": Period.containing("month", TODAY).start.isoformat()}
    ]


def test_two_plugins_cannot_contribute_the_same_gap():
    from culture_ledger.registry import Gap, Plugin, Registry, RegistryError

    twice = [
        Plugin(id=f"p{n}", title="plugin.core", gaps=(Gap("missing_papers", "x", lambda led, s: []),)) for n in (1, 2)
    ]
    with pytest.raises(RegistryError, match="duplicate gap key 'missing_papers'"):
        Registry.of(twice)


def test_clicking_a_coverage_cell_names_its_carrier_and_department():
    from plugins.overview import charts

    cells = ov.pd.DataFrame(
        [{"carrier": "innovation", "department_id": "ab12", "department": "综合科", "activities": 0}]
    )
    spec = charts.heatmap(cells, "carrier", "department", lambda key, **_: key, select="cell").to_dict()
    params = [
        p
        for p in spec.get("params", []) + [p for layer in spec.get("layer", []) for p in layer.get("params", [])]
        if p.get("name") == "cell"
    ]
    assert params[0]["select"]["fields"] == ["carrier", "department", "department_id"]


def test_the_periods_before_may_come_from_a_cache_but_the_chosen_one_is_always_counted_afresh(ledger, office, admin):
    study_every_workday(ledger, admin.via("import"), [office.wang, office.li], TWO_WEEKS_AGO)
    asked = []

    def cached(indicator, scope):
        asked.append(scope.start)
        return 0.25

    fig = next(f for f in ov.figures(ledger, Scope(TWO_WEEKS_AGO), earlier=cached) if f.key == "study_compliance")

    assert fig.value == 0.5 and fig.previous == 0.25
    assert [v for _, v in fig.trend] == [0.25] * 5 + [0.5]
    assert TWO_WEEKS_AGO.start not in asked
