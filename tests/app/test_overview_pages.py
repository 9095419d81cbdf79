"""The leaders' overview under Streamlit's AppTest: it runs, it keeps its filters, a record
confirmed elsewhere reaches it on the next refresh, and it hands out the period report."""

import pytest
from streamlit.testing.v1 import AppTest

from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from domain import clock
from domain.actor import Actor
from tests.overview_support import activity, fake_registry


def overview_script():
    from plugins.overview import pages as overview

    overview.render()


@pytest.fixture
def app(store_url, monkeypatch, office):
    """The overview page of a server on the test's store, whose carriers accept the fake kind."""
    base = Registry.load
    monkeypatch.setattr(Registry, "load", classmethod(lambda cls, *a, **k: fake_registry(base(*a, **k))))
    monkeypatch.setenv("CULTURE_LEDGER_STORE", store_url)
    at = AppTest.from_function(overview_script, default_timeout=60)
    at.session_state["actor"] = Actor("director", "leader")
    return at


@pytest.fixture
def elsewhere(store_url, app):
    """Another process writing to the same store (a staff member's browser, say)."""
    led = Ledger(url=store_url)  # the registry with the fake kind, as the app's
    yield led
    led.close()


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def gap_label(at, title):
    return next(e.label for e in at.expander if e.label.startswith(title))


def test_the_overview_runs_for_a_leader_and_shows_every_part(app):
    app.run()
    assert not app.exception
    assert "达标率" in [m.label for m in app.metric]
    assert [s.value for s in app.subheader][:1] == ["主要指标"]
    assert {"载体覆盖", "排名", "短板清单", "工作总结材料"} <= {s.value for s in app.subheader}


def test_a_record_confirmed_elsewhere_reaches_the_open_overview_without_losing_its_filters(
    app, elsewhere, office, staff, leader
):
    app.session_state["ov_period"] = "day"
    app.run()
    department = app.selectbox(key="ov_department")
    department.set_value(office.general.hex).run()
    assert metric(app, "达标率") == "无数据"  # nobody has recorded study today yet: no data, not 0%
    carriers = len(elsewhere.registry.carriers)
    assert f"· {carriers} 项" in gap_label(app, "本季度在某一载体下没有已确认活动的科室")  # one per carrier

    elsewhere.study.record_study(
        {"cadre_id": office.wang, "occurred_on": clock.today(), "minutes": 60, "material": "党章", "mode": "self"},
        staff,
    )
    activity(
        elsewhere, staff, carrier="innovation", department=office.general, occurred_on=clock.today(), confirm_by=leader
    )
    app.run()  # what the fragment's timer does every few seconds

    assert not app.exception
    assert metric(app, "达标率") == "50%"  # one of the department's two cadres
    assert f"· {carriers - 1} 项" in gap_label(app, "本季度在某一载体下没有已确认活动的科室")
    assert app.session_state["ov_period"] == "day"
    assert app.selectbox(key="ov_department").value == office.general.hex


def test_a_custom_period_with_every_filter_set_still_draws(app, office):
    app.session_state["ov_period"] = "custom"
    app.session_state["ov_carrier"] = "innovation"
    app.session_state["ov_idea"] = "support_talent"
    app.session_state["ov_department"] = office.reform.hex
    app.run()
    assert not app.exception
    assert "达标率" in [m.label for m in app.metric]


@pytest.mark.slow
def test_the_leader_makes_the_period_report_gets_both_downloads_and_the_same_as_pdf_on_request(app, ledger):
    app.run()
    app.button(key="ov_make_report").click().run()
    assert not app.exception
    assert app.session_state["ov_report"]["xlsx"][:2] == b"PK"
    assert app.session_state["ov_report"]["docx"][:2] == b"PK"
    assert any("报告已生成" in s.value for s in app.success)
    ledger.catch_up()  # the auditors see who exported the report, and for which period
    [export] = ledger.access_log.records(what="export:overview-report")
    assert export["account"] == "director" and '"period"' in export["detail"]

    assert "下载 PDF 文档" not in [e.proto.label for e in app.get("download_button")]  # made only when asked
    app.button(key="ov_make_pdf").click().run()  # the Word document, converted by LibreOffice

    assert not app.exception
    assert app.session_state["ov_report"]["pdf"][:5] == b"%PDF-"
    assert "下载 PDF 文档" in [e.proto.label for e in app.get("download_button")]


def test_staff_are_not_shown_the_overview(app):
    app.session_state["actor"] = Actor("clerk", "staff")
    app.run()
    assert not app.exception
    assert [w.value for w in app.warning] == ["您无权执行此操作。"]
    assert not app.metric


def test_an_unchanged_log_is_not_counted_again_on_refresh_nor_after_an_auditors_visits(
    app, elsewhere, office, staff_of, auditor, monkeypatch
):
    from plugins.overview import figures as overview

    computed = []
    real = overview.overview
    monkeypatch.setattr(overview, "overview", lambda *a, **k: computed.append(k.get("parts")) or real(*a, **k))
    app.run()
    first = len(computed)
    assert first == 2  # the live figures, and the rankings
    app.run()
    app.run()
    assert len(computed) == first

    for page in ("page:audit-events", "page:audit-integrity"):  # each visit leaves an access record in the log
        elsewhere.access_log.record(auditor, page)
    app.run()
    assert len(computed) == first

    elsewhere.study.record_study(
        {"cadre_id": office.li, "occurred_on": clock.today(), "minutes": 30, "material": "党章", "mode": "self"},
        staff_of(office.li),
    )
    app.run()
    assert len(computed) == 2 * first


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_string_on_the_overview_is_translated(app, language, elsewhere, office, staff_of, leader):
    activity(
        elsewhere,
        staff_of(office.zhang),
        carrier="integrity",
        department=office.reform,
        occurred_on=clock.today(),
        confirm_by=leader,
    )
    app.session_state["lang"] = language
    app.run()
    assert not app.exception
    shown = [
        e.value for kind in ("title", "subheader", "caption", "markdown", "info", "success") for e in getattr(app, kind)
    ]
    shown += [m.label for m in app.metric] + [x.label for x in app.expander] + [b.label for b in app.button]
    shown += [s.label for s in app.selectbox]
    assert shown and not [s for s in shown if "⟦" in str(s)]


def figure_records(at, key):
    """The table of records a figure opened (its dialog holds one table; the rest of the page, others)."""
    return next(d for d in at.dataframe if d.proto.id.endswith(f"{key}__records"))


def test_a_figure_opens_its_records_and_one_click_on_a_record_shows_its_events(app, elsewhere, office, staff):
    elsewhere.study.record_study(
        {"cadre_id": office.wang, "occurred_on": clock.today(), "minutes": 60, "material": "党章", "mode": "self"},
        staff,
    )
    app.session_state["ov_period"] = "day"
    app.run()
    assert "查看明细" in [b.label for b in app.button]  # under every figure

    app.button(key="ov_figure_study_compliance__open").click().run()  # 达标率's 查看明细
    assert not app.exception
    cadres = figure_records(app, "ov_figure_study_compliance").value
    assert "姓名" in cadres.columns  # the cadres the rate counts, under readable headers
    assert f"共 {len(cadres)} 条记录。点击一行，查看它的事件。" in [c.value for c in app.caption]
    assert "**该记录的事件（按先后顺序）**" not in [m.value for m in app.markdown]

    wang = list(cadres["姓名"]).index("王建国")
    app.session_state["ov_figure_study_compliance__records"] = {"selection": {"rows": [], "cells": [[wang, "姓名"]]}}
    app.run()  # one click on a cell of 王建国's row
    assert not app.exception
    assert "**该记录的事件（按先后顺序）**" in [m.value for m in app.markdown]
    events = app.dataframe[-1].value
    assert len(events) == 1 and "党章" in " ".join(map(str, events.iloc[0]))  # her day's study entry

    app.run()  # the live refresh keeps the figure open, and the record chosen
    assert figure_records(app, "ov_figure_study_compliance")
    assert "**该记录的事件（按先后顺序）**" in [m.value for m in app.markdown]

    app.button(key="ov_figure_study_compliance__close").click().run()
    assert not app.exception
    assert not [d for d in app.dataframe if d.proto.id.endswith("__records")]
