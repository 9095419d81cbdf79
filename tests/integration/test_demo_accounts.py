"""The demo accounts: one per role, each a cadre of the office, printed by `make run` while
their demo passwords still work."""

import random

import pytest

from culture_ledger.demo import DemoOffice
from domain import clock
from domain.actor import Actor
from domain.errors import Forbidden
from plugins.accounts.demo import DEMO_ACCOUNTS, demo_banner, seed
from tests.conftest import last_workday

pytestmark = pytest.mark.usefixtures("system_channel")  # the demo accounts are built as the system


def demo_office(ledger, office):
    names = {
        office.wang: ("王建国", office.general),
        office.li: ("李秀英", office.general),
        office.aygul: ("阿依古丽·努尔兰", office.reform),
        office.zhang: ("张伟", office.reform),
    }
    return DemoOffice(
        today=clock.today(),
        weeks=1,
        rng=random.Random(1),
        departments={"办公室": office.general, "行政机构编制科": office.reform},
        cadres=names,
    )


def test_each_demo_role_signs_in_with_its_printed_password(ledger, office):
    demo = demo_office(ledger, office)
    seed(ledger, demo)
    banner = demo_banner(ledger)
    for username, role, _, password in DEMO_ACCOUNTS:
        assert f"{username:<14} password: {password}" in banner
        assert ledger.accounts.authenticate(username, password) == Actor(username, role, "form")
        assert demo.accounts[role] == Actor(username, role, "form")
    assert banner.startswith("Demo accounts (demo data only")


def test_the_demo_staff_member_is_zhang_wei_and_records_only_his_own_study(ledger, office):
    seed(ledger, demo_office(ledger, office))
    staff = Actor("demo-staff", "staff", "form")
    ledger.study.record_study(
        {"cadre_id": office.zhang, "occurred_on": last_workday(), "minutes": 60, "material": "党章"}, staff
    )
    with pytest.raises(Forbidden):
        ledger.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 60, "material": "党章"}, staff
        )


def test_a_changed_demo_password_is_no_longer_printed(ledger, office, admin):
    seed(ledger, demo_office(ledger, office))
    ledger.accounts.reset_password("demo-admin", "a-real-secret-now", admin)
    banner = demo_banner(ledger)
    assert "demo-admin" not in banner and "demo-leader" in banner
    assert "a-real-secret-now" not in banner
