"""Projections: named read models fed from the log by a tracked, batched, resumable runner.

A projection declares its tables and, per event type, a handler that writes rows. The
runner reads the log in pages, hands each event to the projections that listen to it,
and records the position it reached in the same transaction as the rows it wrote (the
library's tracking table), so a crash never counts an event twice.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, NoReturn
from uuid import UUID

import orjson
from eventsourcing.persistence import IntegrityError, OperationalError, Tracking, TrackingRecorder
from eventsourcing.utils import get_topic

from event_store.store import PAGE_SIZE, LedgerApplication

Handler = Callable[[Any, "Db", Any, int], None]

log = logging.getLogger(__name__)


def handles(*event_classes: type) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a projection method as the handler of these event types."""

    def mark(fn: Callable[..., None]) -> Callable[..., None]:
        fn.__handles__ = event_classes  # type: ignore[attr-defined]
        return fn

    return mark


def handles_stored(*event_classes: type) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Mark a projection method as the handler of these event types as stored: it is given a
    `Stored` (topic, id, version and the payload as parsed JSON, transcoded values as the
    transcoder wrote them) instead of the domain event. Where the payload cannot be read as
    plain JSON (a cipher or a compressor) the runner decodes the event and calls the type's
    @handles method instead, which each such type must also have."""

    def mark(fn: Callable[..., None]) -> Callable[..., None]:
        fn.__handles_stored__ = event_classes  # type: ignore[attr-defined]
        return fn

    return mark


class Stored:
    """One stored event for the handlers that read it without decoding it: its topic, record id
    (`originator_hex`: 32 hex digits, as `UUID.hex`) and version, and its payload parsed once
    (orjson) for every such handler of the event."""

    __slots__ = ("topic", "originator_hex", "originator_version", "state")

    def __init__(self, notification: Any):
        self.topic: str = notification.topic
        self.originator_hex: str = (
            notification.originator_hex if type(notification) is LogRow else notification.originator_id.hex
        )
        self.originator_version: int = notification.originator_version
        self.state: dict[str, Any] = orjson.loads(notification.state)

    @classmethod
    def of_row(cls, row: tuple[int, str, int, str, bytes]) -> Stored:
        """The same from a plain row of `log_pages` (position, id hex, version, topic, payload)."""
        stored = cls.__new__(cls)
        stored.state = orjson.loads(row[4])
        stored.topic, stored.originator_hex, stored.originator_version = row[3], row[1], row[2]
        return stored


class LogRow:
    """One event of the log as the runner reads it (`log_pages`): what the library's `Notification`
    holds, with the record id kept as its hex digits until someone asks for the UUID (the mapper,
    to decode the event)."""

    __slots__ = ("id", "originator_hex", "originator_version", "topic", "state")

    def __init__(self, position: int, originator_hex: str, version: int, topic: str, state: bytes):
        self.id = position
        self.originator_hex = originator_hex
        self.originator_version = version
        self.topic = topic
        self.state = state

    @property
    def originator_id(self) -> UUID:
        return UUID(self.originator_hex)


Row = tuple[int, str, int, str, bytes]
"""One event of the log as the runner reads it (`log_pages`): position, record id as 32 hex digits,
version, topic and payload, a plain tuple (`LogRow` gives it the library's attribute names)."""


def log_pages(
    app: LedgerApplication, after: int, upto: int, size: int = PAGE_SIZE, pages_per_read: int = 1
) -> Iterator[list[Row]]:
    """The log after `after` up to `upto`, a page of `size` events at a time, as plain tuples (`Row`)
    straight from the store (the library's recorder builds a UUID and an object per event, as costly
    as the parse), `pages_per_read` pages read in one query and one read transaction."""
    table = app.recorder.events_table_name  # type: ignore[attr-defined]
    # The log's own backend (a scratch comparison keeps its read models in SQLite beside any log);
    # asked without importing the PostgreSQL driver into a process on SQLite.
    postgres = any(k.__module__.startswith("eventsourcing.postgres") for k in type(app.recorder).__mro__)
    if postgres:
        from psycopg.rows import tuple_row

        sql = (
            f"SELECT notification_id, replace(originator_id::text, '-', ''), originator_version, topic, state "
            f"FROM {table} WHERE notification_id > %s AND notification_id <= %s ORDER BY notification_id LIMIT %s"
        )
    else:
        # The library keeps SQLite ids as their 32 hex digits (`UUID.hex`).
        sql = (
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "
            "WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?"
        )
    limit = size * max(1, pages_per_read)
    while after < upto:
        with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            cursor = getattr(c, "sqlite_cursor", c)
            cursor.row_factory = tuple_row if postgres else None  # plain tuples
            if postgres:  # binary: the payloads as stored, not spelt out in hexadecimal and read back
                cursor.execute(sql, (after, upto, limit), binary=True)
            else:
                cursor.execute(sql, (after, upto, limit))
            rows = cursor.fetchall()
        if not rows:
            return
        if postgres:
            rows = [(p, o, v, t, bytes(s)) for p, o, v, t, s in rows]
        after = rows[-1][0]
        pages = [rows[start : start + size] for start in range(0, len(rows), size)]
        del rows  # the reader's pages are the only hold on them: gone with the last page's use
        while pages:
            yield pages.pop(0)


_AFTER_INSERT: dict[str, tuple[str, str]] = {}
"""Every projection's `after_insert` statements, by table (tables are named once across the plugins)."""


class Projection:
    """One read model: a name, its tables, and handlers for the event types it listens to.

    Handlers are `(self, db, event, position)`. Tables are `{name: column DDL}`; the
    runner creates them, and drops them for a rebuild.

    Indexes are `CREATE INDEX IF NOT EXISTS` statements. Those in `indexes` serve the
    pages: a rebuild builds them after its replay, in one sorted pass each, which costs a
    fraction of keeping them current row by row. Those in `lookup_indexes` serve the
    handlers themselves (a handler that looks rows up by that column while replaying) and
    are built with the tables.
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    """The catalog key naming this read model to a person (the health page, a page's notice that
    it is behind); its plugin's title when empty."""
    tables: ClassVar[dict[str, str]] = {}
    indexes: ClassVar[tuple[str, ...]] = ()
    lookup_indexes: ClassVar[tuple[str, ...]] = ()
    after_insert: ClassVar[dict[str, tuple[str, str]]] = {}
    """SQLite: for a table of this read model, `(when, then)`: `then` is a statement run right after
    rows are inserted into it (after each group a page sends, or each row written alone), its one
    parameter the number of new rows (they are those with `rowid > last_insert_rowid() - ?`), so
    long as the query `when` finds a row (asked once a transaction: a rebuild's tables or a day's
    version in time travel may keep nothing). It keeps a summary of the table current with one
    statement a group where a row trigger costs one a row (PostgreSQL's triggers can fire once a
    statement)."""
    _handlers: ClassVar[dict[str, Callable[..., None]]]
    _stored_handlers: ClassVar[dict[str, Callable[..., None]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.name:
            raise TypeError(f"projection {cls.__qualname__} needs a name")
        handlers: dict[str, Callable[..., None]] = {}
        stored: dict[str, Callable[..., None]] = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                for event_class in getattr(attr, "__handles__", ()):
                    handlers[get_topic(event_class)] = attr
                for event_class in getattr(attr, "__handles_stored__", ()):
                    stored[get_topic(event_class)] = attr
        cls._handlers = handlers
        cls._stored_handlers = stored
        _AFTER_INSERT.update(cls.after_insert)

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def handle(self, db: Db, event: Any, position: int) -> None:
        self._handlers[get_topic(type(event))](self, db, event, position)

    def create(self, db: Db, *, indexes: bool = True) -> None:
        """Create the tables and their lookup indexes, and the pages' indexes unless `indexes` is False."""
        for table, columns in self.tables.items():
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
        for statement in (*self.lookup_indexes, *(self.indexes if indexes else ())):
            db.execute(statement)

    def drop(self, db: Db) -> None:
        for table in self.tables:
            db.execute(f"DROP TABLE IF EXISTS {table}")


_INDEX_NAME = re.compile(r"\bINDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)


def index_name(statement: str) -> str:
    """The name of the index a `CREATE INDEX [IF NOT EXISTS] name ON ...` statement makes."""
    match = _INDEX_NAME.search(statement)
    if match is None:
        raise ValueError(f"not a CREATE INDEX statement: {statement!r}")
    return match.group(1)


Renames = tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=64)
def _rename_pattern(renames: Renames) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(old) for old, _ in renames) + r")\b")


@functools.lru_cache(maxsize=4096)
def _renamed(sql: str, renames: Renames) -> str:
    """`sql` with each table or index name of `renames` (whole words) replaced by its new name: a
    rebuild's handlers write the same statements into tables built beside the live ones."""
    new = dict(renames)
    return _rename_pattern(renames).sub(lambda m: new[m.group(1)], sql)


@functools.lru_cache(maxsize=1024)
def _postgres_sql(sql: str) -> str:
    # psycopg's placeholder is %s, so a literal % (LIKE '%...') must be doubled first.
    return sql.replace("%", "%%").replace("?", "%s")


@contextmanager
def frozen_heap(enabled: bool = True) -> Iterator[None]:
    """Leave the objects that already exist out of garbage collection for a while.

    A long catch-up or import allocates millions of short-lived objects; each time the
    collector's oldest generation runs it walks every object of the process as well (the
    imported libraries: some 150,000), which halves the decoding speed. `gc.freeze()` moves
    them aside for the duration; new objects are collected as usual.
    """
    global _frozen
    if not enabled:
        yield
        return
    with _freezing:
        _frozen += 1
        if _frozen == 1:
            gc.freeze()
    try:
        yield
    finally:
        with _freezing:
            _frozen -= 1
            if _frozen == 0:
                gc.unfreeze()


_freezing = threading.Lock()
_frozen = 0


class Db:
    """A cursor on the read-model store with one parameter style (`?`) on every backend.

    Handlers write rows with `insert` (a plain insert of one row) and `upsert` (insert, or
    update the row with that key), and anything else with `execute`. With `batch=True` (the
    runner's page transactions) writes are held back and sent in groups: while only inserts
    are pending, each table keeps its own group, so projections that take turns on every
    event (the study entries and the audit's index of every event) still send one group per
    table (rows of one table keep their order; inserts into different tables do not depend on
    each other). Any other write joins a group only right behind the same statement (sent with
    `executemany`); anything else (a read, another statement, the cursor) sends every pending
    group first, in order, so handlers see their own writes. A group of inserts goes out as
    one `COPY ... FROM STDIN` on PostgreSQL (psycopg's `executemany` costs a statement per row,
    and a statement of many rows costs psycopg a parse of every placeholder) and through
    `executemany` on SQLite (one C loop).

    `renames` maps table and index names to others (whole words in every statement): a
    rebuild builds its read models beside the live ones, under other names, with the same
    handlers (`ProjectionRunner.rebuild`).
    """

    GROUP_ROWS = 1000

    def __init__(self, cursor: Any, postgres: bool, batch: bool = False, renames: Renames = ()):
        self._cursor = cursor
        self.postgres = postgres
        self.batch = batch
        self.renames = renames
        # Pending groups in the order they began: key -> (statement, rows, columns per row or
        # None). The key is the table of an insert, or the statement itself for any other write.
        self._pending: dict[Any, tuple[str, list[tuple[Any, ...]], int | None]] = {}
        self._only_inserts = True
        self._following: dict[str, bool] = {}  # table -> whether its `after_insert` applies here

    @property
    def cursor(self) -> Any:
        self.flush()
        return self._cursor

    def _sql(self, sql: str) -> str:
        if self.renames:
            sql = _renamed(sql, self.renames)
        return _postgres_sql(sql) if self.postgres else sql

    def flush(self) -> None:
        pending, self._pending, self._only_inserts = self._pending, {}, True
        for key, (sql, rows, width) in pending.items():
            try:
                self._send(sql, rows, width)
                if width is not None:
                    self._inserted(key[0], len(rows))
            except Exception as exc:
                if _named(exc, "IntegrityError", "OperationalError", "InterfaceError"):
                    raise  # a race or an outage: the runner's to judge
                # A value the database refused, written by whichever handler held the row back: not
                # the one running now. The runner goes over the page again unbatched to find it.
                raise BatchRefused(f"a batch of rows was refused: {exc}") from exc

    def _send(self, sql: str, rows: list[tuple[Any, ...]], width: int | None) -> None:
        if len(rows) == 1:
            self._cursor.execute(sql, rows[0])
        elif width is not None and self.postgres:
            with self._cursor.copy(_copy_sql(sql)) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            self._cursor.executemany(sql, rows)

    def insert(self, table: str, row: Sequence[Any], columns: Sequence[str] | None = None) -> None:
        """Insert one row into `table` (every column in the table's order, or the named `columns`)."""
        key = (table, columns, len(row))
        if self._only_inserts and self.batch:  # the usual case of a replay: one more row for its group
            group = self._pending.get(key)
            if group is not None:
                rows = group[1]
                rows.append(row if type(row) is tuple else tuple(row))
                if len(rows) >= self.GROUP_ROWS:
                    self.flush()
                return
        if not self.batch:
            self.flush()
            self._cursor.execute(self._insert_statement(key), tuple(row))
            self._inserted(table, 1)
            return
        group = self._pending.get(key) if self._only_inserts else None
        if group is None:
            if not self._only_inserts:
                self.flush()
            group = self._pending[key] = (self._insert_statement(key), [], len(row))
        rows = group[1]
        rows.append(row if type(row) is tuple else tuple(row))
        if len(rows) >= self.GROUP_ROWS:
            self.flush()

    def _inserted(self, table: str, count: int) -> None:
        """What the table's projection runs after `count` rows were inserted into it (`Projection.after_insert`)."""
        follow = _AFTER_INSERT.get(table)
        if follow is None or self.postgres:
            return
        when, then = follow
        wanted = self._following.get(table)
        if wanted is None:
            self._cursor.execute(self._sql(when))
            wanted = self._following[table] = self._cursor.fetchone() is not None
        if wanted:
            self._cursor.execute(self._sql(then), (count,))

    def _insert_statement(self, key: tuple[str, Sequence[str] | None, int]) -> str:
        table, columns, width = key
        return self._sql(_insert_sql(table, tuple(columns) if columns is not None else None, width))

    def upsert(self, table: str, row: Sequence[Any], columns: Sequence[str], key: Sequence[str]) -> None:
        """Insert one row into `table`, or update the other columns of the row with the same `key` columns."""
        self.execute(_upsert_sql(table, tuple(columns), tuple(key)), row)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        sql = self._sql(sql)
        if not (self.batch and params):
            self.flush()
            self._cursor.execute(sql, tuple(params))
            return
        group = self._pending.get(sql) if self._pending and next(reversed(self._pending)) == sql else None
        if group is None:
            self.flush()
            group = self._pending[sql] = (sql, [], None)
        self._only_inserts = False
        group[1].append(tuple(params))
        if len(group[1]) >= self.GROUP_ROWS:
            self.flush()

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.flush()
        self._cursor.executemany(self._sql(sql), [tuple(r) for r in rows])

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self.flush()
        self._cursor.execute(self._sql(sql), tuple(params))
        return [dict(r) for r in self._cursor.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self.flush()
        self._cursor.execute(self._sql(sql), tuple(params))
        row = self._cursor.fetchone()
        if row is None:
            return None
        return row[0] if not isinstance(row, dict) else next(iter(row.values()))


@functools.lru_cache(maxsize=1024)
def _insert_sql(table: str, columns: tuple[str, ...] | None, width: int) -> str:
    named = f" ({', '.join(columns)})" if columns else ""
    return f"INSERT INTO {table}{named} VALUES ({', '.join('?' * width)})"


@functools.lru_cache(maxsize=1024)
def _upsert_sql(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    others = [c for c in columns if c not in key]
    action = f"UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in others)}" if others else "NOTHING"
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(key)}) DO {action}"
    )


@functools.lru_cache(maxsize=256)
def _copy_sql(insert: str) -> str:
    """`COPY t [(cols)] FROM STDIN` for a single-row `INSERT INTO t [(cols)] VALUES (...)` (as `Db` sends it)."""
    return f"COPY {insert[len('INSERT INTO ') : insert.rindex(' VALUES ')]} FROM STDIN"


STOPS_TABLE = "readmodel_stops"

REBUILDS_TABLE = "readmodel_rebuilds"
"""The read models a rebuild under way builds beside the live ones (one row each, written with their
new tables): a rebuild cut short resumes from these."""

BESIDE = "rebuild_"
"""The prefix of the tables, indexes and tracking rows of read models built beside the live ones."""

STOP_KINDS = ("value", "decode", "conflict", "tracking")
"""Why a read model stopped: a handler could not apply an event's values (`value`), the event could
not be decoded (`decode`), applying it kept conflicting with rows already there (`conflict`), or its
tracking row is corrupted (`tracking`)."""


@dataclass(frozen=True)
class Stop:
    """Where a read model stopped and why: it holds every event before `position`, none after."""

    name: str
    position: int
    kind: str
    error: str
    topic: str = ""
    originator_id: str = ""
    stopped_at: str = ""


class CannotApply(Exception):
    """These read models cannot apply the event at `position` (the runner stops them there)."""

    def __init__(
        self, names: Sequence[str], position: int, kind: str, error: str, topic: str = "", originator_id: str = ""
    ):
        super().__init__(f"{', '.join(names)} cannot apply position {position}: {error}")
        self.stops = [Stop(name, position, kind, error, topic, originator_id) for name in names]


class BatchRefused(Exception):
    """The database refused a row of a batch when it was sent, after the handler that wrote it returned."""


class TrackingConflict(IntegrityError):
    """Tracking did not move forward for these read models (another process was first, or the row is corrupted)."""

    def __init__(self, message: str, names: Sequence[str]):
        super().__init__(message)
        self.names = tuple(names)


def _named(exc: BaseException, *names: str) -> bool:
    """Whether exc is (by class name, on any driver or the library) one of these kinds of database error."""
    return any(k.__name__ in names for k in type(exc).__mro__)


def _failure_of(exc: BaseException) -> CannotApply | None:
    """The handler failure a database error was raised from (see `dispatch`), if any."""
    seen = 0
    while exc is not None and seen < 5:
        found = getattr(exc, "failure", None)
        if isinstance(found, CannotApply):
            return found
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


@contextmanager
def _sqlite_setting(db: Db, name: str, value: int) -> Iterator[None]:
    """On SQLite, the connection's setting `name` at `value` inside the block, put back as it was after."""
    if db.postgres:
        yield
        return
    was = db.scalar(f"PRAGMA {name}")
    db.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA {name} = {int(was)}")


def unzeroed(db: Db) -> AbstractContextManager[None]:
    """On SQLite, the pages that dropped read-model tables free are left as they are instead of
    overwritten with zeros (`secure_delete`: off in SQLite's own default, on where it is compiled
    with SQLITE_SECURE_DELETE, as Debian's and Ubuntu's are). Zeroing writes every freed page
    through the write-ahead log and again into the file: at 100,000 events the two biggest drops
    and their commit took 2.3 s with it, 0.1 s without. What the read models held is derived
    from the log, which stays in the same file (no password or hash is in either); the setting
    is the connection's and is put back as it was."""
    return _sqlite_setting(db, "secure_delete", 0)


def sorting_in_parallel(db: Db) -> AbstractContextManager[None]:
    """On SQLite, the big sorts of this block (an index built over a million rows, a GROUP BY) spread
    over the machine's processors (`PRAGMA threads`: helper threads that sort parts of the rows; off by
    default). A rebuild's index builds at 1,000,000 events: 4.6 s of processor time on one, 3.7 s of
    waiting on two. The setting is the connection's and is put back as it was."""
    return _sqlite_setting(db, "threads", min(os.cpu_count() or 1, 8))


class ReadModels:
    """Where read models live: tables beside the log, and the library's tracking table."""

    def __init__(self, tracking: TrackingRecorder):
        self.tracking = tracking
        self.postgres = type(tracking).__module__.startswith("eventsourcing.postgres")

    @classmethod
    def beside(cls, app: LedgerApplication) -> ReadModels:
        return cls(app.factory.tracking_recorder())

    @contextmanager
    def transaction(self, *, commit: bool = True, batch: bool = False) -> Iterator[Db]:
        with self.tracking.datastore.transaction(commit=commit) as cursor:  # type: ignore[attr-defined]
            db = Db(cursor, self.postgres, batch)
            yield db
            db.flush()

    def position(self, projection: str) -> int:
        return self.tracking.max_tracking_id(projection) or 0

    def positions(self, projections: Sequence[str]) -> dict[str, int]:
        """The position each projection reached, in one query (pages call this on every run)."""
        with self.transaction(commit=False) as db:
            return self.positions_in(db, projections)

    def track(self, db: Db, projections: Sequence[str], position: int) -> None:
        """Record that these projections reached `position`, in this transaction.

        With the library's single-row tracking (its default) one statement moves them all: the
        library's own upsert, which only ever moves a position forward, for many rows at once
        (a service's read-your-writes catch-up tracks every read model: one round trip, not
        one per read model). A position that would not move forward is an `IntegrityError`,
        as the library's `_insert_tracking` makes it.
        """
        if not projections:
            return
        if not getattr(self.tracking.datastore, "single_row_tracking", False):  # type: ignore[attr-defined]
            for name in projections:
                self.tracking._insert_tracking(db.cursor, Tracking(name, position))  # type: ignore[attr-defined]
            return
        table = getattr(self.tracking, "tracking_table_name", "tracking")
        moved = db.rows(
            f"INSERT INTO {table} (application_name, notification_id) VALUES {', '.join(['(?, ?)'] * len(projections))} "
            f"ON CONFLICT (application_name) DO UPDATE SET notification_id = excluded.notification_id "
            f"WHERE {table}.notification_id < excluded.notification_id RETURNING application_name",
            [v for name in projections for v in (name, position)],
        )
        if len(moved) != len(projections):
            stuck = sorted(set(projections) - {r["application_name"] for r in moved})
            raise TrackingConflict(f"tracking did not move forward to {position} for {', '.join(stuck)}", stuck)

    def forget(self, db: Db, projection: str) -> None:
        table = getattr(self.tracking, "tracking_table_name", "tracking")
        db.execute(f"DELETE FROM {table} WHERE application_name = ?", (projection,))
        self.resume(db, projection)

    # Why a read model stopped, kept beside the read models (it survives their rebuild, and every
    # process reads it): one row per stopped read model.
    def create(self, db: Db) -> None:
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {STOPS_TABLE} (name TEXT PRIMARY KEY, position BIGINT, kind TEXT, "
            "error TEXT, topic TEXT, originator_id TEXT, stopped_at TEXT)"
        )
        db.execute(f"CREATE TABLE IF NOT EXISTS {REBUILDS_TABLE} (name TEXT PRIMARY KEY, started_at TEXT NOT NULL)")

    def stop(self, stop: Stop) -> Stop:
        """Record durably that a read model stopped (its own transaction); the first reason stands."""
        stop = Stop(**{**stop.__dict__, "stopped_at": stop.stopped_at or datetime.now(UTC).isoformat()})
        with self.transaction() as db:
            db.execute(
                f"INSERT INTO {STOPS_TABLE} (name, position, kind, error, topic, originator_id, stopped_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                (
                    stop.name,
                    stop.position,
                    stop.kind,
                    stop.error[:4000],
                    stop.topic,
                    stop.originator_id,
                    stop.stopped_at,
                ),
            )
        log.error("read model %s stopped at position %s (%s): %s", stop.name, stop.position, stop.kind, stop.error)
        return stop

    def resume(self, db: Db, projection: str) -> None:
        db.execute(f"DELETE FROM {STOPS_TABLE} WHERE name = ?", (projection,))

    def stops(self) -> dict[str, Stop]:
        """Every stopped read model, by name."""
        with self.transaction(commit=False) as db:
            return self.stops_in(db)

    def standing(self, projections: Sequence[str]) -> tuple[dict[str, Stop], dict[str, int]]:
        """Every stopped read model, and the position each of these reached, in one transaction."""
        with self.transaction(commit=False) as db:
            return self.stops_in(db), self.positions_in(db, projections)

    def stops_in(self, db: Db) -> dict[str, Stop]:
        return {name: stop for name, stop in self._stops_in(db).items() if not name.startswith(BESIDE)}

    def _stops_in(self, db: Db) -> dict[str, Stop]:
        return {
            r["name"]: Stop(
                r["name"],
                _position(r["position"]),
                r["kind"],
                r["error"],
                r["topic"] or "",
                r["originator_id"] or "",
                r["stopped_at"] or "",
            )
            for r in db.rows(f"SELECT * FROM {STOPS_TABLE} ORDER BY name")
        }

    # Several processes (app instances, the worker) may write read models of one PostgreSQL
    # database; they take turns through one transaction-scoped advisory lock. SQLite already
    # lets one writer in at a time.
    SERIALIZE_KEY = 0x434C524D  # "CLRM"

    def serialize(self, db: Db) -> bool:
        """Wait for this transaction's turn to write read models (PostgreSQL); False when not needed."""
        if not self.postgres:
            return False
        db.execute("SELECT pg_advisory_xact_lock(?)", (self.SERIALIZE_KEY,))
        return True

    def positions_in(self, db: Db, projections: Sequence[str]) -> dict[str, int]:
        """The position each projection reached, as this transaction sees it, in one query."""
        table = getattr(self.tracking, "tracking_table_name", "tracking")
        found = (
            {
                r["application_name"]: r["notification_id"]
                for r in db.rows(
                    f"SELECT application_name, MAX(notification_id) AS notification_id FROM {table} "
                    f"WHERE application_name IN ({','.join('?' * len(projections))}) GROUP BY application_name",
                    tuple(projections),
                )
            }
            if projections
            else {}
        )
        return {name: _position(found[name]) if name in found else 0 for name in projections}

    def wait(self, projections: Iterable[str], position: int, timeout: float) -> bool:
        """Block until every named projection has tracked `position` (another process is
        catching up); False on timeout. Like the library's `TrackingRecorder.wait`, but for
        all read models in one query per poll, polling from 1 ms up to 100 ms (the library's
        own starts at 100 ms, too slow for a form)."""
        pending = list(projections)
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            reached = self.positions(pending)
            pending = [name for name in pending if reached[name] < position]
            if not pending:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


class Beside(ReadModels):
    """The read models a rebuild builds beside the live ones: the same handlers and statements
    on tables and indexes named `rebuild_<name>`, tracked as `rebuild_<read model>`. The app
    reads the live ones meanwhile; `ProjectionRunner.rebuild` switches them when complete."""

    def __init__(self, tracking: TrackingRecorder, projections: Sequence[Projection]):
        super().__init__(tracking)
        names = [t for p in projections for t in p.tables]
        names += [index_name(i) for p in projections for i in (*p.lookup_indexes, *p.indexes)]
        self.renames: Renames = tuple((name, BESIDE + name) for name in sorted(set(names)))

    @contextmanager
    def transaction(self, *, commit: bool = True, batch: bool = False) -> Iterator[Db]:
        with self.tracking.datastore.transaction(commit=commit) as cursor:  # type: ignore[attr-defined]
            db = Db(cursor, self.postgres, batch, self.renames)
            yield db
            db.flush()

    def positions_in(self, db: Db, projections: Sequence[str]) -> dict[str, int]:
        found = super().positions_in(db, [BESIDE + name for name in projections])
        return {name: found[BESIDE + name] for name in projections}

    def track(self, db: Db, projections: Sequence[str], position: int) -> None:
        super().track(db, [BESIDE + name for name in projections], position)

    def forget(self, db: Db, projection: str) -> None:
        super().forget(db, BESIDE + projection)

    def stop(self, stop: Stop) -> Stop:
        return super().stop(Stop(**{**stop.__dict__, "name": BESIDE + stop.name}))

    def stops_in(self, db: Db) -> dict[str, Stop]:
        return {
            name[len(BESIDE) :]: Stop(**{**stop.__dict__, "name": name[len(BESIDE) :]})
            for name, stop in self._stops_in(db).items()
            if name.startswith(BESIDE)
        }


def _position(value: Any) -> int:
    """A tracked position as stored; -1 when the row is corrupted (no number, or below zero)."""
    return value if type(value) is int and value >= 0 else -1


Listeners = dict[str, list[tuple[Projection, Callable[..., None], bool]]]


def listeners(projections: Sequence[Projection], stored: bool = True) -> Listeners:
    """For each topic, the (projection, handler, reads the stored event) triples that listen to it.

    A projection that defines `handle_stored` (the audit's index of every event) is handed
    the stored event itself, undecoded (`stored`: the payload is plain JSON, no cipher or
    compressor). A projection that overrides `topics`/`handle` is asked through them; the
    others' @handles methods are called directly.
    """
    found: Listeners = {}
    for p in projections:
        whole = stored and getattr(p, "handle_stored", None) is not None
        custom = type(p).handle is not Projection.handle
        for topic in p.topics:
            if whole:
                handler, raw = type(p).handle_stored, True  # type: ignore[attr-defined]
            elif stored and topic in p._stored_handlers:
                handler, raw = p._stored_handlers[topic], True
            else:
                handler, raw = (type(p).handle if custom else p._handlers[topic]), False
            found.setdefault(topic, []).append((p, handler, raw))
    return found


def dispatch(
    db: Db, page: Sequence[Any], listening: Listeners, to_domain_event: Callable[[Any], Any], reached: dict[str, int]
) -> None:
    """Hand one page of stored events to the projections that listen to them and have not
    seen them yet (`reached`: the position each projection had reached), each event decoded
    once, and only when a projection needs it decoded. The one dispatch step: the runner and
    time travel (`event_store.timetravel`) both feed projections through it."""
    for n in page:
        listening_here = listening.get(n.topic)
        if listening_here is None:
            continue
        event = None
        stored = None
        for p, handler, raw in listening_here:
            if reached[p.name] < n.id:
                if raw:
                    if stored is None:
                        try:
                            stored = Stored(n)
                        except Exception as exc:
                            names = [q.name for q, _, r in listening_here if reached[q.name] < n.id and r]
                            raise CannotApply(names, n.id, "decode", _said(exc), n.topic, n.originator_id.hex) from exc
                    event_here = stored
                else:
                    if event is None:
                        try:
                            event = to_domain_event(n)
                        except Exception as exc:
                            names = [q.name for q, _, r in listening_here if reached[q.name] < n.id and not r]
                            raise CannotApply(names, n.id, "decode", _said(exc), n.topic, n.originator_id.hex) from exc
                    event_here = event
                try:
                    handler(p, db, event_here, n.id)
                except BatchRefused:
                    raise
                except Exception as exc:
                    _handler_failed(exc, p, n.id, n.topic, n.originator_id.hex)


def _handler_failed(exc: Exception, p: Projection, position: int, topic: str, originator_hex: str) -> NoReturn:
    """Raise what a handler's failure means: this read model cannot apply the event (`CannotApply`);
    a database error is raised as it is, carrying that failure (`failure`)."""
    failure = CannotApply([p.name], position, "value", _said(exc), topic, originator_hex)
    if _named(exc, "IntegrityError", "OperationalError", "InterfaceError"):
        # Maybe a race or a passing outage (the runner retries a bounded number of
        # times); if it persists, the runner stops this read model here.
        failure.stops = [Stop(**{**s.__dict__, "kind": "conflict"}) for s in failure.stops]
        exc.failure = failure  # type: ignore[attr-defined]
        raise exc
    raise failure from exc


def dispatch_rows(
    db: Db, page: list[Row], listening: Listeners, to_domain_event: Callable[[Any], Any], reached: dict[str, int]
) -> None:
    """`dispatch` over a page of plain rows (`log_pages`), for the runner: where every read model is
    behind the whole page (a rebuild, a catch-up) and every handler of an event reads it as stored,
    the event goes straight to them, parsed once, with no object made for the row; any other event
    (or page) goes through `dispatch`. A long replay spends most of its own time here."""
    if not page:
        return
    if max(reached.values(), default=0) >= page[0][0]:
        dispatch(db, [LogRow(*row) for row in page], listening, to_domain_event, reached)
        return
    as_stored: dict[str, bool] = {}  # per topic: every handler reads the event as stored
    for row in page:
        topic = row[3]
        listening_here = listening.get(topic)
        if listening_here is None:
            continue
        plain = as_stored.get(topic)
        if plain is None:
            plain = as_stored[topic] = all(raw for _, _, raw in listening_here)
        if not plain:
            dispatch(db, [LogRow(*row)], listening, to_domain_event, reached)
            continue
        position = row[0]
        try:
            stored = Stored.of_row(row)
        except Exception as exc:
            raise CannotApply(
                [q.name for q, _, _ in listening_here], position, "decode", _said(exc), topic, row[1]
            ) from exc
        for p, handler, _ in listening_here:
            try:
                handler(p, db, stored, position)
            except BatchRefused:
                raise
            except Exception as exc:
                _handler_failed(exc, p, position, topic, row[1])


def _said(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class ProjectionRunner:
    """Keeps every projection caught up with the log, in batches, resumably."""

    def __init__(
        self,
        app: LedgerApplication,
        projections: Sequence[Projection],
        readmodels: ReadModels,
        *,
        prepare: bool = True,
    ):
        self.app = app
        self.projections = list(projections)
        self.readmodels = readmodels
        self._lock = threading.RLock()
        self._listening_for: dict[tuple[str, ...], Listeners] = {}
        self.stopped: dict[str, Stop] = {}
        """The read models stopped as of the last catch-up (see `ReadModels.stops`)."""
        if not prepare:  # the tables are there already (a rebuild's, built beside)
            return
        with self.readmodels.transaction() as db:
            self.readmodels.serialize(db)
            self.readmodels.create(db)
            for projection in self.projections:
                projection.create(db)

    def positions(self) -> dict[str, int]:
        return self.readmodels.positions([p.name for p in self.projections])

    # Pages per read-model transaction: a long catch-up (a rebuild, a worker after a pause)
    # commits every COMMIT_PAGES pages rather than every page, so with the usual page of
    # PAGE_SIZE events the store's full synchronous commit is paid a hundred times per million
    # events, not a thousand. Smaller pages commit sooner (what is committed survives a crash).
    COMMIT_PAGES = 10

    # A conflict (tracking that will not move, a row already there) repeated this many times while
    # no position moved is no race but a fault: the read models involved stop instead of spinning.
    STUCK_LIMIT = 5
    # Attempts of one catch-up in all, whatever moved: nothing loops for ever.
    ATTEMPT_LIMIT = 100

    def catch_up(
        self,
        upto: int | None = None,
        batch_size: int = PAGE_SIZE,
        only: Sequence[Projection] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Process every event not yet seen by the projections; returns the position reached.

        A read model that cannot apply an event (or whose tracking is corrupted) stops there: why
        is recorded (`ReadModels.stop`), it keeps every event before that position, and the others
        go on. It stays stopped until it is rebuilt (`rebuild`), e.g. once the cause is fixed."""
        projections = list(only) if only is not None else self.projections
        with self._lock, frozen_heap():
            head = self.app.head() if upto is None else upto
            # Each round either finishes or stops at least one more read model.
            for _ in range(len(projections) + 2):
                self.stopped, reached = self.readmodels.standing([p.name for p in projections])
                if not self.stopped and min(reached.values(), default=head) >= head:
                    return head  # nothing to do (a service's read-your-writes after another process caught up)
                running = [p for p in projections if p.name not in self.stopped]
                # A read model stopped by another run keeps every event before its stop (one whose
                # tracking is corrupted waits for its rebuild as it is).
                behind = [p for p in projections if p.name in self.stopped and self.stopped[p.name].kind != "tracking"]
                try:
                    self._run(running, head, batch_size, progress)
                    for p in behind:
                        self._run([p], min(head, self.stopped[p.name].position - 1), batch_size, None)
                    return head
                except CannotApply as failure:
                    for stop in failure.stops:
                        self.readmodels.stop(stop)
            return head

    def _listeners(self, projections: Sequence[Projection]) -> Listeners:
        # Worked out once per set of read models (plugins' event classes are loaded by then), then
        # kept: a service's read-your-writes catch-up would otherwise redo it on every save.
        key = tuple(p.name for p in projections)
        found = self._listening_for.get(key)
        if found is None:
            mapper = self.app.mapper
            plain = mapper.compressor is None and mapper.cipher is None
            found = self._listening_for[key] = listeners(projections, stored=plain)
        return found

    def _run(
        self,
        projections: Sequence[Projection],
        head: int,
        batch_size: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        if not projections:
            return
        listening = self._listeners(projections)
        to_domain_event = self.app.mapper.to_domain_event
        names = [p.name for p in projections]
        locked = stuck = 0
        previous: dict[str, int] | None = None
        batched = True
        for _attempt in range(self.ATTEMPT_LIMIT):
            reached = self.readmodels.positions(names)
            broken = [name for name, at in reached.items() if at < 0]
            if broken:
                raise CannotApply(broken, 1, "tracking", "tracking row holds no position (not a number, or below zero)")
            start = min(reached.values(), default=head)
            if start >= head:
                return
            before = dict(reached)
            try:
                pages = iter(log_pages(self.app, start, head, batch_size, self.COMMIT_PAGES))
                exhausted = False
                while not exhausted:
                    # Read this transaction's events before opening it: on SQLite the
                    # store has one writer connection, and a reader asked for while holding
                    # it queues behind the threads waiting for that writer (each of them
                    # saving a record), so nobody moves until the pool times out.
                    chunk = []
                    for page in pages:
                        chunk.append(page)
                        if len(chunk) >= self.COMMIT_PAGES:
                            break
                    else:
                        exhausted = True
                    if not chunk:
                        break
                    last = None
                    with self.readmodels.transaction(batch=batched) as db:
                        if self.readmodels.serialize(db) and self.readmodels.positions_in(db, names) != {
                            name: reached[name] for name in names
                        }:
                            raise IntegrityError("another process caught up first")
                        for page in chunk:
                            dispatch_rows(db, page, listening, to_domain_event, reached)
                            last = page[-1][0]
                            if progress:
                                progress(last, head)
                        if last is not None:
                            self.readmodels.track(db, [name for name in names if reached[name] < last], last)
                    if last is not None:
                        for name in names:
                            reached[name] = max(reached[name], last)
                return
            except IntegrityError as exc:
                # Another process tracked these events first: its rows stand, ours rolled back.
                # Unless nothing moved since the last try, over and over: then it is no race.
                now = self.readmodels.positions(names)
                stuck = stuck + 1 if now == previous or now == before else 1
                previous = now
                if stuck >= self.STUCK_LIMIT:
                    raise self._stuck(exc, names, now, head) from exc
                continue
            except OperationalError as exc:
                # SQLite refuses to upgrade a stale read to a write while another writer
                # commits ("database is locked"); the batch rolled back, so try again.
                locked += 1
                if locked > 50:
                    failure = _failure_of(exc)
                    if failure is not None:  # a handler's own statement fails, not the database
                        raise failure from exc
                    raise
                time.sleep(min(0.01 * locked, 0.2))
                continue
            except CannotApply:
                raise
            except Exception as exc:
                if _named(exc, "InterfaceError") and self.readmodels.postgres:
                    raise  # the connection went away (the worker tries again at its next wake-up)
                failure = _failure_of(exc)
                if failure is not None:
                    raise failure from exc
                if not batched:
                    raise
                # The database refused a value when the batch was sent (a list where text goes, a
                # number out of range), after the handler that wrote it returned: once more without
                # batching, so the failing handler's own statement names its read model and event.
                batched = False
                continue
        raise self._stuck(None, names, self.readmodels.positions(names), head)

    @staticmethod
    def _stuck(exc: BaseException | None, names: Sequence[str], reached: dict[str, Any], head: int) -> CannotApply:
        """The read models to stop after a conflict that kept recurring."""
        failure = _failure_of(exc) if exc is not None else None
        if failure is not None:
            return failure
        stuck = [n for n in getattr(exc, "names", ()) if n in names] or [n for n in names if reached[n] < head]
        # Unattributed to one event (its rows are written in batches), a conflict that keeps coming
        # back where nothing moves means the tracked position and the rows disagree.
        error = f"no progress after repeated conflicts: {exc or 'attempt limit reached'}"
        position = min(reached[n] for n in stuck) + 1 if stuck else head
        return CannotApply(stuck or list(names), position, "tracking", error)

    def rebuilding(self) -> dict[str, int]:
        """A rebuild under way (cut short, or running in another process): each read model it
        builds beside the live ones, and the position it has reached; empty when none is."""
        with self.readmodels.transaction(commit=False) as db:
            names = [r["name"] for r in db.rows(f"SELECT name FROM {REBUILDS_TABLE} ORDER BY name")]
            if not names:
                return {}
            return Beside(self.readmodels.tracking, ()).positions_in(db, names)

    def rebuild(
        self,
        names: Sequence[str] | None = None,
        progress: Callable[[int, int], None] | None = None,
        batch_size: int = PAGE_SIZE,
    ) -> int:
        """Rebuild the named projections (all when None) from position 0, beside the live ones.

        The new tables are built under other names (`Beside`) while the app goes on reading, and
        writing, the live ones; when they reach the head they take the live ones' place in one
        transaction, with their indexes and position. A rebuild cut short (Ctrl-C, SIGTERM, kill -9)
        leaves the live read models as they were, and the next rebuild of the same read models
        resumes where it stopped (`rebuilding`); a rebuild of others starts afresh.

        A stopped read model resumes this way (its stop is cleared with its tracking): once what
        stopped it is fixed it catches up to the head; if not, it stops again where it did."""
        chosen = [p for p in self.projections if names is None or p.name in names]
        unknown = set(names or ()) - {p.name for p in chosen}
        if unknown:
            raise KeyError(f"no such projection: {', '.join(sorted(unknown))}")
        beside = Beside(self.readmodels.tracking, chosen)
        with self._lock:
            self._listening_for.clear()  # the handlers as they are now (a fix loaded since)
            self._begin_beside(beside, chosen)
            runner = ProjectionRunner(self.app, chosen, beside, prepare=False)
            runner.catch_up(only=chosen, progress=progress, batch_size=batch_size)
            if self.readmodels.postgres:
                # The pages' indexes, built on the new tables before the switch, renamed with them.
                with beside.transaction() as db:
                    beside.serialize(db)
                    for p in chosen:
                        for statement in p.indexes:
                            db.execute(statement)
            with self.readmodels.transaction() as db, sorting_in_parallel(db):
                self.readmodels.serialize(db)
                self._switch(db, beside, chosen)
                # What the next process to open the store would do on the new tables (the study weeks
                # added up in one pass), done here: counted in the rebuild, not in the first page after it.
                for p in chosen:
                    p.create(db)
            return self.catch_up(only=chosen, progress=progress, batch_size=batch_size)

    def _begin_beside(self, beside: Beside, chosen: Sequence[Projection]) -> None:
        """Resume the rebuild under way if it builds these read models; else start afresh."""
        wanted = sorted(p.name for p in chosen)
        with self.readmodels.transaction() as live:
            self.readmodels.serialize(live)
            under_way = [r["name"] for r in live.rows(f"SELECT name FROM {REBUILDS_TABLE} ORDER BY name")]
        if under_way == wanted:
            return
        with self.readmodels.transaction() as live:
            self.readmodels.serialize(live)
            if under_way:  # another set of read models: what was built for it goes
                others = [p for p in self.projections if p.name in under_way]
                other = Beside(self.readmodels.tracking, others)
                with_renames = Db(live._cursor, live.postgres, False, other.renames)
                with unzeroed(with_renames):
                    for p in others:
                        p.drop(with_renames)
                for name in under_way:
                    other.forget(live, name)
                live.execute(f"DELETE FROM {REBUILDS_TABLE}")
            db = Db(live._cursor, live.postgres, False, beside.renames)
            started = datetime.now(UTC).isoformat()
            with unzeroed(db):
                for p in chosen:
                    p.drop(db)
            for p in chosen:
                beside.forget(live, p.name)
                p.create(db, indexes=False)  # the pages' indexes come after the replay
                live.execute(f"INSERT INTO {REBUILDS_TABLE} (name, started_at) VALUES (?, ?)", (p.name, started))

    def _switch(self, db: Db, beside: Beside, chosen: Sequence[Projection]) -> None:
        """In this transaction: the read models built beside take the live ones' place (tables,
        indexes, the position they reached and why any stopped), and the rebuild is over."""
        reached = beside.positions_in(db, [p.name for p in chosen])
        stops = beside.stops_in(db)
        with unzeroed(db):
            for p in chosen:
                p.drop(db)
        for p in chosen:
            for table in p.tables:
                db.execute(f"ALTER TABLE {BESIDE}{table} RENAME TO {table}")
                if self.readmodels.postgres:  # its primary key's, its lookup and pages' indexes
                    for r in db.rows(
                        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?",
                        (table,),
                    ):
                        if r["indexname"].startswith(BESIDE):
                            db.execute(f"ALTER INDEX {r['indexname']} RENAME TO {r['indexname'][len(BESIDE) :]}")
            if not self.readmodels.postgres:  # SQLite cannot rename an index: made again under its name
                for statement in p.lookup_indexes:
                    db.execute(f"DROP INDEX IF EXISTS {BESIDE}{index_name(statement)}")
                for statement in (*p.lookup_indexes, *p.indexes):
                    db.execute(statement)
            self.readmodels.forget(db, p.name)
            beside.forget(db, p.name)
            if reached[p.name] > 0:
                self.readmodels.track(db, [p.name], reached[p.name])
            if p.name in stops:
                stop = stops[p.name]
                db.execute(
                    f"INSERT INTO {STOPS_TABLE} (name, position, kind, error, topic, originator_id, stopped_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        p.name,
                        stop.position,
                        stop.kind,
                        stop.error[:4000],
                        stop.topic,
                        stop.originator_id,
                        stop.stopped_at,
                    ),
                )
        db.execute(f"DELETE FROM {REBUILDS_TABLE}")
