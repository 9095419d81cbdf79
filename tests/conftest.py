"""Shared fixtures: a ledger on a temporary store, actors of each role, a small office.

Tests under tests/integration/ run once per backend (`[sqlite]` and `[postgresql]`): the
`backend` fixture is parametrized for them, and `store_url` gives a fresh SQLite file or a
fresh PostgreSQL database (copied from a template) for each test. Elsewhere the backend is
SQLite unless a test asks with `@pytest.mark.backends("sqlite", "postgresql")`.
"""

from __future__ import annotations

import fcntl
import os
import pickle
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


class CheapHasher(PasswordHasher):
    """argon2id with its own test profile (`profiles.CHEAPEST`) unless parameters are given: the same
    algorithm, encoding and checks as the product's, a fraction of the cost (the product's default
    costs about a second of a loaded core per password, and every demo sets four)."""

    def __init__(self, *args, **kwargs) -> None:
        if not args and not kwargs:
            p = profiles.CHEAPEST
            kwargs = dict(
                time_cost=p.time_cost,
                memory_cost=p.memory_cost,
                parallelism=p.parallelism,
                hash_len=p.hash_len,
                salt_len=p.salt_len,
                type=p.type,
            )
        super().__init__(*args, **kwargs)


def pytest_configure(config) -> None:
    # A translation whose placeholders do not match what the code passes fails the test that shows it.
    os.environ["CULTURE_LEDGER_STRICT_I18N"] = "1"
    # Every account service made in this process hashes with the test profile (demo accounts too);
    # a dashboard or command started as a process of its own keeps the product's (and, at a first
    # sign-in to a store made here, rehashes the password with it, as after a change of parameters).
    import plugins.accounts.services

    plugins.accounts.services.PasswordHasher = CheapHasher
    config.addinivalue_line(
        "markers",
        "backends(*names): the store backends this test runs on (default: both under tests/integration/, else sqlite)",
    )


def pytest_collection_modifyitems(config, items) -> None:
    """Under xdist (`make test`: two workers, a module on one) the modules holding stories marked `slow`
    go first, the most such stories first, then the others, the larger first: a story of half a minute
    left to the end keeps one worker busy while the other has nothing left to do. Within a module the
    order stays as written. The xdist option `--no-loadscope-reorder` (pyproject.toml) makes the workers
    take the modules in this order (by default it sorts them by their number of tests alone).
    The browser stories, one process and one at a time, keep their order."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    modules: dict[str, list] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def weight(tests: list) -> tuple[int, int]:
        return (-sum(1 for t in tests if t.get_closest_marker("slow")), -len(tests))

    items[:] = [item for _, tests in sorted(modules.items(), key=lambda m: weight(m[1])) for item in tests]


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
    with_accounts = "fixture_accounts_made" in request.fixturenames  # see `fixture_accounts_made`
    template = accounts_template(cluster) if with_accounts else cluster.template
    name = cluster.create_database(template=template)
    url = cluster.url(name)
    if with_accounts:
        MADE_WITH_ACCOUNTS.add(url)
    yield url
    MADE_WITH_ACCOUNTS.discard(url)
    cluster.drop_database(name)


OPERATOR = Actor("pytest@cli", "admin", "cli")
"""The operator at the command line: bootstraps the first fixture account (the administrator)."""

FIXTURE_ACCOUNTS = (("admin", "admin"), ("clerk", "staff"), ("director", "leader"), ("inspector", "auditor"))
"""The accounts behind the actor fixtures: every write is checked against its account."""


def create_fixture_accounts(led: Ledger) -> None:
    # argon2's own test profile: the same algorithm and checks, a fraction of the cost.
    led.accounts.hasher = CheapHasher()
    # The operator bootstraps the first administrator; the command line then acts as that account.
    by = OPERATOR
    for username, role in FIXTURE_ACCOUNTS:
        led.accounts.create({"username": username, "display_name": username, "roles": [role]}, by)
        if role == "admin":
            by = Actor(username, "admin", "cli")


@pytest.fixture(scope="session")
def sqlite_with_accounts(tmp_path_factory) -> Path:
    """A SQLite store holding the `ledger` fixture's accounts, made once per worker (see `ledger`)."""
    path = tmp_path_factory.mktemp("with-accounts") / "ledger.sqlite3"
    led = Ledger(url=f"sqlite:///{path}")
    create_fixture_accounts(led)
    led.close()
    return path


MADE_WITH_ACCOUNTS: set[str] = set()
"""The PostgreSQL stores `store_url` made from `accounts_template` (for a test that asks for `fixture_accounts_made`)."""


def accounts_template(cluster) -> str:
    """A template database holding the fixture accounts (`FIXTURE_ACCOUNTS`), made once per worker from the
    empty ledger's: a test's database copied from it holds what `create_fixture_accounts` would write."""
    if getattr(cluster, "accounts", None) is None:
        name = cluster.create_database("ledger_accounts_template", template=cluster.template)
        led = Ledger(url=cluster.url(name))
        try:
            create_fixture_accounts(led)
        finally:
            led.close()  # a template database takes no connection
        cluster.accounts = name
    return cluster.accounts


@pytest.fixture
def fixture_accounts_made(store_url, request) -> bool:
    """Whether the test's store already holds the fixture accounts (`FIXTURE_ACCOUNTS`), so that a fixture
    opening a ledger on it must not create them again. Asking for it is what makes it so: `store_url`
    then makes a PostgreSQL store from `accounts_template`, and a SQLite store, still empty and unopened,
    is filled here with a copy of one holding them (`with_fixture_accounts`)."""
    return store_url in MADE_WITH_ACCOUNTS or with_fixture_accounts(store_url, request)


def with_fixture_accounts(store_url: str, request) -> bool:
    """Fill the test's SQLite store, still empty and unopened, with a copy of one that holds the
    fixture accounts (`FIXTURE_ACCOUNTS`, made once per worker): what `create_fixture_accounts` would
    write, without writing it again for every test. False (nothing done) on PostgreSQL (there
    `store_url` copies the accounts' template in the first place, for a test asking for
    `fixture_accounts_made`) and if the store was opened already."""
    if not store_url.startswith("sqlite:///"):
        return False
    path = Path(store_url[len("sqlite:///") :])
    if any(Path(f"{path}{suffix}").exists() for suffix in ("", "-wal", "-journal")):
        return False
    source = request.getfixturevalue("sqlite_with_accounts")
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{path}{suffix}")
    return True


def holding_fixture_accounts(led: Ledger, made: bool) -> Ledger:
    """The ledger with the fixture accounts: made already (`fixture_accounts_made`), or created now."""
    if made:
        led.accounts.hasher = CheapHasher()
    else:
        create_fixture_accounts(led)
    return led


@pytest.fixture
def ledger(store_url, fixture_accounts_made) -> Ledger:
    """A ledger on the test's store holding the fixture accounts (`FIXTURE_ACCOUNTS`)."""
    led = holding_fixture_accounts(Ledger(url=store_url), fixture_accounts_made)
    yield led
    led.close()


class DemoCopies:
    """`demo_office_copy(name, weeks=None)`: the URL of a fresh SQLite store holding the demo office
    (`seed_demo(Ledger(url=...), weeks=weeks)`), in a folder of its own with its evidence files;
    `demo_office_copy.office(weeks)`: the `DemoOffice` that seeding returned (its ids are the copies').

    The session seeds the demo once per `weeks` and copies the store's folder for every module that
    asks: a module gets its own store, as if it had seeded it, without waiting for the seeding again.
    Under xdist the workers share the seeded folders (`shared_folder`): the first to ask seeds, under a
    lock; the others wait for it and copy."""

    def __init__(self, tmp_path_factory) -> None:
        self.tmp_path_factory = tmp_path_factory
        self.seeded: dict[int | None, tuple[Path, object]] = {}

    def _seeded(self, weeks: int | None) -> tuple[Path, object]:
        if weeks not in self.seeded:
            name = f"demo-office-{weeks or 'default'}"
            shared = shared_folder(self.tmp_path_factory)
            folder, made = shared / name, shared / f"{name}.office"
            with (shared / f"{name}.lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
                if not made.exists():
                    from culture_ledger.demo import seed_demo

                    shutil.rmtree(folder, ignore_errors=True)  # what a seeding that failed left
                    folder.mkdir()
                    led = Ledger(url=f"sqlite:///{folder / 'ledger.sqlite3'}")
                    office = seed_demo(led, weeks=weeks)
                    led.close()
                    partial = made.with_suffix(".partial")
                    partial.write_bytes(pickle.dumps(office))
                    partial.rename(made)
                office = pickle.loads(made.read_bytes())
            self.seeded[weeks] = (folder, office)
        return self.seeded[weeks]

    def __call__(self, name: str, weeks: int | None = None) -> str:
        folder, _ = self._seeded(weeks)
        target = self.tmp_path_factory.mktemp(name)
        shutil.copytree(folder, target, dirs_exist_ok=True)
        return f"sqlite:///{target / 'ledger.sqlite3'}"

    def office(self, weeks: int | None = None):
        return self._seeded(weeks)[1]


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this session's: under xdist, shared by its workers (their base folders' parent)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent / "shared"
    else:
        base = base / "shared"
    base.mkdir(exist_ok=True)
    return base


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


class StaffAccounts:
    """The staff account of a cadre (made on first use): staff record only their own entries."""

    def __init__(self, ledger, admin, made: dict[UUID, Actor] | None = None) -> None:
        self.ledger, self.admin, self.made = ledger, admin, dict(made or {})

    def __call__(self, cadre_id: UUID) -> Actor:
        if cadre_id not in self.made:
            username = f"staff-{cadre_id.hex[:8]}"
            self.ledger.accounts.create(
                {"username": username, "display_name": username, "roles": ["staff"], "cadre_id": cadre_id}, self.admin
            )
            self.made[cadre_id] = Actor(username, "staff", "form")
        return self.made[cadre_id]


@pytest.fixture
def staff_of(ledger, admin):
    """See `StaffAccounts`."""
    return StaffAccounts(ledger, admin)


@dataclass
class SmallOffice:
    """Two departments and four cadres: enough to see shares and shortfalls move."""

    general: UUID
    reform: UUID
    wang: UUID
    li: UUID
    aygul: UUID
    zhang: UUID


def small_office(ledger, admin) -> SmallOffice:
    people = ledger.people
    general = people.register_department({"name": "办公室"}, admin)
    reform = people.register_department({"name": "行政机构编制科"}, admin)
    joined = clock.today() - timedelta(days=400)
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


@pytest.fixture
def office(ledger, admin) -> SmallOffice:
    return small_office(ledger, admin)


class BuiltStores:
    """A store filled once and copied for each test that asks: `built_stores.copy(key, build, request)`
    is the URL of a fresh copy, on the test's backend, of the store that `build(url)` filled the first
    time `key` was asked for on that backend in this worker; `built_stores.made(key, backend)` is what
    `build` returned. A SQLite store is copied with its folder (evidence files, checkpoints); a
    PostgreSQL one is a new database made from the built one as template, its files copied into the
    test's folder (as `store_url` sets them)."""

    def __init__(self, tmp_path_factory, request) -> None:
        self.tmp_path_factory, self.request = tmp_path_factory, request
        self.built: dict[tuple[str, str], tuple[Path, str | None, object]] = {}

    def _build(self, key: str, backend: str, build) -> tuple[Path, str | None, object]:
        if (key, backend) not in self.built:
            folder = self.tmp_path_factory.mktemp(f"built-{key}-{backend}")
            with pytest.MonkeyPatch.context() as env:
                if backend == "sqlite":
                    name, url = None, f"sqlite:///{folder / 'ledger.sqlite3'}"
                else:
                    cluster = self.request.getfixturevalue("postgres")
                    name = cluster.create_database(template=cluster.template)
                    url = cluster.url(name)
                    env.setenv("CULTURE_LEDGER_EVIDENCE", str(folder / "evidence"))
                    env.setenv("CULTURE_LEDGER_CHECKPOINTS", str(folder / "checkpoints"))
                made = build(url)  # closes what it opened: a template database takes no connection
            self.built[(key, backend)] = (folder, name, made)
        return self.built[(key, backend)]

    def made(self, key: str, backend: str) -> object:
        return self.built[(key, backend)][2]

    def copy(self, key: str, build, request) -> str:
        backend = request.getfixturevalue("backend")
        folder, name, _ = self._build(key, backend, build)
        tmp_path = request.getfixturevalue("tmp_path")
        shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
        if name is None:
            return f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "evidence"))
        monkeypatch.setenv("CULTURE_LEDGER_CHECKPOINTS", str(tmp_path / "checkpoints"))
        cluster = self.request.getfixturevalue("postgres")
        copy = cluster.create_database(template=name)
        request.addfinalizer(lambda: cluster.drop_database(copy))
        return cluster.url(copy)


@pytest.fixture(scope="session")
def built_stores(tmp_path_factory, request) -> BuiltStores:
    """See `BuiltStores`."""
    return BuiltStores(tmp_path_factory, request)


def last_workday(before: date | None = None) -> date:
    from plugins.calendar.queries import national

    day = before or clock.today()
    while not national(day).working:
        day -= timedelta(days=1)
    return day
