"""The event store: append through the library, a gap-free global sequence read in pages,
a hash chain written with every event, and refusal of events nobody registered."""

import hashlib
import uuid

import pytest
from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import LedgerError, UnregisteredEventType
from event_store.chain import GENESIS, link
from tests.conftest import last_workday
from tests.integration.raw_store import raw


class Stranger(Aggregate):
    """An aggregate no plugin registered."""

    @event("Appeared")
    def __init__(self, by: Actor) -> None:
        pass


def record(ledger, office, staff, n):
    for i in range(n):
        ledger.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 10 + i, "material": f"第{i}次"}, staff
        )


def test_the_log_is_one_gap_free_sequence_read_in_pages(ledger, office, staff):
    record(ledger, office, staff, 25)
    positions = [n.id for page in ledger.app.pages(size=7) for n in page]
    assert positions == list(range(1, ledger.app.head() + 1))
    head = ledger.app.head()
    assert [len(p) for p in ledger.app.pages(after=head - 10, size=7)] == [7, 3]


def test_an_event_type_no_plugin_registered_is_refused_and_nothing_is_written(ledger, office, admin):
    head = ledger.app.head()
    with pytest.raises(UnregisteredEventType):
        ledger.app.save(Stranger(by=admin))
    assert ledger.app.head() == head


def test_an_event_that_does_not_say_who_is_refused(ledger):
    from domain.people import Department

    anonymous = Department(name="无名科", by=None)  # type: ignore[arg-type]
    head = ledger.app.head()  # the fixture accounts are in the log already
    with pytest.raises(LedgerError) as refused:
        ledger.app.save(anonymous)  # below the services: the mapper itself refuses it
    assert refused.value.key == "error.anonymous_write"
    assert ledger.app.head() == head


def test_every_event_is_chained_in_the_order_it_was_appended(ledger, office, staff, store_url):
    record(ledger, office, staff, 5)
    with raw(store_url) as db:
        events = db.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
        ).fetchall()
        chain = {p: (bytes(h), at) for p, h, at in db.execute("SELECT position, hash, recorded_at FROM event_chain")}
    previous = GENESIS
    for position, oid, version, topic, state in events:
        previous = link(previous, position, uuid.UUID(str(oid)), version, topic, bytes(state), chain[position][1])
        assert chain[position][0] == previous
    assert len(chain) == len(events) == ledger.app.head()


def test_the_chain_hash_is_plain_sha256_over_documented_fields():
    oid = uuid.UUID(int=1)
    expected = hashlib.sha256(
        GENESIS
        + (7).to_bytes(8, "big")
        + (32).to_bytes(4, "big")
        + oid.hex.encode()
        + (1).to_bytes(8, "big")
        + (5).to_bytes(4, "big")
        + b"a:b.C"
        + (2).to_bytes(4, "big")
        + b"{}"
    ).digest()
    assert link(GENESIS, 7, oid, 1, "a:b.C", b"{}") == expected


def test_the_store_url_decides_the_backend_and_bad_urls_are_refused():
    from event_store.store import store_env

    assert store_env("sqlite:///data/x.sqlite3")["SQLITE_DBNAME"] == "data/x.sqlite3"
    pg = store_env("postgresql://ledger:s3cret@db.local:5433/culture")
    assert (pg["PERSISTENCE_MODULE"], pg["POSTGRES_HOST"], pg["POSTGRES_PORT"], pg["POSTGRES_DBNAME"]) == (
        "eventsourcing.postgres",
        "db.local",
        "5433",
        "culture",
    )
    with pytest.raises(ValueError):
        store_env("mysql://nope")
