"""Speed levers that must not change meaning: the ledger's decoder reads every stored event
exactly as the library's does, and record ids grow with time."""

import time
from datetime import UTC, date, datetime
from uuid import uuid4

from eventsourcing.persistence import JSONTranscoder

from domain.actor import Actor
from domain.records import time_ordered_id
from event_store import transcodings
from event_store.store import LedgerApplication


def transcoders():
    app = LedgerApplication([], {"PERSISTENCE_MODULE": "eventsourcing.popo"})
    library = JSONTranscoder()
    app.register_transcodings(library)
    return library, app.mapper.transcoder


def test_the_ledger_decodes_stored_payloads_exactly_as_the_library_does():
    library, ledger = transcoders()
    assert isinstance(ledger, transcodings.LedgerTranscoder)
    payloads = [
        {
            "timestamp": datetime.now(UTC),
            "cadre_id": uuid4(),
            "occurred_on": date(2026, 3, 2),
            "minutes": 60,
            "material": "《机构编制工作条例》",
            "by": Actor("clerk", "staff", "form"),
        },
        {
            "changes": {"minutes": 40, "occurred_on": date(2026, 3, 1)},
            "reason": "误填",
            "absent": [uuid4(), uuid4()],
            "nested": [[{"when": date(2025, 1, 1)}], {"_type_": "looks typed but is not"}],
            "nothing": None,
            "ratio": 0.5,
        },
        {"weird": float("nan")},  # orjson refuses NaN: the library's decoder takes over
    ]
    for payload in payloads:
        stored = library.encode(payload)
        assert repr(ledger.decode(stored)) == repr(library.decode(stored))


def test_record_ids_grow_with_time_and_are_version_7():
    earlier = [time_ordered_id() for _ in range(100)]
    time.sleep(0.002)
    later = time_ordered_id()
    assert all(u.version == 7 for u in earlier)
    assert all(u < later for u in earlier)
    assert len(set(earlier)) == 100
