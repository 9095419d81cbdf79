"""Time travel: the read models as they stood at a past log position, computed by the same
projection classes, never in the live tables.

Checkpoints keep the cost of a visit flat in the length of the log, on a fraction of the
disk that full copies alone would take:

- every `every` events (10,000) a *changeset*: the rows the projections inserted, updated
  and deleted over those events, as recorded by SQLite's session extension (`apsw`). It
  costs about what the events added to the read models (some 2 MB per 10,000 study
  entries), so the changesets of a log together weigh less than one copy of its read
  models (at a million events, 210 MB beside a copy of 370 MB): linear in the log;
- every `full_every` events (100,000) a *full copy* of the dashboards' read models (a
  SQLite file), opened in place by a visit.

A visit to position p opens the full copy at or before p, applies the (at most nine)
changesets after it inside one transaction, replays the (at most `every`) events after
the last changeset with the projections' own handlers (`event_store.projection.dispatch`,
the runner's dispatch step), answers the queries from that transaction and rolls it
back: the copy is left as it was. Applying a changeset is SQLite writing rows, about ten
times faster than decoding and projecting the events again, so the cost stays that of at
most `full_every` events' rows plus `every` events, whatever the length of the log.

Why not full copies every 10,000 events, as before: a copy at position n weighs about n
events' rows (at a million events, 370 MB, half of it the study entries' indexes), so
copies every 10,000 events sum to about 50 copies of the largest: 18 GB at a million
events, quadratic in the log. Full copies every 100,000 events with changesets between
them sum to about six copies at a million events (2.2 GB, measured: eight times less).
The full copies still grow with the square of the log, but with a tenth of the slope; a
constant `full_every` is what keeps a visit flat. A larger `full_every` trades visit time
(more changesets to apply) for disk; `every` bounds the events replayed.

A checkpoint is used only by the same projection code (its folder is named by a
fingerprint of their source and of this layout) and only while the chain hash at its
position is still the one it was made from; the first one that no longer matches is made
again, with every later one. Checkpoints missing on the way are built first (once), or
beforehand by `culture-ledger checkpoint`; the first build for new projection code removes
the folders of the code it superseded.
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import apsw
import apsw.ext

from event_store.integrity import hashes_at
from event_store.projection import Db, Projection, dispatch, frozen_heap, listeners
from event_store.store import LedgerApplication

DEFAULT_EVERY = 10_000
FULL_RATIO = 10
"""A full copy every FULL_RATIO checkpoints; changesets between them."""
LAYOUT = "full copies + session changesets, v3"
INDEX = "checkpoints.sqlite3"
LOCK = ".lock"
SCRATCH = "building-"
REPLAY_BATCH = 5_000
LOCK_TIMEOUT = 30
VISIT_CACHE_KIB = 262_144

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


def _open(path: Path | str, create: bool = True) -> apsw.Connection:
    flags = apsw.SQLITE_OPEN_READWRITE | (apsw.SQLITE_OPEN_CREATE if create else 0)
    conn = apsw.Connection(str(path), flags=flags)
    conn.set_busy_timeout(LOCK_TIMEOUT * 1000)
    return conn


def _copy(path: Path, conn: apsw.Connection, into: bool) -> None:
    """SQLite's backup of `conn` into the file at `path` (into=True), or of that file into `conn`."""
    other = _open(path)
    try:
        source, destination = (conn, other) if into else (other, conn)
        with destination.backup("main", source, "main") as backup:
            backup.step()
    finally:
        other.close()


def replay(
    app: LedgerApplication,
    projections: Sequence[Projection],
    db: Db,
    after: int,
    upto: int,
    progress: Progress | None = None,
) -> None:
    """Hand the events after..upto to the projections that listen to them: the runner's dispatch, untracked."""
    listening = listeners(projections)
    reached = {p.name: after for p in projections}
    to_domain_event = app.mapper.to_domain_event
    with frozen_heap():  # as the runner: the collector leaves the libraries' objects alone meanwhile
        for page in app.pages(after=after, upto=upto, size=REPLAY_BATCH):
            dispatch(db, page, listening, to_domain_event, reached)
            if progress:
                progress(page[-1].id, upto)
    db.flush()


class PastReadModels:
    """Read models at one past position, queried like the live ledger (`query`, `scalar`).

    They live in a transaction on a full copy (or a temporary file) that `close` rolls back.
    """

    def __init__(self, path: Path, position: int, started_from: int, registry: Any = None, temporary: bool = False):
        self.path = path
        self.position = position
        self.started_from = started_from
        self.registry = registry
        self.temporary = temporary
        self._conn: apsw.Connection | None = _open(path, create=temporary)
        # Room for the changes of a visit in memory, so that they never reach the file (rolled back anyway).
        self._conn.execute(f"PRAGMA cache_size=-{VISIT_CACHE_KIB}")
        self._conn.execute("BEGIN IMMEDIATE")
        self.db = Db(_Cursor(self._conn), postgres=False, batch=True)  # the runner's batched writes

    def apply(self, changeset: bytes) -> None:
        apsw.Changeset.apply(changeset, self._conn)

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
        if self.temporary:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def __enter__(self) -> PastReadModels:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TimeMachine:
    """Replays the dashboards' projections up to a past position, from the nearest checkpoint."""

    def __init__(
        self,
        app: LedgerApplication,
        projections: Callable[[], Sequence[Projection]],
        directory: Path | str,
        every: int = DEFAULT_EVERY,
        registry: Any = None,
        full_every: int | None = None,
    ):
        self.app = app
        self.projections = projections
        self.every = every
        self.full_every = full_every or every * FULL_RATIO
        if self.full_every % self.every:
            raise ValueError("full copies are kept at checkpoints: full_every must be a multiple of every")
        self.registry = registry
        self.root = Path(directory)
        self.directory = self.root / fingerprint(projections())

    # --- what is kept ---------------------------------------------------------------

    def _new_full(self, position: int) -> Path:
        # A new name for every copy made: a visit may still have the copy it replaces open in a
        # transaction, whose rollback journal must never meet another file of the same name.
        return self.directory / f"full-{position:012d}-{uuid.uuid4().hex[:8]}.sqlite3"

    def _index(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.directory / INDEX, isolation_level=None, timeout=LOCK_TIMEOUT)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS checkpoints (position INTEGER PRIMARY KEY, "
            "chain_hash BLOB NOT NULL, changeset BLOB NOT NULL, full_copy TEXT)"
        )
        return conn

    def _kept(self, upto: int | None = None) -> dict[int, tuple[bytes, Path | None]]:
        """position -> (chain hash it was made at, the full copy kept there if any)."""
        if not (self.directory / INDEX).exists():
            return {}
        with self._index() as conn:
            rows = conn.execute(
                "SELECT position, chain_hash, full_copy FROM checkpoints WHERE position <= ? ORDER BY position",
                (upto if upto is not None else 2**62,),
            ).fetchall()
        files = {p: self.directory / f for p, _, f in rows if f}
        return {p: (bytes(h), files[p] if p in files and files[p].exists() else None) for p, h, _ in rows}

    def checkpoints(self) -> list[int]:
        """Positions of the checkpoints kept for this projection code, oldest first."""
        return sorted(self._kept())

    def full_copies(self) -> list[int]:
        """Positions of the full copies among them."""
        return [p for p, (_, full) in self._kept().items() if full is not None]

    def disk_usage(self) -> int:
        """Bytes the checkpoints of this projection code take on disk."""
        if not self.directory.exists():
            return 0
        total = 0
        for f in self.directory.iterdir():
            try:
                total += f.stat().st_size if f.is_file() and f.name != LOCK else 0
            except FileNotFoundError:  # removed meanwhile by a builder
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

    def _valid_upto(self, upto: int) -> int:
        """The last position up to which every checkpoint is kept and still matches the chain."""
        kept = self._kept(upto)
        stops = list(range(self.every, upto + 1, self.every))
        present = [p for p in stops if p in kept]
        chain = hashes_at(self.app, present)
        reached = 0
        for stop in stops:
            if stop not in kept or chain.get(stop) != kept[stop][0]:
                break
            if stop % self.full_every == 0 and kept[stop][1] is None:
                break
            reached = stop
        return reached

    # --- building ---------------------------------------------------------------------

    def prepare(self, upto: int, progress: Progress | None = None) -> int:
        """Make sure the checkpoints up to `upto` are kept and valid; returns the last checkpoint position."""
        last = upto // self.every * self.every
        if self._valid_upto(last) >= last:
            return last
        with self._building():  # one builder at a time (threads of one app, app instances, the CLI)
            valid = self._valid_upto(last)  # what another builder made meanwhile
            if valid < last:
                self._build(valid, last, (lambda done, _: progress(done, upto)) if progress else None)
        return last

    @contextmanager
    def _building(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / LOCK, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                for pattern in (f"{SCRATCH}*", "*.partial"):  # left by a builder that was killed
                    for scratch in self.directory.glob(pattern):
                        scratch.unlink(missing_ok=True)
                for journal in self.directory.glob("full-*.sqlite3-journal"):  # by a visit to a removed copy
                    if not Path(str(journal)[: -len("-journal")]).exists():
                        journal.unlink(missing_ok=True)
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _build(self, valid: int, last: int, progress: Progress | None) -> None:
        """Make the checkpoints after `valid` (all kept and valid up to there) up to `last`."""
        if not valid:  # the first build for this projection code: the older code's are of no more use
            self.prune_superseded()
        with self._index() as index:  # what follows the first invalid or missing one is made again
            index.execute("DELETE FROM checkpoints WHERE position > ?", (valid,))
        kept = self._kept(valid)
        in_use = {full.name for _, full in kept.values() if full is not None}
        for f in self.directory.glob("full-*.sqlite3"):
            if f.name not in in_use:  # a visit that still has it open keeps reading its own copy
                f.unlink(missing_ok=True)
        base = valid // self.full_every * self.full_every
        fd, name = tempfile.mkstemp(prefix=SCRATCH, suffix=".sqlite3", dir=self.directory)
        os.close(fd)
        work = Path(name)
        try:
            conn = _open(work)
            try:
                if base:  # SQLite's own copy: consistent even while a visit has the base in a transaction
                    _copy(kept[base][1], conn, into=False)  # type: ignore[arg-type]
                conn.execute("PRAGMA journal_mode=OFF")  # a scratch file: a crash just leaves it to remove
                conn.execute("PRAGMA synchronous=OFF")
                db = Db(_Cursor(conn), postgres=False, batch=True)
                projections = list(self.projections())
                with conn:
                    for p in projections:
                        p.create(db)
                    db.flush()
                    for changeset in self._changesets(base, valid):
                        apsw.Changeset.apply(changeset, conn)
                for stop in range(valid + self.every, last + 1, self.every):
                    self._build_one(conn, db, projections, stop - self.every, stop, progress)
            finally:
                conn.close()
        finally:
            for suffix in ("", "-journal"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)

    def _changesets(self, after: int, upto: int) -> list[bytes]:
        if upto <= after:
            return []
        with self._index() as index:
            return [
                bytes(c)
                for (c,) in index.execute(
                    "SELECT changeset FROM checkpoints WHERE position > ? AND position <= ? ORDER BY position",
                    (after, upto),
                )
            ]

    def _build_one(
        self,
        conn: apsw.Connection,
        db: Db,
        projections: list[Projection],
        after: int,
        stop: int,
        progress: Progress | None,
    ) -> None:
        session = apsw.Session(conn, "main")
        session.config(apsw.SQLITE_SESSION_OBJCONFIG_ROWID, 1)  # tables without a primary key too
        session.attach()
        with conn:
            replay(self.app, projections, db, after, stop, progress)
        changeset = session.changeset()
        session.close()
        full = None
        if stop % self.full_every == 0:
            full = self._new_full(stop)
            partial = full.with_suffix(".partial")
            _copy(partial, conn, into=True)
            os.replace(partial, full)
        chain = hashes_at(self.app, [stop]).get(stop)
        with self._index() as index:
            index.execute(
                "INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, ?)",
                (stop, chain, changeset, full.name if full else None),
            )

    # --- visiting ---------------------------------------------------------------------

    def at(self, position: int, progress: Progress | None = None) -> PastReadModels:
        """The read models as they stood just after the event at `position` (0: before the first event)."""
        target = max(0, min(position, self.app.head()))
        start = self.prepare(target, progress)
        base = start // self.full_every * self.full_every
        full = self._kept(base).get(base, (b"", None))[1] if base else None
        past = None
        if full is not None:
            try:
                past = PastReadModels(full, target, start, self.registry)
            except apsw.CantOpenError:  # removed meanwhile by a builder: the changesets alone will do
                pass
        if past is None:
            base = 0
            fd, name = tempfile.mkstemp(prefix="culture-ledger-past-", suffix=".sqlite3")
            os.close(fd)
            past = PastReadModels(Path(name), target, start, self.registry, temporary=True)
        try:
            projections = list(self.projections())
            for p in projections:
                p.create(past.db)
            past.db.flush()
            for changeset in self._changesets(base, start):
                past.apply(changeset)
            replay(self.app, projections, past.db, start, target, progress)
            if progress:
                progress(target, target)
        except BaseException:
            past.close()
            raise
        return past
