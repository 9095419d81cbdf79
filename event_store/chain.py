"""The hash chain: `event_store.links` holds its formula (AUDIT.md), its clock and the SQLite
recorder, named here too; this module adds the PostgreSQL recorder, and with it the PostgreSQL
driver (a process on SQLite, `culture-ledger verify` say, never imports it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier, Literal

from event_store.links import (  # noqa: F401 (named here as ever)
    BEFORE_COMMIT,
    CHAIN_TABLE,
    FORMAT,
    GENESIS,
    ChainedSQLiteApplicationRecorder,
    Stored,
    _chain_rows,
    _stamps,
    appended_as,
    appended_text,
    before_commit,
    hashed_time,
    link,
    link_many,
)


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
                "CREATE TABLE IF NOT EXISTS {0} (position bigint PRIMARY KEY, hash bytea NOT NULL, recorded_at text NOT NULL, "
                "format smallint NOT NULL DEFAULT 1)"
            ).format(self.chain_table)
        )
        # A store created before chain row formats: its rows are all format 1. Asked first, so that a
        # store that has the column is not locked by an ALTER TABLE at every start.
        self.sql_create_statements.append(
            SQL(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = {1} "
                "AND table_name = {2} AND column_name = 'format') THEN "
                "ALTER TABLE {0} ADD COLUMN format smallint NOT NULL DEFAULT 1; END IF; END $$"
            ).format(self.chain_table, Literal(datastore.schema or "public"), Literal(CHAIN_TABLE))
        )
        # One round trip: rewind the sequence to the log's head, read the chain's head, and read the
        # database server's clock (clock_timestamp(): the time now, under the lock, not the
        # transaction's start), as the chain stores it.
        self.sql_rewind_and_head = SQL(
            "SELECT setval(pg_get_serial_sequence({qualified}, 'notification_id'), "
            "COALESCE((SELECT MAX(notification_id) FROM {schema}.{table}), 0) + 1, false) AS next, "
            "head.position, head.hash, head.recorded_at, "
            "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"') AS clock "
            "FROM (SELECT 1) AS one LEFT JOIN "
            "(SELECT position, hash, recorded_at FROM {chain} ORDER BY position DESC LIMIT 1) AS head ON true"
        ).format(qualified=qualified, schema=schema, table=table, chain=self.chain_table)
        self.sql_insert_chain = SQL(
            "INSERT INTO {0} (position, hash, recorded_at, format) "
            "SELECT * FROM unnest(%s::bigint[], %s::bytea[], %s::text[], %s::smallint[])"
        ).format(self.chain_table)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        with self.datastore.transaction(commit=True) as curs:
            positions = self.append_in(curs, stored_events, **kwargs)
            before_commit(curs, stored_events, positions)
            return positions

    def append_in(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Append and chain events inside the caller's transaction (an import: all batches or none)."""
        self._insert_events(curs, stored_events, **kwargs)
        self._lock_table(curs)
        curs.execute(self.sql_rewind_and_head, prepare=True)
        row = curs.fetchone()
        last, previous, head_at = (
            (row["position"], bytes(row["hash"]), row["recorded_at"]) if row["position"] else (0, GENESIS, None)
        )
        self._notify_channel(curs)
        # The library's INSERT ... SELECT FROM unnest(...) RETURNING notification_id.
        PostgresAggregateRecorder._insert_stored_events(self, curs, stored_events, **kwargs)
        positions = [r["notification_id"] for r in curs.fetchall()]
        if positions[0] != last + 1 or positions != list(range(last + 1, last + 1 + len(positions))):
            raise IntegrityError(f"log positions {positions[0]}.. do not follow chain head {last}")
        stamps = _stamps(stored_events, row["clock"], head_at)
        rows = _chain_rows(previous, positions, stored_events, stamps)
        curs.execute(self.sql_insert_chain, [list(column) for column in zip(*rows)], prepare=True)
        return positions
