"""The staffing ledger: decisions under the total quota, merges, hires, and what the dashboards show.

The decisions here are in force already, recorded from their documents by an administrator (as a
paper ledger is brought in); `test_staffing_approvals.py` tells how a decision is proposed and approved."""

from datetime import date, timedelta

import pytest

from domain import clock
from domain.errors import Forbidden, InvalidCommand
from plugins.staffing.domain import StaffingRefused
from plugins.staffing.projections import (
    decisions,
    flagged_hires,
    institutions,
    key_share_over_time,
    mixed_staffing,
    over_quota,
    people,
    quota_by_field_over_time,
    standing,
    summary,
    talent_progress,
    vacancies,
)

TODAY = clock.today()
EARLIER = TODAY - timedelta(days=30)


def decision(doc_no="阿地编〔2024〕1号", on=EARLIER, reason="按“三定”方案核定", ideas=("promote_development",)):
    return {"doc_no": doc_no, "decided_on": on, "reason": reason, "ideas": list(ideas)}


def establish(ledger, by, name, field="other", kind="public_institution", on=EARLIER, **quota):
    return ledger.staffing.establish(
        {"name": name, "kind": kind, "field": field, **{f"{t}_quota": n for t, n in quota.items()}, **decision(on=on)},
        by,
    )


def hire(ledger, by, institution, names, quota_type="career", on=EARLIER, **extra):
    return ledger.staffing.hire(
        {"institution_id": institution, "quota_type": quota_type, "names": names, "hired_on": on, **extra}, by
    )


def by_name(ledger):
    return {r["name"]: r for r in institutions(ledger, active_only=False)}


@pytest.fixture
def jurisdiction(ledger, admin):
    ledger.staffing.register_jurisdiction(
        {"name": "阿勒泰地区", "total_quota": 100, "doc_no": "阿地编〔2019〕1号", "decided_on": date(2019, 3, 1)}, admin
    )
    return ledger


def test_a_new_institution_gets_quota_moved_to_it_hires_up_to_it_and_the_next_hire_is_refused(jurisdiction, admin):
    ledger = jurisdiction
    archives = establish(ledger, admin, "地区档案馆", career=10, on=date(2019, 4, 8))
    hire(ledger, admin, archives, [f"档案员{i}" for i in range(6)], on=date(2019, 5, 1))

    # 发展急需的设: a research institute with two career posts ...
    institute = establish(ledger, admin, "地区教育科学研究所", field="education", career=2)
    # ... and 盘活存量: three vacant posts move to it from the archives in one decision.
    ledger.staffing.reallocate(
        {
            "from_id": archives,
            "to_id": institute,
            "quota_type": "career",
            "amount": 3,
            **decision(doc_no="阿地编〔2024〕41号", ideas=("serve_livelihood", "support_talent")),
        },
        admin,
    )
    hire(ledger, admin, institute, ["阿依古丽·努尔兰", "王建国", "叶尔兰·别克"])
    hire(ledger, admin, institute, ["李秀英", "热依拉·艾则孜"])

    head = ledger.app.head()
    with pytest.raises(StaffingRefused) as refused:
        hire(ledger, admin, institute, ["张伟"])
    assert refused.value.key == "staffing.error.over_quota_hire"
    assert ledger.catalog.t("zh", refused.value.key, **refused.value.params).startswith("超编进人：地区教育科学研究所")
    assert ledger.app.head() == head  # nothing written

    # All of it is on the dashboards.
    rows = by_name(ledger)
    assert (
        rows["地区教育科学研究所"]["quota"],
        rows["地区教育科学研究所"]["actual"],
        rows["地区教育科学研究所"]["vacant"],
    ) == (5, 5, 0)
    assert (rows["地区档案馆"]["quota"], rows["地区档案馆"]["actual"], rows["地区档案馆"]["vacant"]) == (7, 6, 1)
    assert [d["kind"] for d in decisions(ledger)][:2] == ["reallocated", "established"]
    assert "张伟" not in [p["name"] for p in people(ledger)]
    figures = summary(ledger)
    assert (figures["total"], figures["allocated"], figures["actual"], figures["vacant"]) == (100, 12, 11, 1)
    field_now = quota_by_field_over_time(ledger).query("day == day.max()").set_index("field")["quota"]
    assert field_now["education"] == 5 and field_now["other"] == 7
    assert key_share_over_time(ledger)["share"].iloc[-1] == pytest.approx(5 / 12)
    assert vacancies(ledger) == [
        {
            "id": archives.hex,
            "name": "地区档案馆",
            "field": "other",
            "quota_type": "career",
            "quota": 7,
            "actual": 6,
            "vacant": 1,
        }
    ]


def test_the_total_quota_refuses_a_decision_that_would_exceed_it_with_a_clear_message(jurisdiction, admin):
    ledger = jurisdiction
    establish(ledger, admin, "地区教育局", field="education", kind="administrative", administrative=90, work_service=5)
    head = ledger.app.head()
    with pytest.raises(StaffingRefused) as refused:
        establish(ledger, admin, "地区生态环境局", field="ecology", kind="administrative", administrative=10)
    assert (
        ledger.catalog.t("zh", refused.value.key, **refused.value.params)
        == "编制总量将超出：总量 100，已核定 95，本次申请 10。"
    )
    institution = by_name(ledger)["地区教育局"]["id"]
    with pytest.raises(StaffingRefused):
        ledger.staffing.adjust_quota(
            {"institution_id": institution, "quota_type": "administrative", "delta": 6, **decision()}, admin
        )
    assert ledger.app.head() == head
    ledger.staffing.adjust_quota(
        {"institution_id": institution, "quota_type": "administrative", "delta": 5, **decision()}, admin
    )  # exactly up to the total is allowed
    assert summary(ledger)["headroom"] == 0


def test_the_total_cannot_be_cut_below_what_is_allocated_and_only_an_admin_changes_it(jurisdiction, staff, admin):
    ledger = jurisdiction
    establish(ledger, admin, "地区民政局", field="civil_affairs", kind="administrative", administrative=60)
    with pytest.raises(StaffingRefused) as refused:
        ledger.staffing.adjust_total_quota({"total_quota": 59, **decision()}, admin)
    assert refused.value.key == "staffing.error.total_below_allocated"
    with pytest.raises(Forbidden):
        ledger.staffing.adjust_total_quota({"total_quota": 80, **decision()}, staff)
    ledger.staffing.adjust_total_quota({"total_quota": 60, **decision(reason="严管严控总量")}, admin)
    assert summary(ledger)["total"] == 60
    assert summary(ledger, as_of=EARLIER - timedelta(days=1))["total"] == 100  # as it stood before the cut


def test_merging_moves_quota_and_staff_to_the_result_exactly(jurisdiction, admin):
    ledger = jurisdiction
    agriculture = establish(
        ledger,
        admin,
        "地区农业农村局",
        field="modern_agriculture",
        kind="administrative",
        on=date(2019, 3, 20),
        administrative=10,
    )
    livestock = establish(
        ledger,
        admin,
        "地区畜牧兽医局",
        field="modern_agriculture",
        kind="administrative",
        on=date(2019, 3, 20),
        administrative=5,
        work_service=1,
    )
    hire(ledger, admin, agriculture, [f"农业{i}" for i in range(7)], quota_type="administrative", on=date(2019, 5, 1))
    hire(ledger, admin, livestock, [f"畜牧{i}" for i in range(4)], quota_type="administrative", on=date(2019, 5, 1))
    hire(
        ledger, admin, livestock, ["司机甲"], quota_type="work_service", post_type="administrative", on=date(2019, 5, 1)
    )
    before = summary(ledger)

    result = ledger.staffing.merge(
        {"merged_ids": [livestock], "into_id": agriculture, **decision(on=date(2019, 12, 16), reason="任务弱化的合")},
        admin,
    )

    rows = by_name(ledger)
    assert result == agriculture
    assert (rows["地区农业农村局"]["quota_administrative"], rows["地区农业农村局"]["quota_work_service"]) == (15, 1)
    assert (rows["地区农业农村局"]["actual_administrative"], rows["地区农业农村局"]["actual_work_service"]) == (11, 1)
    assert rows["地区畜牧兽医局"]["status"] == "merged" and rows["地区畜牧兽医局"]["actual"] == 0
    assert summary(ledger) == before  # the total, allocated quota and admin are unchanged
    assert mixed_staffing(ledger)[0]["institution"] == "地区农业农村局"  # the person moved with their post
    # As it stood before the merge, each institution had its own.
    old = standing(ledger, as_of=date(2019, 12, 15)).groupby("name")[["quota", "actual"]].sum()
    assert old.loc["地区畜牧兽医局"].tolist() == [6, 5]
    assert old.loc["地区农业农村局"].tolist() == [10, 7]
    # The chart of quota by field starts at the level of the day it is drawn from.
    series = quota_by_field_over_time(ledger, since=date(2019, 12, 1))
    assert series.iloc[0]["day"].date() == date(2019, 12, 1) and series.iloc[0]["quota"] == 16
    [merged] = decisions(ledger, ("merged",))
    assert merged["detail"]["people"] == 5 and merged["detail"]["merged"] == ["地区畜牧兽医局"]


def test_townships_merge_into_a_new_station_that_holds_their_quota_and_people(jurisdiction, admin):
    ledger = jurisdiction
    vet = establish(ledger, admin, "福海县乡镇畜牧兽医站", field="modern_agriculture", career=4)
    tech = establish(ledger, admin, "福海县乡镇农业技术推广站", field="modern_agriculture", career=3)
    hire(ledger, admin, vet, ["甲", "乙", "丙"])
    hire(ledger, admin, tech, ["丁"])
    station = ledger.staffing.merge(
        {
            "merged_ids": [vet, tech],
            "new_name": "福海县乡镇农业综合服务站",
            "new_kind": "public_institution",
            "new_field": "modern_agriculture",
            **decision(),
        },
        admin,
    )
    rows = by_name(ledger)
    assert rows["福海县乡镇农业综合服务站"]["id"] == station.hex
    assert (rows["福海县乡镇农业综合服务站"]["quota"], rows["福海县乡镇农业综合服务站"]["actual"]) == (7, 4)
    assert {p["name"] for p in people(ledger, station.hex)} == {"甲", "乙", "丙", "丁"}
    with pytest.raises(StaffingRefused) as refused:
        hire(ledger, admin, vet, ["戊"])
    assert refused.value.key == "staffing.error.institution_inactive"


def test_hiring_beyond_quota_is_refused_by_default_and_flagged_when_the_office_says_so(jurisdiction, staff, admin):
    ledger = jurisdiction
    cdc = establish(ledger, admin, "地区疾病预防控制中心", field="health", career=2)
    hire(ledger, admin, cdc, ["医师甲", "医师乙"])
    head = ledger.app.head()
    with pytest.raises(StaffingRefused):
        hire(ledger, admin, cdc, ["医师丙"])
    assert ledger.app.head() == head and over_quota(ledger) == [] and flagged_hires(ledger) == []

    with pytest.raises(Forbidden):
        ledger.staffing.set_over_quota_policy({"policy": "flag", "reason": "急需"}, staff)
    ledger.staffing.set_over_quota_policy({"policy": "flag", "reason": "疾控急需专业人员，报批期间先行进人"}, admin)
    outcome = hire(ledger, admin, cdc, ["医师丙"], doc_no="应急招聘")
    assert outcome["over_quota"] is True
    assert over_quota(ledger) == [{"id": cdc.hex, "name": "地区疾病预防控制中心", "quota": 2, "actual": 3, "excess": 1}]
    assert [(h["institution"], h["people"]) for h in flagged_hires(ledger)] == [("地区疾病预防控制中心", 1)]
    assert summary(ledger)["over_quota"] == 1
    # An over-quota institution cannot give its quota away.
    with pytest.raises(StaffingRefused) as refused:
        ledger.staffing.adjust_quota({"institution_id": cdc, "quota_type": "career", "delta": -1, **decision()}, admin)
    assert refused.value.key == "staffing.error.quota_below_actual"


def test_a_person_in_a_post_of_another_type_is_mixed_staffing_until_moved_back(jurisdiction, admin):
    ledger = jurisdiction
    bureau = establish(
        ledger, admin, "地区民政局", field="civil_affairs", kind="administrative", administrative=3, work_service=1
    )
    [driver] = hire(ledger, admin, bureau, ["马晓军"], quota_type="work_service", post_type="administrative")["people"]
    assert mixed_staffing(ledger) == [
        {
            "id": driver.hex,
            "institution": "地区民政局",
            "person": "马晓军",
            "quota_type": "work_service",
            "post_type": "administrative",
        }
    ]
    ledger.staffing.change_post(
        {"person_id": driver, "post_type": "work_service", "changed_on": TODAY, "note": "清理混编混岗"}, admin
    )
    assert mixed_staffing(ledger) == []


def test_abolishing_returns_the_quota_to_the_total_once_the_people_are_placed(jurisdiction, admin):
    ledger = jurisdiction
    printer = establish(ledger, admin, "地区机关印刷厂", career=6, work_service=4)
    [worker] = hire(ledger, admin, printer, ["印刷工"], quota_type="work_service")["people"]
    with pytest.raises(StaffingRefused) as refused:
        ledger.staffing.abolish({"institution_id": printer, **decision()}, admin)
    assert ledger.catalog.t("zh", refused.value.key, **refused.value.params).startswith(
        "地区机关印刷厂 尚有在编人员 1 人"
    )
    ledger.staffing.record_departure({"person_id": worker, "left_on": TODAY, "reason": "transferred_out"}, admin)
    ledger.staffing.abolish({"institution_id": printer, **decision(reason="职能消失的撤")}, admin)
    assert summary(ledger)["allocated"] == 0 and summary(ledger)["headroom"] == 100
    assert by_name(ledger)["地区机关印刷厂"]["status"] == "abolished"


def test_moving_more_than_the_vacant_quota_is_refused(jurisdiction, admin):
    ledger = jurisdiction
    school = establish(ledger, admin, "地区第二高级中学", field="education", career=3)
    clinic = establish(ledger, admin, "地区妇幼保健院", field="health", career=3)
    hire(ledger, admin, school, ["教师甲", "教师乙"])
    with pytest.raises(StaffingRefused) as refused:
        ledger.staffing.reallocate(
            {"from_id": school, "to_id": clinic, "quota_type": "career", "amount": 2, **decision()}, admin
        )
    assert (
        ledger.catalog.t("zh", refused.value.key, **{**refused.value.params, "quota_type": "事业编制"})
        == "地区第二高级中学 的事业编制空编只有 1 名，不能调出 2 名。"
    )


@pytest.mark.parametrize(
    "bad, field, key",
    [
        ({"doc_no": " "}, "doc_no", "validation.string_too_short"),
        ({"ideas": []}, "ideas", "validation.too_short"),
        ({"decided_on": TODAY + timedelta(days=1)}, "decided_on", "validation.date_future"),
        ({"career_quota": 0}, "_", "validation.quota_empty"),
        ({"career_quota": -1}, "career_quota", "validation.greater_than_equal"),
        ({"field": "tourism"}, "field", "validation.literal_error"),
    ],
)
def test_a_decision_missing_what_the_ledger_requires_is_refused_in_chinese_and_writes_nothing(
    jurisdiction, admin, bad, field, key
):
    ledger = jurisdiction
    head = ledger.app.head()
    command = {
        "name": "地区就业服务中心",
        "kind": "public_institution",
        "field": "human_resources",
        "career_quota": 5,
        **decision(),
    }
    with pytest.raises(InvalidCommand) as refused:
        ledger.staffing.establish({**command, **bad}, admin)
    errors = {(f, k): p for f, k, p in refused.value.errors}
    assert (field, key) in errors
    assert not ledger.catalog.t("zh", key, **errors[(field, key)]).isascii()
    assert ledger.app.head() == head


def test_auditors_cannot_record_staffing_decisions(jurisdiction, auditor):
    with pytest.raises(Forbidden):
        establish(jurisdiction, auditor, "地区审计局", kind="administrative", administrative=5)


def test_progress_against_the_talent_plan_counts_people_on_board_per_field_and_type(jurisdiction, admin):
    ledger = jurisdiction
    school = establish(ledger, admin, "地区第二高级中学", field="education", career=10)
    hire(ledger, admin, school, ["教师甲", "教师乙", "教师丙"])
    ledger.staffing.set_talent_plan(
        {
            "title": "人才发展规划（2011—2020年）",
            "reason": "按规划设定",
            "targets": [
                {"field": "education", "quota_type": "career", "target": 4},
                {"field": "health", "quota_type": "career", "target": 2},
            ],
        },
        admin,
    )
    progress = {(p["field"], p["quota_type"]): p for p in talent_progress(ledger)}
    assert (progress[("education", "career")]["actual"], progress[("education", "career")]["gap"]) == (3, 1)
    assert progress[("health", "career")]["progress"] == 0


def test_the_staffing_read_model_rebuilds_to_the_same_rows(jurisdiction, admin):
    ledger = jurisdiction
    a = establish(ledger, admin, "地区档案馆", career=5)
    b = establish(ledger, admin, "地区城乡规划服务中心", field="housing", career=5)
    hire(ledger, admin, a, ["甲", "乙"])
    ledger.staffing.merge({"merged_ids": [a], "into_id": b, **decision()}, admin)
    tables = (
        "staffing_institutions",
        "staffing_people",
        "staffing_decisions",
        "staffing_quota_changes",
        "staffing_staff_changes",
    )
    before = {t: ledger.query(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    ledger.runner.rebuild(["staffing"])
    assert {t: ledger.query(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables} == before


def test_the_demo_jurisdiction_holds_every_kind_of_staffing_record(ledger):
    import random

    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import channel_open
    from plugins.staffing.demo import seed

    office = DemoOffice(today=TODAY, weeks=8, rng=random.Random(2012))
    with channel_open("system", "import"):  # the demo's data is built as the system
        seed(ledger, office)

    assert 15 <= len(institutions(ledger)) <= 25
    kinds = {d["kind"] for d in decisions(ledger)}
    assert kinds >= {
        "registered",
        "established",
        "abolished",
        "merged",
        "renamed",
        "reallocated",
        "quota_adjusted",
        "total_adjusted",
    }
    recent = [d for d in decisions(ledger) if d["decided_on"] >= office.start.isoformat()]
    earlier = [d for d in decisions(ledger) if d["decided_on"] < office.start.isoformat()]
    assert len(recent) >= 5 and len(earlier) >= 20
    assert all(d["doc_no"] and (d["ideas"] or d["kind"] == "registered") for d in decisions(ledger))
    assert len(over_quota(ledger)) == 1 and len(flagged_hires(ledger)) == 1 and len(mixed_staffing(ledger)) == 1
    figures = summary(ledger)
    assert figures["allocated"] <= figures["total"] and 0.85 < figures["use"] < 1
    assert ledger.scalar("SELECT COUNT(*) FROM staffing_people WHERE left_on >= ?", (office.start.isoformat(),)) >= 7
    assert talent_progress(ledger)


def test_nobody_is_hired_before_the_institution_exists_or_leaves_before_being_hired(jurisdiction, admin):
    ledger = jurisdiction
    centre = establish(ledger, admin, "地区就业服务中心", field="human_resources", career=3, on=EARLIER)
    with pytest.raises(StaffingRefused) as refused:
        hire(ledger, admin, centre, ["吴婷"], on=EARLIER - timedelta(days=1))
    assert refused.value.key == "staffing.error.hired_before_established"
    [person] = hire(ledger, admin, centre, ["吴婷"], on=EARLIER + timedelta(days=1))["people"]
    with pytest.raises(StaffingRefused) as refused:
        ledger.staffing.record_departure({"person_id": person, "left_on": EARLIER, "reason": "resigned"}, admin)
    assert ledger.catalog.t("zh", refused.value.key, **refused.value.params).startswith("出编日期早于 吴婷")


def test_a_batch_appends_its_decisions_together_and_nothing_when_one_is_refused(jurisdiction, admin):
    ledger = jurisdiction
    head = ledger.app.head()
    with pytest.raises(StaffingRefused):
        with ledger.staffing.batch():
            establish(ledger, admin, "地区环境监测站", field="ecology", career=60)
            establish(ledger, admin, "地区农业技术推广中心", field="modern_agriculture", career=60)  # 120 > 100
    assert ledger.app.head() == head and institutions(ledger) == []

    with ledger.staffing.batch() as pending:
        station = establish(ledger, admin, "地区环境监测站", field="ecology", career=60)
        hire(ledger, admin, station, ["监测员甲", "监测员乙"])
        assert pending.actual(station.hex) == 2  # read the batch, the read model is not caught up yet
    assert ledger.app.head() == head + 2
    assert by_name(ledger)["地区环境监测站"]["actual"] == 2


def test_the_overview_indicators_read_the_jurisdiction_at_the_end_of_the_period_with_their_records(jurisdiction, admin):
    from culture_ledger.periods import Scope

    ledger = jurisdiction
    indicators = {i.key: i for i in ledger.registry.indicators if i.key.startswith("staffing_")}
    assert set(indicators) == {
        "staffing_quota_use",
        "staffing_key_field_share",
        "staffing_livelihood_share",
        "staffing_headcount_growth",
        "staffing_over_quota",
        "staffing_vacancies",
        "staffing_health_professional_share",
    }
    school = establish(ledger, admin, "地区第二高级中学", field="education", career=8, on=date(2024, 1, 10))
    archives = establish(ledger, admin, "地区档案馆", career=2, on=date(2024, 1, 10))
    hire(ledger, admin, school, [f"教师{i}" for i in range(6)], on=date(2024, 3, 1))
    ledger.staffing.set_over_quota_policy({"policy": "flag", "reason": "试点"}, admin)
    hire(ledger, admin, archives, ["甲", "乙", "丙"], on=date(2024, 3, 1))

    def figure(key, start, end, **filters):
        scope = Scope.between(start, end, **filters)
        return indicators[key].compute(ledger, scope), indicators[key].records(ledger, scope)

    use, rows = figure("staffing_quota_use", date(2024, 1, 1), date(2024, 12, 31))
    assert use == pytest.approx(9 / 10) and {r["id"] for r in rows} == {school.hex, archives.hex}
    assert figure("staffing_key_field_share", date(2024, 1, 1), date(2024, 12, 31))[0] == pytest.approx(0.8)
    over, rows = figure("staffing_over_quota", date(2024, 1, 1), date(2024, 12, 31))
    assert over == 1 and [r["id"] for r in rows] == [archives.hex]
    assert figure("staffing_vacancies", date(2024, 1, 1), date(2024, 12, 31))[0] == 2
    assert figure("staffing_health_professional_share", date(2024, 1, 1), date(2024, 12, 31)) == (None, [])  # no health
    # Before the hires: everything vacant, nobody over quota.
    assert figure("staffing_vacancies", date(2024, 1, 1), date(2024, 1, 31))[0] == 10
    assert figure("staffing_over_quota", date(2024, 1, 1), date(2024, 1, 31))[0] == 0
    # Quotas are not the office's departments: under a department filter the figures do not apply.
    assert figure("staffing_quota_use", date(2024, 1, 1), date(2024, 12, 31), department_id="ab" * 16) == (None, [])
