"""An auditor reads the log in words: every event by its name, every record by what it is and
its date, everyone by name, every payload as labelled fields; never a class name, a record id,
a username or JSON. On the demo office, in Chinese."""

import pytest

from culture_ledger.ledger import Ledger
from domain.actor import Actor
from domain.errors import InvalidCommand
from tests.app.pages import every_text, run_page
from tests.screen_words import code_words

AUDITOR = Actor("demo-auditor", "auditor", "form")


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("demo", weeks=3)


def test_the_auditor_pages_through_the_event_browser_and_reads_no_code_word(demo_store):
    at = run_page("audit-events", demo_store, AUDITOR)
    assert not at.exception
    assert code_words(every_text(at)) == {}
    shown = at.dataframe[0].value
    assert "王建国" in set(shown["操作人"]) and "领导" in set(shown["角色"])  # who by name, the role in words
    at.button(key="audit_next").click().run()  # the next page reads as well
    assert not at.exception and code_words(every_text(at)) == {}


@pytest.mark.parametrize("event", ["政治坚定·活动已登记", "日学一时学习已登记", "四强测评已评分", "人员已入编"])
def test_the_auditor_opens_an_event_and_reads_its_fields_in_words(demo_store, event):
    at = run_page("audit-events", demo_store, AUDITOR)
    topics = at.selectbox(key="audit_topic")
    wanted = next(o for o in topics.options if event.split("·")[-1] == o)  # the type by its own name
    topics.select(wanted).run()
    assert not at.exception
    assert any(event in option for option in at.selectbox(key="audit_event").options)
    assert len(at.dataframe) >= 2  # the event's fields, and its record's versions around it
    assert code_words(every_text(at)) == {}
    assert [e.label for e in at.expander] == ["供核对：记录编号、链哈希与原始内容"]  # id and JSON, for who needs them


def test_the_auditor_reads_the_history_of_a_corrected_record_in_words(demo_store):
    at = run_page("audit-record", demo_store, AUDITOR)
    assert not at.exception and code_words(every_text(at)) == {}
    from plugins.audit.queries import corrected_records

    ledger = Ledger(url=demo_store)
    corrected = [r["originator_id"] for r in corrected_records(ledger)]
    ledger.close()
    assert len(at.selectbox(key="audit_record_pick").options) == len(corrected) > 3
    for record in corrected[:3]:
        at.selectbox(key="audit_record_pick").set_value(record).run()
        assert not at.exception
        assert len(at.dataframe) >= 2  # the versions, and what each changed
        assert code_words(every_text(at)) == {}


def test_the_access_record_says_what_was_done_with_its_parameters_labelled(demo_store):
    run_page("audit-events", demo_store, AUDITOR)
    at = run_page("access-log", demo_store, AUDITOR)
    assert not at.exception
    assert code_words(every_text(at)) == {}
    shown = at.dataframe[0].value
    assert "打开页面：事件浏览" in set(shown["访问内容"])
    assert any(d.startswith("起始日期") and "截止日期" in d for d in shown["范围"])
    assert "胡晓东" in set(shown["访问人"])  # the demo auditor, by name


def test_the_access_record_filters_by_kind_and_exports_what_it_shows(demo_store):
    from io import BytesIO

    from openpyxl import load_workbook

    from plugins.audit.queries import corrected_records

    ledger = Ledger(url=demo_store)
    [record] = [r["originator_id"] for r in corrected_records(ledger)][:1]
    ledger.access_log.attempt("demo-staff", "login:failed", "password", reason="login_failed")
    ledger.access_log.attempt("demo-staff", "login:locked_out", "password", reason="locked_out")
    ledger.close()
    at = run_page("audit-record", demo_store, AUDITOR)
    at.selectbox(key="audit_record_pick").set_value(record).run()
    at = run_page("access-log", demo_store, AUDITOR)
    kinds = at.selectbox(key="access_kind")
    assert {"登录失败", "账户锁定", "查看记录历史", "时间回溯", "导出日志", "完整性校验", "备份"} <= set(kinds.options)
    kinds.set_value("login_failed").run()
    shown = at.dataframe[0].value
    assert list(shown["访问人"]) == ["张伟"] and list(shown["类别"]) == ["登录失败"]  # the person by name
    assert list(shown["范围"]) == ["原因 用户名或密码错误；登录方式 用户名和密码"]
    at.selectbox(key="access_kind").set_value("history").run()
    histories = list(at.dataframe[0].value["范围"])
    assert histories and all(h.startswith("记录 ") for h in histories)  # each record by its name, never its id
    assert code_words(every_text(at)) == {}

    at.button(key="access_export").click().run()
    assert not at.exception
    _, xlsx, csv = at.session_state["access_export_made"]
    sheet = load_workbook(BytesIO(xlsx)).active
    assert [c.value for c in sheet[1]][:3] == ["日志位置", "时间（北京时间）", "访问人"]
    rows = len(histories) + 1  # the header and the rows shown
    assert sheet.max_row == rows and csv.decode("utf-8-sig").count("\n") == rows
    ledger = Ledger(url=demo_store)
    assert ledger.access_log.records(kind="export")[0]["what"] == "export:access-log"  # the export itself, recorded
    with pytest.raises(InvalidCommand) as refused:  # a kind the filter does not offer is refused, not a crash
        ledger.access_log.records(kind="管理员")
    assert refused.value.errors == [("kind", "validation.literal_error", {})]
    ledger.close()


def test_the_provenance_events_table_names_events_records_and_people(demo_store):
    from plugins.overview import figures as ov

    ledger = Ledger(url=demo_store)
    try:
        [activity] = ledger.query(
            "SELECT id FROM activities WHERE carrier = 'political' AND review = 'confirmed' LIMIT 1"
        )
        events = ov.events_behind(ledger, activity["id"], "zh")
        assert [e["type"] for e in events][:1] == ["政治坚定·活动已登记"]
        shown = [str(v) for e in events for k, v in e.items() if not k.endswith("_id")]
        assert code_words(shown) == {}
        assert all(e["record_id"] == activity["id"].replace("-", "") for e in events)  # the id stays for a caller
    finally:
        ledger.close()
