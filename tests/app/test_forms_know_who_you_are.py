"""Forms know who is signed in: a staff member records for themself and their department with no
picker to get wrong, a leader's picker starts empty, the tables under a form list the signed-in
person's own records first; after every action the page says what was done and shows the new
state at once; and a submission that arrives twice is recorded once."""

from __future__ import annotations

from datetime import timedelta

from domain import clock
from domain.actor import Actor
from tests.app.pages import run_page
from tests.conftest import last_workday

LEADER = Actor("director", "leader")


def study_events(ledger) -> list:
    return [n for n in ledger.app.read(0, 100_000) if n.topic.endswith("StudyEntry.Recorded")]


def fill_study(at, material: str, minutes: int = 60) -> None:
    at.number_input(key="study_minutes").set_value(minutes)
    at.text_input(key="study_material").input(material)


def submit(at) -> None:
    next(b for b in at.button if b.form_id.startswith("record_study_")).click().run()
    assert not at.exception, at.exception


def test_zhang_wei_sees_his_own_name_with_no_picker_records_and_finds_his_entry_first(
    store_url, ledger, office, staff_of
):
    zhang = staff_of(office.zhang)
    ledger.study.record_study(  # an older sitting of his, and a newer one of a colleague's
        {
            "cadre_id": office.zhang,
            "occurred_on": last_workday() - timedelta(days=7),
            "minutes": 30,
            "material": "党章",
        },
        zhang,
    )
    ledger.study.record_study(
        {"cadre_id": office.aygul, "occurred_on": clock.today(), "minutes": 60, "material": "改革方案"},
        staff_of(office.aygul),
    )

    at = run_page("study-record", store_url, zhang)

    assert "study_cadre" not in [s.key for s in at.selectbox]  # nobody else to choose
    assert at.text_input(key="study_cadre_own").value == "张伟（行政机构编制科）"
    fill_study(at, "《机构编制工作条例》")
    submit(at)

    assert not at.error, [e.value for e in at.error]
    assert [toast.value for toast in at.toast] == ["已记录。"]
    table = at.dataframe[0].value
    assert table["姓名"].tolist() == ["张伟", "张伟"]  # only his own, the new one first
    assert table["学习内容"].tolist()[0] == "《机构编制工作条例》"
    assert at.text_input(key="study_material").value == ""  # the form is ready for the next sitting


def test_a_leaders_picker_starts_empty_and_the_table_lists_their_own_entries_first(
    store_url, ledger, office, staff_of, admin
):
    ledger.accounts.link("director", admin, cadre_id=office.li)  # the director is 李秀英
    ledger.study.record_study(
        {"cadre_id": office.li, "occurred_on": last_workday() - timedelta(days=7), "minutes": 45, "material": "党章"},
        staff_of(office.li),
    )
    ledger.study.record_study(
        {"cadre_id": office.aygul, "occurred_on": clock.today(), "minutes": 60, "material": "改革方案"},
        staff_of(office.aygul),
    )

    at = run_page("study-record", store_url, LEADER)

    picker = at.selectbox(key="study_cadre")
    assert picker.value is None
    assert picker.placeholder == "请选择干部（可输入姓名查找）"
    assert at.dataframe[0].value["姓名"].tolist() == ["李秀英", "阿依古丽·努尔兰"]  # her own first, though older


def test_after_confirming_an_activity_the_page_says_so_and_shows_it_confirmed(store_url, ledger, office, staff):
    activity = ledger.activities.record(
        {
            "carrier": "political",
            "kind": "education_session",
            "title": "家庭美德教育",
            "occurred_on": clock.today(),
            "department_id": office.general,
            "expected": 10,
            "present": 9,
            "absentees": ["李秀英"],
            "details": {"theme": "family_virtue"},
        },
        staff,
    )
    at = run_page("political", store_url, LEADER)
    assert "待审核" in at.dataframe[0].value["状态"].tolist()

    next(b for b in at.button if b.label == "确认").click().run()

    assert not at.exception and not at.error
    assert [toast.value for toast in at.toast] == ["已确认。"]
    assert at.dataframe[0].value["状态"].tolist() == ["已确认"]  # the table, at once
    assert ledger.scalar("SELECT review FROM activities WHERE id = ?", (activity.hex,)) == "confirmed"


def test_the_same_study_submission_arriving_twice_is_recorded_once(store_url, ledger, office, staff_of):
    at = run_page("study-record", store_url, staff_of(office.zhang))
    key = at.session_state["_submission.record_study"]
    fill_study(at, "《中国共产党章程》")
    submit(at)
    assert len(study_events(ledger)) == 1
    assert at.session_state["_submission.record_study"] != key  # the next drawing is a new submission

    # The same submission again (a second click that was already on its way, a resent request).
    at.session_state["_submission.record_study"] = key
    at.run()
    fill_study(at, "《中国共产党章程》")
    submit(at)

    assert not at.error, [e.value for e in at.error]
    assert [toast.value for toast in at.toast] == ["这份表单已经提交过，没有重复记录。"]
    assert len(study_events(ledger)) == 1
