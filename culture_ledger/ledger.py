"""The ledger: one store, the registered plugins, their services and read models."""

from __future__ import annotations

import inspect
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Notification

from culture_ledger import rights
from culture_ledger.i18n import Catalog
from culture_ledger.registry import Registry
from domain.actor import Actor
from domain.errors import AlreadySubmitted, Forbidden, LedgerError, NotFound, StaleRecord
from domain.submissions import Submission, submission_id
from event_store.chain import BEFORE_COMMIT
from event_store.projection import STOPS_TABLE, Db, ProjectionRunner, ReadModels, Stop, dispatch
from event_store.store import LedgerApplication, open_application

A = TypeVar("A", bound=Aggregate)
S = TypeVar("S")
R = TypeVar("R", bound=Aggregate)


class Ledger:
    """Everything a page, the CLI or a test needs: services by name, read-model queries."""

    def __init__(self, registry: Registry | None = None, url: str | None = None, worker: bool | None = None):
        from event_store.store import store_url

        self.registry = registry or Registry.load()
        self.url = url or store_url()
        self.app: LedgerApplication = open_application(self.registry.event_topics, self.url)
        self.readmodels = ReadModels.beside(self.app)
        self.runner = ProjectionRunner(self.app, self.registry.projections(), self.readmodels)
        self.catalog = Catalog(self.registry.translations())
        self.access: Access = OpenAccess()
        self.services: dict[str, Any] = {}
        for plugin in self.registry.plugins:
            for name, factory in plugin.services.items():
                self.services[name] = factory(self)
        if "accounts" in self.services:
            # Every command's actor is checked against its account (a bare test registry has none).
            self.access = self.services["accounts"].access
        # With a projection worker (PostgreSQL only), this instance never writes read models:
        # it waits for the worker to reach its own writes instead.
        self.worker = self.readmodels.postgres and (worker_configured() if worker is None else worker)
        self._shown = 0  # with a worker: the newest own write known to be in the read models
        self._stops_read = 0.0  # with a worker: when the stopped read models were last read
        if not self.worker:
            self.catch_up()

    def service(self, kind: type[S]) -> S:
        """The registered service of that class (typed): how a plugin reaches another's service,
        e.g. `self.ledger.service(PeopleService).active_cadre(cadre_id)`. KeyError when no
        registered plugin provides it."""
        for service in self.services.values():
            if isinstance(service, kind):
                return service
        raise KeyError(f"no registered plugin provides {kind.__name__}")

    def __getattr__(self, name: str) -> Any:
        """`ledger.<name>`: a registered service by its manifest name, a shorthand for scripts and
        tests (`ledger.study.record_study(...)`); plugin code asks `service(Class)`."""
        services = self.__dict__.get("services", {})
        if name in services:
            return services[name]
        raise AttributeError(name)

    def catch_up(self) -> int:
        """Bring every read model up to the head of the log (read-your-writes).

        With a worker, wait (up to `$CULTURE_LEDGER_WORKER_TIMEOUT` seconds, 10 by default)
        until the worker has tracked this process's own newest write; nothing to wait for
        (no query at all) when that is already shown. A write that was appended stands even
        if the worker is late, so a timeout is logged, not raised, and not waited for again:
        pages keep rendering what the read models hold while the worker is away.
        """
        if not self.worker:
            return self.runner.catch_up()
        target = self.app.last_position
        if target <= self._shown:
            if time.monotonic() - self._stops_read > STOPS_FRESH:
                self.stops()  # so pages say which read models the worker has stopped, within seconds
            return self._shown
        timeout = float(os.environ.get("CULTURE_LEDGER_WORKER_TIMEOUT") or 10)
        # A stopped read model is not waited for: it will not move until it is rebuilt.
        self.stops()
        waiting = [p.name for p in self.runner.projections if p.name not in self.runner.stopped]
        if not self.readmodels.wait(waiting, target, timeout):
            logging.getLogger(__name__).warning(
                "read models have not reached position %s after %ss: is `culture-ledger worker` running?",
                target,
                timeout,
            )
        self._shown = max(self._shown, target)
        return target

    @contextmanager
    def in_the_append(self, aggregates: Sequence[Aggregate]) -> Iterator[list[bool]]:
        """While it runs, an append of these aggregates' new events also writes what every read
        model makes of them, in the append's own transaction (one commit instead of two, and the
        events handed to the projections as they are, not read back and decoded). Yields a flag,
        true once that was done: else (a worker keeps the read models, one of them is behind or
        stopped, a handler failed) `catch_up` after the append does it as before."""
        done = [False]
        if self.worker:
            yield done
            return
        known = {(e.originator_id, e.originator_version): e for a in aggregates for e in a.pending_events}
        token = BEFORE_COMMIT.set(_OwnAppend(self, known, done))
        try:
            yield done
        finally:
            BEFORE_COMMIT.reset(token)

    def _project_own(
        self,
        cursor: Any,
        stored_events: Sequence[Any],
        positions: Sequence[int],
        known: dict[tuple[Any, int], Any],
        asked: Any = None,
    ) -> bool:
        """Project the events just appended (`positions`) inside the append's transaction, when every
        read model stands just before them; False (nothing written) otherwise. `asked`: a cursor the
        read models' standing was asked on already, with the append's first statements."""
        if not positions or len(positions) != len(stored_events):
            return False
        runner, readmodels = self.runner, self.readmodels
        names = [p.name for p in runner.projections]
        db = _OwnDb(cursor, readmodels.postgres, batch=True)
        db.execute("SAVEPOINT own_read_models")
        try:
            reached = self._standing_before(db, names, asked)
            if reached is None or any(at != positions[0] - 1 for at in reached.values()):
                raise _NotNow
            page = [
                Notification(
                    id=position,
                    originator_id=s.originator_id,
                    originator_version=s.originator_version,
                    topic=s.topic,
                    state=s.state,
                )
                for position, s in zip(positions, stored_events, strict=True)
            ]
            decode = self.app.mapper.to_domain_event

            def to_domain_event(n: Notification) -> Any:
                event = known.get((n.originator_id, n.originator_version))
                return event if event is not None else decode(n)

            dispatch(db, page, runner._listeners(runner.projections), to_domain_event, reached)
            readmodels.track(db, names, positions[-1])
            db.flush()
        except Exception as exc:
            db.resume()
            db.execute("ROLLBACK TO SAVEPOINT own_read_models")
            db.execute("RELEASE SAVEPOINT own_read_models")
            if not isinstance(exc, _NotNow):
                # The catch-up after the commit meets it again, and stops that read model as it does.
                logging.getLogger(__name__).debug("read models left to the catch-up: %s", exc)
            return False
        db.execute("RELEASE SAVEPOINT own_read_models")
        return True

    def _standing_before(self, db: Db, names: Sequence[str], asked: Any = None) -> dict[str, int] | None:
        """Where each read model stands, in one statement that also takes the read-model writers'
        lock without waiting (PostgreSQL) and counts the stopped ones; None when the lock is taken
        or a read model is stopped. Its answer is read from `asked` when it was sent ahead."""
        if asked is not None:
            rows = [dict(r) for r in asked.fetchall()]
        else:
            rows = db.rows(*self._standing_statement(names))
        if not rows or not rows[0]["free"] or rows[0]["stopped"]:
            return None
        reached = dict.fromkeys(names, 0)
        for r in rows:
            if r["application_name"] is not None:
                if not isinstance(r["position"], int):
                    return None  # a tracking row the catch-up has to judge
                reached[r["application_name"]] = r["position"]
        return reached

    def _standing_statement(self, names: Sequence[str]) -> tuple[str, list[Any]]:
        readmodels = self.readmodels
        table = getattr(readmodels.tracking, "tracking_table_name", "tracking")
        lock, params = (
            ("pg_try_advisory_xact_lock(?)", [readmodels.SERIALIZE_KEY]) if readmodels.postgres else ("1", [])
        )
        return (
            f"WITH standing AS (SELECT {lock} AS free, (SELECT COUNT(*) FROM {STOPS_TABLE}) AS stopped) "
            f"SELECT s.free, s.stopped, t.application_name, MAX(t.notification_id) AS position FROM standing s "
            f"LEFT JOIN {table} t ON t.application_name IN ({','.join('?' * len(names))}) "
            "GROUP BY s.free, s.stopped, t.application_name",
            [*params, *names],
        )

    @property
    def postgres(self) -> bool:
        """Whether `query` speaks PostgreSQL's SQL (else SQLite's); a past visit's read models say False."""
        return bool(self.readmodels.postgres)

    def latest(self, aggregate_id: UUID) -> Any:
        """The record as the log has it now, to look at only (the repository's cached copy, fast-forwarded:
        never change or save it); read once in a `Service.reading()` block. AggregateNotFoundError if none."""
        seen = _seen.get()
        if seen is not None and aggregate_id in seen:
            found = seen[aggregate_id]
        else:
            try:
                found = self.app.repository.get(aggregate_id, deepcopy_from_cache=False)
            except AggregateNotFoundError:
                found = None
            if seen is not None:
                seen[aggregate_id] = found
        if found is None:
            raise AggregateNotFoundError(aggregate_id)
        return found

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
        self._reading(sql)
        with self._one_statement() as db:
            return db.rows(sql, params)

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        self._reading(sql)
        with self._one_statement() as db:
            return db.scalar(sql, params)

    @contextmanager
    def _one_statement(self) -> Iterator[Db]:
        """Where `query` and `scalar` run their one statement. On PostgreSQL a statement outside a
        transaction sees one snapshot of its own, as it would inside one: the library's connections
        are in autocommit, so it is sent alone, without a BEGIN and a ROLLBACK (two round trips)."""
        if self.readmodels.postgres:
            with self.readmodels.tracking.datastore.get_connection() as conn:  # type: ignore[attr-defined]
                with conn.cursor() as cursor:
                    yield Db(cursor, True)
            return
        with self.readmodels.transaction(commit=False) as db:
            yield db

    def stops(self) -> dict[str, Stop]:
        """The read models that stopped (they could not apply an event), by name, as the store says now."""
        self.runner.stopped = self.readmodels.stops()
        self._stops_read = time.monotonic()
        return self.runner.stopped

    def _reading(self, sql: str) -> None:
        # While a page is drawn (`behind_while`), note the stopped read models its queries read.
        stopped, read = self.runner.stopped, _behind.get()
        if not stopped or read is None:
            return
        for name in stopped:
            if name not in read and _reads_tables(sql, self._tables_of(name)):
                read.append(name)

    def _tables_of(self, name: str) -> tuple[str, ...]:
        return next((tuple(p.tables) for p in self.runner.projections if p.name == name), ())

    def readmodel_title(self, name: str) -> str:
        """The catalog key naming a read model to a person: its own title, else its plugin's."""
        from culture_ledger.health import title_of

        return title_of(self.registry, name)

    def close(self) -> None:
        self.app.close()


class _OwnAppend:
    """The `BEFORE_COMMIT` hook of one save (`Ledger.in_the_append`): writes the read models in the
    append's transaction. On PostgreSQL the recorder lets it send one question `ahead`, with the
    append's first statements (one round trip for both): where the read models stand, and the
    read-model writers' lock. That is a read only; the writes come after the savepoint."""

    def __init__(self, ledger: Ledger, known: dict[tuple[Any, int], Any], done: list[bool]):
        self.ledger, self.known, self.done = ledger, known, done
        self.asked: Any = None

    def ahead(self, connection: Any) -> None:
        cursor = connection.cursor()
        runner = self.ledger.runner
        Db(cursor, True).execute(*self.ledger._standing_statement([p.name for p in runner.projections]))
        self.asked = cursor

    def __call__(self, cursor: Any, stored_events: Sequence[Any], positions: Sequence[int]) -> None:
        self.done[0] = self.ledger._project_own(cursor, stored_events, positions, self.known, self.asked)


class _OwnDb(Db):
    """The read models' writes of a save, in its append's transaction: on PostgreSQL that runs in
    psycopg's pipeline mode (`event_store.chain`), where `COPY` cannot be sent, so a group of
    rows goes out with `executemany` (pipelined too)."""

    def __init__(self, cursor: Any, postgres: bool, batch: bool = False):
        super().__init__(cursor, postgres, batch)
        self.pipelined = postgres and _in_pipeline(cursor)

    def _send(self, sql: str, rows: list[tuple[Any, ...]], width: int | None) -> None:
        if self.pipelined and len(rows) > 1:
            self._cursor.executemany(sql, rows)
        else:
            super()._send(sql, rows, width)

    def resume(self) -> None:
        """After a failed statement in pipeline mode the server skips the rest until a sync: send
        one, so that the transaction can roll back to the savepoint."""
        self._pending, self._only_inserts = {}, True  # nothing held back is sent after a failure
        if not self.pipelined:
            return
        for _ in range(2):
            try:
                with self._cursor.connection.pipeline() as pipeline:
                    pipeline.sync()
                return
            except Exception:  # the failure itself, not fetched yet when the handler raised
                continue


def _in_pipeline(cursor: Any) -> bool:
    from psycopg import pq

    return cursor.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF


class _NotNow(Exception):
    """The read models are not where an append's own transaction can bring them along."""


_behind: ContextVar[list[str] | None] = ContextVar("behind", default=None)


@contextmanager
def behind_while() -> Iterator[list[str]]:
    """Collect the names of the stopped read models that `Ledger.query` reads meanwhile (the shell
    wraps each page in it, to say on that page which of its figures are behind and why)."""
    read: list[str] = []
    token = _behind.set(read)
    try:
        yield read
    finally:
        _behind.reset(token)


def _reads_tables(sql: str, tables: Sequence[str]) -> bool:
    import re

    return any(re.search(rf"\b{re.escape(table)}\b", sql, re.IGNORECASE) for table in tables)


STOPS_FRESH = 5.0
"""With a worker, how many seconds an app instance trusts what it last read of the stopped read models."""


def worker_configured() -> bool:
    """True when `$CULTURE_LEDGER_WORKER` says a separate `culture-ledger worker` keeps the read models."""
    return (os.environ.get("CULTURE_LEDGER_WORKER") or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Reach:
    """For whom an actor may take an action: anyone (`own_only` False), or only their own cadre and
    department (None where their account names none, so they may act for nobody)."""

    own_only: bool = False
    cadre_id: UUID | None = None
    department_id: UUID | None = None


class Access:
    """Decides whether an actor's scope covers a cadre or department (accounts refine this)."""

    def check(self, by: Actor, action: str, *, cadre_id: UUID | None = None, department_id: UUID | None = None) -> None:
        raise NotImplementedError

    def reach(self, by: Actor, action: str) -> Reach:
        """For whom `by` may take `action` (what `check` allows), so a form offers no other choice."""
        return Reach()

    def own(self, by: Actor) -> Reach:
        """The cadre and department `by`'s account is (both None when it names none)."""
        return Reach()

    def records_of(self, by: Actor) -> list[UUID]:
        """The records `check` reads for `by` (their account), to read ahead with a command's others."""
        return []


class OpenAccess(Access):
    """No scope limits beyond roles: the default until accounts are linked to cadres."""

    def check(self, by: Actor, action: str, *, cadre_id: UUID | None = None, department_id: UUID | None = None) -> None:
        return None


_seen: ContextVar[dict[UUID, Any] | None] = ContextVar("seen", default=None)
"""The records read in this `Service.reading()` block, by id (None: no such record), not asked again in it."""

_submission: ContextVar[tuple[str, Actor | None] | None] = ContextVar("submission", default=None)
_saving: ContextVar[Callable[[int, int], None] | None] = ContextVar("saving", default=None)


@contextmanager
def saving_progress(tell: Callable[[int, int], None]) -> Iterator[None]:
    """While it runs, the bulk path (`Service.save_many`) tells after each chunk it appended how
    many of its records are in the log: `tell(done, total)` (a sheet import's progress bar)."""
    token = _saving.set(tell)
    try:
        yield
    finally:
        _saving.reset(token)


GUARDED_CHANNELS = ("import", "system")
"""Channels a caller cannot just name: `import` is open only inside an import (`culture_ledger.sheets.load`,
which `culture-ledger sheets import` and the import page run, and the demo's past records); `system`
only inside the demo's data building and the scheduled reminders (`culture-ledger remind`)."""

_open_channels: ContextVar[frozenset[str]] = ContextVar("open_channels", default=frozenset())


@contextmanager
def channel_open(*channels: str) -> Iterator[None]:
    """Let actors of these guarded channels act inside the block (an import, the demo, a scheduled job)."""
    unknown = set(channels) - set(GUARDED_CHANNELS)
    if unknown:
        raise ValueError(f"not a guarded channel: {sorted(unknown)}")
    token = _open_channels.set(_open_channels.get() | frozenset(channels))
    try:
        yield
    finally:
        _open_channels.reset(token)


def check_channel(by: Actor) -> None:
    """Refuse an actor of the import or system channel outside the block that opened it."""
    if by.channel in GUARDED_CHANNELS and by.channel not in _open_channels.get():
        raise Forbidden(f"the {by.channel} channel is not open here", key="error.channel_closed", channel=by.channel)


@contextmanager
def submission(key: str | None, by: Actor | None = None) -> Iterator[None]:
    """Run a form's action as the one submission `key` (its idempotency key), sent by `by`: the
    first `save` inside claims the key in the same transaction as its records, so the same
    submission sent again (a double click, a resent request) writes nothing (`AlreadySubmitted`).
    The claim names `by`, or else the actor the saved events name."""
    token = _submission.set((key, by) if key else None)
    try:
        yield
    finally:
        _submission.reset(token)


def _claim(aggregates: Sequence[Aggregate], once: str | None) -> list[Aggregate]:
    """The claim of submission `once` (or of the submission running now, once) for these aggregates.

    It names who submitted it: the submission's sender, else the actor of the events it saves;
    a claim nobody can be named for is refused (ValueError), never made in someone's name."""
    running = _submission.get()
    key, by = (once, None) if once is not None else running or (None, None)
    if not key:
        return []
    if by is None:
        by = next(
            (e.by for a in aggregates for e in a.pending_events if isinstance(getattr(e, "by", None), Actor)),
            None,
        )
    if by is None:
        raise ValueError(f"submission {key!r}: no actor to name in its claim (pass `by` to `submission`)")
    return [Submission(key, [a.id.hex for a in aggregates], by=by)]


class Service:
    """Base of every application service: what a plugin author calls to read and write records.

    A command method validates its input (`culture_ledger.validation.validate`), asks
    `authorize`, changes aggregates, and hands them to `save`; `get` and `exists` load records.
    """

    beside_log: tuple[str, ...] = ()
    """Attributes holding what the service keeps beside the log (evidence files, password
    hashes): the demo's scratch ledger shares them with the real one."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every public method a service adds takes its input through the boundary: its arguments
        are checked against its signature (wrong types, implausible days, invisible or oversized
        text, a yes/no for a number) and refused as InvalidCommand before anything is written,
        whatever the channel (`culture_ledger.validation.boundary`)."""
        super().__init_subclass__(**kwargs)
        from culture_ledger.validation import boundary, plugin_of

        for name, member in list(vars(cls).items()):
            if name.startswith("_") or not inspect.isfunction(member) or getattr(member, "__boundary__", False):
                continue
            setattr(cls, name, boundary(member, plugin_of(cls)))

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def may(self, role: str, action: str) -> bool:
        """Whether a role may take `action` at all (the pages ask this to offer a form or not)."""
        return rights.may(role, action)

    def authorize(
        self, by: Actor, action: str, *, cadre_id: UUID | None = None, department_id: UUID | None = None
    ) -> None:
        """Refuse (Forbidden, nothing written) unless `by` may take `action` for that cadre or department.

        Every command method calls this first. Scope rules (a staff member only for
        themself and their department) are decided by `Ledger.access`.
        """
        check_channel(by)
        if not rights.may(by.role, action):
            raise Forbidden(f"{by.role} may not {action}", role=by.role, action=action)
        self.ledger.access.check(by, action, cadre_id=cadre_id, department_id=department_id)

    def authorize_change(
        self,
        by: Actor,
        kind: str,
        *,
        cadre_id: UUID | None = None,
        department_id: UUID | None = None,
        recorder: Actor | str | None = None,
        members: Sequence[UUID] = (),
    ) -> None:
        """Refuse (Forbidden, nothing written) unless `by` may change this record of `kind`
        (`rights.RECORDS`): record, amend, withdraw or move it. The record is `by`'s own when it is
        about their cadre (`cadre_id`), they recorded it (`recorder`) or their cadre is among its
        `members`; their department's when `department_id` is theirs. Call it once per department
        a change touches (a move: the old one and the new one)."""
        check_channel(by)
        reach = rights.change_reach(kind, by.role)
        if reach == rights.NONE:
            raise Forbidden(f"{by.role} may not change a {kind}", role=by.role, action="record")
        self.ledger.access.check(by, "read")  # a live account holding that role
        if reach == rights.ALL or by.channel == "system":
            return
        if self._is_own(by, cadre_id=cadre_id, recorder=recorder, members=members):
            return
        own = self.own(by)
        if reach == rights.DEPARTMENT and department_id is not None and department_id == own.department_id:
            return
        key = "error.not_own_department" if reach == rights.DEPARTMENT else "error.not_own_record"
        raise Forbidden(f"{by.account} may change only their own {kind}", key=key)

    def refuse_own(
        self, by: Actor, kind: str, *, cadre_id: UUID | None = None, recorder: Actor | str | None = None
    ) -> None:
        """No one confirms, rates, scores or grades their own record: Forbidden (nothing written)
        when the record is about `by`'s cadre or `by` recorded it; also unless `by`'s role judges `kind`."""
        check_channel(by)
        if not rights.may_judge(kind, by.role):
            raise Forbidden(f"{by.role} may not judge a {kind}", role=by.role, action="evaluate")
        if self._is_own(by, cadre_id=cadre_id, recorder=recorder):
            raise Forbidden(f"{by.account} may not judge their own {kind}", key="error.own_record")

    def _is_own(
        self,
        by: Actor,
        *,
        cadre_id: UUID | None = None,
        recorder: Actor | str | None = None,
        members: Sequence[UUID] = (),
    ) -> bool:
        if recorder is not None and (recorder.account if isinstance(recorder, Actor) else recorder) == by.account:
            return True
        mine = self.own(by).cadre_id
        return mine is not None and (cadre_id == mine or mine in members)

    def read_reach(self, by: Actor, kind: str) -> Reach:
        """Whose records of `kind` `by` reads: everyone's (`own_only` False) or only their own cadre's
        (`Reach.cadre_id`, None when their account names no cadre: then nobody's). Pages and queries
        filter by it."""
        reach = rights.read_reach(kind, by.role)
        if reach == rights.ALL:
            return Reach()
        own = self.own(by)
        if reach == rights.NONE:
            return Reach(True, None, None)
        return Reach(True, own.cadre_id, own.department_id if reach == rights.DEPARTMENT else None)

    def reach(self, by: Actor, action: str) -> Reach:
        """For whom `by` may take `action`: a staff member records only for themself and their
        department. The pages ask this to show a fixed name instead of a picker."""
        return self.ledger.access.reach(by, action)

    def own(self, by: Actor) -> Reach:
        """Who `by` is: their account's cadre and department (to preselect them, and list their own records first)."""
        return self.ledger.access.own(by)

    def get(self, aggregate_id: UUID, kind: type[A], *, version: int | None = None) -> A:
        """The record of that kind, as it stands (NotFound otherwise); StaleRecord if it has moved
        past `version` since the user opened it."""
        return self._get(aggregate_id, kind, version=version, copy=True)

    def read(self, aggregate_id: UUID, kind: type[A]) -> A:
        """The record of that kind as the log has it now (NotFound otherwise), to look at only: the
        repository's own cached copy, fast-forwarded, not a private one (`get` copies it, about
        half the cost of a cached read). Never change or save what it returns."""
        return self._get(aggregate_id, kind, version=None, copy=False)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The reads in the block (a command's checks before it saves) from one snapshot of the store,
        where its backend keeps one for a thread (SQLite: one read transaction, `event_store.wal`), and
        each record read once in it (`read`, `read_many` and the account checks share what they read:
        read the block's records together first, one query). Save after the block, not in it: its
        reads would not see it."""
        if _seen.get() is not None:
            yield
            return
        reading = getattr(self.ledger.app.recorder.datastore, "reading", None)
        token = _seen.set({})
        try:
            with reading() if reading is not None else nullcontext():
                yield
        finally:
            _seen.reset(token)

    def read_many(self, ids: Sequence[UUID], kind: type[A] | tuple[type[Aggregate], ...]) -> dict[UUID, A]:
        """Records of that kind (or kinds) as the log has them now, to look at only (as `read`), by id; an id
        that is no such record is left out. One query for them all (on PostgreSQL one round trip):
        the events each one's cached copy has not seen yet (all of them for one not cached), where
        `read` asks once per record (the chained recorders' `select_events_after`)."""
        ids = list(dict.fromkeys(ids))
        seen = _seen.get()
        if seen is None:
            read = self._read_many(ids)
        else:  # in a `reading()` block: each record read once in it
            unseen = [i for i in ids if i not in seen]
            if unseen:
                got = self._read_many(unseen)
                seen.update({i: got.get(i) for i in unseen})
            read = {i: seen[i] for i in ids}
        return {i: a for i, a in read.items() if isinstance(a, kind)}

    def _read_many(self, ids: list[UUID]) -> dict[UUID, Any]:
        """Each record of `ids` there is, of whatever kind, as the log has it now (see `read_many`)."""
        app = self.ledger.app
        repository, select = app.repository, getattr(app.recorder, "select_events_after", None)
        found: dict[UUID, Any] = {}
        if select is None or repository.cache is None or len(ids) < 2:
            for aggregate_id in ids:
                try:
                    aggregate = repository.get(aggregate_id, deepcopy_from_cache=False)
                except AggregateNotFoundError:
                    continue
                found[aggregate_id] = aggregate
            return found
        cached: dict[UUID, Any] = {}
        for aggregate_id in ids:
            try:
                cached[aggregate_id] = repository.cache.get(aggregate_id)
            except KeyError:
                continue
        events: dict[UUID, list[Any]] = {aggregate_id: [] for aggregate_id in ids}
        for stored in select([(i, cached[i].version if i in cached else 0) for i in ids]):
            events[UUID(str(stored.originator_id))].append(app.mapper.to_domain_event(stored))
        for aggregate_id in ids:
            aggregate = self._fast_forward(aggregate_id, cached.get(aggregate_id), events[aggregate_id])
            if aggregate is not None:
                found[aggregate_id] = aggregate
        return found

    def _fast_forward(self, aggregate_id: UUID, aggregate: Any, new_events: list[Any]) -> Any:
        """A record from its cached copy (or from nothing) and the events read after it, as the
        library's repository does it one by one: under the record's fast-forward lock, each event
        the copy has not seen applied (another thread may have moved it on meanwhile), a record
        read whole put in the cache."""
        repository = self.ledger.app.repository
        if aggregate is None:
            for event in new_events:
                aggregate = event.mutate(aggregate)
            if aggregate is not None:
                repository.cache.put(aggregate_id, aggregate)
            return aggregate
        if not new_events:
            return aggregate
        lock = repository._use_fastforward_lock(aggregate_id)
        try:
            with lock:
                for event in new_events:
                    if event.originator_version == aggregate.version + 1:
                        aggregate = event.mutate(aggregate)
        finally:
            repository._disuse_fastforward_lock(aggregate_id)
        return aggregate

    def _get(self, aggregate_id: UUID, kind: type[A], *, version: int | None, copy: bool) -> A:
        try:
            if copy:
                aggregate = self.ledger.app.repository.get(aggregate_id, deepcopy_from_cache=True)
            else:
                aggregate = self.ledger.latest(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"no {kind.__name__} {aggregate_id}", kind=kind.__name__) from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no {kind.__name__} {aggregate_id}", kind=kind.__name__)
        if version is not None and aggregate.version != version:
            running = _submission.get()
            if running is not None and self._claimed_key(running[0]):
                # The same change sent again (a second click on the same screen): it was recorded.
                raise AlreadySubmitted(f"submission {running[0]!r} was already recorded")
            raise StaleRecord(f"{kind.__name__} {aggregate_id} changed since version {version}")
        return aggregate

    def exists(self, aggregate_id: UUID, kind: type[Aggregate]) -> bool:
        try:
            self.get(aggregate_id, kind)
        except NotFound:
            return False
        return True

    def save(self, *aggregates: Aggregate, once: str | None = None) -> int:
        """Append the aggregates' new events in one transaction and show them in the read models;
        returns the log position of the last one. A record changed meanwhile raises StaleRecord.

        `once` is the idempotency key of the submission that asked for it (by default, the one
        `submission()` runs, claimed by its first save): its claim is saved in the same transaction,
        so a second save under the same key writes nothing and raises AlreadySubmitted. The log
        holds the key, not a read model, so the rule holds across processes and instances."""
        claim = _claim(aggregates, once)
        try:
            with self.ledger.in_the_append([*aggregates, *claim]) as shown:
                recordings = self.ledger.app.save(*aggregates, *claim)
        except IntegrityError:
            if claim and self._claimed(claim[0]):
                raise AlreadySubmitted(f"submission {claim[0].key!r} was already recorded") from None
            raise StaleRecord("the record changed while you were editing it; reload and try again") from None
        if claim and once is None:
            _submission.set(None)  # the action's first save holds the claim; its later saves are its own
        if not (shown[0] and recordings):
            self.ledger.catch_up()
        return recordings[-1].notification.id if recordings else self.ledger.app.head()

    def _claimed(self, claim: Submission) -> bool:
        return self._claimed_key(claim.key)

    def _claimed_key(self, key: str) -> bool:
        try:
            self.ledger.app.repository.get(submission_id(key), deepcopy_from_cache=False)
        except AggregateNotFoundError:
            return False
        return True

    def save_standing(
        self, kind: type[R], id_of: Callable[[int], UUID], make: Callable[[UUID], R], taken: LedgerError
    ) -> R:
        """Save the one record that may stand for a natural key (a cadre's pledge for a year).

        Its id is `id_of(n)`, n counting the withdrawn ones before it (`domain.records.standing_id`);
        `make(id)` builds it. A standing one already there, or one another writer saved a moment
        ago (the store refuses the same id twice), raises `taken`: the rule holds under
        concurrency because the log holds it, not a read model that may lag.
        """
        withdrawn_before = 0
        while True:  # bounded by how many were withdrawn for this key
            try:
                earlier = self.get(id_of(withdrawn_before), kind)
            except NotFound:
                break
            if not earlier.withdrawn:
                raise taken
            withdrawn_before += 1
        record = make(id_of(withdrawn_before))
        try:
            self.save(record)
        except StaleRecord:
            raise taken from None
        return record

    def save_many(self, aggregates: Sequence[Aggregate], chunk: int = 1000, *, once: str | None = None) -> None:
        """The bulk path (imports, demo data): append in chunks of one transaction each, every read
        model written in the chunk's own transaction (`Ledger.in_the_append`; whatever could not be,
        by one catch-up after the last chunk). Everything must have been validated and authorized first. A submission's claim
        (`once`, as for `save`) goes with the first chunk: an import sent twice writes nothing the
        second time (a batch of up to `chunk` records is then all or nothing)."""
        claim = _claim(aggregates[:chunk], once)
        tell = _saving.get()
        self.ledger.catch_up()  # so that the chunks' read models can go with them
        for i in range(0, len(aggregates), chunk):
            part = [*aggregates[i : i + chunk], *(claim if i == 0 else ())]
            try:
                # Each chunk's read models in its own transaction (what is left, `catch_up` below).
                with self.ledger.in_the_append(part):
                    self.ledger.app.save(*part)
            except IntegrityError:
                if i == 0 and claim and self._claimed(claim[0]):
                    raise AlreadySubmitted(f"submission {claim[0].key!r} was already recorded") from None
                raise
            if tell is not None:
                tell(min(i + chunk, len(aggregates)), len(aggregates))
        if claim and once is None:
            _submission.set(None)
        self.ledger.catch_up()
