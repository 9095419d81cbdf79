"""The sixth carrier from outside (志愿服务) in a real browser: the dashboard is served with the
carrier's package only on PYTHONPATH (found through its entry point, as pip would install it), a
staff member signs in, finds it among the carriers in the sidebar and records an activity on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import dashboard_on
from tests.browser.dashboard import ActivityForm
from tests.outside_carrier import install, outside_carrier  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("outside_carrier")]
PASSWORD = "Zhiyuan-Fuwu-2026"


@pytest.fixture
def server(ledger, store_url, office, admin, tmp_path):
    """The dashboard on the test's store, with the outside carrier installed for its process; the
    clerk (staff of 办公室, tests/conftest.py) has a password to sign in with."""
    ledger.accounts.reset_password("clerk", PASSWORD, admin)
    with dashboard_on(store_url, install(tmp_path / "site")) as url:
        yield url


def test_staff_find_the_outside_carrier_among_the_carriers_and_record_a_volunteering_activity(page, server, ledger):
    carrier = ActivityForm(page, server)
    page.goto(server)
    carrier.sign_in("clerk", PASSWORD)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link", name="志愿服务")).to_be_visible()
    expect(nav.get_by_role("link", name="政治坚定")).to_be_visible()  # with the built-in carriers
    head = ledger.app.head()

    carrier.go_to("志愿服务")
    expect(carrier.heading("志愿服务")).to_be_visible()
    carrier.record(
        kind="社区志愿服务",
        title="社区义务清扫",
        department="办公室",
        expected=3,
        present=2,
        absentees="李秀英",
        content="清扫红墩社区街巷，宣传垃圾分类。",
    )

    expect(carrier.said("已记录并提交领导审核。")).to_be_visible()
    assert ledger.app.head() > head  # written to the log
    row = carrier.recorded("社区义务清扫")
    assert (row["类型"], row["科室"], row["实到/应到"], row["状态"]) == ("社区志愿服务", "办公室", "2/3", "待审核")
