"""An office brings its 活动台账 (one kind per carrier) and its 实名制人员名单 in from Excel: each
filled from its own template, checked row by row as the form checks it, written through the
plugin's bulk path to the same read models as the form's; bad rows refused by number with
nothing written; the same sheet twice writes nothing; the quota cap still holds."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from culture_ledger import sheets
from domain import clock
from tests.conftest import last_workday

DAY = last_workday(clock.today() - timedelta(days=1))
EARLIER = DAY - timedelta(days=30)


def filled(ledger, sheet, rows: list[dict]) -> bytes:
    """The kind's own template, with these rows typed under its header (by header text, in any order)."""
    book = load_workbook(io.BytesIO(sheets.template(ledger, sheet)))
    data = book.worksheets[0]
    header = [str(c.value).rstrip("*") for c in data[1]]
    for row in rows:
        unknown = set(row) - set(header)
        assert not unknown, f"no such column in the template: {unknown}"
        data.append([row.get(h) for h in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def lines(ledger, report) -> list[str]:
    return [sheets.worded(ledger, p, "zh") for p in report.problems]


# --- 活动台账 -----------------------------------------------------------------------------------


@pytest.fixture
def political(ledger):
    return ledger.registry.sheet("political-activities")


def session(**over) -> dict:
    """One row of the 政治坚定 ledger as an office types it."""
    return {
        "日期": DAY.isoformat(),
        "活动名称": "学习党的二十届三中全会精神",
        "活动类型": "思想教育",
        "科室": "办公室",
        "地点": "三楼会议室",
        "组织者": "王建国",
        "应到人数": 3,
        "实到人数": 2,
        "缺席人员": "李秀英",
        "内容": "逐段学习全会公报",
        "成效": "撰写心得 2 篇",
        "服务理念": "机构编制促进发展、机构编制支撑人才",
        "教育主题": "理想信念",
        **over,
    }


ACTIVITY_AS_RECORDED = (
    "carrier, kind, department_id, occurred_on, place, organiser, expected, present, absent, absentees, ideas, "
    "agenda, content, outcome, evidence, details, review, withdrawn, recorded_by"
)


def activities(ledger) -> list[dict]:
    return ledger.query(f"SELECT title, {ACTIVITY_AS_RECORDED} FROM activities ORDER BY title")


def test_every_carrier_gets_its_activity_ledger_from_the_kit_with_its_own_kinds_and_fields(ledger, political):
    keys = [s.key for s in ledger.registry.sheets]
    for carrier in ledger.registry.carriers:
        assert f"{carrier.id}-activities" in keys
        for lang in ("zh", "en"):  # every column headed by a text of its own, so each cell finds its column
            headers = [
                ledger.catalog.t(lang, c.header) for c in ledger.registry.sheet(f"{carrier.id}-activities").columns
            ]
            assert len(set(headers)) == len(headers), (carrier.id, lang, headers)
    integrity = [c.header for c in ledger.registry.sheet("integrity-activities").columns]
    assert "integrity.sheet.col.event_type" in integrity  # 文体活动类型, not a second 活动类型
    book = load_workbook(io.BytesIO(sheets.template(ledger, political)))
    data, choices, example = book.worksheets
    headers = [c.value for c in data[1]]
    assert headers[:4] == ["日期*", "活动名称*", "活动类型*", "科室*"]
    assert {"应到人数*", "实到人数*", "缺席人员", "服务理念", "教育主题", "“三争做”内容", "交流发言人数"} <= set(
        headers
    )
    kind = headers.index("活动类型*") + 1
    assert [r[kind - 1].value for r in choices.iter_rows() if r[kind - 1].value] == ["思想教育", "“三争做”活动"]
    assert "应到 = 实到 + 缺席" in data.cell(row=1, column=headers.index("应到人数*") + 1).comment.text
    assert example.cell(row=2, column=kind).value == "思想教育"  # the example in words, not a code
    assert ledger.catalog.t("zh", political.title) == "政治坚定活动台账"


def test_a_filled_activity_ledger_imports_to_the_same_records_as_the_form(ledger, office, political, admin):
    report = sheets.load(ledger, political, filled(ledger, political, [session()]), "政治坚定台账.xlsx", admin)
    assert report.problems == [] and report.written == 1
    ledger.activities.record(
        {
            "carrier": "political",
            "kind": "education_session",
            "title": "（由表单登记）",
            "occurred_on": DAY,
            "department_id": office.general,
            "place": "三楼会议室",
            "organiser": "王建国",
            "expected": 3,
            "present": 2,
            "absentees": ["李秀英"],
            "content": "逐段学习全会公报",
            "outcome": "撰写心得 2 篇",
            "ideas": ["promote_development", "support_talent"],
            "details": {"theme": "ideals"},
        },
        admin,
    )
    recorded = {a["title"]: a for a in activities(ledger)}
    by_form, by_sheet = recorded.pop("（由表单登记）"), recorded.pop("学习党的二十届三中全会精神")
    assert {**by_sheet, "title": None} == {**by_form, "title": None}
    assert by_sheet["review"] == "submitted" and by_sheet["absentees"] and by_sheet["details"]


def test_bad_activity_rows_are_refused_by_number_and_nothing_is_written(ledger, office, political, admin):
    rows = [
        session(),
        session(**{"活动名称": "缺席没写全", "应到人数": 4, "实到人数": 2}),
        session(**{"活动名称": "不存在的科室", "科室": "宣传科"}),
        session(**{"活动名称": "主题没填", "教育主题": None}),
        session(**{"活动名称": "理念写错", "服务理念": "促进发展"}),
        session(**{"活动名称": "人多于应到", "应到人数": 2, "实到人数": 3, "缺席人员": None}),
        session(**{"活动名称": "类型不对", "活动类型": "文艺汇演"}),
    ]
    report = sheets.load(ledger, political, filled(ledger, political, rows), "台账.xlsx", admin)
    assert report.written == 0 and activities(ledger) == []
    said = lines(ledger, report)
    assert [p.row for p in report.problems] == [3, 4, 5, 6, 7, 8]
    assert said[1] == "第 4 行“科室”：没有名为“宣传科”的科室"
    assert said[2].startswith("第 5 行“教育主题”：")
    assert said[3] == (
        "第 6 行“服务理念”：“促进发展”不是可选的理念（机构编制促进发展、机构编制服务民生、机构编制支撑人才）"
    )
    assert said[5] == "第 8 行“活动类型”：“文艺汇演”不在可选项中（见模板的下拉列表）"
    form_says = {ledger.catalog.t("zh", "validation.absentees_not_named", missing=2, named=1)}
    assert any(s.startswith("第 3 行") and s.endswith(tuple(form_says)) for s in said)


def test_the_same_activity_ledger_twice_writes_nothing_the_second_time(ledger, office, political, admin):
    data = filled(ledger, political, [session()])
    assert sheets.load(ledger, political, data, "台账.xlsx", admin).written == 1
    again = sheets.load(ledger, political, data, "台账.xlsx", admin)
    assert again.written == 0 and (again.already_imported or len(again.known) == 1)
    grown = filled(ledger, political, [session(), session(**{"活动名称": "第二次学习"})])
    more = sheets.load(ledger, political, grown, "台账（续）.xlsx", admin)
    assert (more.written, len(more.known)) == (1, 1)
    assert [a["title"] for a in activities(ledger)] == ["学习党的二十届三中全会精神", "第二次学习"]


def test_staff_import_only_their_own_departments_activities_as_on_the_form(ledger, office, political, staff):
    data = filled(ledger, political, [session(), session(**{"活动名称": "编制科的学习", "科室": "行政机构编制科"})])
    report = sheets.load(ledger, political, data, "台账.xlsx", staff)
    assert [p.row for p in report.problems] == [3] and report.written == 0
    assert sheets.load(ledger, political, data, "台账.xlsx", staff, accept_valid=True).written == 1


def test_a_carrier_with_one_kind_needs_no_kind_column_and_its_own_fields_are_choices(ledger, office, admin):
    overall = ledger.registry.sheet("overall-activities")
    row = {
        "日期": DAY.isoformat(),
        "活动名称": "为企业办理编制事项",
        "科室": "行政机构编制科",
        "应到人数": 2,
        "实到人数": 2,
        "服务理念": "机构编制服务民生",
        "服务类型": ledger.catalog.t("zh", "overall.service_type.grassroots_service"),
        "服务对象": "阿勒泰市某企业",
    }
    report = sheets.load(ledger, overall, filled(ledger, overall, [row]), "服务大局台账.xlsx", admin)
    assert report.problems == [] and report.written == 1
    (recorded,) = ledger.query("SELECT kind, details, ideas FROM activities")
    assert recorded["kind"] == "service_item" and "grassroots_service" in recorded["details"]
    unserved = filled(ledger, overall, [{**row, "活动名称": "没写理念", "服务理念": None}])
    refused = sheets.load(ledger, overall, unserved, "服务大局台账（二）.xlsx", admin)
    assert [(p.row, p.column) for p in refused.problems] == [(2, "field.ideas")]


# --- 实名制人员名单 ---------------------------------------------------------------------------------


@pytest.fixture
def staff_list(ledger):
    return ledger.registry.sheet("staffing-staff")


@pytest.fixture
def institution(ledger, admin):
    """阿勒泰地区 with one institution of three career posts (超编进人 refused, as by default)."""
    ledger.staffing.register_jurisdiction(
        {"name": "阿勒泰地区", "total_quota": 100, "doc_no": "阿地编〔2019〕1号", "decided_on": date(2019, 3, 1)}, admin
    )
    return ledger.staffing.establish(
        {
            "name": "地区档案馆",
            "kind": "public_institution",
            "field": "other",
            "career_quota": 3,
            "doc_no": "阿地编〔2020〕5号",
            "decided_on": date(2020, 1, 6),
            "reason": "按“三定”方案设立",
            "ideas": ["promote_development"],
        },
        admin,
    )


def person(name: str, **over) -> dict:
    return {"人员姓名": name, "机构": "地区档案馆", "编制类型": "事业编制", "入编日期": EARLIER.isoformat(), **over}


def on_board(ledger) -> list[tuple]:
    return [
        (r["name"], r["quota_type"], r["post_type"], r["hired_on"], r["over_quota"])
        for r in ledger.query(
            "SELECT name, quota_type, post_type, hired_on, over_quota FROM staffing_people "
            "WHERE left_on IS NULL ORDER BY name"
        )
    ]


def test_the_staff_list_template_names_its_columns_and_offers_the_quota_types(ledger, staff_list):
    book = load_workbook(io.BytesIO(sheets.template(ledger, staff_list)))
    data, choices, example = book.worksheets
    assert [c.value for c in data[1]] == ["人员姓名*", "机构*", "编制类型*", "岗位类型", "入编日期*", "文号", "备注"]
    assert [c.value for c in choices["C"] if c.value] == ["行政编制", "事业编制", "工勤编制"]
    assert [c.value for c in choices["D"] if c.value] == ["行政岗位", "事业岗位", "工勤岗位"]
    assert example["C2"].value == "行政编制" and "核定编制" in data["C1"].comment.text


def test_a_filled_staff_list_imports_to_the_same_people_as_the_hire_form(ledger, institution, staff_list, admin):
    rows = [person("阿依古丽·努尔兰", 岗位类型="工勤岗位", 文号="阿地编〔2024〕9号"), person("叶尔兰·别克")]
    report = sheets.load(ledger, staff_list, filled(ledger, staff_list, rows), "实名制名单.xlsx", admin)
    assert report.problems == [] and report.written == 2
    ledger.staffing.hire(
        {"institution_id": institution, "quota_type": "career", "names": ["热依拉·艾则孜"], "hired_on": EARLIER}, admin
    )
    assert on_board(ledger) == [
        ("叶尔兰·别克", "career", "career", EARLIER.isoformat(), 0),
        ("热依拉·艾则孜", "career", "career", EARLIER.isoformat(), 0),
        ("阿依古丽·努尔兰", "career", "work_service", EARLIER.isoformat(), 0),
    ]
    hires = ledger.query("SELECT people, doc_no, recorded_by FROM staffing_hires ORDER BY position")
    assert [(h["people"], h["doc_no"]) for h in hires] == [(1, "阿地编〔2024〕9号"), (1, ""), (1, "")]
    assert {h["recorded_by"] for h in hires} == {admin.account}


def test_a_staff_list_beyond_the_quota_is_refused_naming_the_rows_and_nothing_is_written(
    ledger, institution, staff_list, admin
):
    rows = [person(n) for n in ("甲", "乙", "丙", "丁", "戊")]
    report = sheets.load(ledger, staff_list, filled(ledger, staff_list, rows), "名单.xlsx", admin)
    assert report.written == 0 and on_board(ledger) == []
    assert lines(ledger, report) == [
        "第 5 行“机构”：超编进人：地区档案馆 的事业编制核定 3 名，实有 3 人，本次入编 1 人将超出编制。",
        "第 6 行“机构”：超编进人：地区档案馆 的事业编制核定 3 名，实有 3 人，本次入编 1 人将超出编制。",
    ]
    preview = sheets.load(ledger, staff_list, filled(ledger, staff_list, rows), "名单.xlsx", admin, dry_run=True)
    assert [p.row for p in preview.problems] == [5, 6]  # a preview names them too
    within = sheets.load(ledger, staff_list, filled(ledger, staff_list, rows), "名单.xlsx", admin, accept_valid=True)
    assert within.written == 3 and [n for n, *_ in on_board(ledger)] == ["丙", "乙", "甲"]


def test_an_institution_name_two_institutions_had_is_refused_naming_both(ledger, institution, staff_list, admin):
    decision = {"doc_no": "阿地编〔2021〕2号", "reason": "职能调整", "ideas": ["promote_development"]}
    ledger.staffing.abolish({"institution_id": institution, "decided_on": date(2021, 3, 1), **decision}, admin)
    again = ledger.staffing.establish(
        {"name": "地区档案馆", "kind": "public_institution", "field": "other", "career_quota": 2,
         "decided_on": date(2022, 3, 1), **decision},
        admin,
    )  # fmt: skip
    ledger.staffing.abolish({"institution_id": again, "decided_on": date(2023, 3, 1), **decision}, admin)
    report = sheets.load(ledger, staff_list, filled(ledger, staff_list, [person("甲")]), "名单.xlsx", admin)
    assert lines(ledger, report) == [
        "第 2 行“机构”：“地区档案馆”对应多个机构：地区档案馆（2020-01-06）、地区档案馆（2022-03-01）。无法确定是哪一个"
    ]
    unknown = filled(ledger, staff_list, [person("甲", 机构="地区博物馆")])
    assert lines(ledger, sheets.load(ledger, staff_list, unknown, "名单二.xlsx", admin)) == [
        "第 2 行“机构”：没有名为“地区博物馆”的机构"
    ]


def test_the_same_staff_list_twice_writes_nothing_the_second_time(ledger, institution, staff_list, admin):
    data = filled(ledger, staff_list, [person("甲"), person("乙")])
    assert sheets.load(ledger, staff_list, data, "名单.xlsx", admin).written == 2
    again = sheets.load(ledger, staff_list, data, "名单（副本）.xlsx", admin)
    assert again.written == 0 and len(again.known) == 2
    assert sheets.load(ledger, staff_list, data, "名单.xlsx", admin).written == 0
    assert [n for n, *_ in on_board(ledger)] == ["乙", "甲"]


def test_only_an_administrator_imports_the_staff_list_as_hires_in_force(ledger, staff_list, auditor):
    # Staff propose a hire for a leader to approve; a list of people in post is recorded as in force.
    assert "staffing-staff" not in [s.key for s in sheets.kinds_for(ledger.registry.sheets, auditor.role)]
    assert sheets.kinds_for([staff_list], "staff") == []
    assert sheets.kinds_for([staff_list], "admin") == [staff_list]
