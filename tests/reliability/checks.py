"""What "the ledger lost nothing" means, checked against the store itself.

Written against the ledger's portable interfaces (the log read in pages, the read-model
Db), so the same checks hold on every backend.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from culture_ledger.ledger import Ledger
from event_store.chain import CHAIN_TABLE, GENESIS, hashed_time, link
from event_store.compare import Difference, compare_read_models


def log(ledger: Ledger) -> list[Any]:
    """Every stored event, in log order."""
    return [n for page in ledger.app.pages() for n in page]


def chain_breaks(ledger: Ledger) -> list[str]:
    """Re-hash every stored event and compare with the chain rows; empty when intact.

    Also finds gaps in the log, events without a chain row and chain rows without an event.
    """
    events = log(ledger)
    with ledger.readmodels.transaction(commit=False) as db:
        rows = db.rows(f"SELECT position, hash, format, recorded_at FROM {CHAIN_TABLE} ORDER BY position")
    chain = {r["position"]: bytes(r["hash"]) for r in rows}
    appended = {r["position"]: hashed_time(r["format"], r["recorded_at"]) for r in rows}
    problems = []
    previous = GENESIS
    for expected, n in enumerate(events, start=1):
        if n.id != expected:
            problems.append(f"gap: position {expected} missing, next is {n.id}")
            break
        previous = link(previous, n.id, n.originator_id, n.originator_version, n.topic, n.state, appended.get(n.id))
        if chain.get(n.id) != previous:
            problems.append(f"position {n.id}: chain row {'missing' if n.id not in chain else 'does not match'}")
            break
    extra = set(chain) - {n.id for n in events}
    if extra:
        problems.append(f"chain rows without an event: {sorted(extra)[:5]}")
    return problems


def recorded_ids(ledger: Ledger, topic_suffix: str = "StudyEntry.Recorded") -> Counter:
    """How many times each aggregate's Recorded event is in the log."""
    return Counter(n.originator_id for n in log(ledger) if n.topic.endswith(topic_suffix))


def read_models(ledger: Ledger) -> dict[str, list[tuple]]:
    """Every read-model table's rows, in a stable order."""
    tables = [t for p in ledger.runner.projections for t in p.tables]
    with ledger.readmodels.transaction(commit=False) as db:
        return {t: sorted((tuple(r.values()) for r in db.rows(f"SELECT * FROM {t}")), key=repr) for t in tables}


def differences_from_a_rebuild(ledger: Ledger) -> dict[str, Difference]:
    """The first difference between the live read models and a clean rebuild from position 0, by
    its table (empty when they match): what `culture-ledger verify --read-models` checks."""
    ledger.catch_up()
    found = compare_read_models(ledger.app, ledger.runner.projections, ledger.readmodels)
    return {} if found is None else {found.table: found}
