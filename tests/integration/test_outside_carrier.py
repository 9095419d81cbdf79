"""A sixth carrier from outside (志愿服务, `tests/fixtures/outside_carrier/`), installed only
through the `culture_ledger.plugins` entry point: it records activities through the shared
service, and the overview, the period report and the audit count it like the five built-ins.
Nothing outside its package names it."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from culture_ledger.periods import Period, Scope
from domain import clock
from domain.errors import InvalidCommand
from plugins.audit.queries import EventFilter, browse, facets
from plugins.overview import figures as ov
from plugins.overview import reports
from tests.outside_carrier import outside_carrier  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("outside_carrier")

TODAY = clock.today()
MONTH = Period.containing("month", TODAY)


def service(office, **over) -> dict:
    """A community service by the general office: four expected, three came, one named absent."""
    return {
        "carrier": "volunteer",
        "kind": "community_service",
        "title": "社区义务清扫",
        "occurred_on": MONTH.start,
        "department_id": office.general,
        "place": "红墩社区",
        "expected": 4,
        "present": 3,
        "absentees": ["李秀英"],
        "ideas": ["serve_livelihood"],
        "details": {"service_hours": 2.5, "served": 40},
        **over,
    }


@pytest.fixture
def confirmed(ledger, office, staff, leader) -> str:
    """One volunteering activity recorded by staff and confirmed by a leader."""
    activity = ledger.activities.record(service(office), staff)
    ledger.activities.confirm(activity, leader)
    return activity.hex


def test_the_outside_carrier_is_a_carrier_of_the_registry_after_the_built_in_ones(ledger):
    carriers = [p.id for p in ledger.registry.carriers]
    assert carriers[-1] == "volunteer" and len(carriers) == len(set(carriers)) >= 2
    assert (
        ledger.catalog.t("zh", ledger.registry.plugin("volunteer").title) == "志愿服务"
    )  # its name, from its own words


def test_staff_record_a_volunteering_activity_through_the_shared_service_and_it_counts_once_confirmed(
    ledger, office, staff, leader
):
    activity = ledger.activities.record(service(office), staff)
    hours = next(i for i in ledger.registry.indicators if i.key == "volunteer_hours")
    scope = Scope(MONTH)
    assert hours.compute(ledger, scope) == 0  # awaiting a leader's review

    ledger.activities.confirm(activity, leader)

    row = ledger.query("SELECT carrier, kind, present, absent, review FROM activities WHERE id = ?", (activity.hex,))
    assert row == [
        {"carrier": "volunteer", "kind": "community_service", "present": 3, "absent": 1, "review": "confirmed"}
    ]
    assert hours.compute(ledger, scope) == 7.5  # three volunteers, two and a half hours each
    assert [r["id"] for r in hours.records(ledger, scope)] == [activity.hex]


def test_a_volunteering_activity_with_its_own_fields_wrong_is_refused_in_chinese_and_writes_nothing(
    ledger, office, staff
):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.activities.record(service(office, details={"service_hours": 0}), staff)
    assert refused.value.errors[0][0] == "service_hours"
    label = ledger.catalog.field_label("zh", "service_hours", refused.value.source)
    assert label == "人均服务时长（小时）"  # the error names the field in the carrier's own words
    with pytest.raises(InvalidCommand):
        ledger.activities.record(service(office, kind="sports_event"), staff)  # another carrier's kind
    assert ledger.app.head() == head


def test_the_overview_shows_the_outside_carrier_on_its_heatmaps_figures_and_gaps_and_filters_by_it(
    ledger, office, confirmed
):
    everything = ov.overview(ledger, Scope(MONTH), today=TODAY)
    assert list(everything.carriers)[-1] == "volunteer"
    cells = {(r.carrier, r.department): r.activities for r in everything.coverage.itertuples()}
    assert cells[("volunteer", "办公室")] == 1 and cells[("volunteer", "行政机构编制科")] == 0
    assert everything.ideas.query("carrier == 'volunteer' and idea == 'serve_livelihood'")["activities"].tolist() == [1]
    gaps = {g.key: g.rows for g in everything.gaps}["carrier_without_activity"]
    assert {"department": "行政机构编制科", "carrier": "volunteer"} in [
        {"department": r["department"], "carrier": r["carrier"]} for r in gaps
    ]

    volunteering = ov.overview(ledger, Scope(MONTH, carrier="volunteer"), today=TODAY)
    assert set(volunteering.coverage["carrier"]) == {"volunteer"}
    shown = {f.key: f.value for f in volunteering.figures}
    assert shown["volunteer_activities"] == 1 and shown["volunteer_hours"] == 7.5
    assert not [f for f in volunteering.figures if f.carrier not in (None, "volunteer")]  # no other carrier's figures
    assert [r["id"] for r in ov.activities_behind(ledger, volunteering.scope, carrier="volunteer")] == [confirmed]


@pytest.mark.slow
def test_the_period_report_names_the_outside_carrier_in_its_workbook_and_document(ledger, office, confirmed):
    data = ov.overview(ledger, Scope(MONTH), today=TODAY)
    book = load_workbook(io.BytesIO(reports.workbook(ledger, data)))
    header = [c.value for c in book["载体覆盖"][1]]
    assert header[-2:] == ["志愿服务", "合计"]
    coverage = {row[0]: dict(zip(header, row)) for row in book["载体覆盖"].iter_rows(min_row=2, values_only=True)}
    assert coverage["办公室"]["志愿服务"] == 1 and coverage["行政机构编制科"]["志愿服务"] == 0
    headline = {row[0]: row[2] for row in book["主要指标"].iter_rows(min_row=6, values_only=True) if row[0]}
    assert headline["志愿服务时长"] == 7.5

    filtered = ov.overview(ledger, Scope(MONTH, carrier="volunteer"), today=TODAY)
    text = "\n".join(p.text for p in Document(io.BytesIO(reports.document(ledger, filtered))).paragraphs)
    assert "载体：志愿服务" in text  # the report says what it was filtered by
    assert "科室：行政机构编制科，载体：志愿服务" in text  # the department that did no volunteering


def test_the_event_browser_files_the_outside_carriers_events_under_it(ledger, confirmed):
    assert "volunteer" in facets(ledger, "carrier")
    events = browse(ledger, EventFilter(carrier="volunteer"), newest_first=False)
    assert [(e["record_type"], e["event_type"]) for e in events] == [
        ("Activity", "Recorded"),
        ("Activity", "Submitted"),
        ("Activity", "Confirmed"),
    ]
    assert {e["originator_id"] for e in events} == {confirmed}


def test_the_outside_carrier_gets_its_activity_ledger_from_the_kit_and_imports_through_the_shared_service(
    ledger, office, staff
):
    import io

    from openpyxl import load_workbook

    from culture_ledger import sheets

    sheet = ledger.registry.sheet("volunteer-activities")
    assert ledger.catalog.t("zh", sheet.title) == "载体活动台账"  # the kit's title: it words none of its own
    book = load_workbook(io.BytesIO(sheets.template(ledger, sheet)))
    header = [str(c.value).rstrip("*") for c in book.worksheets[0][1]]
    row = {"日期": MONTH.start.isoformat(), "活动名称": "社区义务清扫", "科室": "办公室", "应到人数": 4, "实到人数": 3}
    row |= {"缺席人员": "李秀英", "服务理念": "机构编制服务民生", "人均服务时长（小时）": 2.5}
    row |= {ledger.catalog.t("zh", "volunteer.field.served"): 40}
    book.worksheets[0].append([row.get(h) for h in header])
    out = io.BytesIO()
    book.save(out)
    report = sheets.load(ledger, sheet, out.getvalue(), "志愿服务台账.xlsx", staff)
    assert report.problems == [] and report.written == 1
    (recorded,) = ledger.query("SELECT kind, present, absent, details FROM activities")
    assert (recorded["kind"], recorded["present"], recorded["absent"]) == ("community_service", 3, 1)
    assert "2.5" in recorded["details"]
