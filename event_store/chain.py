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
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

GENESIS = bytes(32)
CHAIN_TABLE = "event_chain"


def _blob(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def link(previous: bytes, position: int, originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """The chain hash of one stored event, given the hash before it."""
    oid = originator_id.hex if isinstance(originator_id, UUID) else str(originator_id).replace("-", "")
    h = hashlib.sha256(previous)
    h.update(struct.pack(">Q", position))
    h.update(_blob(oid.encode()))
    h.update(struct.pack(">Q", version))
    h.update(_blob(topic.encode()))
    h.update(_blob(bytes(state)))
    return h.digest()


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, plus a chain row written in the same transaction."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            "position INTEGER PRIMARY KEY, hash BLOB NOT NULL, recorded_at TEXT NOT NULL)",
        ]

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
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
        recorded_at = datetime.now(timezone.utc).isoformat()
        rows = []
        for position, s in zip(positions, stored_events):
            previous = link(previous, position, s.originator_id, s.originator_version, s.topic, s.state)
            rows.append((position, previous, recorded_at))
        c.executemany(f"INSERT INTO {CHAIN_TABLE} VALUES (?,?,?)", rows)
        return positions
