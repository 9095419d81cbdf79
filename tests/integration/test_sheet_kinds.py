"""Every kind of sheet an office may bring in, alike: its template's example filled in and imported
becomes the same read-model rows as the same records entered through the forms; a sheet with bad
rows is refused naming the rows, and writes nothing; the same sheet twice writes nothing the
second time. Then what is special to each kind: the 干部花名册 registers a new department with its
cadres; the 学记一本 sheet tells two cadres of one name apart; the 业务培训台账 names each attendee
who is no cadre."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from culture_ledger import sheets
from culture_ledger.registry import Registry
from domain import clock
from tests.conftest import last_workday

DAY = last_workday(clock.today() - timedelta(days=1))
KINDS = [s.key for s in Registry.load().sheets]


# --- entering a row through the form, kind by kind -------------------------------------------


def _enrol_by_hand(ledger, command, by):
    """新增科室 (for a department the roster names that is not registered), then 登记干部."""
    department = command.department_id or ledger.people.register_department(command.department.model_dump(), by)
    ledger.people.register_cadre(
        {
            "name": command.name,
            "department_id": department,
            "position": command.position,
            "joined_on": command.joined_on,
        },
        by,
    )


def _institution_for_the_example(ledger, office, admin):
    """The staffing ledger the 实名制人员名单's example row joins: 阿勒泰地区 with the institution it
    names, room on its administrative quota for the example entered twice (by sheet, by form)."""
    ledger.staffing.register_jurisdiction(
        {"name": "阿勒泰地区", "total_quota": 100, "doc_no": "阿地编〔2019〕1号", "decided_on": "2019-03-01"}, admin
    )
    ledger.staffing.establish(
        {
            "name": "地区机构编制委员会办公室",
            "kind": "administrative",
            "field": "other",
            "administrative_quota": 10,
            "doc_no": "阿地编〔2020〕5号",
            "decided_on": "2020-01-06",
            "reason": "按“三定”方案设立",
            "ideas": ["promote_development"],
        },
        admin,
    )


THROUGH_THE_FORM = {
    "people-roster": _enrol_by_hand,
    "study-daily": lambda ledger, command, by: ledger.study.record_study(command, by),
    "study-notebook": lambda ledger, command, by: ledger.notebook.write(command, by),
    "study-training": lambda ledger, command, by: ledger.training.record_session(command, by),
    "staffing-staff": lambda ledger, command, by: ledger.staffing.hire(command, by),
    **{
        f"{carrier.id}-activities": lambda ledger, command, by: ledger.activities.record(command, by)
        for carrier in Registry.load().carriers
    },
}
"""How the form enters one row's command of each kind (a kind added to the registry says it here)."""

READY = {"staffing-staff": _institution_for_the_example}
"""What a kind's example rows need in the ledger beside the small office (its cadres and
departments), by kind: `READY[key](ledger, office, admin)` runs before the example is imported."""


def ready(ledger, office, admin, kind) -> None:
    if kind.key in READY:
        READY[kind.key](ledger, office, admin)


# --- sheets and what they leave in the read models ---------------------------------------------


def example_rows(ledger, sheet) -> list[list]:
    """The rows of the template's 示例 sheet, as the office would copy them."""
    book = load_workbook(io.BytesIO(sheets.template(ledger, sheet)))
    example = book.worksheets[2]
    assert example.title == "示例"
    return [list(row) for row in example.iter_rows(min_row=2, values_only=True)]


def filled(ledger, sheet, rows: list[list]) -> bytes:
    """The kind's own template, with these rows typed under its header."""
    book = load_workbook(io.BytesIO(sheets.template(ledger, sheet)))
    for row in rows:
        book.worksheets[0].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LOG_INDEX = "event_index"
"""The audit's index of the log: it says how each event came (the import channel, the import's
claim of its file), so it differs from the forms' by design and is checked on its own."""


def read_model(ledger) -> Counter:
    """Every row of every read model of the records (the log's index and the study weeks, sums of the
    entries that a second entry on the same day changes rather than adds to, aside), with record ids given as
    the cadre's or department's name they stand for (else as "a record"), and the moments and log
    positions of writing (`position`, a hire's `hire_position`) left out."""
    named = {r["id"]: f"干部 {r['name']}" for r in ledger.query("SELECT id, name FROM cadres")}
    named |= {r["id"]: f"科室 {r['name']}" for r in ledger.query("SELECT id, name FROM departments")}

    def shown(value):
        if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{32}", value):
            return named.get(value, "a record")
        if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}T\d", value):
            return "a moment"
        return value

    rows: Counter = Counter()
    for plugin in ledger.registry.plugins:
        for projection in plugin.projections:
            for table in set(projection.tables) - {LOG_INDEX, "study_weeks"}:  # weeks: sums of the entries
                for row in ledger.query(f"SELECT * FROM {table}"):  # noqa: S608 - the registry's own table names
                    kept = tuple(
                        sorted((k, shown(v)) for k, v in row.items() if k != "id" and not k.endswith("position"))
                    )
                    rows[(table, kept)] += 1
    return rows


def added(before: Counter, after: Counter) -> Counter:
    assert not before - after, "rows went missing"
    return after - before


@pytest.fixture(params=KINDS)
def kind(request, ledger):
    return ledger.registry.sheet(request.param)


# --- every kind alike ---------------------------------------------------------------------------


def test_every_kind_says_how_its_form_enters_a_row():
    assert set(KINDS) <= set(THROUGH_THE_FORM), "tell THROUGH_THE_FORM how the form enters a row of the new kind"
    assert {"people-roster", "study-daily", "study-notebook", "study-training"} <= set(KINDS)


def test_the_template_example_imported_is_what_the_forms_record(ledger, office, admin, kind):
    ready(ledger, office, admin, kind)
    rows = example_rows(ledger, kind)
    assert rows, f"{kind.key}: the template has no example row"
    data = filled(ledger, kind, rows)
    before = read_model(ledger)
    head = ledger.app.head()
    report = sheets.load(ledger, kind, data, "示例.xlsx", admin.via("import"))
    assert [sheets.worded(ledger, p, "zh") for p in report.problems] == []
    assert report.written == len(rows)
    imported = added(before, read_model(ledger))
    assert imported, f"{kind.key}: the import left nothing in the read models"
    came = ledger.query(f"SELECT DISTINCT channel FROM {LOG_INDEX} WHERE position > ?", (head,))  # noqa: S608
    assert [r["channel"] for r in came] == ["import"]

    preview = sheets.load(ledger, kind, filled(ledger, kind, [*rows, [" "]]), "示例（核对）.xlsx", admin, dry_run=True)
    commands = [r.command for r in preview.rows]
    assert len(commands) == len(rows) and all(c is not None for c in commands)
    middle = read_model(ledger)
    for command in commands:
        THROUGH_THE_FORM[kind.key](ledger, command, admin)
    assert added(middle, read_model(ledger)) == imported


def test_a_sheet_with_bad_rows_is_refused_by_row_and_column_and_writes_nothing(ledger, office, admin, kind):
    ready(ledger, office, admin, kind)
    example = example_rows(ledger, kind)[0]
    required = next(i for i, c in enumerate(kind.columns) if c.required)
    blank = list(example)
    blank[required] = None
    rows, expected = [example, blank], [(3, kind.columns[required].header, "validation.missing")]
    typed = next((i for i, c in enumerate(kind.columns) if c.kind in ("date", "integer", "number")), None)
    if typed is not None:
        wrong = list(example)
        wrong[typed] = "不详"
        rows.append(wrong)
        expected.append((4, kind.columns[typed].header, f"sheets.cell.{kind.columns[typed].kind}"))

    before, head = read_model(ledger), ledger.app.head()
    report = sheets.load(ledger, kind, filled(ledger, kind, rows), "有误.xlsx", admin.via("import"))
    assert [(p.row, p.column, p.key) for p in report.problems] == expected
    lines = [sheets.worded(ledger, p, "zh") for p in report.problems]
    assert [line.split("“")[0] for line in lines] == [f"第 {row} 行" for row, _, _ in expected]
    assert report.written == 0 and ledger.app.head() == head and read_model(ledger) == before
    assert sheets.summary(ledger, report, "zh").endswith("未写入任何记录。请改正后重新导入，或选择只导入无误的行。")


def test_the_same_sheet_twice_writes_nothing_the_second_time(ledger, office, admin, kind):
    ready(ledger, office, admin, kind)
    rows = example_rows(ledger, kind)
    data = filled(ledger, kind, rows)
    assert sheets.load(ledger, kind, data, "示例.xlsx", admin.via("import")).written == len(rows)
    once, head = read_model(ledger), ledger.app.head()

    again = sheets.load(ledger, kind, data, "示例.xlsx", admin.via("import"))
    # the same rows in another file (a copy saved again): each row is found recorded already
    copy = sheets.load(ledger, kind, filled(ledger, kind, [*rows, [" "]]), "示例（副本）.xlsx", admin.via("import"))
    for report in (again, copy):
        assert report.written == 0 and len(report.known) == len(rows)
    assert (
        sheets.summary(ledger, copy, "zh")
        == f"共 {len(rows)} 行：写入 0 行，有误未写入 0 行，此前已登记 {len(rows)} 行。"
    )
    assert ledger.app.head() == head and read_model(ledger) == once


# --- 干部花名册 ----------------------------------------------------------------------------------


def roll(ledger) -> list[tuple]:
    return sorted(
        (r["name"], r["department"], r["position"], r["joined_on"])
        for r in ledger.query(
            "SELECT c.name, d.name AS department, c.position, c.joined_on FROM cadres c "
            "JOIN departments d ON d.id = c.department_id"
        )
    )


def test_the_roster_registers_a_new_department_before_its_cadres_in_the_same_import(ledger, office, admin):
    roster = ledger.registry.sheet("people-roster")
    book = load_workbook(io.BytesIO(sheets.template(ledger, roster)))
    data, choices, _ = book.worksheets
    assert [c.value for c in data[1]] == ["姓名*", "科室*", "职务", "参加工作时间*"]
    assert [c.value for c in choices["B"] if c.value] == ["办公室", "行政机构编制科"]
    (offered,) = [rule for rule in data.data_validations.dataValidation if "B2" in str(rule.sqref)]
    assert not offered.showErrorMessage  # the list is a suggestion: a new department may be typed

    head = ledger.app.head()
    sheet = filled(
        ledger,
        roster,
        [
            ["刘洋", "综合科", "科员", "2018-07-01"],
            ["陈静 ", "综合科", None, "2020年8月1日"],
            ["赵磊", "办公室", "副主任", "2012.7.1"],
        ],
    )
    report = sheets.load(ledger, roster, sheet, "花名册.xlsx", admin.via("import"))
    assert report.problems == [] and report.written == 3
    assert [r["name"] for r in ledger.query("SELECT name FROM departments ORDER BY name")] == [
        "办公室",
        "综合科",
        "行政机构编制科",
    ]
    assert {("刘洋", "综合科", "科员", "2018-07-01"), ("陈静", "综合科", "", "2020-08-01")} < set(roll(ledger))
    assert ("赵磊", "办公室", "副主任", "2012-07-01") in roll(ledger)
    registered = [n.topic for n in ledger.app.read(head) if n.topic.endswith(".Registered")]
    assert registered == ["domain.people:Department.Registered"] + ["domain.people:Cadre.Registered"] * 3

    again = sheets.load(
        ledger, roster, filled(ledger, roster, [["刘洋", "综合科", "科员", "2018-07-01"]]), "又一份.xlsx", admin
    )
    assert (again.written, len(again.known)) == (0, 1)


def test_a_roster_with_a_bad_row_registers_neither_the_new_department_nor_any_cadre(ledger, office, admin):
    roster = ledger.registry.sheet("people-roster")
    sheet = filled(
        ledger,
        roster,
        [
            ["刘洋", "综合科", "科员", "2018-07-01"],
            ["陈静", "综合科", "科员", "下个月"],
            ["赵磊", "综合科", "科员", None],
        ],
    )
    before = roll(ledger)
    report = sheets.load(ledger, roster, sheet, "花名册.xlsx", admin.via("import"))
    assert [sheets.worded(ledger, p, "zh") for p in report.problems] == [
        "第 3 行“参加工作时间”：“下个月”不是日期（可写 2026-11-03、2026.11.3 或 2026年11月3日）",
        "第 4 行“参加工作时间”：必填",
    ]
    assert roll(ledger) == before and ledger.scalar("SELECT COUNT(*) FROM departments WHERE name = '综合科'") == 0


def test_only_an_administrator_imports_the_roster(ledger, office, leader, staff):
    roster = ledger.registry.sheet("people-roster")
    assert sheets.kinds_for(ledger.registry.sheets, "leader") and roster not in sheets.kinds_for(
        ledger.registry.sheets, "leader"
    )
    sheet = filled(ledger, roster, [["刘洋", "办公室", "科员", "2018-07-01"]])
    for who in (leader, staff):
        report = sheets.load(ledger, roster, sheet, "花名册.xlsx", who.via("import"))
        assert [sheets.worded(ledger, p, "zh") for p in report.problems] == ["第 2 行：您无权执行此操作。"]
    assert "刘洋" not in {r[0] for r in roll(ledger)}


# --- 学记一本登记表 ------------------------------------------------------------------------------


def pages(ledger) -> list[tuple]:
    return sorted(
        (r["name"], r["occurred_on"], r["kind"], r["title"])
        for r in ledger.query(
            "SELECT c.name, n.occurred_on, n.kind, n.title FROM notebook_entries n "
            "JOIN cadres c ON c.id = n.cadre_id WHERE n.withdrawn = 0"
        )
    )


def test_a_notebook_name_two_cadres_share_is_refused_naming_both_until_the_department_tells_them_apart(
    ledger, office, admin
):
    notebook = ledger.registry.sheet("study-notebook")
    ledger.people.register_cadre(
        {"name": "王建国", "department_id": office.reform, "position": "科员", "joined_on": DAY}, admin
    )
    row = ["王建国", None, DAY.isoformat(), "心得体会", "学习条例的体会", "依规办事。"]
    report = sheets.load(ledger, notebook, filled(ledger, notebook, [row]), "学记.xlsx", admin.via("import"))
    assert [sheets.worded(ledger, p, "zh") for p in report.problems] == [
        "第 2 行“姓名”：“王建国”对应多名干部：王建国（办公室）、王建国（行政机构编制科）。请在“科室”列写明所在科室"
    ]
    assert pages(ledger) == []
    told = ["王建国", "行政机构编制科", DAY.isoformat(), "心得体会", "学习条例的体会", "依规办事。"]
    assert sheets.load(ledger, notebook, filled(ledger, notebook, [told]), "学记.xlsx", admin).written == 1
    cadre = ledger.scalar("SELECT cadre_id FROM notebook_entries")
    assert cadre != office.wang.hex and pages(ledger) == [("王建国", DAY.isoformat(), "reflection", "学习条例的体会")]


def test_a_staff_member_imports_only_their_own_notebook_pages(ledger, office, staff):
    notebook = ledger.registry.sheet("study-notebook")
    sheet = filled(
        ledger,
        notebook,
        [
            ["王建国", None, DAY.isoformat(), None, "学习笔记一", "摘录。"],
            ["李秀英", None, DAY.isoformat(), None, "学习笔记二", "摘录。"],
        ],
    )
    report = sheets.load(ledger, notebook, sheet, "学记.xlsx", staff.via("import"))
    assert [(p.row, p.key) for p in report.problems] == [(3, "error.not_own_cadre")] and pages(ledger) == []
    mine = sheets.load(ledger, notebook, sheet, "学记.xlsx", staff.via("import"), accept_valid=True)
    assert mine.written == 1 and pages(ledger) == [("王建国", DAY.isoformat(), "note", "学习笔记一")]


# --- 业务培训台账 --------------------------------------------------------------------------------


def attendance(ledger) -> list[tuple]:
    return sorted(
        (r["title"], r["name"], r["department"])
        for r in ledger.query(
            "SELECT s.title, c.name, d.name AS department FROM training_sessions s "
            "JOIN training_attendance a ON a.session_id = s.id JOIN cadres c ON c.id = a.cadre_id "
            "JOIN departments d ON d.id = c.department_id WHERE s.withdrawn = 0"
        )
    )


def test_an_attendee_who_is_no_cadre_is_refused_by_name_and_the_session_is_not_written(ledger, office, admin):
    training = ledger.registry.sheet("study-training")
    row = ["条例解读", "本机关", "机关内部培训", DAY.isoformat(), None, 2, None, "王建国、赵六 张伟，钱七"]
    report = sheets.load(ledger, training, filled(ledger, training, [row]), "培训台账.xlsx", admin.via("import"))
    assert [sheets.worded(ledger, p, "zh") for p in report.problems] == [
        "第 2 行“参训人员”：没有名为“赵六”的在职干部",
        "第 2 行“参训人员”：没有名为“钱七”的在职干部",
    ]
    assert ledger.scalar("SELECT COUNT(*) FROM training_sessions") == 0


def test_two_attendees_of_one_name_are_told_apart_by_the_department_in_brackets(ledger, office, admin):
    training = ledger.registry.sheet("study-training")
    ledger.people.register_cadre(
        {"name": "王建国", "department_id": office.reform, "position": "科员", "joined_on": DAY}, admin
    )
    row = ["条例解读", "本机关", "机关内部培训", DAY.isoformat(), None, 2, None, "王建国、张伟"]
    report = sheets.load(ledger, training, filled(ledger, training, [row]), "培训台账.xlsx", admin.via("import"))
    assert [sheets.worded(ledger, p, "zh") for p in report.problems] == [
        "第 2 行“参训人员”：“王建国”对应多名干部：王建国（办公室）、王建国（行政机构编制科）。"
        "请在姓名后用括号写明科室，如“王建国（科室）”"
    ]
    row[-1] = "王建国（行政机构编制科）、张伟、李秀英 (办公室)"
    report = sheets.load(ledger, training, filled(ledger, training, [row]), "培训台账.xlsx", admin.via("import"))
    assert report.problems == [] and report.written == 1
    assert attendance(ledger) == [
        ("条例解读", "张伟", "行政机构编制科"),
        ("条例解读", "李秀英", "办公室"),
        ("条例解读", "王建国", "行政机构编制科"),
    ]
    assert ledger.scalar("SELECT end_on FROM training_sessions") == DAY.isoformat()  # one day: no end date typed


def test_a_staff_member_imports_a_session_only_they_attended(ledger, office, staff):
    training = ledger.registry.sheet("study-training")
    sheet = filled(
        ledger,
        training,
        [
            ["条例解读", "本机关", "机关内部培训", DAY.isoformat(), None, 2, None, "王建国"],
            ["公文写作", "本机关", "机关内部培训", DAY.isoformat(), None, 2, None, "王建国、李秀英"],
        ],
    )
    report = sheets.load(ledger, training, sheet, "培训台账.xlsx", staff.via("import"))
    assert [(p.row, p.key) for p in report.problems] == [(3, "error.not_own_cadre")] and attendance(ledger) == []
