"""The raw store behind a ledger, opened past the application (as someone tampering with it
would): the SQLite file, or the PostgreSQL database over its own connection. Tests write
SQLite's SQL (`?`, `rowid`); on PostgreSQL the same statements run with `%s` and the
library's `notification_id`, on the library's events table (named after the application:
`cultureledger_events`), in the `public` schema the recorder uses."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from event_store.store import LedgerApplication

STORED = "originator_id, originator_version, topic, state"
EVENTS = f"{LedgerApplication.name.lower()}_events"


class PostgresRaw:
    def __init__(self, url: str):
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute("SET search_path TO public")

    @staticmethod
    def translate(sql: str) -> str:
        sql = re.sub(r"\browid\b", "notification_id", sql)
        sql = sql.replace("SELECT * FROM stored_events", f"SELECT {STORED} FROM stored_events")
        sql = sql.replace("INSERT INTO stored_events VALUES", f"INSERT INTO stored_events ({STORED}) VALUES")
        sql = re.sub(r"\bstored_events\b", EVENTS, sql)
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Any = ()) -> Any:
        params = tuple(params)
        return self.conn.execute(self.translate(sql), params)

    def close(self) -> None:
        self.conn.close()


@contextmanager
def raw(store_url: str) -> Iterator[Any]:
    """A connection to the store's own tables that commits each statement as it runs."""
    if store_url.startswith("sqlite:///"):
        db = sqlite3.connect(store_url[len("sqlite:///") :], isolation_level=None)
        try:
            yield db
        finally:
            db.close()
        return
    db = PostgresRaw(store_url)
    try:
        yield db
    finally:
        db.close()


def copy_of_log(store_url: str, cluster: Any, upto: int) -> str:
    """A new PostgreSQL database made from the cluster's empty ledger, holding only the events
    (and their chain rows) up to position `upto` of the store: a ledger opened on its URL
    rebuilds every read model from that log alone."""
    from uuid import uuid4

    name = cluster.create_database(f"cut_{uuid4().hex[:12]}", template=cluster.template)
    url = cluster.url(name)
    columns = f"notification_id, {STORED}"
    with raw(store_url) as src, raw(url) as dst:
        events = src.execute(f"SELECT {columns} FROM stored_events WHERE rowid <= ? ORDER BY rowid", (upto,)).fetchall()
        chain = src.execute(
            "SELECT position, hash, recorded_at, format FROM event_chain WHERE position <= ?", (upto,)
        ).fetchall()
        with dst.conn.cursor() as cursor:
            cursor.executemany(dst.translate(f"INSERT INTO stored_events ({columns}) VALUES (?,?,?,?,?)"), events)
            cursor.executemany(
                dst.translate("INSERT INTO event_chain (position, hash, recorded_at, format) VALUES (?,?,?,?)"), chain
            )
        dst.execute(f"SELECT setval(pg_get_serial_sequence('{EVENTS}', 'notification_id'), ?)", (max(upto, 1),))
    return url


def append_unchecked(ledger: Any, aggregate: Any) -> int:
    """Append an aggregate's pending events straight to the recorder, past the services and any check
    the application makes before it appends (as an old store, an import or direct SQL could hold
    them); the hash chain grows as usual. Returns the position of the last one."""
    from eventsourcing.persistence import Mapper

    stored = [Mapper.to_stored_event(ledger.app.mapper, e) for e in aggregate.collect_events()]
    recordings = ledger.app.recorder.insert_events(stored)
    return max(recordings) if recordings else ledger.app.head()
