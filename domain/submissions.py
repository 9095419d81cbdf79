"""One form submission, claimed in the log by its idempotency key so it is written only once."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain.actor import Actor
from domain.clock import Aggregate

SUBMISSION_NAMESPACE = UUID("0b6f1f3e-2f7a-4d8e-9c51-6a0f3d2b9e47")


def submission_id(key: str) -> UUID:
    """The id a submission's claim takes: derived from its key, so the store refuses a second claim."""
    return uuid5(SUBMISSION_NAMESPACE, key)


class Submission(Aggregate):
    """A form was submitted under `key` and what it recorded was saved with this claim, in the
    same transaction: a second submission under the same key finds the id taken and writes nothing."""

    @staticmethod
    def create_id(key: str, **_: Any) -> UUID:
        return submission_id(key)

    @event("Claimed")
    def __init__(self, key: str, records: list[str], by: Actor) -> None:
        self.key = key
        self.records = records
        self.by = by
