"""Time travel: the read models as they stood at a past log position, computed by the same
projection classes, never in the live tables.

Checkpoints keep the cost from growing with the log: every `every` events a copy of the
dashboards' read models, with the position it reached and the chain hash there, is kept
as a SQLite file outside the live store. A visit opens the nearest checkpoint at or
before the target, replays the few events after it inside one transaction, answers the
queries from that transaction, and rolls it back: nothing is copied, so the cost is that
of at most `every` events, whatever the length of the log. Checkpoints missing on the
way are built first (once). A checkpoint is used only by the same projection code (its
folder is named by a fingerprint of their source) and only while the chain hash at its
position is still the one it was made from.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from event_store.integrity import chain_rows
from event_store.projection import Db, Projection
from event_store.store import LedgerApplication

DEFAULT_EVERY = 10_000
META = "checkpoint_meta"
REPLAY_BATCH = 5_000
LOCK_TIMEOUT = 30

Progress = Callable[[int, int], None]


def checkpoint_root(store_url: str) -> Path:
    """`$CULTURE_LEDGER_CHECKPOINTS`, else a `checkpoints/` folder beside a SQLite store (./data/checkpoints otherwise)."""
    if os.environ.get("CULTURE_LEDGER_CHECKPOINTS"):
        return Path(os.environ["CULTURE_LEDGER_CHECKPOINTS"])
    if store_url.startswith("sqlite:///") and ":memory:" not in store_url and "mode=memory" not in store_url:
        return Path(store_url[len("sqlite:///"):]).parent / "checkpoints"
    return Path("data") / "checkpoints"


def fingerprint(projections: Sequence[Projection]) -> str:
    """Changes whenever a projection's code (its module's source) or their set changes."""
    h = hashlib.sha256()
    for projection in sorted(projections, key=lambda p: p.name):
        cls = type(projection)
        h.update(f"{projection.name}:{cls.__module__}.{cls.__qualname__}\n".encode())
        try:
            h.update(inspect.getsource(inspect.getmodule(cls)).encode())  # type: ignore[arg-type]
        except (OSError, TypeError):
            h.update(repr(sorted(projection.tables.items())).encode())
    return h.hexdigest()[:16]


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=LOCK_TIMEOUT, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def replay(app: LedgerApplication, projections: Sequence[Projection], db: Db, after: int, upto: int,
           progress: Progress | None = None) -> None:
    """Hand the events after..upto to the projections that listen to them (the runner's dispatch, untracked)."""
    listening = frozenset().union(*(p.topics for p in projections))
    for page in app.pages(after=after, upto=upto, size=REPLAY_BATCH):
        for n in page:
            if n.topic in listening:
                event = app.mapper.to_domain_event(n)
                for p in projections:
                    if n.topic in p.topics:
                        p.handle(db, event, n.id)
        if progress:
            progress(page[-1].id, upto)


class PastReadModels:
    """Read models at one past position, queried like the live ledger (`query`, `scalar`).

    They live in a transaction on a checkpoint (or a temporary file) that `close` rolls back.
    """

    def __init__(self, path: Path, position: int, started_from: int, registry: Any = None, temporary: bool = False):
        self.path = path
        self.position = position
        self.started_from = started_from
        self.registry = registry
        self.temporary = temporary
        self._conn = _connect(path)
        self._conn.execute("BEGIN IMMEDIATE")
        self.db = Db(self._conn.cursor(), postgres=False)

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
        return self.db.rows(sql, params)

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        return self.db.scalar(sql, params)

    def close(self) -> None:
        if self._conn is None:
            return
        self._conn.rollback()
        self._conn.close()
        self._conn = None
        if self.temporary:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def __enter__(self) -> "PastReadModels":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TimeMachine:
    """Replays the dashboards' projections up to a past position, from the nearest checkpoint."""

    def __init__(self, app: LedgerApplication, projections: Callable[[], Sequence[Projection]], directory: Path | str,
                 every: int = DEFAULT_EVERY, registry: Any = None):
        self.app = app
        self.projections = projections
        self.every = every
        self.registry = registry
        self.directory = Path(directory) / fingerprint(projections())

    def _file(self, position: int) -> Path:
        return self.directory / f"{position:012d}.sqlite3"

    def _hash_at(self, position: int) -> bytes | None:
        row = chain_rows(self.app, position - 1, position).get(position)
        return row.hash if row else None

    def checkpoints(self) -> list[int]:
        """Positions of the checkpoints kept for this projection code, oldest first."""
        if not self.directory.exists():
            return []
        return sorted(int(p.stem) for p in self.directory.glob("*.sqlite3") if p.stem.isdigit())

    def _valid(self, position: int) -> bool:
        try:
            conn = sqlite3.connect(self._file(position), timeout=LOCK_TIMEOUT)
            try:
                row = conn.execute(f"SELECT position, chain_hash FROM {META}").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            return False
        return bool(row) and row[0] == position and bytes(row[1]) == self._hash_at(position)

    def _build(self, base: int, position: int, progress: Progress | None) -> None:
        """Make the checkpoint at `position` from the one at `base` (0: from nothing)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self._file(position).with_suffix(".partial")
        partial.unlink(missing_ok=True)
        conn = _connect(partial)
        try:
            if base:
                source = sqlite3.connect(self._file(base), timeout=LOCK_TIMEOUT)
                source.backup(conn)  # SQLite's own copy: consistent even while someone reads the base
                source.close()
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("BEGIN")
            db = Db(conn.cursor(), postgres=False)
            projections = list(self.projections())
            for p in projections:
                p.create(db)
            replay(self.app, projections, db, base, position, progress)
            db.execute(f"CREATE TABLE IF NOT EXISTS {META} (position INTEGER NOT NULL, chain_hash BLOB NOT NULL)")
            db.execute(f"DELETE FROM {META}")
            db.execute(f"INSERT INTO {META} VALUES (?, ?)", (position, self._hash_at(position)))
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.replace(partial, self._file(position))

    def at(self, position: int, progress: Progress | None = None) -> PastReadModels:
        """The read models as they stood just after the event at `position` (0: before the first event)."""
        target = max(0, min(position, self.app.head()))
        start = next((p for p in reversed(self.checkpoints()) if p <= target and self._valid(p)), 0)
        for stop in range((start // self.every + 1) * self.every, target + 1, self.every):
            self._build(start, stop, (lambda done, _: progress(done, target)) if progress else None)
            start = stop
        if start:
            past = PastReadModels(self._file(start), target, start, self.registry)
        else:
            fd, name = tempfile.mkstemp(prefix="culture-ledger-past-", suffix=".sqlite3")
            os.close(fd)
            past = PastReadModels(Path(name), target, 0, self.registry, temporary=True)
        try:
            projections = list(self.projections())
            for p in projections:
                p.create(past.db)
            replay(self.app, projections, past.db, start, target, progress)
            if progress:
                progress(target, target)
        except BaseException:
            past.close()
            raise
        return past
