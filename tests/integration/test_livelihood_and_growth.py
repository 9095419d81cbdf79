"""民生领域 on its own, schools and teaching research as sub-fields, and the watch on staff swelling
(人员膨胀): what a leader reads on the staffing dashboard and in the overview's gaps."""

from datetime import date, timedelta

import pytest

from culture_ledger.periods import Scope
from domain import clock
from domain.errors import Forbidden, InvalidCommand
from plugins.staffing.domain import StaffingRefused
from plugins.staffing.livelihood import (
    growth,
    growth_alerts,
    headcount_by_field_over_time,
    headcount_growth,
    livelihood_share,
    subfield_quota_over_time,
    subfields,
)
from plugins.staffing.projections import key_share_over_time
from tests.integration.test_staffing_story import establish, hire

TODAY = clock.today()
LONG_AGO = TODAY - timedelta(days=800)
A_YEAR_AGO = TODAY - timedelta(days=365)
LATELY = TODAY - timedelta(days=40)
NOW = Scope.between(TODAY, TODAY)


@pytest.fixture
def prefecture(ledger, admin):
    ledger.staffing.register_jurisdiction(
        {"name": "阿勒泰地区", "total_quota": 400, "doc_no": "阿地编〔2019〕1号", "decided_on": date(2019, 3, 1)}, admin
    )
    made = {
        "school": establish(ledger, admin, "地区第二高级中学", field="education", career=60, on=LONG_AGO),
        "research": establish(ledger, admin, "地区教育科学研究所", field="education", career=10, on=LONG_AGO),
        "cdc": establish(ledger, admin, "地区疾病预防控制中心", field="health", career=50, on=LONG_AGO),
        "forest": establish(
            ledger, admin, "地区林业和草原局", field="ecology", kind="administrative", administrative=20, on=LONG_AGO
        ),
        "archives": establish(ledger, admin, "地区档案馆", career=60, on=LONG_AGO),
    }
    return ledger, made


def test_the_livelihood_share_counts_education_health_and_social_security_only(prefecture):
    ledger, _ = prefecture
    # 200 allocated: education 70, health 50, ecology 20, other 60.
    assert livelihood_share(ledger, NOW) == pytest.approx(120 / 200)
    key = key_share_over_time(ledger)
    livelihood = key_share_over_time(ledger, fields=("education", "health", "social_security"))
    assert key["share"].iloc[-1] == pytest.approx(140 / 200)  # ecology is a key field, not a livelihood one
    assert livelihood["share"].iloc[-1] == pytest.approx(120 / 200)
    indicator = next(i for i in ledger.registry.indicators if i.key == "staffing_livelihood_share")
    assert {r["name"] for r in indicator.records(ledger, NOW)} == {
        "地区第二高级中学",
        "地区教育科学研究所",
        "地区疾病预防控制中心",
    }


def test_a_clerk_classes_the_school_and_the_research_institute_and_their_quota_becomes_a_series(
    prefecture, staff, admin, auditor
):
    ledger, made = prefecture
    assert subfield_quota_over_time(ledger).empty
    ledger.staffing_subfields.class_institution(
        {"institution_id": made["school"], "subfield": "primary_secondary"}, staff
    )
    ledger.staffing_subfields.class_institution(
        {"institution_id": made["research"], "subfield": "teaching_research"}, staff
    )
    ledger.staffing.adjust_quota(
        {
            "institution_id": made["school"],
            "quota_type": "career",
            "delta": 5,
            "doc_no": "阿地编〔2026〕3号",
            "decided_on": LATELY,
            "reason": "新增教学班",
            "ideas": ["serve_livelihood"],
        },
        admin,
    )
    series = subfield_quota_over_time(ledger)
    last = series[series["day"] == series["day"].max()].set_index("subfield")["quota"]
    assert last.to_dict() == {"primary_secondary": 65, "teaching_research": 10}
    school = series[series["subfield"] == "primary_secondary"].sort_values("day")
    assert school["quota"].tolist()[0] == 60  # the step before the 核增 is kept

    # A health institution is no school: refused in Chinese, nothing written; auditors class nothing.
    head = ledger.app.head()
    with pytest.raises(StaffingRefused) as refused:
        ledger.staffing_subfields.class_institution(
            {"institution_id": made["cdc"], "subfield": "primary_secondary"}, staff
        )
    assert "教育" in ledger.catalog.t("zh", refused.value.key)
    with pytest.raises(InvalidCommand):
        ledger.staffing_subfields.class_institution({"institution_id": made["school"], "subfield": "university"}, staff)
    with pytest.raises(Forbidden):
        ledger.staffing_subfields.class_institution({"institution_id": made["research"], "subfield": ""}, auditor)
    assert ledger.app.head() == head

    # Cleared, the institute leaves its series.
    ledger.staffing_subfields.class_institution({"institution_id": made["research"], "subfield": ""}, staff)
    assert set(subfields(ledger).values()) == {"primary_secondary"}


def test_an_institution_that_grows_fast_in_a_year_is_flagged_and_a_new_one_is_not(prefecture, admin):
    ledger, made = prefecture
    hire(ledger, admin, made["cdc"], [f"医师{i}" for i in range(40)], on=LONG_AGO + timedelta(days=30))
    hire(ledger, admin, made["archives"], [f"档案员{i}" for i in range(50)], on=LONG_AGO + timedelta(days=30))
    # In the last twelve months: the CDC takes 4 more (10%), the archives 2 (4%), a new station 8.
    hire(ledger, admin, made["cdc"], [f"应急{i}" for i in range(4)], on=LATELY)
    hire(ledger, admin, made["archives"], ["甲", "乙"], on=LATELY)
    station = establish(ledger, admin, "地区野生动物救护站", field="ecology", career=10, on=LATELY)
    hire(ledger, admin, station, [f"救护员{i}" for i in range(8)], on=LATELY)

    rows = {r["name"]: r for r in growth(ledger)}
    assert (rows["地区疾病预防控制中心"]["people_then"], rows["地区疾病预防控制中心"]["people_now"]) == (40, 44)
    assert rows["地区疾病预防控制中心"]["alert"]
    assert not rows["地区档案馆"]["alert"]  # 2 more people is within the measure
    assert not rows["地区野生动物救护站"]["alert"]  # a new institution had nobody to grow from
    assert [r["name"] for r in growth_alerts(ledger, NOW)] == ["地区疾病预防控制中心"]
    assert headcount_growth(ledger, NOW) == pytest.approx(14 / 90)
    # A year ago, before the hires, nothing was flagged.
    assert growth_alerts(ledger, Scope.between(A_YEAR_AGO, A_YEAR_AGO)) == []

    # The leaders' gap list carries the alert; the people per field are a series.
    gap = next(g for g in ledger.registry.gaps if g.key == "staffing_headcount_alert")
    assert [r["name"] for r in gap.compute(ledger, NOW)] == ["地区疾病预防控制中心"]
    health = headcount_by_field_over_time(ledger)
    health = health[health["field"] == "health"].sort_values("day")
    assert health["people"].tolist()[-1] == 44 and 40 in health["people"].tolist()
