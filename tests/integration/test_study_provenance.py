"""Issue 7, provenance of the study-compliance figure: the leader opens the cadres behind it,
and from one cadre's row the events behind it: that cadre's study entries of the period,
corrections included, not anybody else's and not another period's."""

from datetime import timedelta

import pytest

from culture_ledger.periods import Period, Scope
from plugins.overview import figures as ov
from tests.conftest import last_workday

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

WEEK = Period.containing("week", last_workday() - timedelta(days=7))
EARLIER = Period.containing("week", WEEK.start - timedelta(days=7))


def sheets(ledger, by, cadre, window, minutes=60):
    """A week of one cadre's study sheets, imported by the administrator; their entry ids by day."""
    days = [window.start + timedelta(days=i) for i in range(7) if (window.start + timedelta(days=i)).weekday() < 5]
    ids = ledger.study.record_study_batch(
        [
            {
                "cadre_id": cadre,
                "occurred_on": d,
                "minutes": minutes,
                "material": "《机构编制工作条例》",
                "mode": "self",
            }
            for d in days
        ],
        by,
    )
    return dict(zip(days, ids))


def test_the_events_behind_a_cadres_compliance_row_are_that_cadres_study_entries_of_the_period(
    ledger, office, admin, leader
):
    importer = admin.via("import")
    wang = sheets(ledger, importer, office.wang, WEEK)
    sheets(ledger, importer, office.wang, EARLIER)  # 王建国's week before: another period
    sheets(ledger, importer, office.li, WEEK, minutes=30)  # 李秀英, the same week, short of the hour
    monday = min(wang)
    ledger.study.amend_study(wang[monday], {"minutes": 45, "reason": "误将45分钟填为60分钟"}, leader)
    filters = Scope(WEEK)

    rows = {r["name"]: r for r in ov.records_behind(ledger, "study_compliance", filters)}
    assert not rows["王建国"]["meets"]  # one day corrected to 45 minutes
    assert rows["王建国"]["minutes"] == 60 * (len(wang) - 1) + 45

    events = ov.events_behind_row(ledger, "study_compliance", filters, rows["王建国"]["id"])
    assert {e["record_id"] for e in events} == {i.hex for i in wang.values()}  # his entries of this week, and only them
    assert sorted(e["type"] for e in events) == ["日学一时学习已更正"] + ["日学一时学习已登记"] * len(wang)
    amended = next(e for e in events if e["type"] == "日学一时学习已更正")
    assert amended["actor"] == f"{leader.account}（领导 · 网页）" and "原因：误将45分钟填为60分钟" in amended["payload"]
    assert all(e["record"].startswith("日学一时 · ") for e in events)  # each record by what it is, not its id
    positions = [e["position"] for e in events]
    assert positions == sorted(positions) and all(isinstance(p, int) for p in positions)  # in log order

    li = ov.events_behind_row(ledger, "study_compliance", filters, rows["李秀英"]["id"])
    assert len(li) == len(wang) and not {e["record_id"] for e in li} & {e["record_id"] for e in events}
    assert ov.events_behind_row(ledger, "study_compliance", filters, rows["张伟"]["id"]) == []  # studied nothing


def test_a_figure_whose_rows_are_records_still_shows_the_rows_own_events(ledger, office, admin):
    importer = admin.via("import")
    sheets(ledger, importer, office.wang, WEEK)
    notebook = ledger.notebook.write_batch(
        [
            {
                "cadre_id": office.wang,
                "occurred_on": WEEK.start,
                "kind": "note",
                "title": "学习笔记",
                "text": "每天坚持自学一小时。",
                "study_entry_id": None,
            }
        ],
        importer,
    )
    rows = ov.records_behind(ledger, "notebook_per_cadre", Scope(WEEK))
    behind = [r for r in rows if r["id"] in {str(i) for i in notebook} | {i.hex for i in notebook}]
    assert behind, rows
    events = ov.events_behind_row(ledger, "notebook_per_cadre", Scope(WEEK), behind[0]["id"])
    assert [e["type"] for e in events] == ["学习笔记已登记"]
