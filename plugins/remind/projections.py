"""Every reminder that went out: who was reminded of what, through which channel, when."""

from __future__ import annotations

import json

from event_store.projection import Db, Projection, handles
from plugins.remind.domain import Reminder


class RemindersProjection(Projection):
    """One row per reminder sent (the `culture-ledger remind` record an auditor reads)."""

    name = "reminders"
    tables = {
        "reminders_sent": "position INTEGER PRIMARY KEY, id TEXT NOT NULL, at TEXT NOT NULL, day TEXT NOT NULL, "
        "recipient TEXT NOT NULL, channel TEXT NOT NULL, address TEXT, items TEXT NOT NULL, "
        "item_count INTEGER NOT NULL, by_account TEXT NOT NULL",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS reminders_sent_recipient ON reminders_sent (recipient, day)",)

    @handles(Reminder.Sent)
    def sent(self, db: Db, e: Reminder.Sent, position: int) -> None:
        db.execute(
            "INSERT INTO reminders_sent VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                position,
                e.originator_id.hex,
                e.timestamp.isoformat(),
                e.day.isoformat(),
                e.recipient,
                e.channel,
                e.address,
                json.dumps(e.items, ensure_ascii=False, sort_keys=True),
                len(e.items),
                e.by.account,
            ),
        )
