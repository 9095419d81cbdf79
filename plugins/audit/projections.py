"""The event index: one row per event of the whole log (position, when, who, what type,
which carrier, which record) so the event browser filters and pages without ever
decoding a payload, and stays fast at a million events (keyset paging by position)."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from event_store.projection import Db, Log, Projection

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
        "CREATE INDEX IF NOT EXISTS event_index_carrier ON event_index (carrier, position)",
    )
    # `handle` looks up a record's carrier by its earlier events.
    lookup_indexes = ("CREATE INDEX IF NOT EXISTS event_index_record ON event_index (originator_id, version)",)

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
            carrier = db.scalar(
                "SELECT carrier FROM event_index WHERE originator_id = ? ORDER BY version DESC LIMIT 1", (oid,)
            )
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

    def load(self, db: Db, log: Log) -> bool:
        """The rows `handle_stored` writes for the events of `log`, in one statement over the log (a
        rebuild: the Python handler costs as much as the rest of the read models together), on
        PostgreSQL: it parses each payload once (jsonb). SQLite's JSON functions (3.40) parse it
        again for every value asked, some twenty times an event: measured side by side at 100,000
        events, slower than the handler (CPU 1.9-2.5 s for the statement against 1.3-1.5 s saved).

        Where the handler would fail on a payload (a field it reads missing or of another type),
        the row's `recorded_at` is NULL, which the table refuses: the statement fails and the
        handlers go over these events, and stop where they do. A later version whose payload
        names no carrier takes the carrier of the record's row before it (what `handle_stored`
        looks up); those rows are marked in `label` (NULL on every version but the first) and
        finished in Python, in order."""
        if not log.postgres:
            return False
        topics = sorted(self.topics)
        if any(_split_as_sql(topic) != split_topic(topic) for topic in topics):
            raise ValueError("a topic not of the form module:Record.Event")
        v, text = log.value, log.text
        by_object = log.object("by", "_data_")

        unknown = "chr(63)" if log.postgres else "char(63)"  # '?', which `Db` would take for a parameter

        def said(key: str, *otherwise: str) -> str:  # a string, '?' without `by`, else NULL (refused)
            path = ("by", "_data_", key)
            return (
                f"CASE WHEN {text(*path)} THEN {v(*path)} WHEN NOT {by_object} THEN {unknown} {' '.join(otherwise)} END"
            )

        carrier_given = f"NOT {log.falsy('carrier')}"
        changes_given = f"NOT {log.falsy('changes')}"
        no_carrier = f"(NOT {carrier_given} AND (NOT {changes_given} OR {log.null('changes', 'carrier')}))"
        day = f"({text('occurred_on', '_type_')} AND {v('occurred_on', '_type_')} IN ('date_iso', 'datetime_iso'))"
        # Where `handle_stored` raises: occurred_on of a day without its value, changes that are no object.
        refused = (
            f"({day} AND NOT {text('occurred_on', '_data_')}) "
            f"OR (NOT {carrier_given} AND {changes_given} AND NOT {log.object('changes')})"
        )
        first_text = " ".join(
            f"WHEN {text(key)} AND {v(key)} <> '' THEN substr({v(key)}, 1, 80)" for key in ("title", "name", "material")
        )
        qualname = f"substr(topic, {log.find('topic', ':')} + 1)"
        through_last_dot = f"rtrim({qualname}, replace({qualname}, '.', ''))"
        db.execute(
            "INSERT INTO event_index (position, recorded_at, account, role, channel, topic, record_type, event_type, "
            "carrier, originator_id, version, occurred_on, label, reason) "
            f"SELECT position, CASE WHEN {text('timestamp', '_data_')} AND NOT ({refused}) "
            f"THEN {v('timestamp', '_data_')} END, "
            f"{said('account')}, {said('role')}, {said('channel', 'WHEN', log.missing('by', '_data_', 'channel'), 'THEN', repr('form'))}, "
            f"topic, substr({through_last_dot}, 1, length({through_last_dot}) - 1), "
            f"substr({qualname}, length({through_last_dot}) + 1), "
            f"CASE WHEN {carrier_given} THEN (CASE WHEN {text('carrier')} THEN {v('carrier')} END) "
            f"WHEN {changes_given} AND {text('changes', 'carrier')} THEN {v('changes', 'carrier')} END, "
            "originator_hex, version, "
            f"CASE WHEN {day} THEN {v('occurred_on', '_data_')} END, "
            f"CASE WHEN version = 1 THEN (CASE {first_text} END) WHEN {no_carrier} THEN '{_LOOK_BACK}' END, "
            f"CASE WHEN {text('reason')} THEN {v('reason')} END "
            f"FROM {log.rows()} AS l WHERE topic IN ({', '.join('?' * len(topics))})"
            # SQLite appends the rows in the order of their key (PostgreSQL's heap has none to keep).
            + ("" if log.postgres else " ORDER BY position"),
            [log.after, log.upto, *topics],
        )
        # The later versions that name no carrier, in order: each takes the carrier of the row
        # before it of the same record (written by then: by this statement, or before it).
        marked = db.rows(
            "SELECT position, originator_id FROM event_index WHERE position > ? AND position <= ? "
            "AND version > 1 AND label = ? ORDER BY position",
            (log.after, log.upto, _LOOK_BACK),
        )
        if not marked:
            return True
        records = sorted({r["originator_id"] for r in marked})
        rows: list[dict[str, Any]] = []
        for i in range(0, len(records), 500):
            part = records[i : i + 500]
            rows += db.rows(
                "SELECT position, originator_id, carrier, version, label FROM event_index "
                f"WHERE originator_id IN ({', '.join('?' * len(part))}) AND position <= ?",
                (*part, log.upto),
            )
        last: dict[str, str | None] = {}
        fixed: list[tuple[str | None, int]] = []
        for r in sorted(rows, key=lambda r: r["position"]):
            carrier = r["carrier"]
            if r["position"] > log.after and r["version"] > 1 and r["label"] == _LOOK_BACK:
                carrier = last.get(r["originator_id"])
                fixed.append((carrier, r["position"]))
            last[r["originator_id"]] = carrier
        db.executemany("UPDATE event_index SET carrier = ?, label = NULL WHERE position = ?", fixed)
        return True

    def handle(self, db: Db, event: Any, position: int) -> None:
        topic = get_topic(type(event))
        record_type, event_type = split_topic(topic)
        oid = event.originator_id.hex
        by = getattr(event, "by", None)
        carrier = getattr(event, "carrier", None) or (getattr(event, "changes", None) or {}).get("carrier")
        if carrier is None and event.originator_version > 1:
            carrier = db.scalar(
                "SELECT carrier FROM event_index WHERE originator_id = ? ORDER BY version DESC LIMIT 1", (oid,)
            )
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


def _split_as_sql(topic: str) -> tuple[str, str]:
    """`split_topic` as `EventIndexProjection.load` computes it in SQL (after the first colon, the
    record up to the last dot and the event after it): the load is only used where they agree."""
    qualname = topic[topic.find(":") + 1 :]
    through_last_dot = qualname.rstrip("".join(set(qualname) - {"."}))
    return through_last_dot[:-1], qualname[len(through_last_dot) :]


_LOOK_BACK = "carrier of the row before"
"""`load`'s mark on a later version's row whose carrier is the row before it's (no label is written there)."""
