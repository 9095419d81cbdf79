"""Late entries (补录) on the auditors' pages of the demo office: the event browser filters them,
each flagged with its delay in working days; the event view and the record history flag them with
their rule, and say which time is 记录时间 and which 写入时间. In Chinese, without a code word."""

from datetime import date

import pytest

from culture_ledger.demo_history import LATE_SHEETS
from culture_ledger.ledger import Ledger
from domain.actor import Actor
from plugins.late.queries import late_entries
from tests.app.pages import every_text, run_page
from tests.screen_words import code_words

AUDITOR = Actor("demo-auditor", "auditor", "form")


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("late")


def test_the_auditor_filters_the_event_browser_to_late_entries_each_flagged_with_its_delay(demo_store):
    at = run_page("audit-events", demo_store, AUDITOR, "zh")
    assert not at.dataframe[0].value["补录"].astype(bool).all()  # unfiltered: most entries were on time
    at.checkbox(key="audit_late").check().run()
    assert not at.exception
    frame = at.dataframe[0].value
    led = Ledger(url=demo_store)
    try:
        late = late_entries(led)
    finally:
        led.close()
    assert list(frame["位置"]) == sorted((r["position"] for r in late), reverse=True)[:50]
    assert all(f.startswith("补录 · 迟 ") and f.endswith(" 个工作日") for f in frame["补录"])
    # The event shown below the list (the newest late entry): its flag, why it is late, which time is which.
    warnings = [w.value for w in at.warning]
    assert any("补录 · 迟" in w and "日学一时应在所述日期后 1 个工作日内写入" in w for w in warnings)
    assert any("写入时间" in c.value and "记录时间" in c.value for c in at.caption)
    assert code_words(every_text(at)) == {}


def test_the_record_history_of_a_late_entry_flags_it_and_shows_when_each_version_was_appended(demo_store):
    led = Ledger(url=demo_store)
    try:
        entry = late_entries(led)[0]
    finally:
        led.close()
    at = run_page("audit-record", demo_store, AUDITOR, "zh")
    at.text_input(key="audit_record_input").input(entry["originator_id"]).run()
    assert not at.exception
    assert any(w.value.startswith(f"补录 · 迟 {entry['delay']} 个工作日") for w in at.warning)
    summary = at.dataframe[0].value
    assert "写入时间（北京时间）" in summary.columns and "记录时间（北京时间）" in summary.columns
    assert code_words(every_text(at)) == {}


def test_the_study_record_page_flags_the_staff_members_own_late_entries(demo_store):
    at = run_page("study-record", demo_store, Actor("demo-staff", "staff", "form"), "zh")
    assert not at.exception
    recent = at.dataframe[0].value
    flagged = {str(day) for day, late in zip(recent["日期"], recent["补录"]) if late}
    # 张伟's own newest entries: the one of a day whose sheet came late is flagged, the others not.
    assert flagged and all(date.fromisoformat(d).toordinal() % LATE_SHEETS == 0 for d in flagged)
    assert set(recent["补录"]) == {"", "补录 · 迟 4 个工作日"}
