"""Rankings rank by each indicator's own measure: the unit it declares (a person, a department, an
institution), the aggregate over that unit's records in the period, under the measure's own header."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from culture_ledger.periods import Period, Scope
from culture_ledger.registry import RANK_UNITS, Indicator, Ranking, Registry, RegistryError
from plugins.overview import figures as ov
from plugins.overview import reports
from tests.overview_support import TODAY, ledger  # noqa: F401 (ledger: a fixture)
from tests.screen_words import code_words

STAFFING = {"staffing_quota_use", "staffing_key_field_share", "staffing_over_quota", "staffing_vacancies"}


@pytest.fixture(scope="module")
def demo(demo_office_copy):
    """The demo office on the built-in plugins only, and the year it has recorded so far."""
    from culture_ledger.ledger import Ledger

    led = Ledger(Registry.load(entry_point_group=None), url=demo_office_copy("demo"))
    office = demo_office_copy.office()
    yield led, Scope.between(office.start, office.today)
    led.close()


def recomputed(rank: Ranking, rows: list[dict]) -> float | None:
    """The declared aggregate of one unit's rows, worked out here again, the long way."""
    if rank.aggregate == "count":
        return len(rows)
    values = [row[rank.measure] for row in rows]
    if rank.aggregate == "rate" and rank.out_of:
        out_of = sum(row[rank.out_of] for row in rows)
        return sum(values) / out_of if out_of else None
    if rank.aggregate == "rate":
        return len([v for v in values if v]) / len(values)
    if rank.aggregate == "latest":
        return values[-1]
    if rank.aggregate == "sum":
        return sum(values)
    return sum(values) / len(values)


def test_every_registered_indicator_ranks_each_unit_once_by_its_declared_aggregate_of_its_own_rows(demo):
    led, scope = demo
    people, institutions = ov.people_ranking(led, scope), ov.institution_ranking(led, scope)
    departments = ov.department_ranking(led, scope)
    ranked = 0
    for ind in led.registry.indicators:
        listed = {"person": people, "institution": institutions}
        if ind.rank is None:
            assert ind.key not in set(people["indicator"]) | set(institutions["indicator"]) | set(
                departments["indicator"]
            ), ind.key
            continue
        ranked += 1
        rank = ind.rank
        assert led.catalog.has("zh", rank.header) and led.catalog.has("en", rank.header), ind.key
        assert not code_words([led.catalog.t("zh", rank.header)]), ind.key
        unit_id, unit_name = RANK_UNITS[rank.unit]
        rows: dict[str, list[dict]] = {}
        for row in ind.ranked_rows(led, scope):
            rows.setdefault(str(row[unit_id]), []).append(row)
        assert rows, f"{ind.key} ranks nothing on the demo office"
        if rank.unit == "department":  # departments compare by the figure itself, which is the declared aggregate
            frame = departments[departments["indicator"] == ind.key]
            by_department = dict(zip(frame["department_id"], frame["value"]))
            for department, found in rows.items():
                assert by_department[department] == pytest.approx(recomputed(rank, found)), (ind.key, department)
            continue
        frame = listed[rank.unit]
        frame = frame[frame["indicator"] == ind.key]
        assert frame["id"].is_unique, f"{ind.key}: a unit is ranked more than once"
        expected = {unit: recomputed(rank, found) for unit, found in rows.items()}
        assert set(frame["id"]) == {unit for unit, value in expected.items() if value is not None}, ind.key
        for row in frame.itertuples():
            assert row.value == pytest.approx(expected[row.id]), (ind.key, row.name)
            assert row.name == rows[row.id][-1][unit_name]
        assert list(frame["value"]) == sorted(frame["value"], reverse=True), f"{ind.key} is not ranked highest first"
        assert list(frame["rank"])[0] == 1
        for other, listing in listed.items():
            if other != rank.unit:
                assert ind.key not in set(listing["indicator"]), f"{ind.key} is listed among {other}s"
    assert ranked >= 8  # the team's five and three of the staffing ledger's


def test_the_four_strong_ranking_lists_each_person_once_by_the_average_of_their_four_scores(ledger, office, leader):
    year = str(TODAY.year)

    def score(cadre, period, ideology, others):
        ledger.four_strong.score(
            {
                "cadre_id": cadre,
                "period": period,
                "ideology": ideology,
                "proficiency": others,
                "conduct": others,
                "fairness": others,
                "comment": "年度测评",
            },
            leader,
        )

    # By the first score (思想先进) 王建国 would lead; by the four scores' average he is last.
    score(office.wang, year, 95, 60)
    score(office.wang, f"{year}-H1", 95, 62)
    score(office.li, year, 70, 90)
    score(office.aygul, year, 80, 80)

    people = ov.people_ranking(ledger, Scope(Period.containing("year", TODAY)))
    four = people[people["indicator"] == "four_strong_average"]

    assert list(zip(four["rank"], four["name"], four["value"])) == [
        (1, "李秀英", 85.0),
        (2, "阿依古丽·努尔兰", 80.0),
        (3, "王建国", pytest.approx((68.75 + 70.25) / 2)),  # two evaluations, one row
    ]
    headers, rows, shown = reports.ranking_table(reports.Words(ledger), four)
    assert headers == ["名次", "姓名", "科室", "平均分"]
    assert rows[0][:3] == [1, "李秀英", "办公室"]
    assert shown == "score"


def test_a_persons_place_in_the_four_strong_ranking_opens_the_events_of_each_of_their_evaluations(
    ledger, office, leader
):
    scores = {"ideology": 90, "proficiency": 80, "conduct": 80, "fairness": 80, "comment": "测评"}
    year = str(TODAY.year)
    first = ledger.four_strong.score({"cadre_id": office.wang, "period": year, **scores}, leader)
    second = ledger.four_strong.score({"cadre_id": office.wang, "period": f"{year}-H1", **scores}, leader)
    scope = Scope(Period.containing("year", TODAY))

    events = ov.events_behind_unit(ledger, "four_strong_average", scope, office.wang.hex)

    assert {e["record_id"] for e in events} == {first.hex, second.hex}
    assert {e["record"] for e in events} == {
        f"四强测评 · 王建国 · {year}年 · {TODAY}",
        f"四强测评 · 王建国 · {year}年上半年 · {TODAY}",
    }  # by name
    assert [e["position"] for e in events] == sorted(e["position"] for e in events)


def test_the_notebook_ranks_people_by_their_entries_not_single_entries_by_length(ledger, office, staff, staff_of):
    day = TODAY - timedelta(days=1)

    def note(cadre, title, text, by):
        ledger.notebook.write({"cadre_id": cadre, "occurred_on": day, "title": title, "text": text}, by)

    note(office.wang, "长篇心得", "学" * 3000, staff)  # 王建国: one long entry
    li = staff_of(office.li)
    note(office.li, "第一篇", "短", li)  # 李秀英: two short ones
    note(office.li, "第二篇", "短", li)

    people = ov.people_ranking(ledger, Scope(Period.containing("month", day)))
    notebook = people[people["indicator"] == "notebook_per_cadre"]

    assert list(zip(notebook["rank"], notebook["name"], notebook["value"])) == [(1, "李秀英", 2), (2, "王建国", 1)]
    headers, _, _ = reports.ranking_table(reports.Words(ledger), notebook)
    assert headers[-1] == "学记篇数"


def test_staffing_indicators_rank_institutions_under_their_own_header_never_among_people(demo):
    led, scope = demo

    people = ov.people_ranking(led, scope)
    institutions = ov.institution_ranking(led, scope)

    assert not STAFFING & set(people["indicator"])
    assert not STAFFING & set(ov.department_ranking(led, scope)["indicator"])
    # Every staffing figure that ranks institutions ranks them here; shares have nothing to rank.
    ranked = {i.key for i in led.registry.indicators if i.key.startswith("staffing_") and i.rank is not None}
    assert {"staffing_quota_use", "staffing_over_quota", "staffing_vacancies", "staffing_headcount_growth"} <= ranked
    assert "staffing_key_field_share" not in ranked and "staffing_livelihood_share" not in ranked
    assert set(institutions["indicator"]) == ranked
    assert not ranked & set(people["indicator"])
    vacancies = institutions[institutions["indicator"] == "staffing_vacancies"]
    headers, rows, _ = reports.ranking_table(reports.Words(led), vacancies)
    assert headers == ["名次", "机构", "空编数"]  # no 姓名, no empty 科室
    assert all(isinstance(row[1], str) and row[1] for row in rows)
    assert (institutions["department"] == "").all()


@pytest.mark.slow
def test_the_ranking_sheet_and_section_show_each_rankings_own_headers_and_no_field_names(demo):
    led, scope = demo
    data = ov.overview(led, scope)

    sheet = load_workbook(io.BytesIO(reports.workbook(led, data)))["排名"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not code_words(cells)
    assert {"length", "quota", "value", "measure"}.isdisjoint(cells)
    assert {"平均分", "学记篇数", "达标率", "培训学时", "机构", "空编数", "编制使用率"} <= set(cells)
    person_scores = [
        r[4] for r in sheet.iter_rows() if r[0].value == "四强测评平均分" and isinstance(r[4].value, float)
    ]
    assert person_scores and all(cell.number_format == "#,##0.0" for cell in person_scores)  # a score, one decimal

    document = Document(io.BytesIO(reports.document(led, data)))
    tables = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert ["名次", "姓名", "科室", "平均分"] in tables
    assert ["名次", "机构", "编制使用率"] in tables
    rates = next(t for t in document.tables if t.rows[0].cells[-1].text == "达标率")
    assert rates.rows[1].cells[-1].text.endswith("%")
    assert not code_words([cell.text for table in document.tables for row in table.rows for cell in row.cells])


def test_a_ranking_is_declared_plainly_and_a_malformed_one_is_refused():
    Ranking(unit="person", aggregate="average", measure="average", header="study.evaluation.rank.average")
    for wrong in (
        dict(unit="cadre", aggregate="average", measure="average", header="h"),
        dict(unit="person", aggregate="median", measure="average", header="h"),
        dict(unit="person", aggregate="average", header="h"),  # which field?
        dict(unit="person", aggregate="count", measure="length", header="h"),  # a count counts rows
        dict(unit="person", aggregate="sum", measure="hours", out_of="days", header="h"),
        dict(unit="person", aggregate="sum", measure="hours"),  # no header
    ):
        with pytest.raises(RegistryError):
            Ranking(**wrong)
    with pytest.raises(RegistryError):  # nothing to rank from
        Indicator("k", "t", "d", lambda ledger, scope: 1, rank=Ranking(unit="person", aggregate="count", header="h"))
