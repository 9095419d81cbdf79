"""The demo runner: every plugin adds its demo records through its services (`Plugin.demo`),
in the registry's order (people first: departments and cadres), logged as it happened."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from culture_ledger.ledger import Ledger, channel_open
from culture_ledger.periods import Period
from domain import clock
from domain.actor import Actor


@dataclass
class DemoOffice:
    """What plugins need to add their demo records: who is who, and a seeded random source."""

    today: date
    weeks: int
    rng: random.Random
    departments: dict[str, UUID] = field(default_factory=dict)
    cadres: dict[UUID, tuple[str, UUID]] = field(default_factory=dict)
    clerk: Actor = Actor("demo-admin", "admin", "system")
    """The demo's builder: writes as the system (before the demo accounts exist, too); its past
    records come in as the demo administrator through the import channel (`clerk.via("import")`)."""
    accounts: dict[str, Actor] = field(default_factory=dict)
    """role -> the demo account's actor (filled by the accounts plugin's demo, before the other plugins')."""

    @property
    def start(self) -> date:
        return self.today - timedelta(weeks=self.weeks)


def is_empty(ledger: Ledger) -> bool:
    return ledger.app.head() == 0


def weeks_back(today: date) -> int:
    """Enough weeks that the demo covers the month before last, last month and this one so far."""
    month_before_last = Period.containing("month", today).back(3)[0]
    return max(8, -(-(today - month_before_last.start).days // 7))


def seed_demo(ledger: Ledger, weeks: int | None = None, today: date | None = None, seed: int = 2012) -> DemoOffice:
    """The demo's data, built as the system: the `system` channel (actors that need no account: the
    demo's clerk writes before the demo accounts exist) and the `import` channel (its past records)
    are open only while it runs (`channel_open`)."""
    with channel_open("system", "import"):
        return _seed_demo(ledger, weeks, today, seed)


def _seed_demo(ledger: Ledger, weeks: int | None, today: date | None, seed: int) -> DemoOffice:
    """Register the demo office, let every plugin add its records, and log it all as it happened.

    Everything is first recorded in a scratch store in memory, then appended to `ledger` in
    the order it happened, stamped with when it would have been recorded
    (`culture_ledger.demo_history`): the auditor's time travel finds last month as it stood.
    """
    from culture_ledger.demo_history import record_in_date_order

    today = today or clock.today()
    office = DemoOffice(today=today, weeks=weeks or weeks_back(today), rng=random.Random(seed))
    if not is_empty(ledger):  # `demo --force`: the demo joins an existing history, recorded now
        _seed(ledger, office)
        ledger.catch_up()
        return office
    scratch = Ledger(ledger.registry, url="sqlite:///:memory:", worker=False)
    try:
        # What services keep beside the log goes beside the real store: evidence files, password hashes.
        for name, service in scratch.services.items():
            for attribute in service.beside_log:
                setattr(service, attribute, getattr(ledger.services[name], attribute))
        _seed(scratch, office)
        record_in_date_order(scratch, ledger, office.start)
    finally:
        scratch.close()
    return office


def _seed(ledger: Ledger, office: DemoOffice) -> None:
    for plugin in ledger.registry.plugins:
        if plugin.demo is not None:
            plugin.demo(ledger, office)
    ledger.catch_up()


def seed_at_scale(
    ledger: Ledger, events: int, *, today: date | None = None, seed: int = 2012, batch: int = 20_000, progress=None
) -> DemoOffice:
    """A whole prefecture at scale, `events` events in all: the demo office first, then what each
    plugin adds at scale (`Plugin.demo_at_scale`: county offices, years of daily study)."""
    office = seed_demo(ledger, today=today, seed=seed)
    with channel_open("system", "import"):
        for plugin in ledger.registry.plugins:
            if plugin.demo_at_scale is not None:
                plugin.demo_at_scale(ledger, office, events, batch=batch, progress=progress)
    return office
