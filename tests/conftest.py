"""Shared fixtures: a ledger on a temporary store, actors of each role, a small office.

Tests under tests/integration/ run once per backend (`[sqlite]` and `[postgresql]`): the
`backend` fixture is parametrized for them, and `store_url` gives a fresh SQLite file or a
fresh PostgreSQL database (copied from a template) for each test. Elsewhere the backend is
SQLite unless a test asks with `@pytest.mark.backends("sqlite", "postgresql")`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from argon2 import PasswordHasher, profiles

from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor

BACKENDS = ("sqlite", "postgresql")
BOTH_BACKENDS_UNDER = ("integration",)


def pytest_configure(config) -> None:
    # A translation whose placeholders do not match what the code passes fails the test that shows it.
    os.environ["CULTURE_LEDGER_STRICT_I18N"] = "1"
    config.addinivalue_line(
        "markers",
        "backends(*names): the store backends this test runs on (default: both under tests/integration/, else sqlite)",
    )


def pytest_generate_tests(metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    if marker is not None:
        names = marker.args
    elif any(part in BOTH_BACKENDS_UNDER for part in metafunc.definition.path.parent.parts):
        names = BACKENDS
    else:
        return
    metafunc.parametrize("backend", names, indirect=True)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster for the whole session, with an empty ledger as template.

    Never skipped: if PostgreSQL cannot start, the tests that need it fail with the reason.
    """
    from tests.pg import Cluster

    cluster = Cluster().start()
    try:
        template = cluster.create_database("ledger_template")
        Ledger(url=cluster.url(template)).close()  # the library's and the read models' tables, once
        cluster.template = template
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def store_url(backend, tmp_path, request) -> str:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
        return
    cluster = request.getfixturevalue("postgres")
    # A PostgreSQL store has no folder of its own: keep its evidence files and time-travel
    # checkpoints in the test's folder rather than ./data, shared by every test and run.
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
    monkeypatch.setenv("CULTURE_LEDGER_CHECKPOINTS", str(tmp_path / "checkpoints"))
    name = cluster.create_database(template=cluster.template)
    yield cluster.url(name)
    cluster.drop_database(name)


OPERATOR = Actor("pytest@cli", "admin", "cli")
"""The operator at the command line: bootstraps the first fixture account (the administrator)."""

FIXTURE_ACCOUNTS = (("admin", "admin"), ("clerk", "staff"), ("director", "leader"), ("inspector", "auditor"))
"""The accounts behind the actor fixtures: every write is checked against its account."""


def create_fixture_accounts(led: Ledger) -> None:
    # argon2's own test profile: the same algorithm and checks, a fraction of the cost.
    led.accounts.hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    # The operator bootstraps the first administrator; the command line then acts as that account.
    by = OPERATOR
    for username, role in FIXTURE_ACCOUNTS:
        led.accounts.create({"username": username, "display_name": username, "roles": [role]}, by)
        if role == "admin":
            by = Actor(username, "admin", "cli")


@pytest.fixture
def ledger(store_url) -> Ledger:
    led = Ledger(url=store_url)
    create_fixture_accounts(led)
    yield led
    led.close()


class DemoCopies:
    """`demo_office_copy(name, weeks=None)`: the URL of a fresh SQLite store holding the demo office
    (`seed_demo(Ledger(url=...), weeks=weeks)`), in a folder of its own with its evidence files;
    `demo_office_copy.office(weeks)`: the `DemoOffice` that seeding returned (its ids are the copies').

    Each worker seeds the demo once per `weeks` and copies the store's folder for every module that
    asks: a module gets its own store, as if it had seeded it, without waiting for the seeding again."""

    def __init__(self, tmp_path_factory) -> None:
        self.tmp_path_factory = tmp_path_factory
        self.seeded: dict[int | None, tuple[Path, object]] = {}

    def _seeded(self, weeks: int | None) -> tuple[Path, object]:
        from culture_ledger.demo import seed_demo

        if weeks not in self.seeded:
            folder = self.tmp_path_factory.mktemp(f"demo-office-{weeks or 'default'}")
            led = Ledger(url=f"sqlite:///{folder / 'ledger.sqlite3'}")
            office = seed_demo(led, weeks=weeks)
            led.close()
            self.seeded[weeks] = (folder, office)
        return self.seeded[weeks]

    def __call__(self, name: str, weeks: int | None = None) -> str:
        folder, _ = self._seeded(weeks)
        target = self.tmp_path_factory.mktemp(name)
        shutil.copytree(folder, target, dirs_exist_ok=True)
        return f"sqlite:///{target / 'ledger.sqlite3'}"

    def office(self, weeks: int | None = None):
        return self._seeded(weeks)[1]


@pytest.fixture(scope="session")
def demo_office_copy(tmp_path_factory) -> DemoCopies:
    """See `DemoCopies`."""
    return DemoCopies(tmp_path_factory)


@pytest.fixture
def import_channel():
    """The story brings the paper ledger's past records in: the `import` channel is open while it
    runs, as inside an import (`culture_ledger.sheets.load`); anywhere else it is refused."""
    from culture_ledger.ledger import channel_open

    with channel_open("import"):
        yield


@pytest.fixture
def system_channel():
    """The story is the system's scheduled job (the reminders): the `system` channel is open while it runs."""
    from culture_ledger.ledger import channel_open

    with channel_open("system"):
        yield


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


@pytest.fixture
def staff_of(ledger, admin):
    """The staff account of a cadre (made on first use): staff record only their own entries."""
    made: dict[UUID, Actor] = {}

    def account(cadre_id: UUID) -> Actor:
        if cadre_id not in made:
            username = f"staff-{cadre_id.hex[:8]}"
            ledger.accounts.create(
                {"username": username, "display_name": username, "roles": ["staff"], "cadre_id": cadre_id}, admin
            )
            made[cadre_id] = Actor(username, "staff", "form")
        return made[cadre_id]

    return account


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
        {"name": name, "department_id": dept, "position": "科员", "joined_on": joined}, admin
    )
    office = SmallOffice(
        general,
        reform,
        cadre("王建国", general),
        cadre("李秀英", general),
        cadre("阿依古丽·努尔兰", reform),
        cadre("张伟", reform),
    )
    if ledger.accounts.access.account("clerk") is not None:
        ledger.accounts.link("clerk", admin, cadre_id=office.wang)  # the staff fixture is 王建国, of 办公室
    return office


def last_workday(before: date | None = None) -> date:
    from plugins.calendar.queries import national

    day = before or clock.today()
    while not national(day).working:
        day -= timedelta(days=1)
    return day
