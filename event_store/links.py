"""The hash chain: every appended event is linked to the one before it, in the same
transaction as the event itself, so there is never an unchained event. Here: the formula, the
store's clock and the SQLite recorder; `event_store.chain` names them all and adds the PostgreSQL
recorder, so that a process on SQLite (`culture-ledger verify`) never loads the PostgreSQL driver.

    h(0) = 32 zero bytes
    format 1 (rows appended before the store kept its own clock):
    h(n) = SHA-256( h(n-1)
                    || u64(position) || blob(originator_id) || u64(originator_version)
                    || blob(topic) || blob(state) )
    format 2 (every row appended since):
    h(n) = SHA-256( h(n-1)
                    || u64(position) || blob(originator_id) || u64(originator_version)
                    || blob(topic) || blob(appended_at) || blob(state) )

where u64 is 8 bytes big-endian, blob(x) is u32(len(x)) big-endian followed by the bytes
of x, originator_id is the 32-character lowercase hex of the UUID in UTF-8, topic is
UTF-8, and appended_at is the chain row's `recorded_at` text in UTF-8: the moment the store
appended the event, read from the store's own clock inside the append transaction (the
database server's `clock_timestamp()` on PostgreSQL, after the append lock is taken), never
from the writer's. Each chain row says its `format`. AUDIT.md states this for auditors.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

GENESIS = bytes(32)
CHAIN_TABLE = "event_chain"
FORMAT = 2
"""The chain row format every new row is appended in (1: appended_at not hashed; 2: hashed)."""


_U32, _U64_U32 = struct.Struct(">I").pack, struct.Struct(">QI").pack
_sha256 = hashlib.sha256

Stored = tuple[int, bytes, int, bytes, bytes] | tuple[int, bytes, int, bytes, bytes, bytes | None]


def link_many(previous: bytes, stored: Iterable[Stored]) -> list[bytes]:
    """The chain hashes of consecutive stored events, given the hash before the first; each
    event as (position, id as 32 hex digits, version, topic, state[, appended_at]), id, topic
    and appended_at in UTF-8; a row with appended_at (format 2) hashes it, one without
    (or None: format 1) does not. The verifier's inner loop: one SHA-256 over one buffer per event."""
    hashes: list[bytes] = []
    append, join, sha256, u64_u32, u32 = hashes.append, b"".join, _sha256, _U64_U32, _U32
    for position, oid_hex, version, topic, state, *rest in stored:
        appended = rest[0] if rest else None
        if appended is None:
            parts: tuple[bytes, ...] = (
                previous,
                u64_u32(position, len(oid_hex)),
                oid_hex,
                u64_u32(version, len(topic)),
                topic,
            )
        else:
            parts = (
                previous,
                u64_u32(position, len(oid_hex)),
                oid_hex,
                u64_u32(version, len(topic)),
                topic,
                u32(len(appended)),
                appended,
            )
        previous = sha256(join((*parts, u32(len(state)), state))).digest()
        append(previous)
    return hashes


def link(
    previous: bytes,
    position: int,
    originator_id: UUID | str,
    version: int,
    topic: str,
    state: bytes,
    appended_at: str | None = None,
) -> bytes:
    """The chain hash of one stored event, given the hash before it: format 2 with its chain row's
    appended_at (`recorded_at`), format 1 without."""
    oid = originator_id.hex if isinstance(originator_id, UUID) else str(originator_id).replace("-", "")
    appended = None if appended_at is None else appended_at.encode()
    return link_many(previous, ((position, oid.encode(), version, topic.encode(), bytes(state), appended),))[0]


def hashed_time(row_format: int, recorded_at: str) -> str | None:
    """What a chain row gives `link` as appended_at: its time in format 2, nothing in format 1."""
    return recorded_at if row_format >= 2 else None


def appended_text(moment: datetime) -> str:
    """A moment as the chain stores it: UTC, ISO 8601, always with microseconds (fixed width, so
    the texts of one format sort as the moments do)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


_given: ContextVar[dict[tuple[UUID, int], tuple[int, str]] | None] = ContextVar("chain_rows_given", default=None)


@contextmanager
def appended_as(rows: dict[tuple[UUID, int], tuple[int, str]]) -> Iterator[None]:
    """Append the events named here (by record id and version) with these (format, appended_at)
    chain rows instead of the store's clock. Only two callers: `import`, which restores an exported
    log with its chain rows as they were (or its hashes would change), and the demo, which records
    a made-up office's weeks of history as they would have been appended."""
    token = _given.set(rows)
    try:
        yield
    finally:
        _given.reset(token)


def _stamps(stored_events: Sequence[StoredEvent], clock: str, head_at: str | None) -> list[tuple[int, str]]:
    """The (format, appended_at) of the chain rows of these events: those given by `appended_as`, else
    the store's clock reading, never earlier than the chain head's (a clock stepped back by NTP)."""
    given = _given.get()
    if given is not None:
        try:
            return [given[(UUID(str(s.originator_id)), s.originator_version)] for s in stored_events]
        except KeyError as missing:
            raise IntegrityError(f"no chain row given for the event {missing}") from None
    if head_at and _moment(head_at) > _moment(clock):
        clock = appended_text(_moment(head_at))
    return [(FORMAT, clock)] * len(stored_events)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _chain_rows(
    previous: bytes, positions: Sequence[int], stored_events: Sequence[StoredEvent], stamps: Sequence[tuple[int, str]]
) -> list[tuple[int, bytes, str, int]]:
    rows = []
    for position, s, (row_format, at) in zip(positions, stored_events, stamps):
        previous = link(
            previous, position, s.originator_id, s.originator_version, s.topic, s.state, hashed_time(row_format, at)
        )
        rows.append((position, previous, at, row_format))
    return rows


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, plus a chain row written in the same transaction. SQLite has
    no server: the store's clock is this machine's, read after the events are inserted, while the
    transaction holds the database's one write lock."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            "position INTEGER PRIMARY KEY, hash BLOB NOT NULL, recorded_at TEXT NOT NULL, "
            "format INTEGER NOT NULL DEFAULT 1)",
        ]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        # A store created before chain row formats: its rows are all format 1.
        c.execute(f"PRAGMA table_info({CHAIN_TABLE})")
        if "format" not in {r[1] for r in c.fetchall()}:
            c.execute(f"ALTER TABLE {CHAIN_TABLE} ADD COLUMN format INTEGER NOT NULL DEFAULT 1")

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if not stored_events:
            return positions
        assert positions is not None
        c.execute(f"SELECT position, hash, recorded_at FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
        row = c.fetchone()
        last, previous, head_at = (row[0], bytes(row[1]), row[2]) if row else (0, GENESIS, None)
        if positions[0] != last + 1:
            # The log must stay gap-free; refuse rather than chain around a hole.
            raise IntegrityError(f"log position {positions[0]} does not follow chain head {last}")
        stamps = _stamps(stored_events, appended_text(datetime.now(UTC)), head_at)
        rows = _chain_rows(previous, positions, stored_events, stamps)
        c.executemany(f"INSERT INTO {CHAIN_TABLE} (position, hash, recorded_at, format) VALUES (?,?,?,?)", rows)
        before_commit(c, stored_events, positions)
        return positions

    def append_in(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Append and chain events inside the caller's transaction (an import: all batches or none)."""
        return self._insert_events(c, stored_events, **kwargs)

    def select_events_after(self, versions: Sequence[tuple[UUID, int]]) -> list[StoredEvent]:
        """The events of many records in one query: of each (record id, version), the record's events
        after that version, by record and version (`culture_ledger.ledger.Service.read_many`)."""
        if not versions:
            return []
        wanted = ",".join("(?, ?)" for _ in versions)
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"WITH k(id, version) AS (VALUES {wanted}) SELECT e.originator_id, e.originator_version, e.topic, "
                f"e.state FROM k JOIN {self.events_table_name} e ON e.originator_id = k.id "
                "AND e.originator_version > k.version ORDER BY e.originator_id, e.originator_version",
                [v for i, version in versions for v in (i.hex if isinstance(i, UUID) else i, version)],
            )
            return [
                StoredEvent(
                    originator_id=self.convert_originator_id(row["originator_id"]),
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=row["state"],
                )
                for row in c.fetchall()
            ]


BEFORE_COMMIT: ContextVar[Callable[[Any, Sequence[StoredEvent], Sequence[int]], None] | None] = ContextVar(
    "before_commit", default=None
)
"""What else to write in an append's own transaction, after its events and chain rows, before the
commit: `hook(cursor, stored_events, positions)` (the ledger writes a save's read models there,
`culture_ledger.ledger.Ledger.in_the_append`). It must leave the transaction usable (a failure of
its own rolled back to a savepoint, not raised). On PostgreSQL a hook with an `ahead(connection)`
method is called with the append's first statements, before the events' insert, to send a read
whose answer it fetches when called (it must not fail: in pipeline mode a failed statement takes
the append down with it)."""


def before_commit(cursor: Any, stored_events: Sequence[StoredEvent], positions: Sequence[int]) -> None:
    hook = BEFORE_COMMIT.get()
    if hook is not None:
        hook(cursor, stored_events, positions)
