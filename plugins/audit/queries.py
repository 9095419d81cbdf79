"""What the audit pages read: the event index (paged by position), one event in full, the
history of one record version by version, and the leaders' figures at a past position."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from event_store.integrity import chain_rows
from plugins.audit.projections import split_topic

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

META_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic", "by"}
REVIEW_STATES = {"Submitted": "submitted", "Confirmed": "confirmed", "Returned": "returned"}


@dataclass(frozen=True)
class EventFilter:
    """What the auditor narrows the log to; times are UTC ISO text, the record a hex id."""

    since: str | None = None
    until: str | None = None
    account: str | None = None
    topic: str | None = None
    carrier: str | None = None
    record: str | None = None
    late: bool = False  # only the first events of records appended late (补录, plugins.late)


def record_id(text: str) -> str | None:
    """A record id typed or pasted in any UUID form, as the hex the read models keep (None if not one)."""
    try:
        return UUID(text.strip()).hex
    except (ValueError, AttributeError):
        return None


def _position_bounds(ledger: Ledger, f: EventFilter) -> tuple[int | None, int | None]:
    # Positions grow with time, so a time range is a position range: two index look-ups, no scan.
    low = high = None
    if f.since:
        low = ledger.scalar(
            "SELECT position FROM event_index WHERE recorded_at >= ? ORDER BY recorded_at LIMIT 1", (f.since,)
        )
        low = low if low is not None else (ledger.scalar("SELECT MAX(position) FROM event_index") or 0) + 1
    if f.until:
        high = ledger.scalar(
            "SELECT position FROM event_index WHERE recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1", (f.until,)
        )
        high = high if high is not None else 0
    return low, high


def browse(
    ledger: Ledger,
    f: EventFilter = EventFilter(),
    *,
    after: int | None = None,
    before: int | None = None,
    newest_first: bool = True,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """One page of the log: `before` a position (newest first) or `after` one (oldest first), filtered."""
    where, params = [], []
    low, high = _position_bounds(ledger, f)
    if low is not None:
        where.append("position >= ?")
        params.append(low)
    if high is not None:
        where.append("position <= ?")
        params.append(high)
    if before is not None:
        where.append("position < ?")
        params.append(before)
    if after is not None:
        where.append("position > ?")
        params.append(after)
    for column, value in (
        ("account", f.account),
        ("topic", f.topic),
        ("carrier", f.carrier),
        ("originator_id", f.record),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.late:
        return _late_page(ledger, where, params, newest_first, limit)
    sql = "SELECT * FROM event_index"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY position {'DESC' if newest_first else 'ASC'} LIMIT ?"
    return ledger.query(sql, (*params, limit))


def _late_page(
    ledger: Ledger, where: list[str], params: list[Any], newest_first: bool, limit: int
) -> list[dict[str, Any]]:
    """A page of the late entries' first events: the other filters over the late positions, a few
    hundred at a time in paging order, until the page is full."""
    from plugins.late.queries import late_positions

    late = sorted(late_positions(ledger), reverse=newest_first)
    found: list[dict[str, Any]] = []
    for start in range(0, len(late), 500):
        chunk = late[start : start + 500]
        sql = f"SELECT * FROM event_index WHERE position IN ({', '.join('?' * len(chunk))})"
        sql += "".join(f" AND {w}" for w in where)
        sql += f" ORDER BY position {'DESC' if newest_first else 'ASC'} LIMIT ?"
        found += ledger.query(sql, (*chunk, *params, limit - len(found)))
        if len(found) >= limit:
            break
    return found


def facets(ledger: Ledger, kind: str) -> list[str]:
    """Every account (kind='account'), event type (kind='topic') or carrier (kind='carrier') in the log,
    by skipping through the index."""
    column = {"account": "account", "topic": "topic", "carrier": "carrier"}[kind]
    # One index seek per distinct value instead of a scan of a million rows (`IS NOT NULL`: the carriers'
    # index holds only the events that name one).
    rows = ledger.query(
        f"WITH RECURSIVE seen(value) AS (SELECT MIN({column}) FROM event_index WHERE {column} IS NOT NULL UNION ALL "
        f"SELECT (SELECT MIN({column}) FROM event_index WHERE {column} > seen.value) FROM seen WHERE seen.value IS NOT NULL) "
        "SELECT value FROM seen WHERE value IS NOT NULL"
    )
    return [r["value"] for r in rows]


def indexed(ledger: Ledger, position: int) -> dict[str, Any] | None:
    rows = ledger.query("SELECT * FROM event_index WHERE position = ?", (position,))
    return rows[0] if rows else None


def event_detail(ledger: Ledger, position: int) -> dict[str, Any] | None:
    """One event in full: its index row, its stored payload as text, and its chain hash."""
    row = indexed(ledger, position)
    found = ledger.app.read(position - 1, 1)
    if not found or found[0].id != position:
        return None
    n = found[0]
    state = bytes(n.state)
    try:
        payload = json.dumps(json.loads(state), ensure_ascii=False, indent=2)
    except (UnicodeDecodeError, ValueError):
        payload = state.hex()
    chain = chain_rows(ledger.app, position - 1, position).get(position)
    return {
        "position": position,
        "index": row,
        "topic": n.topic,
        "originator_id": UUID(str(n.originator_id)).hex,
        "version": n.originator_version,
        "payload": payload,
        "event": _decoded(ledger, n),
        "hash": chain.hash.hex() if chain else None,
        "appended_at": chain.recorded_at if chain else None,
    }


def _decoded(ledger: Ledger, stored: Any) -> Any:
    try:
        return ledger.app.mapper.to_domain_event(stored)
    except Exception:  # noqa: BLE001 - an event that no longer decodes still shows as stored
        return None


def record_events(ledger: Ledger, originator_id: str) -> list[dict[str, Any]]:
    """The index rows of one record's events, version by version."""
    return ledger.query("SELECT * FROM event_index WHERE originator_id = ? ORDER BY version", (originator_id,))


def first_events(ledger: Ledger, ids: list[str]) -> dict[str, Any]:
    """The first event of each record (hex ids), decoded: one query for them all, not one per record."""
    if not ids:
        return {}
    recorder, app = ledger.app.recorder, ledger.app
    table = getattr(recorder, "events_table_name", None)
    datastore = getattr(recorder, "datastore", None)
    rows: list[Any] = []
    try:
        from eventsourcing.postgres import PostgresAggregateRecorder

        with datastore.transaction(commit=False) as cursor:
            if isinstance(recorder, PostgresAggregateRecorder):
                cursor.execute(
                    "SELECT originator_id, originator_version, topic, state "
                    f'FROM "{datastore.schema}"."{table}" WHERE originator_id = ANY(%s) AND originator_version = 1',
                    ([UUID(i) for i in ids],),
                )
            else:
                cursor.execute(
                    f"SELECT originator_id, originator_version, topic, state FROM {table} "
                    f"WHERE originator_id IN ({', '.join('?' * len(ids))}) AND originator_version = 1",
                    tuple(UUID(i).hex for i in ids),
                )
            rows = [
                tuple(r[k] for k in ("originator_id", "originator_version", "topic", "state"))
                if not isinstance(r, (tuple, list))
                else tuple(r)
                for r in cursor.fetchall()
            ]
    except Exception:  # noqa: BLE001 - a store that is neither: ask the recorder record by record
        rows = [
            (s.originator_id, s.originator_version, s.topic, s.state)
            for i in ids
            for s in recorder.select_events(UUID(i), lte=1, limit=1)
        ]
    found = {}
    for originator_id, version, topic, state in rows:
        oid = UUID(str(originator_id))
        stored = StoredEvent(originator_id=oid, originator_version=version, topic=topic, state=bytes(state))
        found[oid.hex] = app.mapper.to_domain_event(stored)
    return found


def corrected_records(ledger: Ledger, limit: int = 100) -> list[dict[str, Any]]:
    """Records most recently amended, withdrawn or returned, newest first, with what they are."""
    topics = [t for t in facets(ledger, "topic") if split_topic(t)[1] in ("Amended", "Withdrawn", "Returned")]
    if not topics:
        return []
    # By topic, through the (topic, position) index: corrections are few among a million events.
    rows = ledger.query(
        "SELECT e.originator_id, e.record_type, e.event_type, e.topic, e.carrier, e.account, e.recorded_at, "
        "e.reason, v1.label, v1.occurred_on FROM event_index e JOIN event_index v1 ON v1.originator_id = e.originator_id "
        f"AND v1.version = 1 WHERE e.topic IN ({', '.join('?' * len(topics))}) "
        "ORDER BY e.position DESC LIMIT ?",
        (*topics, limit * 3),
    )
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r["originator_id"], r)
    return list(seen.values())[:limit]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def record_history(ledger: Ledger, originator_id: str) -> list[dict[str, Any]]:
    """Every version of one record: who, when, why, and what changed field by field (before -> after)."""
    positions = {r["version"]: r["position"] for r in record_events(ledger, originator_id)}
    stored = ledger.app.recorder.select_events(UUID(originator_id))
    versions, fields, carrier = [], {}, None
    for s in stored:
        event = ledger.app.mapper.to_domain_event(s)
        record_type, kind = split_topic(s.topic)
        data = {k: v for k, v in vars(event).items() if k not in META_FIELDS}
        reason = data.pop("reason", None)
        if kind in REVIEW_STATES:
            changes = {"review": REVIEW_STATES[kind]}
        elif kind == "Withdrawn":
            changes = {"withdrawn": True}
        elif "changes" in data and isinstance(data["changes"], dict):
            changes = data["changes"]
        else:
            changes = data
        first = s.originator_version == 1
        before = {"review": "draft", "withdrawn": False, **fields}
        diff = [
            {
                "field": k,
                "before": "" if first else _shown(before.get(k)),
                "after": _shown(v),
                "before_value": None if first else before.get(k),
                "after_value": v,
            }
            for k, v in changes.items()
            if first or before.get(k) != v
        ]
        fields.update(changes)
        by = getattr(event, "by", None)
        carrier = carrier or getattr(event, "carrier", None)
        versions.append(
            {
                "version": s.originator_version,
                "position": positions.get(s.originator_version),
                "record_type": record_type,
                "event_type": kind,
                "topic": s.topic,
                "carrier": carrier if isinstance(carrier, str) else None,
                "at": event.timestamp.isoformat(),
                "account": getattr(by, "account", ""),
                "role": getattr(by, "role", ""),
                "channel": getattr(by, "channel", ""),
                "origin": getattr(by, "origin", None) is not None,
                "by": by,
                "reason": reason or "",
                "changes": diff,
            }
        )
    return versions


def position_at(ledger: Ledger, moment: str) -> int:
    """The position of the last event recorded at or before a moment (UTC ISO); 0 before the first."""
    return (
        ledger.scalar(
            "SELECT position FROM event_index WHERE recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1", (moment,)
        )
        or 0
    )


# --- time travel -----------------------------------------------------------------------

AUDIT_PROJECTIONS = ("event_index",)
"""Read models of the audit area itself: not part of the leaders' dashboards, so not replayed."""


def time_machine(ledger: Ledger, every: int | None = None, directory: Any = None):
    """The time machine for this ledger: its dashboards' projections, their row versions beside the
    store (or in `directory`), checked against the log's chain hash every `every` events."""
    import os

    from event_store.timetravel import DEFAULT_EVERY, TimeMachine, checkpoint_root

    every = every or int(os.environ.get("CULTURE_LEDGER_CHECKPOINT_EVERY") or DEFAULT_EVERY)
    return TimeMachine(
        ledger.app,
        lambda: [p for p in ledger.registry.projections() if p.name not in AUDIT_PROJECTIONS],
        directory or checkpoint_root(ledger.url),
        every=every,
        registry=ledger.registry,
    )


def activity_counts(ledger: Any, start: date, end: date) -> dict[str, dict[str, int]]:
    """Per carrier: activities held in the span that count (confirmed, not withdrawn), and all recorded."""
    rows = ledger.query(
        "SELECT carrier, SUM(CASE WHEN review = 'confirmed' AND withdrawn = 0 THEN 1 ELSE 0 END) AS confirmed, "
        "COUNT(*) AS recorded FROM activities WHERE occurred_on BETWEEN ? AND ? GROUP BY carrier",
        (start.isoformat(), end.isoformat()),
    )
    return {r["carrier"]: {"confirmed": int(r["confirmed"] or 0), "recorded": int(r["recorded"])} for r in rows}


def leader_figures(ledger: Any, start: date, end: date, today: date) -> dict[str, Any]:
    """The leaders' headline figures over [start, end] as `ledger` (live or past) holds them, with `today` as the day."""
    from culture_ledger.periods import Period, Scope
    from plugins.study.daily.queries import cadre_compliance, department_compliance

    table = cadre_compliance(ledger, Period("custom", start, end), today=today)
    indicators = {}
    for indicator in ledger.registry.indicators:
        try:
            indicators[indicator.key] = indicator.compute(ledger, Scope.between(start, min(end, today)))
        except Exception:  # noqa: BLE001 - an indicator that needs more than the read models is shown as unavailable
            indicators[indicator.key] = None
    return {
        "cadres": len(table),
        "meeting": int(table["meets"].sum()) if len(table) else 0,
        # 达标率 as the overview and its definition count it (over a month, the cadre-weeks met), not the
        # share of cadres who met every working day: the page shows both beside the indicators' table.
        "share": indicators.get("study_compliance"),
        "minutes": int(table["minutes"].sum()) if len(table) else 0,
        "per_cadre": table,
        "per_department": department_compliance(table),
        "activities": activity_counts(ledger, start, end),
        "indicators": indicators,
    }
