"""The sixth carrier from outside (志愿服务), installed only through its entry point, on the
dashboard under AppTest: it is in the navigation wherever the carriers are, its page (the carrier
kit's skeleton) records an activity, and the overview and the event browser offer it in their
carrier filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from domain import clock
from domain.actor import Actor
from tests.app.pages import run_page
from tests.outside_carrier import outside_carrier  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("outside_carrier")

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
ACCOUNTS = {"staff": "clerk", "leader": "director", "auditor": "inspector", "admin": "admin"}
STAFF, LEADER, AUDITOR = (Actor(ACCOUNTS[role], role, "form") for role in ("staff", "leader", "auditor"))


def _dashboard(app_path):
    import runpy

    runpy.run_path(app_path, run_name="__main__")


def dashboard(store_url: str, role: str, monkeypatch) -> AppTest:
    """The whole app (navigation built per role from the registry), signed in as `role`."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", store_url)
    at = AppTest.from_function(_dashboard, args=(APP,), default_timeout=60)
    at.session_state["actor"] = Actor(ACCOUNTS[role], role, "form")
    return at.run()


def record_a_service(ledger, office, *, confirm: bool = True) -> str:
    activity = ledger.activities.record(
        {
            "carrier": "volunteer",
            "kind": "community_service",
            "title": "敬老院义务理发",
            "occurred_on": clock.today(),
            "department_id": office.general,
            "expected": 2,
            "present": 2,
            "ideas": ["serve_livelihood"],
            "details": {"service_hours": 3, "served": 25},
        },
        STAFF,
    )
    if confirm:
        ledger.activities.confirm(activity, LEADER)
    return activity.hex


@pytest.mark.parametrize("role", ACCOUNTS)
def test_the_outside_carrier_is_in_the_navigation_of_every_role_that_sees_the_carriers(
    ledger, store_url, role, monkeypatch
):
    at = dashboard(store_url, role, monkeypatch)
    assert not at.exception
    pages = at.session_state["_pages"]
    built_in = [p for p in ledger.registry.carriers if p.id != "volunteer"]
    sees_carriers = any(page.path in pages for p in built_in for page in p.pages)
    assert ("volunteer" in pages) == sees_carriers
    assert sees_carriers  # every role sees the carriers today
    assert pages["volunteer"].title == "志愿服务"


def test_the_home_page_leads_to_the_outside_carrier_with_the_others(ledger, office, store_url, monkeypatch):
    at = dashboard(store_url, "staff", monkeypatch)
    assert not at.exception
    links = [link.label for link in at.get("page_link")]
    assert links[-1] == "志愿服务"
    assert len(links) == len(ledger.registry.carriers)


def test_staff_record_a_volunteering_activity_on_its_page(ledger, office, store_url):
    at = run_page("volunteer", store_url, STAFF)
    assert not at.exception
    assert at.title[0].value == "志愿服务"
    assert "志愿服务活动" in [m.label for m in at.metric]

    at.text_input(key="volunteer_new_title").input("社区义务植树")
    assert at.text_input(key="volunteer_new_department_own").value == "办公室"  # the staff member's own
    at.number_input(key="volunteer_new_expected").set_value(3)
    at.number_input(key="volunteer_new_present").set_value(2)
    at.text_area(key="volunteer_new_absentees").input("李秀英")
    at.number_input(key="volunteer_new_community_service_hours").set_value(4.0)
    at.number_input(key="volunteer_new_community_service_served").set_value(60)
    next(b for b in at.button if b.form_id.startswith("volunteer_new_form_")).click().run()

    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert "已记录并提交领导审核。" in [toast.value for toast in at.toast]
    [row] = ledger.query("SELECT carrier, kind, title, present, absentees, details, review FROM activities")
    assert (row["carrier"], row["kind"], row["title"], row["present"], row["review"]) == (
        "volunteer",
        "community_service",
        "社区义务植树",
        2,
        "submitted",
    )
    assert '"service_hours": 4.0' in row["details"] and '"served": 60' in row["details"]


def test_the_overview_offers_the_outside_carrier_in_its_filter_and_draws_it_on_the_heatmap(ledger, office, store_url):
    record_a_service(ledger, office)
    at = run_page("overview", store_url, LEADER)
    assert not at.exception
    carrier = at.selectbox(key="ov_carrier")
    assert carrier.options[-1] == "志愿服务"
    heatmaps = [json.dumps(json.loads(chart.proto.spec), ensure_ascii=False) for chart in at.get("vega_lite_chart")]
    assert sum("志愿服务" in spec for spec in heatmaps) == 2  # a column of both heatmaps (departments and ideas)

    carrier.set_value("volunteer").run()
    assert not at.exception
    assert {"志愿服务活动", "志愿服务时长"} <= {m.label for m in at.metric}
    assert "达标率" in [m.label for m in at.metric]  # the team's figures stay; the other carriers' go
    assert not {"创新建议", "政治学习出勤率"} & {m.label for m in at.metric}


def test_the_event_browser_offers_the_outside_carrier_in_its_filter(ledger, office, store_url):
    record_a_service(ledger, office)
    at = run_page("audit-events", store_url, AUDITOR)
    assert not at.exception
    carrier = at.selectbox(key="audit_carrier")
    assert "志愿服务" in carrier.options

    carrier.set_value("volunteer").run()
    assert not at.exception
    events = at.dataframe[0]  # the page of the log (the chosen event's neighbours follow)
    assert all(name.startswith("志愿服务·") for name in events.value["事件"])  # each event named by its carrier
    assert {"敬老院义务理发" in record for record in events.value["记录"]} == {True}  # the record by its title
