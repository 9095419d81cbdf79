"""Separate processes that write to, or project, a store: what several app instances,
a CLI import and a projection worker do at once. Run as
`python -m tests.reliability.workers <what> <store-url> ...`; each prints one JSON line per
accepted record so the test knows what was accepted before the process ended (or was killed).
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from uuid import UUID

from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor

CLERK = Actor("admin", "admin", "form")
"""Who the writing processes record as: the administrator account of the test store (tests/conftest.py),
who may record for every cadre (a staff account keeps only its own cadre's entries)."""


def record_study(url: str, cadres: str, count: str, tag: str) -> None:
    """Record `count` study entries, round-robin over the cadres, one by one."""
    ledger = Ledger(url=url)
    ids = [UUID(c) for c in cadres.split(",")]
    for i in range(int(count)):
        entry = ledger.study.record_study(
            {
                "cadre_id": ids[i % len(ids)],
                "occurred_on": clock.today() - timedelta(days=i % 20),
                "minutes": 30 + i % 60,
                "material": f"{tag}-{i}",
            },
            CLERK,
        )
        print(json.dumps({"id": entry.hex, "material": f"{tag}-{i}"}), flush=True)
    ledger.close()


def append_forever(url: str, cadre: str, tag: str) -> None:
    """Append study entries without catching up the read models, until killed."""
    ledger = Ledger(url=url)
    from plugins.study.domain import StudyEntry

    i = 0
    while True:
        batch = [
            StudyEntry(
                cadre_id=UUID(cadre),
                occurred_on=clock.today(),
                minutes=60,
                material=f"{tag}-{i}-{k}",
                by=CLERK,
                mode="self",
            )
            for k in range(20)
        ]
        recordings = ledger.app.save(*batch)
        print(json.dumps({"head": recordings[-1].notification.id}), flush=True)
        i += 1


def rebuild(url: str, batch_size: str) -> None:
    """Rebuild every read model in tiny batches, reporting each batch tracked."""
    ledger = Ledger(url=url)
    ledger.runner.rebuild(
        progress=lambda position, head: print(json.dumps({"position": position}), flush=True),
        batch_size=int(batch_size),
    )
    ledger.close()


def catch_up(url: str, batch_size: str) -> None:
    """Catch the read models up in tiny batches (a projection worker), reporting each batch."""
    from culture_ledger.registry import Registry
    from event_store.projection import ProjectionRunner, ReadModels
    from event_store.store import open_application

    registry = Registry.load()
    app = open_application(registry.event_topics, url)
    runner = ProjectionRunner(app, registry.projections(), ReadModels.beside(app))
    runner.catch_up(
        batch_size=int(batch_size),
        progress=lambda position, head: print(json.dumps({"position": position}), flush=True),
    )
    app.close()


if __name__ == "__main__":
    globals()[sys.argv[1].replace("-", "_")](*sys.argv[2:])
