"""SQLite: the write-ahead log copied into the database by a thread of its own, off the save path.

In WAL mode every commit appends its pages to the `-wal` file, and SQLite copies them into the
database (a checkpoint) when a commit finds the log past a thousand pages: that one save waits for
the copy and an fsync of the whole database file. A save through the services writes some twenty
pages (its events, their chain rows, the read models and their indexes), so about every 45th
waited for it (measured: the slowest saves of a run came at saves 45, 90, 133, 179, …; the worst of
900 waited 75–83 ms where the median is 2).

Here the store's connections do not checkpoint on commit (`PRAGMA wal_autocheckpoint=0`); after a
commit, a thread of the process with its own connection runs a PASSIVE checkpoint (it waits for no
reader and no writer; the next commits go on appending meanwhile), at most one every PAUSE seconds
(the worst of the same 900 saves: 7–8 ms); once the log is long (`LONG_LOG`), one that also starts
it again from the beginning, which a PASSIVE one never finds the moment for while saves go on.
Nothing is traded for it: every commit is in the log, fsynced, before it returns, as before
(`synchronous=FULL`, SQLite's default); a checkpoint only moves committed pages. When the last
connection to a store closes, SQLite checkpoints what is left, as it always did.

The same connections keep the statements they send compiled (`STATEMENTS_KEPT`), where the
library's kept only the last one.
"""

from __future__ import annotations

import atexit
import logging
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from eventsourcing.persistence import InterfaceError
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteFactory,
)

PAUSE = 0.5
"""Seconds the thread waits after a checkpoint before the next. A checkpoint's time is mostly its two
fsyncs, not its pages (measured at 1,000,000 events, 1,500 saves back to back: 1.8–2.6 ms each every
50 ms, 2.3–5 ms each every 500 ms), and a save whose commit meets one waits for the disk behind it:
one every 50 ms met 6% of the saves (the slowest 2% nearly all), one every 500 ms under 1%
(p99 3.0–3.4 ms -> 2.2–2.3 ms). A single save after a quiet spell is copied in at once."""

LONG_LOG = 10_000
"""Pages in the log (40 MB) past which the next checkpoint also starts it again from the beginning
(`RESTART`): under saves that never pause, every PASSIVE checkpoint meets the next commit under
way, so the log file would only ever grow until a quiet moment."""

RESTART_WAIT_MS = 20
"""How long a RESTART checkpoint waits for the store's readers and writer (new commits wait for it
meanwhile); busy after that, it leaves the log as a PASSIVE one does, and a RESTART is tried again
only once another `LONG_LOG` pages are logged."""


class Checkpoints:
    """The thread that checkpoints one store file after commits (started by the first one).

    A process may fork (`verify` reads the log in parts, each in a process of its own): the fork waits
    until the thread is outside SQLite (`_busy`), since a child forked while the thread held one of
    SQLite's own locks would wait for it forever; the child starts a thread of its own if it commits."""

    def __init__(self, path: str, timeout: float):
        self.path, self.timeout = path, timeout
        self._fresh()
        _LIVE.add(self)

    def _fresh(self) -> None:
        self._due = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._busy = threading.Lock()  # held by the thread while it is inside SQLite

    def committed(self) -> None:
        """A commit went into the log: the thread copies it in soon."""
        if self._thread is None:
            with self._lock:
                if self._thread is None and not self._closing.is_set():
                    self._thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)
                    self._thread.start()
        self._due.set()

    def _run(self) -> None:
        with self._busy:
            connection = sqlite3.connect(
                self.path, timeout=RESTART_WAIT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        logged, long = 0, LONG_LOG  # pages in the log after the last checkpoint; past `long`, restart it
        try:
            while True:
                self._due.wait()
                self._due.clear()
                if self._closing.is_set():
                    return
                try:
                    with self._busy:
                        restart = logged >= long
                        mode = "RESTART" if restart else "PASSIVE"
                        busy, logged, _ = connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
                    if restart and busy:
                        # A reader still holds the log (a long read in some process): every checkpoint
                        # trying again would hold new commits up to RESTART_WAIT_MS each time.
                        long = logged + LONG_LOG
                        logging.getLogger(__name__).debug("log held by a reader at %s pages", logged)
                    elif restart:
                        logged, long = 0, LONG_LOG
                except sqlite3.Error as exc:  # a busy or vanished store: the next commit asks again
                    logging.getLogger(__name__).debug("checkpoint skipped: %s", exc)
                if self._closing.wait(PAUSE):
                    return
        finally:
            with self._busy:
                connection.close()

    def close(self) -> None:
        with self._lock:
            self._closing.set()
            thread = self._thread
        self._due.set()
        if thread is not None:
            thread.join(timeout=self.timeout)
        _LIVE.discard(self)


_LIVE: weakref.WeakSet[Checkpoints] = weakref.WeakSet()
"""The process's checkpointers, held still while it forks."""


def _before_fork() -> None:
    for checkpoints in list(_LIVE):
        checkpoints._busy.acquire()


def _after_fork_in_parent() -> None:
    for checkpoints in list(_LIVE):
        checkpoints._busy.release()


def _after_fork_in_child() -> None:
    for checkpoints in list(_LIVE):
        checkpoints._fresh()  # the thread is not in the child; its locks are the parent's


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child)


@atexit.register
def _at_exit() -> None:
    """A process ending without closing its store (a command's last line) stops its threads first: the
    thread's connection closes, so the store's last connection to close copies the rest of the log in
    and removes it, as it did before (a rebuild left 300 MB of log for the next command to copy)."""
    for checkpoints in list(_LIVE):
        checkpoints.close()


STATEMENTS_KEPT = 256
"""Statements each connection keeps compiled (Python's own default is 128). The library opens its
connections with `cached_statements=True`, which Python reads as a cache of one statement: a save
through the services sends some twenty different statements, so each was parsed and planned again
every time (measured at 1,000,000 events, 1,500 saves: median 2.1 ms with one kept, 1.5 ms with 256)."""


class _Pool(SQLiteConnectionPool):
    def _create_connection(self) -> SQLiteConnection:
        """The library's connection (its settings, WAL mode, rows by name), keeping `STATEMENTS_KEPT`
        statements compiled, and leaving checkpoints to `Checkpoints`."""
        try:
            conn = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # the library's autocommit: it sends BEGIN itself
                cached_statements=STATEMENTS_KEPT,
                timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
            )
        except (sqlite3.Error, TypeError) as e:
            raise InterfaceError(e) from e
        if not self.is_sqlite_memory_mode:
            if not self.is_journal_mode_wal:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
                    self.journal_mode_was_changed_to_wal = True
                self.is_journal_mode_wal = True
            conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=conn, max_age=self.max_age)


_READING: ContextVar[tuple[CheckpointedDatastore, SQLiteConnection] | None] = ContextVar("reading", default=None)
"""The read transaction `CheckpointedDatastore.reading` holds open for this thread, and its store."""


class CheckpointedDatastore(SQLiteDatastore):
    """The library's SQLite datastore, whose connections leave checkpoints to `Checkpoints`."""

    def __init__(self, db_name: str, **kwargs: Any):
        super().__init__(db_name, **kwargs)
        old = self.pool
        self.pool = _Pool(db_name=db_name, lock_timeout=old.lock_timeout)
        old.close()
        memory = self.pool.is_sqlite_memory_mode or not db_name
        self.checkpoints = None if memory else Checkpoints(db_name, float(old.lock_timeout or 5))

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Every read of this store in the block (the thread's, not a write's) in one read transaction
        on one connection: one snapshot of the log and the read models for all of them, and one BEGIN
        instead of one per read (a command's checks before it saves). Nested, the outer one holds; a write in the block is not seen by the
        reads after it. An in-memory store (one connection, its readers and writer take turns) reads as
        before."""
        if self.pool.is_sqlite_memory_mode or _READING.get() is not None:
            yield
            return
        with self.get_connection(commit=False) as connection, connection.transaction(commit=False):
            token = _READING.set((self, connection))
            try:
                yield
            finally:
                _READING.reset(token)

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[SQLiteCursor]:
        held = _READING.get()
        if not commit and held is not None and held[0] is self:
            with held[1].cursor() as cursor:
                yield cursor
            return
        with super().transaction(commit=commit) as cursor:
            yield cursor
        if commit and self.checkpoints is not None:
            self.checkpoints.committed()

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.close()
        super().close()


class Factory(SQLiteFactory):
    """The library's SQLite persistence, on a `CheckpointedDatastore`."""

    def __init__(self, env: Any):
        super().__init__(env)
        old = self.datastore
        self.datastore = CheckpointedDatastore(
            old.pool.db_name,
            lock_timeout=old.pool.lock_timeout,
            single_row_tracking=old.single_row_tracking,
            originator_id_type=old.originator_id_type,
        )
        old.close()
