"""Every audit page runs under AppTest for the demo auditor, on a store with corrections in it."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from domain.actor import Actor
from tests.integration.audit_log import ledger, record_weeks  # noqa: F401 (fixture)


def page_app(page: str) -> AppTest:
    # The page runs as Streamlit runs it; the store comes from CULTURE_LEDGER_STORE.
    return AppTest.from_string(f"import plugins.audit.pages as pages\npages.{page}()\n", default_timeout=60)


@pytest.fixture
def busy(ledger, office, staff, leader, staff_of, store_url, monkeypatch, tmp_path):
    ledger.made = record_weeks(ledger, office, staff, leader, staff_of, days=4)
    monkeypatch.setenv("CULTURE_LEDGER_STORE", store_url)
    monkeypatch.setenv("CULTURE_LEDGER_CHECKPOINTS", str(tmp_path / "checkpoints"))
    return ledger


def run(page: str) -> AppTest:
    at = page_app(page)
    at.session_state["actor"] = Actor("inspector", "auditor")
    return at.run()


def test_the_event_browser_pages_through_the_log_and_shows_an_event_in_full(busy):
    at = run("events_page")
    assert not at.exception
    assert at.dataframe[0].value.shape[0] == min(50, busy.app.head())
    at.selectbox(key="audit_topic").select("日学一时学习已更正").run()  # the event type by its name
    assert not at.exception
    assert at.dataframe[0].value.shape[0] == 1
    fields = dict(at.dataframe[1].value.itertuples(index=False))  # what the event holds, field by field
    assert fields["原因"] == "误填为90分钟" and fields["学习时长（分钟）"] == "45"
    assert not at.code  # the stored event, for checking, is drawn once its expander is opened
    at.session_state["audit_event_stored"] = True
    at.run()
    record_id, stored = (c.value for c in at.code)
    assert json.loads(stored)["reason"] == "误填为90分钟" and len(record_id) == 32  # the record, by its id


def test_the_event_browser_pages_by_position_forwards_back_and_by_jumping(busy, monkeypatch):
    import plugins.audit.pages as pages

    monkeypatch.setattr(pages, "PAGE", 10)
    at = run("events_page")
    at.radio(key="audit_order").set_value("oldest").run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == list(range(1, 11))
    at.button(key="audit_next").click().run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == list(range(11, 21))
    at.button(key="audit_prev").click().run()
    assert at.dataframe[0].value.iloc[0, 0] == 1
    at.number_input(key="audit_jump").set_value(17).run()
    assert at.dataframe[0].value.iloc[0, 0] == 17
    at.radio(key="audit_order").set_value("newest").run()
    assert at.dataframe[0].value.iloc[0, 0] == busy.app.head()
    assert not at.exception


def test_record_history_shows_who_amended_a_study_entry_and_why(busy, leader):
    at = page_app("record_page")
    at.session_state["actor"] = Actor("inspector", "auditor")
    at.session_state["audit_record_input"] = busy.made["amended_study"].hex
    at.run()
    assert not at.exception
    texts = " ".join(t.value for t in at.text)
    assert (
        "误填为90分钟" in texts and f"{leader.account}（领导 · 网页）" in texts
    )  # who (by the name the account has), role and channel in words
    changes = at.dataframe[1].value  # the newest version first after the summary
    assert list(changes.iloc[0]) == ["学习时长（分钟）", "90", "45"]


def test_record_history_lists_recently_corrected_records(busy):
    at = run("record_page")
    assert not at.exception
    pick = at.selectbox(key="audit_record_pick")
    [option] = pick.options  # the record by what it is, its title and date; what was done, by whom
    assert option.startswith("日学一时 · ") and "党章" in option and "日学一时学习已更正 · director" in option
    pick.set_value(busy.made["amended_study"].hex).run()
    assert not at.exception
    assert at.text_input(key="audit_record_input").value == busy.made["amended_study"].hex
    assert "误填为90分钟" in " ".join(t.value for t in at.text)


def test_time_travel_shows_the_figures_then_beside_today(busy):
    at = run("time_travel_page")
    assert not at.exception
    at.segmented_control(key="audit_tt_by").set_value("position").run()
    at.number_input(key="audit_tt_position").set_value(busy.app.head() - 5).run()
    assert not at.exception
    assert len(at.metric) == 6


def test_time_travels_indicators_read_as_the_overviews_cards(demo_office_copy, monkeypatch, tmp_path):
    """On the demo office, last month's end beside today: a share in per cent, a count to one decimal at
    most (2.4 notebook entries a cadre, never 2.35484)."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", demo_office_copy("audit_time_travel"))
    monkeypatch.setenv("CULTURE_LEDGER_CHECKPOINTS", str(tmp_path / "checkpoints"))
    at = page_app("time_travel_page")
    at.session_state["actor"] = Actor("demo-auditor", "auditor")
    at.run()
    assert not at.exception, at.exception
    [indicators] = [d for d in at.dataframe if "指标" in d.value.columns]
    rows = dict(zip(indicators.value["指标"], indicators.value["今天"], strict=True))
    assert re.fullmatch(r"\d+(\.\d)?", rows["人均学记篇数"]) and rows["达标率"].endswith("%")
    cells = [str(c) for column in ("当时", "今天") for c in indicators.value[column]]
    assert not [c for c in cells if re.fullmatch(r"-?[\d,]*\.\d{2,}", c)]


def test_the_integrity_page_verifies_the_log_and_checks_a_kept_digest(busy):
    at = run("integrity_page")
    assert not at.exception
    kept = json.loads(at.code[0].value)
    assert kept["position"] == busy.app.head()
    at.button(key="audit_verify").click().run()
    assert not at.exception
    # every event re-hashed; the verification's own access record is written after it, before the result shows
    assert at.success and str(busy.app.head() - 1) in at.success[0].value


def test_the_integrity_page_prepares_an_export_of_a_range(busy, tmp_path):
    from event_store.exchange import check_file

    at = run("integrity_page")
    at.number_input(key="audit_export_from").set_value(1)
    at.button(key="audit_export_go").click().run()
    assert not at.exception
    name, data = at.session_state["audit_export"]
    (tmp_path / name).write_bytes(data)  # one file, as the command line writes it
    info = check_file(tmp_path / name)
    assert name == f"ledger-1-{info['count']}.zip" and info["count"] >= busy.app.head() - 2  # page visits since


def test_the_integrity_page_names_the_position_of_a_changed_event(busy, store_url):
    import sqlite3

    with sqlite3.connect(store_url[len("sqlite:///") :]) as db:
        [position] = db.execute(
            "SELECT rowid FROM stored_events WHERE topic LIKE '%StudyEntry.Recorded' ORDER BY rowid LIMIT 1"
        ).fetchone()  # a study entry, after the accounts
        state = db.execute("SELECT state FROM stored_events WHERE rowid=?", (position,)).fetchone()[0]
        db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (bytes(state).replace(b"self", b"solo"), position))
    at = run("integrity_page")
    at.button(key="audit_verify").click().run()
    assert not at.exception
    assert str(position) in at.error[0].value and "事件被改动" in at.error[0].value
    at.run()  # the report stays on the page without verifying again
    assert at.error and not at.success


def test_the_integrity_page_checks_the_read_models_against_the_log_and_names_a_changed_row(busy, store_url):
    import sqlite3

    at = run("integrity_page")
    at.button(key="audit_readmodels_run").click().run()
    assert not at.exception
    assert any("核对通过" in s.value for s in at.success)
    # Someone with the database in hand sets a study entry's minutes to a whole day.
    with sqlite3.connect(store_url[len("sqlite:///") :]) as db:
        [entry] = db.execute("SELECT id FROM study_entries ORDER BY id LIMIT 1").fetchone()
        db.execute("UPDATE study_entries SET minutes = 1440 WHERE id = ?", (entry,))
    at.button(key="audit_readmodels_run").click().run()
    assert not at.exception
    assert any("核对未通过" in e.value for e in at.error)
    said = at.code[-1].value
    assert f"study_entries 表中键为 {entry} 的一行，minutes 列现有值为 1440" in said
