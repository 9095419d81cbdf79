"""The record lifecycle shared by every business record.

A record is recorded once; afterwards it is only amended or withdrawn by new events with a
reason (never edited in place). Records that leaders review are also submitted, then
confirmed or returned with a reason.
"""

from __future__ import annotations

import os
import time
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from domain.actor import Actor
from domain.clock import Aggregate
from domain.errors import LedgerError


def time_ordered_id() -> UUID:
    """A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.

    Records are the bulk of the log; ids that grow with time land at the end of the store's
    primary-key B-trees instead of all over them, which makes SQLite's appends (and the read
    models keyed by record id) markedly faster at a million events.
    """
    random = int.from_bytes(os.urandom(10), "big")
    value = ((time.time_ns() // 1_000_000) & (1 << 48) - 1) << 80
    value |= 0x7 << 76 | (random >> 68 & 0xFFF) << 64 | 0b10 << 62 | random & (1 << 62) - 1
    return UUID(int=value)


class Record(Aggregate):
    """A business record: knows who recorded it, when it happened, and whether it still counts."""

    @staticmethod
    def create_id(*_: Any, **__: Any) -> UUID:
        return time_ordered_id()

    @classmethod
    def with_id(cls, record_id: UUID, **fields: Any) -> Any:
        """A new record under a chosen id (the one standing for a natural key, see `standing_id`)
        instead of a fresh time-ordered one."""
        return cls._create(cls.Recorded, id=record_id, **fields)  # type: ignore[attr-defined]

    def _start(self, occurred_on: date, by: Actor) -> None:
        self.occurred_on = occurred_on
        self.recorded_by = by
        self.withdrawn = False
        self.corrections: list[dict[str, Any]] = []

    def amend(self, changes: dict[str, Any], reason: str, by: Actor) -> None:
        """Correct some fields; the old values stay in the log."""
        if self.withdrawn:
            raise LedgerError("a withdrawn record cannot be amended", key="error.record_withdrawn")
        changes = {k: v for k, v in changes.items() if getattr(self, k, None) != v}
        if not changes:
            raise LedgerError("nothing to amend", key="error.nothing_changed")
        if not reason.strip():
            raise LedgerError("a correction needs a reason", key="error.reason_required")
        self.trigger_event(type(self).Amended, changes=changes, reason=reason.strip(), by=by)

    class Amended(Aggregate.Event):
        """Some fields were corrected, with a reason."""

        changes: dict[str, Any]
        reason: str
        by: Actor

        def apply(self, aggregate: Any) -> None:
            for field, value in self.changes.items():
                setattr(aggregate, field, value)
            aggregate.corrections.append({"kind": "amended", "reason": self.reason, "by": self.by.account})

    def withdraw(self, reason: str, by: Actor) -> None:
        """Take the record out of every count; it stays in the log."""
        if self.withdrawn:
            raise LedgerError("already withdrawn", key="error.record_withdrawn")
        if not reason.strip():
            raise LedgerError("a correction needs a reason", key="error.reason_required")
        self.trigger_event(type(self).Withdrawn, reason=reason.strip(), by=by)

    class Withdrawn(Aggregate.Event):
        """The record no longer counts; it stays in the log."""

        reason: str
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.withdrawn = True
            aggregate.corrections.append({"kind": "withdrawn", "reason": self.reason, "by": self.by.account})


REVIEW_STATES = ("draft", "submitted", "confirmed", "returned")


class ReviewedRecord(Record):
    """A record a leader confirms or returns; only confirmed records count in indicators."""

    def _start(self, occurred_on: date, by: Actor) -> None:
        super()._start(occurred_on, by)
        self.review = "draft"

    def amend(self, changes: dict[str, Any], reason: str, by: Actor) -> None:
        """Correct some fields; a confirmed record goes back for review (it stops counting until
        a leader confirms it again)."""
        super().amend(changes, reason, by)
        if self.review == "confirmed":
            self.trigger_event(type(self).Submitted, by=by)

    def submit(self, by: Actor) -> None:
        if self.review not in ("draft", "returned"):
            raise LedgerError("only a draft or returned record can be submitted", key="error.review_state")
        self.trigger_event(type(self).Submitted, by=by)

    class Submitted(Aggregate.Event):
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.review = "submitted"

    def confirm(self, by: Actor) -> None:
        if self.review != "submitted":
            raise LedgerError("only a submitted record can be confirmed", key="error.review_state")
        self.trigger_event(type(self).Confirmed, by=by)

    class Confirmed(Aggregate.Event):
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.review = "confirmed"

    def return_(self, reason: str, by: Actor) -> None:
        if self.review != "submitted":
            raise LedgerError("only a submitted record can be returned", key="error.review_state")
        if not reason.strip():
            raise LedgerError("returning a record needs a reason", key="error.reason_required")
        self.trigger_event(type(self).Returned, reason=reason.strip(), by=by)

    class Returned(Aggregate.Event):
        reason: str
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.review = "returned"


def standing_id(namespace: UUID, key: str, withdrawn_before: int = 0) -> UUID:
    """The id of the one record that may stand for a natural key (a cadre's pledge for a year, a
    department's assessment for a quarter), after `withdrawn_before` withdrawn ones: derived from
    the key, so the log itself refuses a second standing record, even from two writers at once."""
    return uuid5(namespace, f"{key}:{withdrawn_before}" if withdrawn_before else key)


class FileHolder(Aggregate):
    """A record that carries files behind it (附件: a photo of a handwritten page, a manuscript, a
    report, a rule's text, a plan), mixed into a record's class. Each file is kept beside the log,
    addressed by the SHA-256 of its content; the record holds their references (name, sha256,
    media_type, size) in `evidence`, as an activity does, so `verify` checks them too.

    Files are only ever added (`FilesAttached`, a new event): a record written before it carried
    files replays as it was, with none."""

    evidence: tuple[dict[str, Any], ...] | list[dict[str, Any]] = ()
    """The references of the files attached so far (none for a record that never had any)."""

    def attach(self, files: list[dict[str, Any]], by: Actor) -> None:
        """Add files (their references, already checked and about to be stored) to the record."""
        if getattr(self, "withdrawn", False):
            raise LedgerError("a withdrawn record cannot change", key="error.record_withdrawn")
        if not files:
            raise LedgerError("no file to attach", key="error.no_files")
        self.trigger_event(type(self).FilesAttached, evidence=[dict(f) for f in files], by=by)

    class FilesAttached(Aggregate.Event):
        """Files were attached to the record; the log holds their fingerprints."""

        evidence: list[dict[str, Any]]
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.evidence = [*aggregate.evidence, *self.evidence]
