"""Files behind any record (附件): a photo of a handwritten 学记 page, a paper's manuscript, a study
tour's report, a working rule's text, a reform plan, a staffing decision's 批复文件.

The same mechanism as an activity's evidence: each upload is checked by its content before
anything is stored (a photo or a document, not empty, at most `MAX_EVIDENCE_MB`), kept in the
content-addressed evidence store beside the log, and written only as the record's events are
saved (removed again if saving fails, so a refused form leaves nothing behind). The events hold the
files' references under a field named `evidence` (name, sha256, media_type, size), which is what
`culture-ledger verify` reads: a file missing or changed on disk is named there.

A record's class takes files by mixing in `domain.records.FileHolder` (its `FilesAttached` event);
its service says who may change it, then calls `attach` (or `keeping` around its own save). The
`record_files` read model lists every attached file by record (`files_of`); `plugins.carrier.ui`
draws the form field (`file_field`) and the files beside a record (`record_files`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from domain.actor import Actor
from domain.clock import Aggregate
from domain.records import FileHolder
from event_store.evidence import EvidenceStore, Upload
from event_store.projection import Db, Projection

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger, Service


def _keeper(ledger: Ledger) -> Any:
    from plugins.carrier.services import ActivityService

    return ledger.service(ActivityService)


def store(ledger: Ledger) -> EvidenceStore:
    """The content-addressed store every record's files are kept in (the activities' evidence store)."""
    return _keeper(ledger).evidence


def admit(ledger: Ledger, uploads: Sequence[Upload]) -> list[dict[str, Any]]:
    """Check uploads before anything is stored: the references a record will hold, or InvalidCommand
    naming every refused file and why (in the reader's language: “x.exe”不是照片或文档…)."""
    return _keeper(ledger).admit_evidence(uploads)


@contextmanager
def keeping(ledger: Ledger, uploads: Sequence[Upload]) -> Iterator[list[dict[str, Any]]]:
    """Check `uploads` (refusing before anything is written), then yield their references; the files
    are written as the block runs its save, and removed if the block raises. Put the references on
    the event(s) the block saves, in a field named `evidence`:

        with files.keeping(self.ledger, uploads) as evidence:
            jurisdiction.approve(..., evidence=evidence, by=by)
            self.save(jurisdiction)
    """
    refs = admit(ledger, uploads)
    with store(ledger).holding(u.content for u in uploads):
        yield refs


def attach(service: Service, record: FileHolder, uploads: Sequence[Upload], by: Actor, *others: Aggregate) -> int:
    """Attach uploaded files to a record and save it (with `others`, in one transaction); the caller
    has checked that `by` may change the record. Returns the log position reached."""
    with keeping(service.ledger, uploads) as refs:
        record.attach(refs, by)
        return service.save(record, *others)


def attach_new(service: Service, record: FileHolder, uploads: Sequence[Upload], by: Actor) -> int:
    """Save a new record with the files sent with its form (none: just the record), all or nothing."""
    if not uploads:
        return service.save(record)
    return attach(service, record, uploads, by)


def files_of(ledger: Ledger, record_id: Any) -> list[dict[str, Any]]:
    """The files attached to a record, oldest first: name, sha256, media_type, size, who and when."""
    rid = record_id.hex if hasattr(record_id, "hex") and not isinstance(record_id, str) else str(record_id)
    return ledger.query(
        "SELECT name, sha256, media_type, size, attached_by, attached_at, position FROM record_files "
        "WHERE record_id = ? ORDER BY position, seq",
        (rid.replace("-", ""),),
    )


def files_by_record(ledger: Ledger, record_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The files of many records at once (a list of records, each with its files)."""
    if not record_ids:
        return {}
    marks = ", ".join("?" * len(record_ids))
    rows = ledger.query(
        "SELECT record_id, name, sha256, media_type, size, attached_by, attached_at, position FROM record_files "
        f"WHERE record_id IN ({marks}) ORDER BY position, seq",
        tuple(record_ids),
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        found.setdefault(r["record_id"], []).append(r)
    return found


@functools.cache
def _attached_topics(kinds: frozenset[type]) -> frozenset[str]:
    from eventsourcing.utils import get_topic

    return frozenset(get_topic(k.FilesAttached) for k in kinds)


def holder_classes() -> frozenset[type]:
    """Every record class loaded that takes files (a subclass of `FileHolder`, at any depth)."""
    seen: set[type] = set()
    stack: list[type] = [FileHolder]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return frozenset(seen)


class RecordFilesProjection(Projection):
    """Every file attached to any record, by record: what the pages show beside it."""

    name = "record_files"
    title = "carrier.files.readmodel"
    tables = {
        "record_files": "record_id TEXT NOT NULL, position INTEGER NOT NULL, seq INTEGER NOT NULL, "
        "name TEXT NOT NULL, sha256 TEXT NOT NULL, media_type TEXT, size INTEGER, "
        "attached_by TEXT, attached_at TEXT, PRIMARY KEY (record_id, position, seq)",
    }

    @property
    def topics(self) -> frozenset[str]:
        # Every plugin's record classes are loaded before the runner first asks (the registry imports
        # them); computed once then.
        if "_topics" not in self.__dict__:
            self._topics = _attached_topics(holder_classes())
        return self._topics

    def handle(self, db: Db, event: Any, position: int) -> None:
        for seq, ref in enumerate(event.evidence):
            db.execute(
                "INSERT INTO record_files VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    event.originator_id.hex,
                    position,
                    seq,
                    str(ref.get("name", "")),
                    str(ref.get("sha256", "")),
                    str(ref.get("media_type", "")),
                    int(ref.get("size", 0) or 0),
                    event.by.account,
                    event.timestamp.isoformat(),
                ),
            )


def files_named(refs: Sequence[dict[str, Any]]) -> str:
    """The files' names, for a record history's row (现场照片.jpg、改革方案.pdf)."""
    return "、".join(str(r.get("name", "")) for r in refs)
