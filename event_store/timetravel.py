"""Time travel: the read models as they stood at a past log position, computed by the same
projection classes on a separate, temporary SQLite store (never the live tables).

Checkpoints keep the cost from growing with the log: every `every` events a copy of the
read models (with the library's tracking rows, i.e. the position they reached) is kept
as a SQLite file outside the live store. A replay copies the nearest checkpoint at or
before the target and runs the projections over the few events after it, leaving new
checkpoints behind on its way. A checkpoint is used only by the same projection code
(its folder is named by a fingerprint of their source) and only while the chain hash at
its position is still the one it was made from.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eventsourcing.sqlite import SQLiteFactory

from event_store.integrity import chain_rows
from event_store.projection import Projection, ProjectionRunner, ReadModels
from event_store.store import LedgerApplication

DEFAULT_EVERY = 10_000
META = "checkpoint_meta"
REPLAY_BATCH = 5_000


def checkpoint_root(store_url: str) -> Path:
    """`$CULTURE_LEDGER_CHECKPOINTS`, else a `checkpoints/` folder beside a SQLite store (./data/checkpoints otherwise)."""
    if os.environ.get("CULTURE_LEDGER_CHECKPOINTS"):
        return Path(os.environ["CULTURE_LEDGER_CHECKPOINTS"])
    if store_url.startswith("sqlite:///") and ":memory:" not in store_url and "mode=memory" not in store_url:
        return Path(store_url[len("sqlite:///"):]).parent / "checkpoints"
    return Path("data") / "checkpoints"


def fingerprint(projections: Sequence[Projection]) -> str:
    """Changes whenever a projection's code (its module's source) or its set changes."""
    h = hashlib.sha256()
    for projection in sorted(projections, key=lambda p: p.name):
        cls = type(projection)
        h.update(f"{projection.name}:{cls.__module__}.{cls.__qualname__}\n".encode())
        try:
            h.update(inspect.getsource(inspect.getmodule(cls)).encode())  # type: ignore[arg-type]
        except (OSError, TypeError):
            h.update(repr(sorted(projection.tables.items())).encode())
    return h.hexdigest()[:16]


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (WAL included), through SQLite's backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


class PastReadModels:
    """Read models at one past position, queried like the live ledger (`query`, `scalar`)."""

    def __init__(self, path: Path, position: int, started_from: int, registry: Any = None):
        self.path = path
        self.position = position
        self.started_from = started_from
        self.registry = registry
        self._factory = SQLiteFactory({"SQLITE_DBNAME": str(path), "SQLITE_LOCK_TIMEOUT": "30"})
        self.readmodels = ReadModels(self._factory.tracking_recorder())

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
        with self.readmodels.transaction(commit=False) as db:
            return db.rows(sql, params)

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        with self.readmodels.transaction(commit=False) as db:
            return db.scalar(sql, params)

    def close(self) -> None:
        self._factory.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def __enter__(self) -> "PastReadModels":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TimeMachine:
    """Replays projections up to a past position, from the nearest checkpoint."""

    def __init__(self, app: LedgerApplication, projections: Callable[[], Sequence[Projection]], directory: Path | str,
                 every: int = DEFAULT_EVERY, registry: Any = None):
        self.app = app
        self.projections = projections
        self.every = every
        self.registry = registry
        self.directory = Path(directory) / fingerprint(projections())

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
            with sqlite3.connect(f"file:{self.directory / f'{position:012d}.sqlite3'}?mode=ro", uri=True) as c:
                row = c.execute(f"SELECT position, chain_hash FROM {META}").fetchone()
        except sqlite3.Error:
            return False
        return bool(row) and row[0] == position and bytes(row[1]) == self._hash_at(position)

    def _save(self, work: Path, position: int) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{position:012d}.sqlite3"
        partial = target.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _copy(work, partial)
        with sqlite3.connect(partial) as c:
            c.execute(f"CREATE TABLE {META} (position INTEGER NOT NULL, chain_hash BLOB NOT NULL)")
            c.execute(f"INSERT INTO {META} VALUES (?, ?)", (position, self._hash_at(position)))
        c.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, copied as it is on restore
        c.close()
        os.replace(partial, target)

    def at(self, position: int, progress: Callable[[int, int], None] | None = None) -> PastReadModels:
        """The read models as they stood just after the event at `position` (0: before the first event)."""
        target = max(0, min(position, self.app.head()))
        start = next((p for p in reversed(self.checkpoints()) if p <= target and self._valid(p)), 0)
        fd, name = tempfile.mkstemp(prefix="culture-ledger-past-", suffix=".sqlite3")
        os.close(fd)
        work = Path(name)
        if start:
            shutil.copyfile(self.directory / f"{start:012d}.sqlite3", work)
        past = PastReadModels(work, target, start, self.registry)
        try:
            runner = ProjectionRunner(self.app, list(self.projections()), past.readmodels)
            if start:
                with past.readmodels.transaction() as db:
                    db.execute(f"DROP TABLE IF EXISTS {META}")
            reached = start
            for stop in [*range((start // self.every + 1) * self.every, target + 1, self.every), target]:
                if stop <= reached:
                    continue
                # Big pages: one commit per few thousand events on a disposable store.
                runner.catch_up(upto=stop, batch_size=REPLAY_BATCH,
                                progress=(lambda done, _: progress(done, target)) if progress else None)
                reached = stop
                if stop % self.every == 0 and stop not in self.checkpoints():
                    self._save(work, stop)
            if progress:
                progress(target, target)
        except BaseException:
            past.close()
            raise
        return past

