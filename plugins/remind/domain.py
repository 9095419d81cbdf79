"""A reminder (提醒) that left the app: whose open tasks went out, through which channel, on which day.

The aggregate lives in its own module because its stored topic names it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.actor import Actor
from domain.clock import Aggregate


def reminder_id(recipient: str, channel: str, day: date, fingerprint: str, again: int = 0) -> UUID:
    """The id of a reminder of these items to this person through this channel on this day: derived
    from them, so the log itself refuses to record the same reminder twice (`again` counts the ones
    sent anyway, with `--force`)."""
    key = f"culture-ledger:reminder:{recipient}:{channel}:{day.isoformat()}:{fingerprint}"
    return uuid5(NAMESPACE_URL, f"{key}:{again}" if again else key)


class Reminder(Aggregate):
    """A digest of one person's open tasks sent out of the app (by webhook or e-mail)."""

    @event("Sent")
    def __init__(
        self,
        recipient: str,
        channel: str,
        address: str | None,
        day: date,
        items: list[dict[str, Any]],
        fingerprint: str,
        by: Actor,
    ) -> None:
        self.recipient = recipient
        self.channel = channel
        self.address = address
        self.day = day
        self.items = items
        self.fingerprint = fingerprint
