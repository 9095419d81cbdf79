"""Time travel: the read models as they stood at a past log position, computed by the same
projection classes, never in the live tables.

The checkpoints are one SQLite file of *row versions*: for every table of the dashboards'
read models, every version any row ever had, each with the log positions between which it
stood (`_from`, the event that wrote it, and `_to`, the event that changed or deleted it;
a row still standing has `_to` = `OPEN`). The state at a position p is the versions with
`_from <= p < _to`. The file grows with what the events wrote, not with the square of the
log: a version is kept once, however many positions it stood at (at a million events about
the size of one copy of the read models, beside a full copy every 100,000 events before).

How the versions are written: the projections' own handlers (`event_store.projection.dispatch`,
the runner's dispatch step) replay the log into *working tables* in the same file (the read
models as they stand at the last position replayed, with the tables' keys, which upserts need,
but without the pages' indexes), and triggers on those tables copy every insert, update and
delete into the versions with the position of the event being handled. The working tables
cost about half a copy of the read models; the versions carry the pages' indexes (made after
the first replay, in one sorted pass each) and one on each table's key (which the triggers use
to find the version a change closes), so that a visit's queries find their rows as on the live
tables.

A visit to position p replays nothing: it opens the file in a read transaction and shadows
each read model's name with a temporary view of the versions standing at p, then answers
the queries from them (`PastReadModels`). Its cost is that of the queries alone, whatever
the length of the log and wherever p is in it. Only a visit past the last position replayed
first replays the events up to it (once: they stay in the file), as `culture-ledger
checkpoint` does beforehand up to the head.

The file is used only by the same projection code (its folder is named by a fingerprint of
their source and of this layout) and only while the log it was made from is still the log: the
chain hash at every `every` events (and at the last position replayed) is kept beside the
versions and compared with the store's before a visit. From the first that no longer matches,
the versions are rolled back to the stop before it (the working tables are set back to the
versions standing there) and made again. The first build for new projection code (or for a
new layout: the full copies and changesets of the layout before this one included) removes the
folders of the code it superseded.
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import apsw
import apsw.ext

from event_store.integrity import hashes_at
from event_store.projection import Db, Projection, dispatch, frozen_heap, index_name, listeners
from event_store.store import LedgerApplication

DEFAULT_EVERY = 10_000
LAYOUT = "row versions valid from..to, working tables beside, v4"
FILE = "versions.sqlite3"
LOCK = ".lock"
PREFIX = "tt_"
"""The versions of read-model table T are in table tt_T (and its indexes are tt_<index>)."""
STOPS = "tt_stops"
REACHED = "tt_reached"
OPEN = 2**62
"""The `_to` of a version still standing."""
REPLAY_BATCH = 5_000
LOCK_TIMEOUT = 30
BUILD_CACHE_KIB = 65_536
VISIT_RETRIES = 5

Progress = Callable[[int, int], None]


def checkpoint_root(store_url: str) -> Path:
    """`$CULTURE_LEDGER_CHECKPOINTS`, else a `checkpoints/` folder beside a SQLite store (./data/checkpoints otherwise)."""
    if os.environ.get("CULTURE_LEDGER_CHECKPOINTS"):
        return Path(os.environ["CULTURE_LEDGER_CHECKPOINTS"])
    if store_url.startswith("sqlite:///") and ":memory:" not in store_url and "mode=memory" not in store_url:
        return Path(store_url[len("sqlite:///") :]).parent / "checkpoints"
    return Path("data") / "checkpoints"


def fingerprint(projections: Sequence[Projection]) -> str:
    """Changes whenever a projection's code (its module's source), their set or the checkpoint layout changes."""
    h = hashlib.sha256(LAYOUT.encode())
    for projection in sorted(projections, key=lambda p: p.name):
        cls = type(projection)
        h.update(f"{projection.name}:{cls.__module__}.{cls.__qualname__}\n".encode())
        try:
            h.update(inspect.getsource(inspect.getmodule(cls)).encode())  # type: ignore[arg-type]
        except (OSError, TypeError):
            h.update(repr(sorted(projection.tables.items())).encode())
    return h.hexdigest()[:16]


# --- the projections' Db on an apsw connection ------------------------------------------


class _Row(tuple):
    """A row readable by index and by column name, like sqlite3.Row (`dict(row)` works)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _index: dict[str, int] = {}

    def keys(self) -> tuple[str, ...]:
        return self._names

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)


_row_classes: dict[tuple[str, ...], type[_Row]] = {}


def _row_class(names: tuple[str, ...]) -> type[_Row]:
    cls = _row_classes.get(names)
    if cls is None:
        cls = _row_classes[names] = type(
            "Row", (_Row,), {"__slots__": (), "_names": names, "_index": {n: i for i, n in enumerate(names)}}
        )
    return cls


_PLAIN = (str, int, float, bytes, type(None))


def _adapt(params: Sequence[Any]) -> tuple[Any, ...]:
    # The sqlite3 module's default adapters, which the live read models are written with.
    if all(type(v) in _PLAIN for v in params):
        return tuple(params)
    return tuple(
        v.isoformat(" ") if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v for v in params
    )


class _Cursor:
    """The part of a DB-API cursor that `Db` and the projections use, on an apsw connection."""

    def __init__(self, conn: apsw.Connection):
        self._conn = conn
        self._cursor = conn.cursor()
        self._cursor.row_trace = self._row
        self._sql = ""
        self._params: tuple[Any, ...] = ()

    def _row(self, cursor: apsw.Cursor, row: tuple[Any, ...]) -> _Row:
        return _row_class(tuple(d[0] for d in cursor.get_description()))(row)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Cursor:
        self._sql, self._params = sql, _adapt(params)
        self._cursor.execute(sql, self._params)
        return self

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> _Cursor:
        self._cursor.executemany(sql, [_adapt(r) for r in rows])
        return self

    def fetchall(self) -> list[_Row]:
        return self._cursor.fetchall()

    def fetchone(self) -> _Row | None:
        return self._cursor.fetchone()

    @property
    def description(self) -> Any:
        try:
            return self._cursor.get_description()
        except apsw.ExecutionCompleteError:  # a query without rows: ask SQLite what it would return
            return apsw.ext.query_info(self._conn, self._sql, self._params).description


def _open(path: Path | str) -> apsw.Connection:
    conn = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE)
    conn.set_busy_timeout(LOCK_TIMEOUT * 1000)
    return conn


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Table:
    """One read-model table: its columns and key, the name of its versions, and the SQL that keeps them."""

    def __init__(self, name: str, columns: list[tuple[str, str]], key: list[str]):
        self.name = name
        self.versions = PREFIX + name
        self.columns = [c for c, _ in columns]
        self.types = dict(columns)
        self.key = key or self.columns  # a table without a key: a version is found by all its values

    @classmethod
    def of(cls, conn: apsw.Connection, name: str) -> _Table:
        info = list(conn.execute(f"PRAGMA main.table_info({_q(name)})"))
        columns = [(row[1], row[2] or "") for row in info]
        key = [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        return cls(name, columns, key)

    def cols(self, prefix: str = "") -> str:
        return ", ".join(prefix + _q(c) for c in self.columns)

    def create_versions(self) -> list[str]:
        columns = ", ".join(f"{_q(c)} {self.types[c]}".rstrip() for c in self.columns)
        v = _q(self.versions)
        return [
            f"CREATE TABLE IF NOT EXISTS {v} (_from INTEGER NOT NULL, _to INTEGER NOT NULL, {columns})",
            f"CREATE INDEX IF NOT EXISTS {_q(self.versions + '__key')} ON {v} "
            f"({', '.join(_q(c) for c in self.key)}, _to)",
        ]

    def _standing(self, row: str) -> str:
        # The version of the row OLD still standing (by its key: upserts and REPLACE keep rowids in no order).
        return " AND ".join(f"{_q(c)} IS {row}.{_q(c)}" for c in self.key) + f" AND _to = {OPEN}"

    def triggers(self) -> list[str]:
        t, v = _q(self.name), _q(self.versions)
        insert = f"INSERT INTO {v} (_from, _to, {self.cols()}) VALUES (tt_at(), {OPEN}, {self.cols('NEW.')});"
        # A version written and changed by the same event never stood anywhere: dropped, not closed.
        close = (
            f"DELETE FROM {v} WHERE {self._standing('OLD')} AND _from = tt_at(); "
            f"UPDATE {v} SET _to = tt_at() WHERE {self._standing('OLD')};"
        )
        changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in self.columns)
        n = self.versions
        return [
            f"CREATE TEMP TRIGGER IF NOT EXISTS {_q(n + '__i')} AFTER INSERT ON main.{t} BEGIN {insert} END",
            f"CREATE TEMP TRIGGER IF NOT EXISTS {_q(n + '__u')} AFTER UPDATE ON main.{t} WHEN {changed} "
            f"BEGIN {close} {insert} END",
            f"CREATE TEMP TRIGGER IF NOT EXISTS {_q(n + '__d')} AFTER DELETE ON main.{t} BEGIN {close} END",
        ]

    def view_at(self, position: int) -> str:
        return (
            f"CREATE TEMP VIEW {_q(self.name)} AS SELECT {self.cols()} FROM main.{_q(self.versions)} "
            f"WHERE _from <= {int(position)} AND _to > {int(position)}"
        )

    def roll_back_to(self, position: int) -> list[str]:
        """Statements that set the working table and the versions back to where they stood at `position`."""
        t, v, p = _q(self.name), _q(self.versions), int(position)
        return [
            f"DELETE FROM main.{t}",
            f"DELETE FROM main.{v} WHERE _from > {p}",
            f"UPDATE main.{v} SET _to = {OPEN} WHERE _to > {p} AND _to < {OPEN}",
            f"INSERT INTO main.{t} ({self.cols()}) SELECT {self.cols()} FROM main.{v} WHERE _to = {OPEN} ORDER BY _from",
        ]


def _versions_index(statement: str) -> str:
    """A page's index statement on a read-model table, made on its versions (never unique: a row has many)."""
    name = index_name(statement)
    sql = re.sub(r"\bUNIQUE\s+", "", statement, count=1, flags=re.IGNORECASE)
    sql = re.sub(rf"\b{re.escape(name)}\b", PREFIX + name, sql, count=1)
    return re.sub(r"\bON\s+(\w+)", lambda m: f"ON {PREFIX}{m.group(1)}", sql, count=1, flags=re.IGNORECASE)


def _replay(
    app: LedgerApplication,
    projections: Sequence[Projection],
    db: Db,
    after: int,
    upto: int,
    at: list[int],
    page_done: Callable[[int], None],
) -> None:
    """Hand the events after..upto to the projections that listen to them (the runner's dispatch,
    untracked), with `at[0]` the position of the event being handled while its handlers write."""
    listening = {
        topic: [(p, _stamped(handler, at), raw) for p, handler, raw in triples]
        for topic, triples in listeners(projections).items()
    }
    reached = {p.name: after for p in projections}
    to_domain_event = app.mapper.to_domain_event
    with frozen_heap():  # as the runner: the collector leaves the libraries' objects alone meanwhile
        for page in app.pages(after=after, upto=upto, size=REPLAY_BATCH):
            dispatch(db, page, listening, to_domain_event, reached)
            db.flush()
            page_done(page[-1].id)


def _stamped(handler: Callable[..., None], at: list[int]) -> Callable[..., None]:
    def handle(projection: Projection, db: Db, event: Any, position: int) -> None:
        at[0] = position
        handler(projection, db, event, position)

    return handle


class PastReadModels:
    """Read models at one past position, queried like the live ledger (`query`, `scalar`).

    Temporary views of the versions standing at `position`, in a read transaction that `close` ends.
    `started_from` is where the versions stood before this visit: the visit replayed the events
    after it (none when it is `position` or more).
    """

    postgres = False
    """The SQL it answers is SQLite's on both backends (as `Ledger.postgres` says for the live one)."""

    def __init__(
        self, conn: apsw.Connection, tables: Sequence[_Table], position: int, started_from: int, registry: Any
    ):
        self.position = position
        self.started_from = started_from
        self.registry = registry
        self._conn: apsw.Connection | None = conn
        for table in tables:
            conn.execute(table.view_at(position))
        self.db = Db(_Cursor(conn), postgres=False)

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
        return self.db.rows(sql, params)

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        return self.db.scalar(sql, params)

    def close(self) -> None:
        if self._conn is None:
            return
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        self._conn.close()
        self._conn = None

    def __enter__(self) -> PastReadModels:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TimeMachine:
    """The dashboards' read models at any past position, from the versions of their rows."""

    def __init__(
        self,
        app: LedgerApplication,
        projections: Callable[[], Sequence[Projection]],
        directory: Path | str,
        every: int = DEFAULT_EVERY,
        registry: Any = None,
    ):
        if every < 1:
            raise ValueError("checkpoints are kept every one event or more: every must be at least 1")
        self.app = app
        self.projections = projections
        self.every = every
        self.registry = registry
        self.root = Path(directory)
        self.directory = self.root / fingerprint(projections())
        self.path = self.directory / FILE
        self.started_from = 0
        """Where the versions stood (checked against the log) when the last `prepare` began."""

    # --- what is kept ---------------------------------------------------------------

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if not self.path.exists():
            return []
        conn = _open(self.path)
        try:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (STOPS,)).fetchall():
                return []
            return [tuple(r) for r in conn.execute(sql, tuple(params))]
        finally:
            conn.close()

    def reached(self) -> int:
        """The last position whose events are in the versions (0: none yet)."""
        rows = self._read(f"SELECT position FROM {REACHED}")
        return int(rows[0][0]) if rows else 0

    def checkpoints(self) -> list[int]:
        """The positions (every `every` events) whose chain hash is kept to check the versions against the log."""
        return [
            p
            for (p,) in self._read(
                f"SELECT position FROM {STOPS} WHERE position % ? = 0 ORDER BY position", (self.every,)
            )
        ]

    def made_at(self, position: int) -> bytes | None:
        """The chain hash the versions up to `position` were made from, if it is a stop kept."""
        rows = self._read(f"SELECT chain_hash FROM {STOPS} WHERE position = ?", (position,))
        return bytes(rows[0][0]) if rows else None

    def disk_usage(self) -> int:
        """Bytes the checkpoints of this projection code take on disk."""
        if not self.directory.exists():
            return 0
        total = 0
        for f in self.directory.iterdir():
            try:
                total += f.stat().st_size if f.is_file() and f.name != LOCK else 0
            except FileNotFoundError:
                pass
        return total

    def prune_superseded(self) -> list[Path]:
        """Remove the checkpoints of other projection code (or an older layout) beside these."""
        removed = []
        if self.root.exists():
            for folder in self.root.iterdir():
                if (
                    folder.is_dir()
                    and folder != self.directory
                    and len(folder.name) == 16
                    and all(c in "0123456789abcdef" for c in folder.name)
                ):
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
        return removed

    # --- building ---------------------------------------------------------------------

    def prepare(self, upto: int, progress: Progress | None = None) -> int:
        """Make sure the versions hold the events up to `upto` and match the log; returns the position they reach."""
        with self._building():  # one builder at a time (threads of one app, app instances, the CLI)
            conn = self._connect()
            try:
                tables = self._setup(conn)
                reached = self.started_from = self._checked(conn, tables)
                if reached < upto:
                    self._extend(conn, tables, reached, upto, progress)
                    reached = upto
                self._index(conn)
                self._fold_in(conn)
                return reached
            finally:
                conn.close()

    @contextmanager
    def _building(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / LOCK, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _connect(self) -> apsw.Connection:
        fresh = not self.path.exists()
        if fresh:  # the first build for this projection code: the older code's are of no more use
            self.prune_superseded()
        conn = _open(self.path)
        conn.execute("PRAGMA journal_mode=WAL")  # visits read while a builder writes
        conn.execute("PRAGMA synchronous=NORMAL")  # a cache of the log: a crash loses at most its last page
        conn.execute("PRAGMA journal_size_limit=0")  # the log of writes shrinks back once copied in
        conn.execute("PRAGMA recursive_triggers=ON")  # REPLACE's deletes reach the triggers too
        conn.execute(f"PRAGMA cache_size=-{BUILD_CACHE_KIB}")
        return conn

    @staticmethod
    def _fold_in(conn: apsw.Connection) -> None:
        """Copy the log of writes into the file and empty it, unless a visit still reads it (never waits for one)."""
        conn.set_busy_timeout(0)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except apsw.BusyError:
            pass
        finally:
            conn.set_busy_timeout(LOCK_TIMEOUT * 1000)

    def _setup(self, conn: apsw.Connection) -> list[_Table]:
        """Create the working tables, their versions and the stops if need be; the tables, in order."""
        projections = list(self.projections())
        db = Db(_Cursor(conn), postgres=False)
        with conn:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {STOPS} (position INTEGER PRIMARY KEY, chain_hash BLOB NOT NULL)")
            conn.execute(f"CREATE TABLE IF NOT EXISTS {REACHED} (position INTEGER NOT NULL)")
            if not conn.execute(f"SELECT 1 FROM {REACHED}").fetchall():
                conn.execute(f"INSERT INTO {REACHED} VALUES (0)")
            names = [t for p in projections for t in p.tables]
            existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for p in projections:
                p.create(db, indexes=False)  # the handlers' lookup indexes; the pages' are on the versions
            db.flush()
            tables = [_Table.of(conn, name) for name in names]
            for table in tables:
                for statement in table.create_versions():
                    conn.execute(statement)
                if table.name not in existing:  # rows a projection writes when it creates its tables
                    conn.execute(
                        f"INSERT INTO {_q(table.versions)} (_from, _to, {table.cols()}) "
                        f"SELECT 0, {OPEN}, {table.cols()} FROM main.{_q(table.name)}"
                    )
        return tables

    def _index(self, conn: apsw.Connection) -> None:
        """The pages' indexes on the versions: made after the first replay, in one sorted pass each."""
        with conn:
            for p in self.projections():
                for statement in p.indexes:
                    conn.execute(_versions_index(statement))

    def _checked(self, conn: apsw.Connection, tables: Sequence[_Table]) -> int:
        """Where the versions stand, once rolled back to the last stop whose chain hash is still the log's."""
        reached = conn.execute(f"SELECT position FROM {REACHED}").fetchall()[0][0]
        stops = {p: bytes(h) for p, h in conn.execute(f"SELECT position, chain_hash FROM {STOPS} ORDER BY position")}
        chain = hashes_at(self.app, list(stops)) if stops else {}
        valid = 0
        for position in sorted(stops):
            if chain.get(position) != stops[position]:
                break
            valid = position
        else:
            if valid == reached:
                return reached
        valid = valid // self.every * self.every  # the stops before the first that broke are all multiples
        with conn:
            for table in tables:
                for statement in table.roll_back_to(valid):
                    conn.execute(statement)
            conn.execute(f"DELETE FROM {STOPS} WHERE position > ?", (valid,))
            conn.execute(f"UPDATE {REACHED} SET position = ?", (valid,))
        return valid

    def _extend(
        self, conn: apsw.Connection, tables: Sequence[_Table], after: int, upto: int, progress: Progress | None
    ) -> None:
        at = [after]
        conn.create_scalar_function("tt_at", lambda: at[0], 0)
        for table in tables:
            for statement in table.triggers():
                conn.execute(statement)
        db = Db(_Cursor(conn), postgres=False)  # unbatched: every write is stamped with its own event's position
        projections = list(self.projections())
        stop = [after]

        def page_done(last: int) -> None:
            self._stop(conn, last, commit=last == upto)
            stop[0] = last
            if progress:
                progress(last, upto)

        conn.execute("BEGIN")
        try:
            _replay(self.app, projections, db, after, upto, at, page_done)
            if stop[0] < upto:  # no events after the last page (or none at all)
                self._stop(conn, upto, commit=True)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            for table in tables:
                for suffix in ("__i", "__u", "__d"):
                    conn.execute(f"DROP TRIGGER IF EXISTS temp.{_q(table.versions + suffix)}")

    def _stop(self, conn: apsw.Connection, position: int, commit: bool) -> None:
        """Keep the chain hashes of the stops up to `position` and commit the page (a build cut short resumes here)."""
        last = conn.execute(f"SELECT position FROM {REACHED}").fetchall()[0][0]
        stops = [s for s in range(last // self.every * self.every + self.every, position + 1, self.every)]
        if position % self.every:
            stops.append(position)  # the last position replayed is checked too
        chain = hashes_at(self.app, stops)
        conn.execute(f"DELETE FROM {STOPS} WHERE position % ? != 0", (self.every,))  # the last replayed before
        conn.executemany(f"INSERT OR REPLACE INTO {STOPS} VALUES (?, ?)", [(s, chain.get(s, b"")) for s in stops])
        conn.execute(f"UPDATE {REACHED} SET position = ?", (position,))
        conn.execute("COMMIT")
        if not commit:
            conn.execute("BEGIN")

    # --- visiting ---------------------------------------------------------------------

    def at(self, position: int, progress: Progress | None = None) -> PastReadModels:
        """The read models as they stood just after the event at `position` (0: before the first event)."""
        target = max(0, min(position, self.app.head()))
        for _ in range(VISIT_RETRIES):
            self.prepare(target, progress)
            started_from = self.started_from
            conn = _open(self.path)
            try:
                conn.execute("BEGIN")  # one snapshot of the versions for the whole visit
                if conn.execute(f"SELECT position FROM {REACHED}").fetchall()[0][0] >= target:
                    tables = [_Table.of(conn, t) for p in self.projections() for t in p.tables]
                    if progress:
                        progress(target, target)
                    return PastReadModels(conn, tables, target, min(started_from, target), self.registry)
                conn.execute("ROLLBACK")
            except BaseException:
                conn.close()
                raise
            conn.close()  # rolled back by another builder meanwhile (the log changed): once more
        raise RuntimeError(f"the time-travel checkpoints kept being rolled back below position {target}")
