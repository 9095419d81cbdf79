"""Where an imported record came from: every event a sheet's row writes is recorded through the
import channel naming the file (its name and SHA-256) and the row, and the auditors read it in
Chinese; events recorded before rows named their file decode as ever. A carrier's ledger printed
to Excel at the command line imports into another office's store as the same activities; the
printing and the import are both in the access record, as a download from the page is."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from uuid import UUID

from openpyxl import load_workbook

from culture_ledger import sheets
from culture_ledger.cli import main
from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor, Origin
from event_store.transcodings import ActorAsDict
from plugins.audit.words import EventWords
from tests.conftest import create_fixture_accounts, last_workday
from tests.screen_words import code_words

DAY = last_workday(clock.today() - timedelta(days=1))


def study_sheet(ledger, rows: list[list]) -> bytes:
    book = load_workbook(io.BytesIO(sheets.template(ledger, ledger.registry.sheet("study-daily"))))
    for row in rows:
        book.worksheets[0].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def first_event(ledger, record_id):
    return next(iter(ledger.app.events.get(UUID(str(record_id)))))


def test_each_imported_row_is_recorded_as_coming_from_its_file_and_row(ledger, office, admin):
    data = study_sheet(
        ledger,
        [
            ["王建国", None, DAY.isoformat(), 60, "自学", "《机构编制工作条例》", None],
            [None] * 7,  # an empty row: skipped, yet the rows below keep their numbers
            ["李秀英", None, DAY.isoformat(), 45, "自学", "《中国共产党章程》", None],
        ],
    )
    report = sheets.load(ledger, ledger.registry.sheet("study-daily"), data, "十一月签到表.xlsx", admin)
    by_form = ledger.study.record_study(
        {"cadre_id": office.zhang, "occurred_on": DAY, "minutes": 30, "material": "《条例》"}, admin
    )

    recorded = [first_event(ledger, i).by for i in report.record_ids]
    digest = sheets.sha256(data)
    assert recorded == [
        Actor("admin", "admin", "import", Origin("十一月签到表.xlsx", digest, 2)),
        Actor("admin", "admin", "import", Origin("十一月签到表.xlsx", digest, 4)),
    ]
    assert first_event(ledger, by_form).by.origin is None  # a form's record names no file

    words = EventWords(ledger, "zh")
    said = words.origin(recorded[1])
    assert said == f"导入表格《十一月签到表.xlsx》第 4 行（文件指纹 SHA-256 {digest[:12]}…）"
    assert code_words([said]) == {} and words.origin(Actor("admin", "admin")) == ""


def test_an_actor_stored_before_rows_named_their_file_decodes_with_none():
    stored_before = {"account": "demo-admin", "role": "admin", "channel": "import"}
    assert ActorAsDict().decode(dict(stored_before)) == Actor("demo-admin", "admin", "import")
    assert ActorAsDict().encode(Actor("demo-admin", "admin", "import")) == stored_before  # stored as ever
    with_origin = Actor("demo-admin", "admin", "import", Origin("表.xlsx", "ab" * 32, 7))
    assert ActorAsDict().decode(json.loads(json.dumps(ActorAsDict().encode(with_origin)))) == with_origin


def activity(office, title: str, **over) -> dict:
    return {
        "carrier": "political",
        "kind": "education_session",
        "title": title,
        "occurred_on": DAY,
        "department_id": office.general,
        "place": "三楼会议室",
        "organiser": "王建国",
        "expected": 3,
        "present": 2,
        "absentees": ["李秀英"],
        "agenda": "传达精神；交流发言",
        "content": "逐段学习全会公报",
        "outcome": "撰写心得 2 篇",
        "ideas": ["promote_development", "support_talent"],
        "details": {"theme": "ideals"},
        **over,
    }


SAME = (
    "title, kind, occurred_on, place, organiser, expected, present, absentees, ideas, agenda, content, outcome, "
    "details, review, d.name AS department"
)


def activities(ledger) -> list[dict]:
    ledger.catch_up()
    return ledger.query(
        f"SELECT {SAME} FROM activities a JOIN departments d ON d.id = a.department_id "
        "WHERE carrier = 'political' ORDER BY title"
    )


def test_a_carriers_ledger_printed_to_excel_imports_into_a_fresh_store_as_the_same_activities(
    capsys, store_url, ledger, office, admin, tmp_path
):
    ledger.activities.record(activity(office, "学习党的二十届三中全会精神"), admin)
    ledger.activities.record(
        activity(office, "观看警示教育片", present=3, absentees=[], details={"theme": "professional_ethics"}), admin
    )
    printed = activities(ledger)
    ledger.close()

    out = tmp_path / "政治坚定活动台账.xlsx"
    code = main(["--store", store_url, "report", "--ledger", "政治坚定", "--on", DAY.isoformat(), "--out", str(out)])
    capsys.readouterr()
    assert code == 0
    header = [c.value for c in load_workbook(out).active[3]]

    fresh = Ledger(url=f"sqlite:///{tmp_path / 'another-office.sqlite3'}")
    try:
        create_fixture_accounts(fresh)
        fresh.people.register_department({"name": "办公室"}, admin)
        kind = fresh.registry.sheet("political-activities")
        expected = [fresh.catalog.t("zh", c.header) + ("*" if c.required else "") for c in kind.columns]
        assert header[: len(expected)] == expected  # the template's headers, in its order
        assert header[len(expected) :] == ["佐证材料份数", "状态"]  # the ledger's own, after them

        report = sheets.load(fresh, kind, out.read_bytes(), out.name, admin)
        assert [sheets.worded(fresh, p, "zh") for p in report.problems] == []
        assert report.written == 2 and activities(fresh) == printed
    finally:
        fresh.close()

    again = Ledger(url=store_url)
    try:
        exported = again.access_log.records(what="export:ledger:political")
        assert len(exported) == 1 and exported[0]["channel"] == "cli"
        words = EventWords(again, "zh")
        assert words.access(exported[0]["what"]) == "导出打印台账：政治坚定"
        assert "文件：政治坚定活动台账.xlsx" in words.access_detail(json.loads(exported[0]["detail"]))
    finally:
        again.close()
