"""Export a range of the log as JSON Lines with its digest, and import a whole log into an
empty store, which then re-chains every event and must reach the same digest.

    line 1      {"format": "culture-ledger-log", "version": 1, "from_position", "to_position",
                 "base": {"position", "hash"}, "exported_at"}
    each event  {"position", "originator_id" (32 hex), "originator_version", "topic",
                 "state" (the stored bytes as UTF-8 text, or "state_b64"), "hash", "recorded_at",
                 "chain_format" (the chain row's format: 2 hashes recorded_at; absent means 1)}
    last line   {"end": true, "count", "digest": {"position", "hash", "recorded_at"}}

The chain hashes in the file can be re-computed from `base.hash` (AUDIT.md), so an export
is evidence on its own. Import goes through the library recorder's `insert_events`, so the
chain is written by the recorder exactly as for new events.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from event_store import soundness
from event_store.chain import GENESIS, appended_as, hashed_time, link
from event_store.integrity import chain_head, chain_rows, digest
from event_store.store import PAGE_SIZE, LedgerApplication

FORMAT = "culture-ledger-log"
VERSION = 1

Progress = Callable[[int, int], None]


class ExchangeError(Exception):
    """An export or import that was refused; nothing (more) was written."""


def _state_fields(state: bytes) -> dict[str, str]:
    try:
        return {"state": state.decode("utf-8")}
    except UnicodeDecodeError:
        return {"state_b64": base64.b64encode(state).decode("ascii")}


def _state(line: dict[str, Any]) -> bytes:
    if "state" in line:
        return line["state"].encode("utf-8")
    return base64.b64decode(line["state_b64"])


def export_log(
    app: LedgerApplication,
    out: IO[str],
    *,
    from_position: int = 1,
    to_position: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write positions from..to as JSON Lines; re-hashes as it goes and refuses a log whose chain disagrees."""
    top = chain_head(app)
    head = top.position if top else 0
    to_position = head if to_position is None else min(to_position, head)
    from_position = max(1, from_position)
    base = GENESIS
    if from_position > 1:
        row = chain_rows(app, from_position - 2, from_position - 1).get(from_position - 1)
        if row is None:
            raise ExchangeError(f"position {from_position - 1} is not in the chain")
        base = row.hash
    out.write(
        json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "from_position": from_position,
                "to_position": to_position,
                "base": {"position": from_position - 1, "hash": base.hex()},
                "exported_at": datetime.now(UTC).isoformat(),
            }
        )
        + "\n"
    )
    previous, count, last = base, 0, None
    if to_position >= from_position:
        for page in app.pages(after=from_position - 1, upto=to_position, size=PAGE_SIZE):
            chain = chain_rows(app, page[0].id - 1, page[-1].id)
            for n in page:
                row = chain.get(n.id)
                if n.id != from_position + count or row is None:
                    raise ExchangeError(
                        f"the log is broken at position {from_position + count}: run `culture-ledger verify`"
                    )
                previous = link(previous, n.id, n.originator_id, n.originator_version, n.topic, n.state, row.hashed_at)
                if previous != row.hash:
                    raise ExchangeError(
                        f"the event at position {n.id} does not match its hash: run `culture-ledger verify`"
                    )
                oid = n.originator_id.hex if isinstance(n.originator_id, UUID) else str(n.originator_id)
                out.write(
                    json.dumps(
                        {
                            "position": n.id,
                            "originator_id": oid,
                            "originator_version": n.originator_version,
                            "topic": n.topic,
                            **_state_fields(bytes(n.state)),
                            "hash": row.hash.hex(),
                            "recorded_at": row.recorded_at,
                            "chain_format": row.format,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                count, last = count + 1, row
            if progress:
                progress(page[-1].id - from_position + 1, to_position - from_position + 1)
    end = (
        {"position": last.position, "hash": last.hash.hex(), "recorded_at": last.recorded_at}
        if last
        else {"position": from_position - 1, "hash": base.hex(), "recorded_at": None}
    )
    out.write(json.dumps({"end": True, "count": count, "digest": end}) + "\n")
    return end


def export_file(app: LedgerApplication, path: Path | str, **kwargs: Any) -> dict[str, Any]:
    with open(path, "w", encoding="utf-8") as out:
        return export_log(app, out, **kwargs)


def _lines(path: Path | str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each line of an export; a line that is not one JSON object, or a
    file that is not UTF-8 text, is refused naming the line."""
    number = 0
    try:
        with open(path, encoding="utf-8") as f:
            for number, text in enumerate(f, 1):  # noqa: B007 (the number names a bad line below)
                if text.strip():
                    try:
                        line = json.loads(text)
                    except (json.JSONDecodeError, RecursionError):
                        raise ExchangeError(f"第 {number} 行不是 JSON 数据（line {number} is not JSON）") from None
                    if not isinstance(line, dict):
                        raise ExchangeError(f"第 {number} 行不是一个 JSON 对象（line {number} is not a JSON object）")
                    yield number, line
    except UnicodeDecodeError:
        raise ExchangeError(
            f"第 {number + 1} 行不是 UTF-8 文本：这不是本系统导出的文件（line {number + 1} is not UTF-8 text）"
        ) from None


def check_file(path: Path | str, allowed_topics: frozenset[str] | None = None) -> dict[str, Any]:
    """Read an export through once: its format, its chain from the base hash, its footer. Returns the header + footer."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None or first[1].get("format") != FORMAT:
        raise ExchangeError("not a Culture Ledger export (the first line has no format header)")
    header = first[1]
    try:
        previous = bytes.fromhex(header["base"]["hash"])
        expected, footer = int(header["from_position"]), None
    except (KeyError, TypeError, ValueError):
        raise ExchangeError(f"第 {first[0]} 行：导出文件的开头不完整（the header is incomplete）") from None
    for number, line in lines:
        if footer is not None:
            raise ExchangeError(f"line {number}: lines after the end of the export")
        if line.get("end"):
            footer = line
            continue
        if line.get("position") != expected:
            raise ExchangeError(f"line {number}: position {line.get('position')} where {expected} was expected")
        try:
            if allowed_topics is not None and line["topic"] not in allowed_topics:
                raise ExchangeError(f"line {number}: event type {line['topic']} is not registered by any plugin")
            previous = link(
                previous,
                expected,
                line["originator_id"],
                line["originator_version"],
                line["topic"],
                _state(line),
                hashed_time(int(line.get("chain_format", 1)), line["recorded_at"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ExchangeError(
                f"第 {number} 行：事件缺少或写错了必需的内容（line {number}: an event field is missing or malformed）"
            ) from None
        if previous.hex() != line["hash"]:
            raise ExchangeError(f"line {number}: the event at position {expected} does not match its hash")
        expected += 1
    if footer is None:
        raise ExchangeError("the export is incomplete: it has no end line")
    try:
        if footer["count"] != expected - header["from_position"] or footer["digest"]["hash"] != previous.hex():
            raise ExchangeError("the end line's digest does not match the events")
        return {**header, "count": footer["count"], "digest": footer["digest"]}
    except (KeyError, TypeError):
        raise ExchangeError("导出文件的结尾行不完整（the end line is incomplete）") from None


def _stored(line: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(line["originator_id"]),
        originator_version=line["originator_version"],
        topic=line["topic"],
        state=_state(line),
    )


def check_events(app: LedgerApplication, path: Path | str) -> int:
    """Decode every event of an export and rebuild every aggregate from them, as the store will
    after the import, before anything is written: an event the store could not read back, with a
    field of the wrong type (a date that is text) or that its aggregate cannot apply is refused,
    naming its line. Returns how many events there are."""
    aggregates: dict[UUID, Any] = {}
    count = 0
    for number, line in _lines(path):
        if "position" not in line:
            continue
        try:
            stored = _stored(line)
            event = app.mapper.to_domain_event(stored)
            wrong = soundness.problems(event)
            if wrong:
                raise ValueError("; ".join(wrong))
            aggregates[stored.originator_id] = event.mutate(aggregates.get(stored.originator_id))
        except ExchangeError:
            raise
        except Exception as exc:
            raise ExchangeError(
                f"第 {number} 行（位置 {line.get('position')}）的事件无法还原为记录，整个文件未导入：{exc} "
                f"(line {number}: the event cannot be read back into its record; nothing was imported)"
            ) from None
        count += 1
    return count


def import_file(
    app: LedgerApplication, path: Path | str, *, progress: Progress | None = None, batch: int = PAGE_SIZE
) -> dict[str, Any]:
    """Load a whole exported log into an empty store; returns the new digest (same position and hash)."""
    if app.head() or chain_head(app):
        raise ExchangeError("the store is not empty: import only into a new, empty store")
    info = check_file(path, app.allowed_topics)
    if info["from_position"] != 1:
        raise ExchangeError(
            f"the export starts at position {info['from_position']}: only an export from position 1 "
            "can be imported (the chain of a range continues one this store does not have)"
        )
    check_events(app, path)
    total, pending, position = info["count"], [], 0

    stamps: dict[tuple[UUID, int], tuple[int, str]] = {}

    def flush() -> None:
        nonlocal position
        with appended_as(stamps):
            positions = app.recorder.insert_events(pending)
        stamps.clear()
        if positions is not None and list(positions) != list(range(position + 1, position + len(pending) + 1)):
            raise ExchangeError(f"the store gave positions {positions[0]}… for events {position + 1}…")
        position += len(pending)
        pending.clear()
        if progress:
            progress(position, total)

    for _, line in _lines(path):
        if "position" not in line:
            continue
        pending.append(_stored(line))
        # Each chain row as it was exported: its format and appended_at are in its hash.
        stamps[(pending[-1].originator_id, line["originator_version"])] = (
            int(line.get("chain_format", 1)),
            line["recorded_at"],
        )
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    now = digest(app)
    if (now["position"], now["hash"]) != (info["digest"]["position"], info["digest"]["hash"]):
        raise ExchangeError(
            f"after import the chain head is {now['position']}:{now['hash']}, "
            f"not the export's {info['digest']['position']}:{info['digest']['hash']}"
        )
    return now
