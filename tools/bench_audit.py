"""Audit timings on a large log: verify, event-browser pages, time travel from a checkpoint.

    .venv/bin/python tools/bench_audit.py [EVENTS] [STORE_PATH]

Appends EVENTS study entries (default 1,000,000) to a fresh SQLite store unless STORE_PATH
already holds them, catches the read models up, then times what an auditor does.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from culture_ledger.ledger import Ledger, channel_open
from domain.actor import Actor
from event_store.integrity import verify
from plugins.audit.queries import EventFilter, browse, leader_figures, time_machine
from plugins.study.domain import StudyEntry


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - started:8.3f} s", flush=True)
    return result


def main(events: int = 1_000_000, path: str = "data/bench/ledger.sqlite3") -> None:
    with channel_open("system"):  # synthetic data, built as the system (as the demo is)
        _main(events, path)


def _main(events: int, path: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    led = Ledger(url=f"sqlite:///{path}")
    admin = Actor("bench-admin", "admin", "system")
    if led.app.head() < events:
        dept = led.people.register_department({"name": "办公室"}, admin)
        cadres = [
            led.people.register_cadre(
                {"name": f"干部{i}", "department_id": dept, "position": "科员", "joined_on": date(2020, 1, 1)}, admin
            )
            for i in range(40)
        ]
        rng, today = random.Random(1), date.today()
        clerks = [Actor(f"clerk{i}", "staff", "form") for i in range(20)]

        def append():
            while led.app.head() < events:
                batch = [
                    StudyEntry(
                        cadre_id=rng.choice(cadres),
                        occurred_on=today - timedelta(days=rng.randrange(365)),
                        minutes=rng.choice([30, 60, 90]),
                        material="《机构编制工作条例》",
                        mode="self",
                        by=rng.choice(clerks),
                    )
                    for _ in range(min(1000, events - led.app.head()))
                ]
                led.app.save(*batch)

        timed(f"append {events:,} events (with the chain)", append)
        timed("catch the read models up (incl. event_index)", led.catch_up)
    head = led.app.head()
    report = timed(f"verify {head:,} events", lambda: verify(led.app))
    assert report.ok, report.finding
    timed("browser: newest page", lambda: browse(led, limit=51))
    timed("browser: page before position head/2", lambda: browse(led, before=head // 2, limit=51))
    timed(
        "browser: one actor, page before head/2",
        lambda: browse(led, EventFilter(account="clerk7"), before=head // 2, limit=51),
    )
    timed(
        "browser: one event type, oldest first after head/3",
        lambda: browse(
            led,
            EventFilter(topic="plugins.study.domain:StudyEntry.Recorded"),
            after=head // 3,
            newest_first=False,
            limit=51,
        ),
    )
    machine = time_machine(led)
    timed(f"time travel: build checkpoints every {machine.every:,} (once)", lambda: machine.at(head).close())
    target = max(1, head - machine.every // 2)

    def travel():
        with machine.at(target) as past:
            today = date.today()
            return leader_figures(past, today.replace(day=1), today, today), past.started_from

    (_, started) = timed(f"time travel to {target:,} (from checkpoint) + figures", travel)
    print(f"   started from checkpoint {started:,}")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000,
        sys.argv[2] if len(sys.argv) > 2 else "data/bench/ledger.sqlite3",
    )
