"""The hash chain: `event_store.links` holds its formula (AUDIT.md), its clock and the SQLite
recorder, named here too; this module adds the PostgreSQL recorder, and with it the PostgreSQL
driver (a process on SQLite, `culture-ledger verify` say, never imports it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.errors import DuplicateObject
from psycopg.sql import SQL, Composable, Identifier, Literal

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
    outside this transaction's chain step, so this recorder always inserts itself (and does not
    create it: see `create_table`).
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        # The library's insert function, never called here, is rewritten by every process that opens
        # the store (CREATE OR REPLACE): two opening at once failed with "tuple concurrently updated".
        del self.sql_create_statements[self.create_insert_function_statement_index]
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
        self.sql_select_after = SQL(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state "
            "FROM unnest(%s::{id_type}[], %s::bigint[]) AS k(id, version) "
            "JOIN {schema}.{table} e ON e.originator_id = k.id AND e.originator_version > k.version "
            "ORDER BY e.originator_id, e.originator_version"
        ).format(id_type=SQL(datastore.originator_id_type), schema=schema, table=table)
        self.sql_insert_chain = SQL(
            "INSERT INTO {0} (position, hash, recorded_at, format) "
            "SELECT * FROM unnest(%s::bigint[], %s::bytea[], %s::text[], %s::smallint[])"
        ).format(self.chain_table)
        # A save's statements rendered once: psycopg renders a composed statement again at every
        # execute (each identifier quoted anew), a fifth of a save's work in this process.
        self.sql_rewind_and_head = _rendered(self.sql_rewind_and_head)
        self.sql_select_after = _rendered(self.sql_select_after)
        self.sql_insert_chain = _rendered(self.sql_insert_chain)
        self.insert_events_statement = _rendered(self.insert_events_statement)
        self.lock_table_statements = [_rendered(statement) for statement in self.lock_table_statements]
        self.sql_notify = _rendered(SQL("NOTIFY {0}").format(Identifier(self.channel_name)))
        self._select_events_statements: dict[tuple[bool, bool, bool, bool], str] = {}

    def create_table(self) -> None:
        """The library's `create_table`, run by every process that opens the store, in one transaction
        that waits for its turn (a transaction-scoped advisory lock): two app instances started at once
        (the worker beside them) created the same type or table together and one of them failed on the
        catalog's unique index. Types first, each behind a savepoint (there is no CREATE TYPE IF NOT
        EXISTS), as the library does in transactions of their own."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(%s)", (OPENING_KEY,))
            for statement in self.sql_create_statements:
                if "CREATE TYPE" in statement.as_string():
                    curs.execute("SAVEPOINT create_type")
                    try:
                        curs.execute(statement, prepare=False)
                    except DuplicateObject:
                        curs.execute("ROLLBACK TO SAVEPOINT create_type")
                    curs.execute("RELEASE SAVEPOINT create_type")
            self._create_table(curs)
        self.datastore.register_type_adapters()

    def _notify_channel(self, curs: Any) -> None:
        curs.execute(self.sql_notify)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """The library's `select_events` (every read of a record: a fast-forward of a cached one,
        a whole one), its statement rendered once for each combination of bounds."""
        shape = (gt is not None, lte is not None, desc, limit is not None)
        statement = self._select_events_statements.get(shape)
        if statement is None:
            composed = self.select_events_statement
            if gt is not None:
                composed += SQL(" AND originator_version > %s")
            if lte is not None:
                composed += SQL(" AND originator_version <= %s")
            composed += SQL(" ORDER BY originator_version") + SQL(" DESC" if desc else " ASC")
            if limit is not None:
                composed += SQL(" LIMIT %s")
            statement = self._select_events_statements[shape] = _rendered(composed)
        params = [originator_id, *(v for v in (gt, lte, limit) if v is not None)]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params, prepare=True)
            return _stored(curs.fetchall())

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events_after(self, versions: Sequence[tuple[UUID, int]]) -> list[StoredEvent]:
        """The events of many records in one round trip: of each (record id, version), the record's
        events after that version, by record and version (how cached records are fast-forwarded
        together: `culture_ledger.ledger.Service.read_many`)."""
        if not versions:
            return []
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                self.sql_select_after,
                (
                    [i if self.datastore.originator_id_type == "uuid" else str(i) for i, _ in versions],
                    [v for _, v in versions],
                ),
                prepare=True,
            )
            return _stored(curs.fetchall())

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """One transaction: the events, their chain rows and what `BEFORE_COMMIT` adds. A save of a
        few events runs in psycopg's pipeline mode: statements whose answer is not needed yet are
        sent without waiting, so the lock, the sequence's rewind, the notification and the insert
        travel in one round trip, the chain rows with whatever comes next, the commit with the
        last writes (on a busy server each round trip waits for a core). A bulk chunk does not:
        the read models' rows of a chunk go out with `COPY`, which pipeline mode cannot send."""
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn:
            if len(stored_events) > PIPELINED_UP_TO:
                with conn.transaction():
                    return self._append_and_hook(conn.cursor(), stored_events, **kwargs)
            # BEGIN and COMMIT as plain statements: psycopg's transaction block would wait for the
            # server on entering and leaving it (a sync each), where they can travel with the rest.
            failed: Exception | None = None
            positions: list[int] = []
            try:
                with conn.pipeline():  # leaving it sends what is queued, the COMMIT among it, and waits
                    curs = conn.cursor()
                    try:
                        curs.execute("BEGIN")
                        positions = self._append_and_hook(curs, stored_events, **kwargs)
                        curs.execute("COMMIT")
                    except Exception as exc:  # raised after the pipeline is left, as the library does
                        failed = exc
            except Exception as exc:  # the answer to a queued statement, the COMMIT's among them
                failed = failed or exc
            if failed is not None:
                _roll_back(conn)
                raise failed
            return positions

    def _append_and_hook(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        hook = BEFORE_COMMIT.get()
        positions = self._append(curs, stored_events, getattr(hook, "ahead", None), **kwargs)
        before_commit(curs, stored_events, positions)
        return positions

    def append_in(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Append and chain events inside the caller's transaction (an import: all batches or none)."""
        return self._append(curs, stored_events, None, **kwargs)

    def _append(
        self, curs: Any, stored_events: Sequence[StoredEvent], ahead: Callable[[Any], None] | None, **kwargs: Any
    ) -> list[int]:
        """Every statement before the two answers the append needs is sent first (in pipeline mode,
        together), with what the `BEFORE_COMMIT` hook asks `ahead` (a read); the chain rows' insert
        is left for the next round trip to carry."""
        conn = curs.connection
        self._insert_events(curs, stored_events, **kwargs)
        self._lock_table(curs)
        head = conn.cursor()
        head.execute(self.sql_rewind_and_head, prepare=True)
        if ahead is not None:
            ahead(conn)
        self._notify_channel(curs)
        # The library's INSERT ... SELECT FROM unnest(...) RETURNING notification_id.
        inserted = conn.cursor()
        PostgresAggregateRecorder._insert_stored_events(self, inserted, stored_events, **kwargs)
        row = head.fetchone()
        positions = [r["notification_id"] for r in inserted.fetchall()]
        last, previous, head_at = (
            (row["position"], bytes(row["hash"]), row["recorded_at"]) if row["position"] else (0, GENESIS, None)
        )
        if positions[0] != last + 1 or positions != list(range(last + 1, last + 1 + len(positions))):
            raise IntegrityError(f"log positions {positions[0]}.. do not follow chain head {last}")
        stamps = _stamps(stored_events, row["clock"], head_at)
        rows = _chain_rows(previous, positions, stored_events, stamps)
        curs.execute(self.sql_insert_chain, [list(column) for column in zip(*rows)], prepare=True)
        return positions


def _stored(rows: Sequence[Any]) -> list[StoredEvent]:
    """Rows of the events table (as dicts) as the library's stored events."""
    return [
        StoredEvent(
            originator_id=row["originator_id"],
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
        for row in rows
    ]


def _rendered(statement: Any) -> Any:
    """A composed statement as the text psycopg would send (its identifiers quoted), once."""
    return statement.as_string() if isinstance(statement, Composable) else statement


def _roll_back(conn: Any) -> None:
    """End a failed pipelined append by closing its connection (the pool replaces it; a rolled-back
    append is rare: a lost race, a refused row). After a failed statement the server skipped what
    the pipeline had queued behind it, the preparation of statements among it, while psycopg
    counts them prepared: the connection's next use of one of them would fail with "prepared
    statement does not exist". Closing it also ends the transaction, as a ROLLBACK would."""
    try:
        conn.close()
    except Exception:
        pass


OPENING_KEY = 0x434C4F50  # "CLOP"
"""The advisory lock the processes opening a PostgreSQL store take turns through to create its tables."""

PIPELINED_UP_TO = 50
"""Appends of up to this many events run in pipeline mode on PostgreSQL (a service's save: 9 round
trips instead of 21); a bulk chunk does not (`ChainedPostgresApplicationRecorder.insert_events`).
It was off for a while: the worker story (`tests/integration/test_worker.py`) hung under load with
it on. The cause was not the pipeline: one of the two app instances, started together, failed on
opening the store (the library rewrote its insert function at every opening: "tuple concurrently
updated"), and the other waited for its entries; openings now take turns (`create_table`)."""
