"""Recording the reminders that went out, and asking whether one already did today."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from culture_ledger.ledger import Service
from domain.actor import Actor
from domain.errors import LedgerError
from plugins.accounts.services import plain_detail
from plugins.remind.domain import Reminder, reminder_id

CHANNELS = ("wecom", "dingtalk", "json", "email")
"""How a digest leaves the app: a WeCom (企业微信) or DingTalk (钉钉) group robot, any other JSON
webhook, or e-mail."""


class ReminderService(Service):
    """Records that a person was reminded, once per day, channel and set of items."""

    def already_sent(self, recipient: str, channel: str, day: date, fingerprint: str, items: list[dict]) -> bool:
        """Whether every one of these items already went to this person through this channel today:
        the same digest (the log says), or reminders earlier today that held them all between them.
        A new item makes a new digest; one that was dealt with since leaves the rest alone."""
        if self.exists(reminder_id(recipient, channel, day, fingerprint), Reminder):
            return True
        earlier = {
            _item_key(item)
            for row in self.sent(recipient=recipient, day=day)
            if row["channel"] == channel
            for item in row["items"]
        }
        return bool(earlier) and {_item_key(item) for item in plain_detail(items)} <= earlier

    def record_sent(
        self,
        recipient: str,
        channel: str,
        address: str | None,
        day: date,
        items: list[dict[str, Any]],
        fingerprint: str,
        by: Actor,
        *,
        again: bool = False,
    ) -> UUID:
        """Record a reminder that was delivered; the same one a second time on one day only `again`."""
        self.authorize(by, "admin")
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        n = 0
        while self.exists(reminder_id(recipient, channel, day, fingerprint, n), Reminder):
            if not again:
                raise LedgerError("already reminded of these today", key="remind.error.already_recorded")
            n += 1
        reminder = Reminder._create(
            Reminder.Sent,
            id=reminder_id(recipient, channel, day, fingerprint, n),
            recipient=recipient,
            channel=channel,
            address=address,
            day=day,
            items=plain_detail(items),
            fingerprint=fingerprint,
            by=by,
        )
        self.save(reminder)
        return reminder.id

    def sent(self, *, recipient: str | None = None, day: date | None = None) -> list[dict[str, Any]]:
        """The reminders sent, oldest first, with their items."""
        where, params = ["1=1"], []
        if recipient:
            where.append("recipient=?")
            params.append(recipient)
        if day:
            where.append("day=?")
            params.append(day.isoformat())
        rows = self.ledger.query(
            f"SELECT position, id, at, day, recipient, channel, address, items, item_count, by_account "
            f"FROM reminders_sent WHERE {' AND '.join(where)} ORDER BY position",
            params,
        )
        for row in rows:
            row["items"] = json.loads(row["items"])
        return rows


def _item_key(item: dict[str, Any]) -> str:
    """An item as recorded, less its wording (the same task worded anew is the same task)."""
    return json.dumps({k: v for k, v in item.items() if k != "text"}, ensure_ascii=False, sort_keys=True)
