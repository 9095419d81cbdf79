"""Proving the log was not altered: re-hash every stored event from the raw log (never
trusting a stored hash as input), name the first position that was altered, removed,
inserted or reordered, check the evidence files events refer to, and compare the log
with a digest kept outside the system. AUDIT.md describes the algorithm for auditors.

The re-hashing reads the stored events' columns straight from the library's events table
(`stored_pages`, pages of 1000; one query per backend) because it runs over the whole log
and must keep up with the database; the diagnosis of a break reads through the library
recorder (`select_notifications`). The chain table has its own small queries (`chain_rows` for a range, `hashes_at` for chosen positions).
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import pickle
import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import Notification

from event_store.evidence import EvidenceStore
from event_store.links import CHAIN_TABLE, GENESIS, hashed_time, link, link_many
from event_store.store import PAGE_SIZE, LedgerApplication

Progress = Callable[[int, int], None]

KINDS = (
    "altered",
    "appended_at_altered",
    "removed",
    "inserted",
    "reordered",
    "hash_altered",
    "head_altered",
    "truncated",
    "diverged",
)
"""What `verify` can say happened at the first bad position: an event changed (`altered`), a chain row
changed (`hash_altered`: its event is intact, the next row still chains from the true hash; or
`appended_at_altered`: its time), or the chain's head changed (`head_altered`: the newest event and its
chain row disagree and nothing after them tells which of the two changed), besides what was removed,
inserted or reordered."""


class ChainRow(NamedTuple):
    position: int
    hash: bytes
    recorded_at: str  # when the store appended the event (写入时间), by the store's own clock
    format: int = 1  # 2: recorded_at is hashed (chain.py)

    @property
    def hashed_at(self) -> str | None:
        """What the hash covers of recorded_at: the text in format 2, nothing in format 1."""
        return hashed_time(self.format, self.recorded_at)


def _postgres(app: LedgerApplication) -> bool:
    return any(k.__module__.startswith("eventsourcing.postgres") for k in type(app.recorder.datastore).__mro__)


def chain_rows(
    app: LedgerApplication, after: int, upto: int | None = None, limit: int | None = None
) -> dict[int, ChainRow]:
    """Stored chain rows with after < position <= upto."""
    sql = f"SELECT position, hash, recorded_at, format FROM {CHAIN_TABLE} WHERE position > ?"
    params: list[Any] = [after]
    if upto is not None:
        sql += " AND position <= ?"
        params.append(upto)
    sql += " ORDER BY position"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    if _postgres(app):
        sql = sql.replace("?", "%s")
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        c.execute(sql, params)
        rows = c.fetchall()
    # Rows by column name: sqlite3.Row here, dicts from psycopg's dict_row on PostgreSQL.
    return {
        r["position"]: ChainRow(r["position"], bytes(r["hash"]), str(r["recorded_at"]), int(r["format"])) for r in rows
    }


def _notification(row: tuple[int, bytes, int, bytes, bytes]) -> Notification:
    position, oid_hex, version, topic, state = row
    return Notification(
        id=position, originator_id=UUID(oid_hex.decode()), originator_version=version, topic=topic.decode(), state=state
    )


def stored_pages(
    app: LedgerApplication, after: int = 0, size: int = PAGE_SIZE
) -> Iterator[tuple[list[tuple[int, bytes, int, bytes, bytes]], list[tuple[int, bytes]]]]:
    """The stored events after `after` in log order, a page at a time, undecoded: (position, id as
    hex, version, topic, state), the id and topic as UTF-8 bytes as `link_many` takes them;
    with each page, the chain rows (position, hash, format, recorded_at) stored over its positions, in order."""
    table = app.recorder.events_table_name  # type: ignore[attr-defined]
    postgres = _postgres(app)
    if postgres:
        events = (
            f"SELECT notification_id, convert_to(replace(originator_id::text, '-', ''), 'UTF8'), "
            f"originator_version, convert_to(topic, 'UTF8'), state FROM {table} "
            f"WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        )
        chain = (
            f"SELECT position, hash, format, recorded_at FROM {CHAIN_TABLE} "
            "WHERE position > %s AND position <= %s ORDER BY position"
        )
    else:
        # The library keeps SQLite ids as their 32 hex digits (`UUID.hex`), as the chain hashes them.
        events = (
            f"SELECT rowid, CAST(originator_id AS BLOB), originator_version, "
            f"CAST(topic AS BLOB), state FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )
        chain = (
            f"SELECT position, hash, format, recorded_at FROM {CHAIN_TABLE} "
            "WHERE position > ? AND position <= ? ORDER BY position"
        )
    while True:
        with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            cursor = _tuples(c, postgres)
            cursor.execute(events, (after, size))
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.execute(chain, (after, rows[-1][0]))
            chained = cursor.fetchall()
        if postgres:
            rows = [(p, bytes(o), v, bytes(t), bytes(s)) for p, o, v, t, s in rows]
        yield rows, chained
        after = rows[-1][0]


def hashes_at(app: LedgerApplication, positions: Sequence[int]) -> dict[int, bytes]:
    """The stored chain hash at each of these positions (one query)."""
    if not positions:
        return {}
    placeholder = "%s" if _postgres(app) else "?"
    sql = f"SELECT position, hash FROM {CHAIN_TABLE} WHERE position IN ({', '.join([placeholder] * len(positions))})"
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        c.execute(sql, list(positions))
        return {int(r["position"]): bytes(r["hash"]) for r in c.fetchall()}


def positions_recorded_between(app: LedgerApplication, since: str | None, until: str | None) -> tuple[int, int]:
    """The first and last positions appended within [since, until] (ISO times, UTC), by the chain's recorded_at."""
    first, last = 1, 0
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        for bound, sql in (
            (since, f"SELECT MIN(position) AS p FROM {CHAIN_TABLE} WHERE recorded_at >= ?"),
            (until, f"SELECT MAX(position) AS p FROM {CHAIN_TABLE} WHERE recorded_at <= ?"),
        ):
            if bound is None:
                continue
            c.execute(sql.replace("?", "%s") if _postgres(app) else sql, [bound])
            found = c.fetchone()["p"]
            if sql.startswith("SELECT MIN"):
                first = found if found is not None else (chain_head(app) or ChainRow(0, b"", "")).position + 1
            else:
                last = found if found is not None else 0
    if until is None:
        last = (chain_head(app) or ChainRow(0, b"", "")).position
    return first, last


def chain_head(app: LedgerApplication) -> ChainRow | None:
    """The newest stored chain row (None for an empty log)."""
    sql = f"SELECT position, hash, recorded_at, format FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1"
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        c.execute(sql)
        r = c.fetchone()
    return ChainRow(int(r["position"]), bytes(r["hash"]), str(r["recorded_at"]), int(r["format"])) if r else None


def digest(app: LedgerApplication) -> dict[str, Any]:
    """The head of the chain, to keep outside the system: position, hash (hex), recorded_at."""
    head = chain_head(app)
    if head is None:
        return {"position": 0, "hash": GENESIS.hex(), "recorded_at": None}
    return {"position": head.position, "hash": head.hash.hex(), "recorded_at": head.recorded_at}


def load_digest(text: str) -> dict[str, Any]:
    """A digest read back from its JSON file; refuses anything that is not one."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("position"), int) or not isinstance(data.get("hash"), str):
        raise ValueError("not a digest: expected JSON with an integer position and a hex hash")
    bytes.fromhex(data["hash"])
    return data


@dataclass(frozen=True)
class Finding:
    """The first bad position, what happened there (one of KINDS) and how we know."""

    position: int
    kind: str
    detail: str


@dataclass
class Report:
    """The outcome of `verify`: the chain, the evidence files, and the digest if one was given."""

    checked: int = 0
    head: dict[str, Any] | None = None
    finding: Finding | None = None
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence_checked: int = 0
    digest_ok: bool | None = None

    @property
    def ok(self) -> bool:
        return self.finding is None and not self.evidence and self.digest_ok is not False


def _hash(previous: bytes, position: int, n: Notification, row: ChainRow) -> bytes:
    """The hash of event `n` appended at `position`, with that position's chain row (its appended_at)."""
    return link(previous, position, n.originator_id, n.originator_version, n.topic, n.state, row.hashed_at)


def _out_of_order(chain: dict[int, ChainRow], p: int) -> str | None:
    """Which neighbour's appended_at the one at `p` contradicts: the store appends in time order."""
    at = datetime.fromisoformat(chain[p].recorded_at)
    before, after = chain.get(p - 1), chain.get(p + 1)
    if before is not None and datetime.fromisoformat(before.recorded_at) > at:
        return f"earlier than the one at {p - 1} ({before.recorded_at})"
    if after is not None and datetime.fromisoformat(after.recorded_at) < at:
        return f"later than the one at {p + 1} ({after.recorded_at})"
    return None


def _diagnose(app: LedgerApplication, p: int, previous: bytes, event: Notification) -> Finding:
    """Why the event at `p` does not chain: look around it for where it (and p's original) belong."""
    events = {n.id: n for n in app.read(p - 1, PAGE_SIZE)}
    chain = chain_rows(app, p - 2, p + PAGE_SIZE)

    def fits(n: Notification, q: int) -> bool:
        prev = previous if q == p else (chain[q - 1].hash if q - 1 in chain else None)
        return prev is not None and q in chain and _hash(prev, q, n, chain[q]) == chain[q].hash

    following = events.get(p + 1)
    if (
        following is not None
        and p in chain
        and p + 1 in chain
        and _hash(_hash(previous, p, event, chain[p]), p + 1, following, chain[p + 1]) == chain[p + 1].hash
    ):
        return Finding(
            p, "hash_altered", f"a chain row changed: the stored hash at {p} was changed; the event itself is intact"
        )
    belongs = next((q for q in sorted(chain) if q != p and fits(event, q)), None)
    original = next((r for r in sorted(events) if r > p and fits(events[r], p)), None)
    if belongs is not None and original is not None:
        return Finding(
            p,
            "reordered",
            f"the event stored at {p} belongs at {belongs}; the event that belongs at {p} is stored at {original}",
        )
    if belongs == p + 1:
        return Finding(p, "removed", f"the event that belongs at {p} is gone; later events moved up by one")
    if belongs is not None:
        return Finding(p, "reordered", f"the event stored at {p} belongs at {belongs}")
    if original is not None:
        return Finding(p, "inserted", f"an event was inserted at {p}; the one that belongs there moved to {original}")
    wrong_time = _out_of_order(chain, p) if p in chain and chain[p].format >= 2 else None
    if wrong_time is not None:
        return Finding(
            p,
            "appended_at_altered",
            f"the time the event at {p} was appended ({chain[p].recorded_at}) was changed: it does not match "
            f"its hash and is {wrong_time}",
        )
    if following is None and p + 1 not in chain:
        return Finding(
            p, "head_altered", f"the chain head changed: the newest event at {p} and its stored hash disagree"
        )
    return Finding(
        p,
        "altered",
        f"an event changed: the stored event at {p} does not match its hash (payload, record, version, type "
        "or the time it was appended)",
    )


def _evidence_refs(app: LedgerApplication, n: Notification) -> list[dict[str, Any]]:
    """The evidence files an event refers to (an `evidence` list, or one among its `changes`)."""
    mapper = app.mapper
    if mapper.compressor is None and mapper.cipher is None and b'"evidence"' not in n.state:
        return []
    return stored_evidence_refs(app, n.state)


def stored_evidence_refs(app: LedgerApplication, state: bytes) -> list[dict[str, Any]]:
    """The evidence files a stored payload refers to, read from the payload as stored (decrypted and
    decompressed if the store does so, then the transcoder's JSON): the event's class is not
    loaded, so `verify` never imports a plugin. The same fields `evidence_refs` reads on the event."""
    mapper = app.mapper
    if mapper.cipher is not None:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor is not None:
        state = mapper.compressor.decompress(state)
    payload = mapper.transcoder.decode(state)
    if not isinstance(payload, dict):
        return []
    refs = payload.get("evidence")
    if refs is None:
        changes = payload.get("changes")
        refs = changes.get("evidence") if isinstance(changes, dict) else None
    return [r for r in refs or () if isinstance(r, dict) and isinstance(r.get("sha256"), str)]


def evidence_refs(event: Any) -> list[dict[str, Any]]:
    """The evidence files a decoded event refers to: what `verify` checks and an export carries."""
    refs = getattr(event, "evidence", None)
    if refs is None:
        refs = (getattr(event, "changes", None) or {}).get("evidence")
    return [r for r in refs or () if isinstance(r, dict) and isinstance(r.get("sha256"), str)]


_U64_U32 = struct.Struct(">QI").pack
_U32 = struct.Struct(">I").pack
_sha256 = hashlib.sha256

PART_EVENTS = 50_000
"""The least events a part of the log re-hashed in a process of its own has (`verify(parts=)`): a small
log is re-hashed in one piece, sooner than another process starts."""

_END = 2**62


def _tuples(c: Any, postgres: bool) -> Any:
    """The transaction's cursor giving rows as plain tuples (not psycopg's dicts or sqlite3.Row)."""
    cursor = getattr(c, "sqlite_cursor", c)
    if postgres:
        from psycopg.rows import tuple_row

        cursor.row_factory = tuple_row
    else:
        cursor.row_factory = None
    return cursor


def _event_sql(app: LedgerApplication) -> tuple[str, str]:
    """SQLite: a page of the events of a range (position, id as 32 hex digits, version, topic, state), and
    the chain rows of the positions it spans (position, hash, format, recorded_at): the id, topic and
    recorded_at as UTF-8 bytes, as the chain hashes them. Two ordered reads by their keys; joined in
    one query, each event cost a look-up in the chain's key (0.4 s of a part's 1.1 s at 500,000)."""
    table = app.recorder.events_table_name  # type: ignore[attr-defined]
    return (
        f"SELECT rowid, CAST(originator_id AS BLOB), originator_version, CAST(topic AS BLOB), state FROM {table} "
        "WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?",
        f"SELECT position, hash, format, CAST(recorded_at AS BLOB) FROM {CHAIN_TABLE} "
        "WHERE position > ? AND position <= ? ORDER BY position",
    )


def _joined_pages(app: LedgerApplication, after: int, upto: int, size: int = PAGE_SIZE) -> Iterator[list[tuple]]:
    """The events with after < position <= upto, each with its chain row's hash, format and recorded_at
    (None where the chain has none), a page at a time."""
    if _postgres(app):
        yield from _streamed_pages(app, after, upto, size)
        return
    events, chain = _event_sql(app)
    while after < upto:
        with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            cursor = _tuples(c, False)
            rows = cursor.execute(events, (after, upto, size)).fetchall()
            if not rows:
                return
            links = cursor.execute(chain, (after, rows[-1][0])).fetchall()
        yield _met(rows, links, 0)[0]
        after = rows[-1][0]


def _met(rows: list[tuple], links: list[tuple], at: int) -> tuple[list[tuple], int]:
    """Each event row with its chain row from `links` (in position order, from `at`): the joined page, and
    where in `links` the next page begins. A chain row without its event is passed over (the walk names
    it where it matters); an event without one gets None for each of its columns."""
    count = len(links)
    if (
        at == 0
        and count == len(rows)
        and links[0][0] == rows[0][0]
        and links[-1][0] == rows[-1][0] == rows[0][0] + count - 1
    ):  # the usual page: both contiguous over the same positions
        return [row + link[1:] for row, link in zip(rows, links)], count
    page: list[tuple] = []
    append = page.append
    for row in rows:
        p = row[0]
        while at < count and links[at][0] < p:
            at += 1
        if at < count and links[at][0] == p:
            append(row + links[at][1:])
            at += 1
        else:
            append((*row, None, None, None))
    return page, at


STREAM_EVENTS = 100_000
"""Events `_streamed_pages` reads in one transaction: a snapshot held for seconds, not for a whole
long log (the server's idle-in-transaction limit, and its clean-up, wait on none for long)."""


def _streamed_pages(app: LedgerApplication, after: int, upto: int, size: int) -> Iterator[list[tuple]]:
    """`_joined_pages` on PostgreSQL: the range's events and its chain rows each streamed in order
    through a cursor of the server's own (a read transaction per STREAM_EVENTS positions), met in
    position order here. A query per page joining each event to its chain row cost the server a
    look-up in the chain's key per event, and a plan per page (the whole range's joined at once: a
    hash of the chain); two ordered range reads cost a step each."""
    table = app.recorder.events_table_name  # type: ignore[attr-defined]
    while after < upto:
        end = min(upto, after + STREAM_EVENTS)
        empty = True
        for page in _streamed_window(app, after, end, size):
            empty = False
            yield page
        after = end
        if empty:  # no event in this window (the last part's end is open): where is the next one?
            with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
                c.execute(
                    f"SELECT min(notification_id) FROM {table} WHERE notification_id > %s AND notification_id <= %s",
                    (after, upto),
                )
                following = c.fetchone()
            following = following[0] if not isinstance(following, dict) else next(iter(following.values()))
            if following is None:
                return
            after = following - 1


def _streamed_window(app: LedgerApplication, after: int, upto: int, size: int) -> Iterator[list[tuple]]:
    from psycopg.rows import tuple_row

    table = app.recorder.events_table_name  # type: ignore[attr-defined]
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        connection = c.connection
        events = connection.cursor(name="verify_events", row_factory=tuple_row)
        chain = connection.cursor(name="verify_chain", row_factory=tuple_row)
        events.execute(
            "SELECT notification_id, convert_to(replace(originator_id::text, '-', ''), 'UTF8'), "
            f"originator_version, convert_to(topic, 'UTF8'), state FROM {table} "
            "WHERE notification_id > %s AND notification_id <= %s ORDER BY notification_id",
            (after, upto),
            binary=True,  # the payloads as they are stored, not spelt out in hexadecimal and read back
        )
        chain.execute(
            f"SELECT position, hash, format, convert_to(recorded_at, 'UTF8') FROM {CHAIN_TABLE} "
            "WHERE position > %s AND position <= %s ORDER BY position",
            (after, upto),
            binary=True,
        )
        links: list[tuple] = []
        at = 0  # the next chain row of `links`
        more = True
        while rows := events.fetchmany(size):
            last = rows[-1][0]
            while more and (not links or links[-1][0] < last):
                fetched = chain.fetchmany(size)
                more = len(fetched) == size
                links = links[at:] + fetched
                at = 0
            page, at = _met(rows, links, at)
            yield page
        events.close()
        chain.close()


def _rehash(previous: bytes, rows: Sequence[tuple], topics: dict[bytes, Callable[..., bytes]]) -> list[bytes]:
    """The chain hashes of these joined rows (`_joined_pages`), from the hash before the first: the
    formula of `event_store.links.link_many` (AUDIT.md), each row in the format its chain row says
    (format 1 where it has none: such a row fails its comparison anyway). The verifier's inner loop:
    in the usual row (format 2, an id of 32 hex digits, a 32-byte appended-at) everything before the
    payload is packed in one call, with a layout kept per topic in `topics` between pages."""
    hashes: list[bytes] = []
    append, join, sha256 = hashes.append, b"".join, _sha256
    for position, oid, version, topic, state, _, row_format, at in rows:
        if row_format == 2 and len(oid) == 32 and len(at) == 32:
            pack = topics.get(topic)
            if pack is None:
                pack = topics[topic] = struct.Struct(f">QI32sQI{len(topic)}sI32sI").pack
            previous = sha256(
                join((previous, pack(position, 32, oid, version, len(topic), topic, 32, at, len(state)), state))
            ).digest()
        else:
            parts = [previous, _U64_U32(position, len(oid)), oid, _U64_U32(version, len(topic)), topic]
            if row_format is not None and row_format >= 2:
                parts += (_U32(len(at)), at)
            previous = sha256(join((*parts, _U32(len(state)), state))).digest()
        append(previous)
    return hashes


@dataclass
class _Part:
    """What re-hashing one part of the log found: every event after `after` up to `reached` is in
    place and chains from `start` (the hash at `after`), `previous` being the hash at `reached`;
    `whole` when that is the part's every event (it stopped at no page that failed to chain)."""

    after: int
    start: bytes
    reached: int = 0
    previous: bytes = GENESIS
    whole: bool = False
    digest_ok: bool | None = None
    referenced: list[tuple[str, int, str]] = field(default_factory=list)


def _scan_part(
    app: LedgerApplication,
    after: int,
    upto: int,
    start: bytes,
    want: tuple[int, bytes] | None,
    evidence: bool,
    moved: Callable[[int], None] | None = None,
) -> _Part:
    """Re-hash the events after `after` up to `upto` from `start`, page by page, while every page is
    in place and chains (the usual case); stop before the first page that is not."""
    part = _Part(after, start, after, start)
    plain = app.mapper.compressor is None and app.mapper.cipher is None
    previous, expected, topics = start, after + 1, {}
    for rows in _joined_pages(app, after, upto):
        count = len(rows)
        if rows[0][0] != expected or rows[-1][0] != expected + count - 1:
            return part
        hashed = _rehash(previous, rows, topics)
        if hashed != [row[5] for row in rows]:
            return part
        if want and expected <= want[0] < expected + count:
            part.digest_ok = hashed[want[0] - expected] == want[1]
        if evidence and (not plain or b'"evidence"' in b"".join([row[4] for row in rows])):
            for row in rows:
                if not plain or b'"evidence"' in row[4]:
                    for ref in stored_evidence_refs(app, row[4]):
                        part.referenced.append((ref["sha256"], row[0], ref.get("name", "")))
        previous, expected = hashed[-1], expected + count
        part.reached, part.previous = expected - 1, previous
        if moved:
            moved(expected - 1)
    part.whole = True
    return part


def _split(app: LedgerApplication, total: int, parts: int) -> list[tuple[int, int]]:
    """The log cut into `parts` ranges (after, upto] of about equal size, the last one open-ended."""
    parts = max(1, min(parts, total // PART_EVENTS))
    if parts > 1 and not _parts_allowed(app):
        parts = 1
    cuts = [total * k // parts for k in range(parts)] + [_END]
    return list(zip(cuts, cuts[1:]))


def _parts_allowed(app: LedgerApplication) -> bool:
    """Whether other processes can read this store: a file or a server, not a database in memory."""
    if _postgres(app):
        return hasattr(os, "fork")
    name = str(app.env.get("SQLITE_DBNAME", ":memory:"))
    return hasattr(os, "fork") and ":memory:" not in name and "mode=memory" not in name


def _scan_parts(
    app: LedgerApplication,
    ranges: list[tuple[int, int]],
    want: tuple[int, bytes] | None,
    evidence: bool,
    progress: Callable[[int], None] | None,
) -> list[_Part]:
    """Each range re-hashed: the first in this process, each other one in a process of its own (forked:
    nothing to import), from the stored hash at its start; the parts in log order."""
    if len(ranges) == 1:
        return [_scan_part(app, *ranges[0], GENESIS, want, evidence, progress)]
    starts = hashes_at(app, [after for after, _ in ranges[1:]])
    counters = mmap.mmap(-1, 8 * len(ranges))  # each part's position reached, shared with its process
    for k, (after, _) in enumerate(ranges):
        counters[8 * k : 8 * k + 8] = after.to_bytes(8, "little")

    def moved_to(k: int) -> Callable[[int], None]:
        def moved(position: int) -> None:
            counters[8 * k : 8 * k + 8] = position.to_bytes(8, "little")
            if progress and k == 0:
                progress(
                    sum(
                        int.from_bytes(counters[8 * i : 8 * i + 8], "little") - ranges[i][0] for i in range(len(ranges))
                    )
                )

        return moved

    children: list[tuple[int, int] | None] = []
    for k, (after, upto) in enumerate(ranges[1:], start=1):
        start = starts.get(after)
        if start is None:  # no chain row where this part begins: the walk from the part before finds why
            children.append(None)
            continue
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the part's process: its own connection, its result on the pipe, no clean-up
            status = 1
            try:
                os.close(read)
                mine = type(app)(app.allowed_topics, {**app.env, "CREATE_TABLE": "n"})
                part = _scan_part(mine, after, upto, start, want, evidence, moved_to(k))
                with os.fdopen(write, "wb") as out:
                    pickle.dump(part, out)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        children.append((pid, read))
    found = [_scan_part(app, *ranges[0], GENESIS, want, evidence, moved_to(0))]
    for k, child in enumerate(children, start=1):
        if child is None:
            found.append(_Part(ranges[k][0], GENESIS))
            continue
        pid, read = child
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        found.append(pickle.loads(data) if data else _Part(ranges[k][0], GENESIS))
        if progress:
            progress(sum(int.from_bytes(counters[8 * i : 8 * i + 8], "little") - ranges[i][0] for i in range(k + 1)))
    counters.close()
    return found


def verify(
    app: LedgerApplication,
    *,
    evidence: EvidenceStore | None = None,
    digest: dict[str, Any] | None = None,
    progress: Progress | None = None,
    parts: int = 1,
) -> Report:
    """Re-hash the whole log from position 1 and report the first break, bad evidence and the digest check.

    With `parts` > 1 (the command line: one per processor) a long log is cut into that many parts,
    re-hashed side by side, each in its own process, each from the stored hash where it begins; a part
    counts only if the part before it reached its end and computed that very hash there (every
    stored hash it compared was equal to the one computed), so each event is still re-hashed from the
    hash computed for the one before it. From the first part that did not (something in it does not
    chain), the log is walked event by event as in one piece to name the first break."""
    report = Report()
    total = max(app.head(), (chain_head(app) or ChainRow(0, GENESIS, "")).position)
    previous, expected = GENESIS, 1
    referenced: dict[str, dict[str, Any]] = {}
    want = (digest["position"], bytes.fromhex(digest["hash"])) if digest else None
    if want and want[0] == 0:
        report.digest_ok = want[1] == GENESIS
    last_position = 0

    def note_evidence(rows: list[tuple[int, bytes, int, bytes, bytes]]) -> None:
        for row in rows:
            for ref in _evidence_refs(app, _notification(row)):
                referenced.setdefault(ref["sha256"], {"position": row[0], "name": ref.get("name", "")})

    # The usual case first: every page in place and chaining, the parts side by side.
    ranges = _split(app, total, parts)
    done = _scan_parts(app, ranges, want, evidence is not None, (lambda n: progress(n, total)) if progress else None)
    whole = True
    for part in done:
        if part.after != expected - 1 or part.start != previous:
            whole = False  # the part before stopped short of this one, or ends on another hash
            break
        for sha, position, name in part.referenced:
            referenced.setdefault(sha, {"position": position, "name": name})
        if part.digest_ok is not None:
            report.digest_ok = part.digest_ok
        previous, expected = part.previous, part.reached + 1
        if part.reached > part.after:
            last_position = part.reached
        if not part.whole:
            whole = False
            break
    report.checked = expected - 1
    if progress:
        progress(expected - 1, total)
    # Where something does not chain: event by event from the last page that did, to name the first break.
    for page, chained in [] if whole else stored_pages(app, after=expected - 1):
        # A format-2 chain row's appended_at is hashed with its event (chain.py).
        at = {q: (t.encode() if f >= 2 else None) for q, _, f, t in chained}
        hashed = link_many(previous, [(*row, at.get(row[0])) for row in page])
        first, count = page[0][0], len(page)
        if (
            first == expected
            and page[-1][0] == first + count - 1
            and len(chained) == count
            and hashed == [bytes(h) for _, h, _, _ in chained]
        ):
            # The whole page is in place and chains (the usual case): compared as two lists.
            if want and first <= want[0] < first + count:
                report.digest_ok = hashed[want[0] - first] == want[1]
            if evidence is not None:
                note_evidence(page)
            previous, expected, last_position = hashed[-1], first + count, page[-1][0]
            report.checked = expected - 1
            if progress:
                progress(expected - 1, total)
            continue
        # Something in this page does not chain: walk it event by event to name the first break.
        hashes = {q: h for q, h, _, _ in chained}
        for row, mine in zip(page, hashed):
            position, oid_hex, version, topic, state = row
            stored_hash = hashes.get(position)
            if position != expected or stored_hash is None:
                # A hole in the log or in the chain (both only ever grow by one) means something was taken
                # out; an event past the end of the chain means something was put in.
                if chain_rows(app, expected - 1, limit=1):  # a chain row at or after the missing position
                    report.finding = Finding(
                        expected, "removed", f"position {expected} is missing from the log or the chain"
                    )
                else:
                    report.finding = Finding(position, "inserted", f"the event at {position} has no chain row")
                break
            if mine != stored_hash and mine != bytes(stored_hash):
                report.finding = _diagnose(app, position, previous, _notification(row))
                break
            previous, expected, last_position = mine, expected + 1, position
            if want and position == want[0]:
                report.digest_ok = mine == want[1]
            if evidence is not None:
                note_evidence([row])
        report.checked = expected - 1
        if progress:
            progress(expected - 1, total)
        if report.finding:
            break
    if report.finding is None:
        extra = chain_rows(app, expected - 1, limit=1)
        if extra:
            report.finding = Finding(
                expected, "removed", f"the chain goes on to {total} but the log stops at {expected - 1}"
            )
    last_row = chain_rows(app, last_position - 1, last_position).get(last_position) if last_position else None
    if last_row is not None:
        report.head = {"position": last_row.position, "hash": previous.hex(), "recorded_at": last_row.recorded_at}
    if want and report.digest_ok is None:
        if report.finding is None and expected - 1 < want[0]:
            report.finding = Finding(
                expected, "truncated", f"the log ends at {expected - 1}, before the digest's {want[0]}"
            )
        report.digest_ok = False
    if want and report.digest_ok is False and report.finding is None:
        report.finding = Finding(
            want[0], "diverged", f"the log no longer extends the digest: history up to {want[0]} was rewritten"
        )
    if evidence is not None:
        report.evidence_checked = len(referenced)
        for sha, state in evidence.verify(referenced).items():
            report.evidence[sha] = {**referenced[sha], "state": state}
    return report
