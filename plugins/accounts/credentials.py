"""Password hashes and failed-login counters: beside the log, never in it.

This table is not a projection: it cannot be rebuilt from the log (the log holds no
password), so `culture-ledger rebuild` leaves it alone. Hashes are argon2id
(argon2-cffi); a row is only ever read by the accounts service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from event_store.projection import ReadModels

TABLE = "account_credentials"


@dataclass(frozen=True)
class Credential:
    username: str
    password_hash: str
    failures: int
    locked_until: datetime | None


class Credentials:
    """The credentials table on the read-model store (SQLite or PostgreSQL)."""

    def __init__(self, readmodels: ReadModels):
        self.readmodels = readmodels
        with readmodels.transaction() as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
                "failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT, changed_at TEXT NOT NULL)"
            )

    def get(self, username: str) -> Credential | None:
        with self.readmodels.transaction(commit=False) as db:
            rows = db.rows(
                f"SELECT username, password_hash, failures, locked_until FROM {TABLE} WHERE username=?", (username,)
            )
        if not rows:
            return None
        row = rows[0]
        locked = datetime.fromisoformat(row["locked_until"]) if row["locked_until"] else None
        return Credential(row["username"], row["password_hash"], int(row["failures"]), locked)

    def set_hash(self, username: str, password_hash: str, now: datetime) -> None:
        """A new password: the old hash is gone, and so is any lockout."""
        with self.readmodels.transaction() as db:
            db.execute(
                f"INSERT INTO {TABLE} (username, password_hash, failures, locked_until, changed_at) "
                "VALUES (?,?,0,NULL,?) ON CONFLICT (username) DO UPDATE SET password_hash=excluded.password_hash, "
                "failures=0, locked_until=NULL, changed_at=excluded.changed_at",
                (username, password_hash, now.isoformat()),
            )

    def rehash(self, username: str, password_hash: str) -> None:
        with self.readmodels.transaction() as db:
            db.execute(f"UPDATE {TABLE} SET password_hash=? WHERE username=?", (password_hash, username))

    def failed(self, username: str, now: datetime, limit: int, minutes: int) -> datetime | None:
        """Count a failed login; at `limit` failures lock the account for `minutes` (returns until when)."""
        with self.readmodels.transaction() as db:
            db.execute(f"UPDATE {TABLE} SET failures=failures+1 WHERE username=?", (username,))
            failures = db.scalar(f"SELECT failures FROM {TABLE} WHERE username=?", (username,)) or 0
            if failures < limit:
                return None
            until = now + timedelta(minutes=minutes)
            db.execute(f"UPDATE {TABLE} SET failures=0, locked_until=? WHERE username=?", (until.isoformat(), username))
            return until

    def succeeded(self, username: str) -> None:
        with self.readmodels.transaction() as db:
            db.execute(f"UPDATE {TABLE} SET failures=0, locked_until=NULL WHERE username=?", (username,))
