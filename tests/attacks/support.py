"""What the attack stories share: a small office on a fresh store, with a record of each common kind."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor
from tests.conftest import create_fixture_accounts, last_workday

ADMIN = Actor("admin", "admin", "form")
LEADER = Actor("director", "leader", "form")
STAFF = Actor("clerk", "staff", "form")


def open_office(url: str) -> tuple[Ledger, list[UUID]]:
    """A ledger with the fixture accounts, two departments, two cadres (the clerk is 王建国), a day's
    study and a submitted activity; the ids of all of them (what an attack may aim at)."""
    ledger = Ledger(url=url)
    create_fixture_accounts(ledger)
    general = ledger.people.register_department({"name": "办公室"}, ADMIN)
    reform = ledger.people.register_department({"name": "行政机构编制科"}, ADMIN)
    joined = clock.today() - timedelta(days=400)
    wang = ledger.people.register_cadre(
        {"name": "王建国", "department_id": general, "position": "科员", "joined_on": joined}, ADMIN
    )
    li = ledger.people.register_cadre({"name": "李秀英", "department_id": reform, "joined_on": joined}, ADMIN)
    ledger.accounts.link("clerk", ADMIN, cadre_id=wang)
    day = last_workday()
    entry = ledger.study.record_study(
        {"cadre_id": wang, "occurred_on": day, "minutes": 30, "material": "党章", "mode": "self"}, STAFF
    )
    activity = ledger.activities.record(
        {
            "carrier": "political",
            "kind": "education_session",
            "title": "理想信念教育",
            "occurred_on": day,
            "department_id": general,
            "expected": 1,
            "present": 1,
            "details": {"theme": "ideals"},
        },
        STAFF,
    )
    return ledger, [general, reform, wang, li, entry, activity]
