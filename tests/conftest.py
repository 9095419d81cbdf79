"""Shared fixtures: a ledger on a temporary SQLite store, actors of each role, a small office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

import pytest

from culture_ledger.ledger import Ledger
from domain.actor import Actor


@pytest.fixture
def store_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"


@pytest.fixture
def ledger(store_url) -> Ledger:
    led = Ledger(url=store_url)
    yield led
    led.close()


@pytest.fixture
def admin() -> Actor:
    return Actor("admin", "admin", "form")


@pytest.fixture
def staff() -> Actor:
    return Actor("clerk", "staff", "form")


@pytest.fixture
def leader() -> Actor:
    return Actor("director", "leader", "form")


@pytest.fixture
def auditor() -> Actor:
    return Actor("inspector", "auditor", "form")


@dataclass
class SmallOffice:
    """Two departments and four cadres: enough to see shares and shortfalls move."""

    general: UUID
    reform: UUID
    wang: UUID
    li: UUID
    aygul: UUID
    zhang: UUID


@pytest.fixture
def office(ledger, admin) -> SmallOffice:
    people = ledger.people
    general = people.register_department({"name": "办公室"}, admin)
    reform = people.register_department({"name": "行政机构编制科"}, admin)
    joined = date.today() - timedelta(days=400)
    cadre = lambda name, dept: people.register_cadre(  # noqa: E731
        {"name": name, "department_id": dept, "position": "科员", "joined_on": joined}, admin)
    return SmallOffice(general, reform, cadre("王建国", general), cadre("李秀英", general),
                       cadre("阿依古丽·努尔兰", reform), cadre("张伟", reform))


def last_workday(before: date | None = None) -> date:
    day = (before or date.today())
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
