"""Opening the ledger's event store from `CULTURE_LEDGER_STORE` and appending to it
through the `eventsourcing` library's Application machinery."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import BaseAggregate, DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, Notification, StoredEvent
from eventsourcing.utils import get_topic

from domain.actor import Actor
from domain.errors import LedgerError, UnregisteredEventType
from event_store import soundness, transcodings

DEFAULT_STORE_URL = "sqlite:///data/ledger.sqlite3"
PAGE_SIZE = 1000


def store_url() -> str:
    return os.environ.get("CULTURE_LEDGER_STORE") or DEFAULT_STORE_URL


AGGREGATE_CACHE = "1000"
"""The library's repository keeps the newest 1,000 aggregates read or saved, fast-forwarded with
the events stored since (by any process) on each read: a record changed elsewhere is never stale."""


def store_env(url: str) -> dict[str, str]:
    """The library's persistence settings for a store URL (sqlite:///path or postgresql://...)."""
    return {"AGGREGATE_CACHE_MAXSIZE": AGGREGATE_CACHE, **_persistence_env(url)}


def _persistence_env(url: str) -> dict[str, str]:
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path != ":memory:" and "mode=memory" not in path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "event_store.wal:Factory",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": "event_store.links:ChainedSQLiteApplicationRecorder",
        }
    if url.startswith(("postgresql://", "postgres://")):
        u = urlparse(url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": u.path.lstrip("/"),
            "POSTGRES_HOST": u.hostname or "localhost",
            "POSTGRES_PORT": str(u.port or 5432),
            "POSTGRES_USER": unquote(u.username or ""),
            "POSTGRES_PASSWORD": unquote(u.password or ""),
            "APPLICATION_RECORDER_TOPIC": "event_store.chain:ChainedPostgresApplicationRecorder",
            # The library ends sessions idle in a transaction after 5 s; a read-model batch of
            # 10,000 events on a busy machine can pause that long between statements.
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "60",
        }
    raise ValueError(f"unsupported store URL {url!r}: use sqlite:///path or postgresql://user:pw@host:port/db")


class GuardedMapper(Mapper[UUID]):
    """The library's mapper, refusing event types nobody registered and events without an actor."""

    def __init__(self, transcoder: JSONTranscoder, allowed_topics: frozenset[str], **kwargs: Any):
        super().__init__(transcoder, **kwargs)
        self.allowed_topics = allowed_topics

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        topic = get_topic(type(domain_event))
        if topic not in self.allowed_topics:
            raise UnregisteredEventType(
                f"event type {topic} is not contributed by the core or any registered plugin", topic=topic
            )
        if not isinstance(getattr(domain_event, "by", None), Actor):
            raise LedgerError(f"event {topic} does not say who recorded it", key="error.anonymous_write", topic=topic)
        wrong = soundness.problems(domain_event)
        if wrong:
            # A value of the wrong type would be stored, then break its aggregate and the read models
            # on every later open: refused here, whatever let it through.
            raise LedgerError(f"event {topic} is unsound: {'; '.join(wrong)}", key="error.unsound_event", topic=topic)
        return super().to_stored_event(domain_event)


class LedgerApplication(Application[UUID]):
    """One application, one global gap-free sequence: every record of every plugin."""

    name = "CultureLedger"

    def __init__(self, allowed_topics: Iterable[str], env: dict[str, str]):
        self.allowed_topics = frozenset(allowed_topics)
        # The position of the newest event this process appended (read-your-writes with a worker).
        self.last_position = 0
        self._last_position_lock = threading.Lock()
        super().__init__(env)

    def save(self, *objs: Any, **kwargs: Any) -> list[Any]:
        """The library's `save`, collecting an aggregate's events without its `isinstance` checks
        against runtime protocols (on Python 3.11 a tenth of a millisecond for each aggregate, most
        of the bulk path's own time after validation): an `Aggregate` is one, anything else is
        handed to the library's own collecting."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:  # in the order given, as the library collects them
            if isinstance(obj, BaseAggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            else:
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook, as its own save calls it
        return recordings

    def _record(self, processing_event: Any) -> list[Any]:
        recordings = super()._record(processing_event)
        if recordings:
            with self._last_position_lock:
                self.last_position = max(self.last_position, recordings[-1].notification.id)
        return recordings

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in transcodings.ALL:
            transcoder.register(transcoding())

    def construct_transcoder(self) -> JSONTranscoder:
        transcoder = transcodings.LedgerTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def construct_mapper(self) -> Mapper[UUID]:
        base = self.factory.mapper(transcoder=self.construct_transcoder())
        return GuardedMapper(base.transcoder, self.allowed_topics, compressor=base.compressor, cipher=base.cipher)

    def head(self) -> int:
        """The position of the newest event (0 when the log is empty)."""
        return self.recorder.max_notification_id() or 0

    def read(self, after: int = 0, limit: int = PAGE_SIZE, upto: int | None = None) -> list[Notification]:
        """One page of the global sequence: events with position > after (and <= upto)."""
        return list(self.recorder.select_notifications(start=after, limit=limit, stop=upto, inclusive_of_start=False))

    def pages(self, after: int = 0, upto: int | None = None, size: int = PAGE_SIZE) -> Iterator[list[Notification]]:
        """The log from a position onwards, a page at a time (never all of it in memory)."""
        while True:
            page = self.read(after, size, upto)
            if not page:
                return
            yield page
            after = page[-1].id


def open_application(allowed_topics: Iterable[str], url: str | None = None) -> LedgerApplication:
    return LedgerApplication(allowed_topics, store_env(url or store_url()))
