"""The event index: one row per event of the whole log (position, when, who, what type,
which carrier, which record) so the event browser filters and pages without ever
decoding a payload, and stays fast at a million events (keyset paging by position)."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from event_store.projection import Db, Projection

_topics_cache: dict[frozenset[type], frozenset[str]] = {}


def every_event_topic() -> frozenset[str]:
    """The stored topic of every event class of every aggregate class loaded (the mapper refuses the rest)."""
    from culture_ledger.registry import Plugin

    seen: set[type] = set()
    stack = [Aggregate]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    key = frozenset(seen)
    if key not in _topics_cache:
        _topics_cache.clear()
        _topics_cache[key] = frozenset(Plugin(id="_", title="_", aggregates=tuple(seen)).event_topics())
    return _topics_cache[key]


@functools.cache
def split_topic(topic: str) -> tuple[str, str]:
    """`plugins.study.domain:StudyEntry.Amended` -> ("StudyEntry", "Amended")."""
    qualname = topic.partition(":")[2] or topic
    record, _, kind = qualname.rpartition(".")
    return record or qualname, kind


class EventIndexProjection(Projection):
    """Every event of every plugin: position, time, actor, type, carrier and record, never the payload."""

    name = "event_index"
    tables = {
        "event_index": "position INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, account TEXT NOT NULL, "
        "role TEXT NOT NULL, channel TEXT NOT NULL, topic TEXT NOT NULL, record_type TEXT NOT NULL, "
        "event_type TEXT NOT NULL, carrier TEXT, originator_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "occurred_on TEXT, label TEXT, reason TEXT",
    }
    indexes = (
        "CREATE INDEX IF NOT EXISTS event_index_time ON event_index (recorded_at)",
        "CREATE INDEX IF NOT EXISTS event_index_account ON event_index (account, position)",
        "CREATE INDEX IF NOT EXISTS event_index_topic ON event_index (topic, position)",
        # Only the events that name a carrier (a few hundred in a million: the study entries name none).
        "CREATE INDEX IF NOT EXISTS event_index_carrier ON event_index (carrier, position) WHERE carrier IS NOT NULL",
        # The records describing the days of a period (the late entries of the leaders' gap list).
        "CREATE INDEX IF NOT EXISTS event_index_described ON event_index (occurred_on)",
        # A record's events, version by version (its history).
        "CREATE INDEX IF NOT EXISTS event_index_record ON event_index (originator_id, version)",
    )
    # `handle` looks up a record's carrier by its earlier events that name one: a few hundred rows in a
    # million (the study entries name none), kept current row by row while a rebuild replays the log,
    # where an index of every row by its record (random ids) cost a rebuild a quarter of its time.
    lookup_indexes = (
        "CREATE INDEX IF NOT EXISTS event_index_carried ON event_index (originator_id, version) "
        "WHERE carrier IS NOT NULL",
    )

    @property
    def topics(self) -> frozenset[str]:
        # Asked once per event by the runner: computed once, when the ledger first catches up.
        if "_topics" not in self.__dict__:
            self._topics = every_event_topic()
        return self._topics

    def handle_stored(self, db: Db, stored: Any, position: int) -> None:
        """The row of one stored event, read from its topic, id, version and plain JSON payload
        (`event_store.projection.Stored`: the library's mapper would build a domain event for
        the few fields kept here). Writes what `handle` writes from the decoded event."""
        get = stored.state.get
        topic = stored.topic
        record_type, event_type = split_topic(topic)
        oid = stored.originator_hex
        version = stored.originator_version
        carrier = get("carrier") or (get("changes") or {}).get("carrier")
        if carrier is None and version > 1:
            carrier = db.scalar(_CARRIER_OF, (oid,))
        label = None
        if version == 1:
            for key in ("title", "name", "material"):
                value = get(key)
                if type(value) is str and value:
                    label = value[:80]
                    break
        occurred_on = get("occurred_on")
        if type(occurred_on) is dict and occurred_on.get("_type_") in _DAYS:
            occurred_on = occurred_on["_data_"]
        else:
            occurred_on = None
        reason = get("reason")
        by = get("by")
        by = by.get("_data_") if type(by) is dict else None
        if type(by) is dict:
            account, role, channel = by["account"], by["role"], by.get("channel", "form")
        else:
            account = role = channel = "?"
        db.insert(
            "event_index",
            (
                position,
                get("timestamp")["_data_"],
                account,
                role,
                channel,
                topic,
                record_type,
                event_type,
                carrier if isinstance(carrier, str) else None,
                oid,
                version,
                occurred_on,
                label,
                reason if isinstance(reason, str) else None,
            ),
        )

    def handle(self, db: Db, event: Any, position: int) -> None:
        topic = get_topic(type(event))
        record_type, event_type = split_topic(topic)
        oid = event.originator_id.hex
        by = getattr(event, "by", None)
        carrier = getattr(event, "carrier", None) or (getattr(event, "changes", None) or {}).get("carrier")
        if carrier is None and event.originator_version > 1:
            carrier = db.scalar(_CARRIER_OF, (oid,))
        occurred_on = getattr(event, "occurred_on", None)
        label = None
        if event.originator_version == 1:
            label = next(
                (
                    str(v)[:80]
                    for v in (getattr(event, k, None) for k in ("title", "name", "material"))
                    if isinstance(v, str) and v
                ),
                None,
            )
        reason = getattr(event, "reason", None)
        account, role = (by.account, by.role) if by is not None else ("?", "?")
        db.insert(
            "event_index",
            (
                position,
                event.timestamp.isoformat(),
                account,
                role,
                getattr(by, "channel", "?"),
                topic,
                record_type,
                event_type,
                carrier if isinstance(carrier, str) else None,
                oid,
                event.originator_version,
                occurred_on.isoformat() if isinstance(occurred_on, date) else None,
                label,
                reason if isinstance(reason, str) else None,
            ),
        )


_DAYS = frozenset({"date_iso", "datetime_iso"})

_CARRIER_OF = (
    "SELECT carrier FROM event_index WHERE originator_id = ? AND carrier IS NOT NULL ORDER BY version DESC LIMIT 1"
)
"""The carrier a record's latest earlier event named (through `event_index_carried`)."""
