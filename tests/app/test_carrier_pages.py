"""Every carrier page runs under AppTest, for staff and for a leader, on the demo office."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from culture_ledger.registry import Registry
from dashboard.chrome import EVERY_TAB
from domain.actor import Actor

CARRIERS = [p.id for p in Registry.load(entry_point_group=None).carriers]


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("carriers")


def _page(carrier: str, url: str) -> None:
    import os

    os.environ["CULTURE_LEDGER_STORE"] = url
    from dashboard.chrome import ledger

    for page in ledger().registry.plugin(carrier).pages:
        page.render()


def run_page(carrier: str, url: str, actor: Actor, lang: str = "zh") -> AppTest:
    at = AppTest.from_function(_page, args=(carrier, url), default_timeout=30)
    at.session_state["actor"] = actor
    at.session_state[EVERY_TAB] = True  # every tab drawn at once (a page draws its open tab)
    at.session_state["lang"] = lang
    return at.run()


@pytest.mark.parametrize("carrier", CARRIERS)
@pytest.mark.parametrize("actor", [Actor("clerk", "staff"), Actor("director", "leader")], ids=["staff", "leader"])
def test_each_carrier_page_renders_for_staff_and_leaders(carrier, actor, demo_store):
    at = run_page(carrier, demo_store, actor)
    assert not at.exception
    assert at.title[0].value
    shown = " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.title, *at.subheader] if hasattr(e, "value"))
    assert "⟦" not in shown, shown  # no untranslated message


@pytest.mark.parametrize("carrier", CARRIERS)
def test_each_carrier_page_renders_in_english(carrier, demo_store):
    at = run_page(carrier, demo_store, Actor("director", "leader"), lang="en")
    assert not at.exception


def test_a_figure_on_a_carrier_page_opens_the_sessions_it_counts_and_a_session_its_events(demo_store):
    at = run_page("political", demo_store, Actor("director", "leader"))
    sessions = next(m for m in at.metric if m.label == "已确认的政治学习活动")
    at.button(key="carrier_figure_political_sessions__open").click().run()  # its 查看明细
    assert not at.exception
    [records] = [d for d in at.dataframe if d.proto.id.endswith("carrier_figure_political_sessions__records")]
    assert len(records.value) == int(sessions.value) > 0  # the sessions the figure counts, one a row
    assert "活动名称" in records.value.columns

    at.session_state["carrier_figure_political_sessions__records"] = {"selection": {"rows": [0]}}
    at.run()  # one click on the first session
    assert not at.exception
    assert "**该记录的事件（按先后顺序）**" in [m.value for m in at.markdown]
    events = at.dataframe[-1].value
    assert len(events) >= 1  # recorded, and confirmed by a leader


@pytest.mark.slow
def test_a_carrier_page_prints_the_periods_ledger_as_excel_and_pdf(demo_store):
    # The ledger is made on a click (its PDF takes LibreOffice a few seconds), then offered twice.
    at = run_page("political", demo_store, Actor("demo-leader", "leader"))  # the export is logged under a real account
    assert "打印台账" in [e.label for e in at.expander]
    at.button(key="political_records_ledger_make").click().run()

    assert not at.exception
    downloads = {e.proto.label: e.proto for e in at.get("download_button")}
    assert {"下载台账（Excel）", "下载台账（PDF）"} <= set(downloads)
    assert downloads["下载台账（PDF）"].url or downloads["下载台账（PDF）"].data


def test_a_carrier_page_draws_its_open_tab_and_another_when_it_is_opened(demo_store):
    from plugins.carrier.ui import TABS_KEY

    at = AppTest.from_function(_page, args=("political", demo_store), default_timeout=30)
    at.session_state["actor"] = Actor("director", "leader")
    at.run()  # as in a browser: only the open tab (the first, the activities) is drawn
    assert [tab.label for tab in at.tabs] == ["活动台账", "登记活动", "“三争做”承诺与评定", "空白提醒", "统计图表"]
    assert at.selectbox(key="political_records_open")
    assert not [w for w in at.text_input if w.key == "political_new_title"]  # the form's tab is not drawn
    at.session_state[TABS_KEY] = "登记活动"  # the reader opens the form's tab
    at.run()
    assert not at.exception
    assert at.text_input(key="political_new_title").label == "活动名称"
    assert not [w for w in at.selectbox if w.key == "political_records_open"]  # the activities are not drawn now
