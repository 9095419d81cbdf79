"""Export the log with its digest and its evidence files as one file, and import a whole export
into an empty store, all or nothing. AUDIT.md ("Export and import") states the format exactly.

An export (`export_package`, format `culture-ledger-export` version 2) is a ZIP archive:

    manifest.json             what is inside: the range, how it was selected, the digest,
                              the log's SHA-256, and every evidence file with its SHA-256
    log.jsonl                 the log in the JSON Lines format below
    evidence/<sha256>         each evidence file the exported events refer to (none with --no-evidence)

The log alone (`export_log`, format `culture-ledger-log` version 1, the first export format, still
written for a web download of a range and still imported):

    line 1      {"format": "culture-ledger-log", "version": 1, "from_position", "to_position",
                 "base": {"position", "hash"}, "exported_at"}
    each event  {"position", "originator_id" (32 hex), "originator_version", "topic",
                 "state" (the stored bytes as UTF-8 text, or "state_b64"), "hash", "recorded_at",
                 "chain_format" (the chain row's format: 2 hashes recorded_at; absent means 1)}
    last line   {"end": true, "count", "digest": {"position", "hash", "recorded_at"}}

The chain hashes in the file can be re-computed from `base.hash` (AUDIT.md), so an export is
evidence on its own. An import reads the file through and checks everything (the chain, a digest
kept elsewhere, every event decoded and checked against its type, every evidence file's hash)
before it writes, then appends every event through the library recorder, which chains it again,
inside ONE database transaction that is committed only when the new chain head equals the
export's digest: any failure, a kill -9 included, leaves the store as it was.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent

from event_store import soundness
from event_store.evidence import EvidenceStore
from event_store.integrity import chain_head, chain_rows, evidence_refs
from event_store.integrity import digest as head_digest
from event_store.links import CHAIN_TABLE, GENESIS, appended_as, hashed_time, link
from event_store.store import PAGE_SIZE, LedgerApplication

FORMAT = "culture-ledger-log"
VERSION = 1
PACKAGE_FORMAT = "culture-ledger-export"
PACKAGE_VERSION = 2
MANIFEST, LOG, EVIDENCE = "manifest.json", "log.jsonl", "evidence/"
SELECTIONS = ("position", "described", "recorded", "appended")
"""How a range was chosen: by position, by the day the records describe (their `occurred_on`, 所述日期),
by the time the events say they were recorded (their own `timestamp`, 记录时间), or by the time the
store appended them (the chain's `recorded_at`, 写入时间)."""

_HEX_ID = re.compile(r"[0-9a-f]{32}")
_SHA = re.compile(r"[0-9a-f]{64}")
_MAX_BIGINT = 2**63 - 1

Progress = Callable[[int, int], None]


class ExchangeError(Exception):
    """An export or import that was refused; nothing (more) was written. `position`: the first log
    position found wrong, when the refusal is about one."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


def _state_fields(state: bytes) -> dict[str, str]:
    try:
        return {"state": state.decode("utf-8")}
    except UnicodeDecodeError:
        return {"state_b64": base64.b64encode(state).decode("ascii")}


def _state(line: dict[str, Any]) -> bytes:
    if "state" in line:
        return line["state"].encode("utf-8")
    return base64.b64decode(line["state_b64"], validate=True)


# --- export -----------------------------------------------------------------------------------


def export_log(
    app: LedgerApplication,
    out: IO[str],
    *,
    from_position: int = 1,
    to_position: int | None = None,
    progress: Progress | None = None,
    each: Callable[[Notification], None] | None = None,
) -> dict[str, Any]:
    """Write positions from..to as JSON Lines; re-hashes as it goes and refuses a log whose chain
    disagrees. `each` sees every exported event (the package collects its evidence files)."""
    top = chain_head(app)
    head = top.position if top else 0
    to_position = head if to_position is None else min(to_position, head)
    from_position = max(1, from_position)
    base = GENESIS
    if from_position > 1:
        row = chain_rows(app, from_position - 2, from_position - 1).get(from_position - 1)
        if row is None:
            raise ExchangeError(
                f"位置 {from_position - 1} 不在链中（position {from_position - 1} is not in the chain）"
            )
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
                        f"日志在位置 {from_position + count} 处断开，请先运行 culture-ledger verify"
                        f"（the log is broken at position {from_position + count}）"
                    )
                previous = link(previous, n.id, n.originator_id, n.originator_version, n.topic, n.state, row.hashed_at)
                if previous != row.hash:
                    raise ExchangeError(
                        f"位置 {n.id} 的事件与其链哈希不符，请先运行 culture-ledger verify"
                        f"（the event at position {n.id} does not match its hash）"
                    )
                if each is not None:
                    each(n)
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
    """The log alone, in the first export format (JSON Lines)."""
    with open(path, "w", encoding="utf-8") as out:
        return export_log(app, out, **kwargs)


class _Hashing(io.RawIOBase):
    """A byte sink that hashes what passes through it (the manifest's SHA-256 of the log)."""

    def __init__(self, sink: IO[bytes]):
        self.sink, self.sha = sink, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        self.sha.update(data)
        self.sink.write(data)
        return len(data)


def export_package(
    app: LedgerApplication,
    path: Path | str,
    *,
    evidence: EvidenceStore | None,
    from_position: int = 1,
    to_position: int | None = None,
    selection: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write one export file: the log (`log.jsonl`), its digest and, unless `evidence` is None, every
    evidence file its events refer to. Written beside and renamed when complete: a refused export
    leaves no file. Returns the manifest."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    referenced: dict[str, dict[str, Any]] = {}

    def note(n: Notification) -> None:
        state = bytes(n.state)
        if app.mapper.compressor is None and app.mapper.cipher is None and b'"evidence"' not in state:
            return
        for ref in evidence_refs(app.mapper.to_domain_event(n)):
            referenced.setdefault(ref["sha256"], {"position": n.id, "name": str(ref.get("name", ""))})

    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            with archive.open(LOG, "w", force_zip64=True) as member:
                hashing = _Hashing(member)
                text = io.TextIOWrapper(io.BufferedWriter(hashing), encoding="utf-8", newline="\n")
                end = export_log(
                    app, text, from_position=from_position, to_position=to_position, progress=progress, each=note
                )
                text.flush()
                text.detach()
            files = []
            for sha, ref in sorted(referenced.items(), key=lambda item: item[1]["position"]):
                entry = {"sha256": sha, "position": ref["position"], "name": ref["name"]}
                if evidence is not None:
                    state = evidence.check(sha) if _SHA.fullmatch(sha) else "altered"
                    if state != "ok":
                        said = "缺失" if state == "missing" else "已被改动"
                        raise ExchangeError(
                            f"位置 {ref['position']} 的事件引用的佐证材料《{ref['name']}》{said}（{sha}），"
                            f"未生成导出文件；请先运行 culture-ledger verify，或加 --no-evidence 只导出日志"
                            f"（evidence file {state}）"
                        )
                    content = evidence.read(sha)
                    archive.writestr(EVIDENCE + sha, content, compress_type=zipfile.ZIP_STORED)
                    entry["bytes"] = len(content)
                files.append(entry)
            header_from = max(1, from_position)
            manifest = {
                "format": PACKAGE_FORMAT,
                "version": PACKAGE_VERSION,
                "exported_at": datetime.now(UTC).isoformat(),
                "log": {"name": LOG, "format": FORMAT, "version": VERSION, "sha256": hashing.sha.hexdigest()},
                "from_position": header_from,
                "to_position": end["position"],
                "count": end["position"] - header_from + 1 if end["position"] >= header_from else 0,
                "digest": end,
                "selected": selection or {"by": "position"},
                "evidence": {"included": evidence is not None, "files": files},
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def positions_recorded_in(app: LedgerApplication, since: datetime | None, until: datetime | None) -> tuple[int, int]:
    """The first and last positions of the events whose own `timestamp` (when the event says it was
    recorded) lies within [since, until]; (1, 0) when none does. The events between them are exported
    too (a range is contiguous, so its chain can be checked), whatever their time."""
    first, last = 0, 0
    for page in app.pages():
        for n in page:
            moment = _timestamp(app, n)
            if (since is None or moment >= since) and (until is None or moment <= until):
                first = first or n.id
                last = n.id
    return (first, last) if first else (1, 0)


def positions_described_in(app: LedgerApplication, first_day: date | None, last_day: date | None) -> tuple[int, int]:
    """The first and last positions of the events that describe a day (their `occurred_on`: a study's
    day, an activity's date, a correction moving it) within [first_day, last_day]; (1, 0) when none
    does. Events that describe no day (an account, a review) count only as the ones between."""
    first, last = 0, 0
    for page in app.pages():
        for n in page:
            day = _described_day(app, n)
            if day is not None and (first_day is None or day >= first_day) and (last_day is None or day <= last_day):
                first = first or n.id
                last = n.id
    return (first, last) if first else (1, 0)


_OCCURRED_ON = re.compile(rb'"occurred_on":\{"_type_":"date_iso","_data_":"(\d{4}-\d{2}-\d{2})"\}')


def _described_day(app: LedgerApplication, n: Notification) -> date | None:
    if app.mapper.compressor is None and app.mapper.cipher is None:
        found = _OCCURRED_ON.search(bytes(n.state))
        return date.fromisoformat(found.group(1).decode()) if found else None
    event = app.mapper.to_domain_event(n)
    day = getattr(event, "occurred_on", None) or (getattr(event, "changes", None) or {}).get("occurred_on")
    return day if isinstance(day, date) else None


_TIMESTAMP = re.compile(rb'"timestamp":\{"_type_":"datetime_iso","_data_":"([^"]+)"\}')


def _timestamp(app: LedgerApplication, n: Notification) -> datetime:
    found = _TIMESTAMP.search(bytes(n.state)) if app.mapper.compressor is None and app.mapper.cipher is None else None
    moment = datetime.fromisoformat(found.group(1).decode()) if found else app.mapper.to_domain_event(n).timestamp
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- reading an export ------------------------------------------------------------------------


class Export:
    """An export file opened for reading, in either format: its manifest (None for the log alone),
    its log's lines, and the evidence files it carries."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.archive: zipfile.ZipFile | None = None
        self.manifest: dict[str, Any] | None = None
        self.evidence: list[str] = []
        if not self.path.is_file():
            raise ExchangeError(f"找不到导出文件 {self.path}（no such file）")
        if zipfile.is_zipfile(self.path):
            self._open_package()

    def _open_package(self) -> None:
        try:
            self.archive = zipfile.ZipFile(self.path)
            names = self.archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ExchangeError(f"导出文件无法打开：{exc}（the export cannot be opened）") from None
        if MANIFEST not in names or LOG not in names:
            raise ExchangeError(
                "这不是本系统的导出文件：缺少 manifest.json 或 log.jsonl（not a Culture Ledger export）"
            )
        for name in names:
            if name in (MANIFEST, LOG):
                continue
            if not (name.startswith(EVIDENCE) and _SHA.fullmatch(name[len(EVIDENCE) :])):
                raise ExchangeError(f"导出文件中有不应有的内容：{name}（an unexpected member）")
            self.evidence.append(name[len(EVIDENCE) :])
        if len(set(names)) != len(names):
            raise ExchangeError("导出文件中有重名的内容（a member appears twice）")
        try:
            manifest = json.loads(self.archive.read(MANIFEST).decode("utf-8"))
            assert isinstance(manifest, dict)
            assert manifest.get("format") == PACKAGE_FORMAT and manifest.get("version") == PACKAGE_VERSION
            self.log_sha256 = str(manifest["log"]["sha256"])
        except Exception:
            raise ExchangeError(
                f"导出文件的 manifest.json 不是 {PACKAGE_FORMAT} 第 {PACKAGE_VERSION} 版的清单（an unreadable manifest）"
            ) from None
        self.manifest = manifest
        sha = hashlib.sha256()
        try:
            with self.archive.open(LOG) as log:
                for chunk in iter(lambda: log.read(1 << 20), b""):
                    sha.update(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise ExchangeError(f"导出文件中的日志已损坏：{exc}（the log inside is damaged）") from None
        if sha.hexdigest() != self.log_sha256:
            raise ExchangeError("导出文件中的日志与清单所记的 SHA-256 不符（the log does not match the manifest）")

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def _text(self) -> Iterator[IO[str]]:
        if self.archive is None:
            with open(self.path, encoding="utf-8") as f:
                yield f
        else:
            with self.archive.open(LOG) as raw, io.TextIOWrapper(raw, encoding="utf-8") as f:
                yield f

    def lines(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, object) for each line of the log; a line that is not one JSON object, or a
        log that is not UTF-8 text, is refused naming the line."""
        number = 0
        try:
            with self._text() as f:
                for number, text in enumerate(f, 1):  # noqa: B007 (the number names a bad line below)
                    if text.strip():
                        try:
                            line = json.loads(text)
                        except (json.JSONDecodeError, RecursionError):
                            raise ExchangeError(f"第 {number} 行不是 JSON 数据（line {number} is not JSON）") from None
                        if not isinstance(line, dict):
                            raise ExchangeError(
                                f"第 {number} 行不是一个 JSON 对象（line {number} is not a JSON object）"
                            )
                        yield number, line
        except UnicodeDecodeError:
            raise ExchangeError(
                f"第 {number + 1} 行不是 UTF-8 文本：这不是本系统导出的文件（line {number + 1} is not UTF-8 text）"
            ) from None

    def read_evidence(self, sha256: str) -> bytes:
        assert self.archive is not None
        return self.archive.read(EVIDENCE + sha256)


@contextmanager
def _opened(source: Export | Path | str) -> Iterator[Export]:
    if isinstance(source, Export):
        yield source
        return
    with Export(source) as export:
        yield export


def _where(number: int, line: dict[str, Any]) -> str:
    return f"第 {number} 行（位置 {line.get('position')}）"


def _check_identity(number: int, line: dict[str, Any]) -> None:
    """The fields the store keeps as columns: an id as the store writes it (32 lowercase hex digits:
    another case would be stored lowercased and no longer chain), a version the column holds."""
    oid, version, topic = line.get("originator_id"), line.get("originator_version"), line.get("topic")
    if not isinstance(oid, str) or not _HEX_ID.fullmatch(oid):
        raise ExchangeError(
            f"{_where(number, line)}：记录编号 {str(oid)[:40]!s} 不是 32 位小写十六进制数字，整个文件未导入"
            f"（line {number}: the record id is not 32 lowercase hex digits）",
            line.get("position"),
        )
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= _MAX_BIGINT:
        raise ExchangeError(
            f"{_where(number, line)}：版本号 {str(version)[:40]} 不是正整数，整个文件未导入"
            f"（line {number}: the version is not a positive whole number）",
            line.get("position"),
        )
    if not isinstance(topic, str):
        raise ExchangeError(
            f"{_where(number, line)}：事件类型缺失，整个文件未导入（line {number}: no event type）",
            line.get("position"),
        )


def check_file(
    source: Export | Path | str,
    allowed_topics: frozenset[str] | None = None,
    *,
    digest: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Read an export through once: its format, its chain from the base hash, its footer, the
    manifest's word for them, and whether it reaches or extends `digest` (a digest kept elsewhere).
    Returns the header + footer."""
    with _opened(source) as export:
        return _check_file(export, allowed_topics, digest)


def _check_file(export: Export, allowed_topics: frozenset[str] | None, kept: dict[str, Any] | None) -> dict[str, Any]:
    lines = export.lines()
    first = next(lines, None)
    if first is None or first[1].get("format") != FORMAT:
        raise ExchangeError("这不是本系统的导出文件：第一行没有格式说明（not a Culture Ledger export）")
    header = first[1]
    try:
        previous = bytes.fromhex(header["base"]["hash"])
        expected, footer = int(header["from_position"]), None
        assert expected >= 1
    except (KeyError, TypeError, ValueError, AssertionError):
        raise ExchangeError(f"第 {first[0]} 行：导出文件的开头不完整（the header is incomplete）") from None
    want = (int(kept["position"]), str(kept["hash"])) if kept else None
    reached = None
    if want and want[0] == expected - 1:
        reached = previous.hex() == want[1]
    for number, line in lines:
        if footer is not None:
            raise ExchangeError(f"第 {number} 行：结尾行之后还有内容（line {number}: lines after the end）")
        if line.get("end"):
            footer = line
            continue
        if line.get("position") != expected:
            raise ExchangeError(
                f"第 {number} 行：此处应为位置 {expected}，文件写的是 {line.get('position')}"
                f"（line {number}: position {line.get('position')} where {expected} was expected）",
                expected,
            )
        _check_identity(number, line)
        if allowed_topics is not None and line["topic"] not in allowed_topics:
            raise ExchangeError(
                f"{_where(number, line)}：事件类型 {line['topic']} 不属于任何已注册的插件，整个文件未导入"
                f"（line {number}: event type {line['topic']} is not registered by any plugin）",
                expected,
            )
        try:
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
                f"第 {number} 行（位置 {expected}）：事件缺少或写错了必需的内容"
                f"（line {number}: an event field is missing or malformed）",
                expected,
            ) from None
        if previous.hex() != line.get("hash"):
            raise ExchangeError(
                f"第 {number} 行：位置 {expected} 的事件与其链哈希不符（line {number}: the event at position "
                f"{expected} does not match its hash）",
                expected,
            )
        if want and expected == want[0]:
            reached = previous.hex() == want[1]
        expected += 1
    if footer is None:
        raise ExchangeError(
            f"导出文件不完整：位置 {expected - 1} 之后没有结尾行（the export is incomplete: it has no end line）",
            expected,
        )
    try:
        if footer["count"] != expected - header["from_position"] or footer["digest"]["hash"] != previous.hex():
            raise ExchangeError(
                f"结尾行的摘要与位置 {expected - 1} 的链头不符（the end line's digest does not match the events）",
                expected - 1,
            )
        info = {**header, "count": footer["count"], "digest": footer["digest"]}
    except (KeyError, TypeError):
        raise ExchangeError("导出文件的结尾行不完整（the end line is incomplete）") from None
    manifest = export.manifest
    if manifest is not None and (
        manifest.get("from_position") != info["from_position"]
        or manifest.get("count") != info["count"]
        or (manifest.get("digest") or {}).get("hash") != info["digest"]["hash"]
    ):
        raise ExchangeError("清单与日志不符：起始位置、条数或摘要不一致（the manifest does not match the log）")
    if want and reached is None:
        raise ExchangeError(
            f"导出文件（位置 {info['from_position']} 至 {expected - 1}）没有到达所给摘要的位置 {want[0]}，"
            f"无法证明它延续该摘要，拒绝导入（the export does not reach the digest's position {want[0]}）",
            want[0],
        )
    if want and not reached:
        raise ExchangeError(
            f"导出文件在位置 {want[0]} 的链哈希与所给摘要不符：这段历史被改写过，拒绝导入"
            f"（the export does not extend the digest at position {want[0]}: history was rewritten）",
            want[0],
        )
    return info


def _stored(line: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(line["originator_id"]),
        originator_version=line["originator_version"],
        topic=line["topic"],
        state=_state(line),
    )


def check_events(app: LedgerApplication, source: Export | Path | str) -> int:
    """Decode every event of an export and rebuild every aggregate from them, as the store will
    after the import, before anything is written: an event the store could not read back, with a
    field of the wrong type (a date that is text) or over the caps no service accepts, or that its
    aggregate cannot apply (a version twice, or out of order) is refused, naming its line and
    position. Returns how many events there are."""
    with _opened(source) as export:
        return len(_check_events(app, export))


def _check_events(app: LedgerApplication, export: Export) -> dict[str, dict[str, Any]]:
    """What `check_events` checks; returns the evidence files the events refer to (sha256: position, name)."""
    aggregates: dict[UUID, Any] = {}
    versions: dict[UUID, int] = {}
    referenced: dict[str, dict[str, Any]] = {}
    for number, line in export.lines():
        if "position" not in line:
            continue
        try:
            stored = _stored(line)
            version = versions.get(stored.originator_id, 0) + 1
            if stored.originator_version != version:
                raise ExchangeError(
                    f"{_where(number, line)}：记录 {line['originator_id']} 的第 {stored.originator_version} 版"
                    f"出现在第 {version} 版应在的地方（重复或顺序被调换），整个文件未导入"
                    f"（line {number}: version {stored.originator_version} of a record where {version} belongs）",
                    line.get("position"),
                )
            versions[stored.originator_id] = version
            event = app.mapper.to_domain_event(stored)
            wrong = soundness.problems(event) + soundness.oversized(event)
            if wrong:
                raise ValueError("; ".join(wrong))
            aggregates[stored.originator_id] = event.mutate(aggregates.get(stored.originator_id))
            for ref in evidence_refs(event):
                referenced.setdefault(ref["sha256"], {"position": line["position"], "name": str(ref.get("name", ""))})
        except ExchangeError:
            raise
        except Exception as exc:
            raise ExchangeError(
                f"{_where(number, line)}的事件无法还原为记录，整个文件未导入：{type(exc).__name__}: {exc} "
                f"(line {number}: the event cannot be read back into its record; nothing was imported)",
                line.get("position"),
            ) from None
    return referenced


def _check_evidence(export: Export, referenced: dict[str, dict[str, Any]]) -> list[str]:
    """The evidence files the export carries, each re-hashed; when the export says it carries
    evidence, every file its events refer to must be there."""
    for sha in export.evidence:
        if hashlib.sha256(export.read_evidence(sha)).hexdigest() != sha:
            raise ExchangeError(
                f"导出文件中的佐证材料 {sha} 与其 SHA-256 不符，整个文件未导入（evidence file {sha} was altered）"
            )
    included = bool(export.manifest and (export.manifest.get("evidence") or {}).get("included"))
    if included:
        for sha, ref in referenced.items():
            if sha not in export.evidence:
                raise ExchangeError(
                    f"位置 {ref['position']} 的事件引用的佐证材料《{ref['name']}》（{sha}）不在导出文件中，"
                    f"整个文件未导入（evidence file {sha} is missing from the export）"
                )
    return list(export.evidence)


# --- import -----------------------------------------------------------------------------------


def _write_batch(app: LedgerApplication, cursor: Any, batch: list[StoredEvent]) -> Any:
    """Append one batch of the import inside its one transaction (chained by the recorder)."""
    return app.recorder.append_in(cursor, batch)  # type: ignore[attr-defined]


def import_file(
    app: LedgerApplication,
    path: Path | str,
    *,
    evidence: EvidenceStore | None = None,
    digest: dict[str, Any] | None = None,
    progress: Progress | None = None,
    batch: int = PAGE_SIZE,
) -> dict[str, Any]:
    """Load a whole export into an empty store, all or nothing; returns the new digest (the export's
    position and hash). With `digest`, the export must reach or extend that digest kept elsewhere.
    The evidence files it carries go into `evidence` (removed again if the import fails)."""
    if app.head() or chain_head(app):
        raise ExchangeError("存储中已有事件：只能导入到一个新的空存储（the store is not empty）")
    with Export(path) as export:
        info = _check_file(export, app.allowed_topics, digest)
        if info["from_position"] != 1:
            raise ExchangeError(
                f"导出文件从位置 {info['from_position']} 开始：只有从位置 1 开始的导出文件才能导入"
                f"（only an export from position 1 can be imported: the chain of a range continues one "
                "this store does not have）"
            )
        referenced = _check_events(app, export)
        carried = _check_evidence(export, referenced)
        written: list[str] = []
        try:
            if evidence is not None:
                for sha in carried:
                    if not evidence.path(sha).exists():
                        evidence.put(export.read_evidence(sha))
                        written.append(sha)
            _append_all(app, export, info, progress, batch)
        except BaseException:
            for sha in written:
                evidence.path(sha).unlink(missing_ok=True)  # type: ignore[union-attr]
            raise
    return head_digest(app)


def _append_all(
    app: LedgerApplication, export: Export, info: dict[str, Any], progress: Progress | None, batch: int
) -> None:
    total, pending, position = info["count"], [], 0
    want = (info["digest"]["position"], info["digest"]["hash"])
    # Each chain row as it was exported: its format and appended_at are in its hash.
    stamps: dict[tuple[UUID, int], tuple[int, str]] = {}
    try:
        with app.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            for _, line in export.lines():
                if "position" not in line:
                    continue
                pending.append(_stored(line))
                stamps[(pending[-1].originator_id, line["originator_version"])] = (
                    int(line.get("chain_format", 1)),
                    line["recorded_at"],
                )
                if len(pending) >= batch or position + len(pending) == total:
                    with appended_as(stamps):
                        positions = _write_batch(app, cursor, pending)
                    if positions is not None and list(positions) != list(
                        range(position + 1, position + len(pending) + 1)
                    ):
                        raise ExchangeError(f"存储给出的位置与导出文件不符（positions {list(positions)[:1]}…）")
                    position += len(pending)
                    pending, stamps = [], {}
                    if progress:
                        progress(position, total)
            cursor.execute(f"SELECT position, hash FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
            row = cursor.fetchone()
            now = (int(row["position"]), bytes(row["hash"]).hex()) if row else (0, GENESIS.hex())
            if now != want:
                raise ExchangeError(
                    f"导入后的链头 {now[0]}:{now[1]} 与导出文件的摘要 {want[0]}:{want[1]} 不符，已全部撤销"
                    f"（the chain head after import does not match the export's digest; nothing was imported）"
                )
    except ExchangeError:
        raise
    except Exception as exc:
        raise ExchangeError(
            f"写入位置 {position + 1} 起的事件时出错，已全部撤销，存储仍为空：{type(exc).__name__}: {exc}"
            f"（writing the events from position {position + 1} failed; nothing was imported）",
            position + 1,
        ) from None
