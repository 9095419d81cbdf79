"""Password hashes and failed-login counters: beside the log, never in it.

This table is not a projection: it cannot be rebuilt from the log (the log holds no
password), so `culture-ledger rebuild` leaves it alone. Hashes are argon2id
(argon2-cffi); a row is only ever read by the accounts service. Failed sign-ins are counted here
atomically, each attempt before its password is tried (`attempt`), so parallel attempts cannot
get more tries than the lockout allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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

    def attempt(self, username: str, now: datetime, limit: int, minutes: int) -> tuple[int, datetime | None]:
        """Count a sign-in attempt before its password is tried, in one statement: (its number since
        the last success or lock, None), or (0, until when the account is locked).

        The count goes up before the (slow) password check, in the store, atomically: attempts
        sent at once each get their own number, so no more than `limit` passwords are tried before
        the lock, however many arrive together. An attempt past the limit locks the account at once.
        """
        stamp = _stamp(now)
        with self.readmodels.transaction() as db:
            # A lock that has run out is lifted by the attempt that finds it so (its count starts again).
            counted = db.rows(
                f"UPDATE {TABLE} SET failures = CASE WHEN locked_until IS NULL THEN failures + 1 ELSE 1 END, "
                "locked_until = NULL WHERE username = ? AND (locked_until IS NULL OR locked_until <= ?) "
                "RETURNING failures",
                (username, stamp),
            )
            if counted and int(counted[0]["failures"]) <= limit:
                return int(counted[0]["failures"]), None
            if counted:  # past the limit: attempts that raced the one that locked it
                return 0, self._lock(db, username, now, minutes)
            until = db.scalar(f"SELECT locked_until FROM {TABLE} WHERE username=?", (username,))
        return 0, datetime.fromisoformat(until) if until else now + timedelta(minutes=minutes)

    def failed(self, username: str, attempt: int, now: datetime, limit: int, minutes: int) -> datetime | None:
        """The password of attempt number `attempt` was wrong: at the limit, lock the account for
        `minutes` (returns until when)."""
        if attempt < limit:
            return None
        with self.readmodels.transaction() as db:
            return self._lock(db, username, now, minutes)

    def _lock(self, db, username: str, now: datetime, minutes: int) -> datetime:
        until = now + timedelta(minutes=minutes)
        db.execute(f"UPDATE {TABLE} SET failures=0, locked_until=? WHERE username=?", (_stamp(until), username))
        return until

    def succeeded(self, username: str, now: datetime) -> None:
        """The password was right: the count starts again, but a lock other attempts set meanwhile stays."""
        with self.readmodels.transaction() as db:
            db.execute(
                f"UPDATE {TABLE} SET failures=0 WHERE username=? AND (locked_until IS NULL OR locked_until <= ?)",
                (username, _stamp(now)),
            )


def _stamp(moment: datetime) -> str:
    """A moment as the table keeps it: UTC, to the microsecond, so that text compares as time does."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
