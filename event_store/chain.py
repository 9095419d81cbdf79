"""The hash chain: every appended event is linked to the one before it, in the same
transaction as the event itself, so there is never an unchained event.

    h(0) = 32 zero bytes
    h(n) = SHA-256( h(n-1)
                    || u64(position) || blob(originator_id) || u64(originator_version)
                    || blob(topic) || blob(state) )

where u64 is 8 bytes big-endian, blob(x) is u32(len(x)) big-endian followed by the bytes
of x, originator_id is the 32-character lowercase hex of the UUID in UTF-8, and topic is
UTF-8. AUDIT.md states this for auditors.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

GENESIS = bytes(32)
CHAIN_TABLE = "event_chain"


_U32, _U64_U32 = struct.Struct(">I").pack, struct.Struct(">QI").pack
_sha256 = hashlib.sha256


def link_many(previous: bytes, stored: Iterable[tuple[int, bytes, int, bytes, bytes]]) -> list[bytes]:
    """The chain hashes of consecutive stored events, given the hash before the first; each
    event as (position, id as 32 hex digits, version, topic, state), id and topic in UTF-8.
    The verifier's inner loop: one SHA-256 over one buffer per event."""
    hashes: list[bytes] = []
    append, join, sha256, u64_u32, u32 = hashes.append, b"".join, _sha256, _U64_U32, _U32
    for position, oid_hex, version, topic, state in stored:
        previous = sha256(
            join(
                (
                    previous,
                    u64_u32(position, len(oid_hex)),
                    oid_hex,
                    u64_u32(version, len(topic)),
                    topic,
                    u32(len(state)),
                    state,
                )
            )
        ).digest()
        append(previous)
    return hashes


def link(previous: bytes, position: int, originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """The chain hash of one stored event, given the hash before it."""
    oid = originator_id.hex if isinstance(originator_id, UUID) else str(originator_id).replace("-", "")
    return link_many(previous, ((position, oid.encode(), version, topic.encode(), bytes(state)),))[0]


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, plus a chain row written in the same transaction."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            "position INTEGER PRIMARY KEY, hash BLOB NOT NULL, recorded_at TEXT NOT NULL)",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if not stored_events:
            return positions
        assert positions is not None
        c.execute(f"SELECT position, hash FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
        row = c.fetchone()
        last, previous = (row[0], bytes(row[1])) if row else (0, GENESIS)
        if positions[0] != last + 1:
            # The log must stay gap-free; refuse rather than chain around a hole.
            raise IntegrityError(f"log position {positions[0]} does not follow chain head {last}")
        recorded_at = datetime.now(UTC).isoformat()
        rows = []
        for position, s in zip(positions, stored_events):
            previous = link(previous, position, s.originator_id, s.originator_version, s.topic, s.state)
            rows.append((position, previous, recorded_at))
        c.executemany(f"INSERT INTO {CHAIN_TABLE} VALUES (?,?,?)", rows)
        return positions


def _chain_rows(
    previous: bytes, positions: Sequence[int], stored_events: Sequence[StoredEvent]
) -> list[tuple[int, bytes, str]]:
    recorded_at = datetime.now(UTC).isoformat()
    rows = []
    for position, s in zip(positions, stored_events):
        previous = link(previous, position, s.originator_id, s.originator_version, s.topic, s.state)
        rows.append((position, previous, recorded_at))
    return rows


class ChainedPostgresApplicationRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, plus a chain row written in the same transaction.

    Positions are the library's `notification_id` (a `bigserial`). A PostgreSQL sequence is
    not transactional: an insert that rolls back (two people amending the same record at
    once, a refused event) burns the values it drew and would leave a hole in the log. The
    chain needs a gap-free sequence, so while holding the library's EXCLUSIVE table lock
    (which serialises every writer) we set the sequence back to just after the last stored
    event before inserting. Under that lock nobody else can draw from the sequence, so the
    positions handed out are exactly head+1, head+2, ...; the chain check below refuses the
    append if that ever fails to hold.

    `POSTGRES_ENABLE_DB_FUNCTIONS` is ignored: the library's insert function would append
    outside this transaction's chain step, so this recorder always inserts itself.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        schema, table = Identifier(datastore.schema), Identifier(events_table_name)
        qualified = f"{datastore.schema}.{events_table_name}"
        self.chain_table = Identifier(datastore.schema, CHAIN_TABLE)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0} (position bigint PRIMARY KEY, hash bytea NOT NULL, recorded_at text NOT NULL)"
            ).format(self.chain_table)
        )
        # One round trip: rewind the sequence to the log's head, and read the chain's head.
        self.sql_rewind_and_head = SQL(
            "SELECT setval(pg_get_serial_sequence({qualified}, 'notification_id'), "
            "COALESCE((SELECT MAX(notification_id) FROM {schema}.{table}), 0) + 1, false) AS next, "
            "(SELECT position FROM {chain} ORDER BY position DESC LIMIT 1) AS position, "
            "(SELECT hash FROM {chain} ORDER BY position DESC LIMIT 1) AS hash"
        ).format(qualified=qualified, schema=schema, table=table, chain=self.chain_table)
        self.sql_insert_chain = SQL(
            "INSERT INTO {0} (position, hash, recorded_at) SELECT * FROM unnest(%s::bigint[], %s::bytea[], %s::text[])"
        ).format(self.chain_table)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        with self.datastore.transaction(commit=True) as curs:
            self._insert_events(curs, stored_events, **kwargs)
            self._lock_table(curs)
            curs.execute(self.sql_rewind_and_head, prepare=True)
            row = curs.fetchone()
            last, previous = (row["position"], bytes(row["hash"])) if row and row["position"] else (0, GENESIS)
            self._notify_channel(curs)
            # The library's INSERT ... SELECT FROM unnest(...) RETURNING notification_id.
            PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events, **kwargs)
            positions = [r["notification_id"] for r in curs.fetchall()]
            if positions[0] != last + 1 or positions != list(range(last + 1, last + 1 + len(positions))):
                raise IntegrityError(f"log positions {positions[0]}.. do not follow chain head {last}")
            rows = _chain_rows(previous, positions, stored_events)
            curs.execute(self.sql_insert_chain, [list(column) for column in zip(*rows)], prepare=True)
        return positions
