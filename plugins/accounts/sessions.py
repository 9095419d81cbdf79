"""Sign-in sessions that outlive the browser tab: beside the log, never in it.

A session starts when someone signs in (password or single sign-on). The browser then trades a
one-time ticket for a random token (`secrets.token_urlsafe`) kept in an HttpOnly cookie; a
reload or a new tab sends the cookie and goes on in the same session. The table keeps only the
SHA-256 of the token and of the ticket, who signed in and in which role, and when the session
started, was last seen, expires and ended (and why).

A session ends on signing out, after CULTURE_LEDGER_IDLE_MINUTES (30) without an action, after
CULTURE_LEDGER_SESSION_DAYS (14) in all, and when an administrator resets the account's password,
disables it or revokes the role the session acts in. Signing in and out are already on the
access record (an event in the hash-chained log); every touch of a session is not, so sessions
live in this table, like the password hashes. `culture-ledger rebuild` leaves it alone.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from culture_ledger.ledger import Service
from domain.actor import Actor
from event_store.projection import ReadModels
from plugins.accounts.access import AccountAccess

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

TABLE = "account_sessions"
DEFAULT_IDLE_MINUTES = 30
DEFAULT_SESSION_DAYS = 14
TICKET_SECONDS = 120
"""How long the ticket a sign-in hands the page may be traded for the cookie."""
TOUCH_SECONDS = 30
"""`last_seen_at` is written at most this often (every page run reads it)."""

IDLE, EXPIRED, SIGNED_OUT = "idle", "expired", "signed_out"
PASSWORD_RESET, DISABLED, ROLE_REVOKED = "password_reset", "disabled", "role_revoked"
ACCOUNT_CHANGED = "account_changed"
"""Why a session ended (`ended_why`)."""


def _setting(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


def idle_minutes() -> int:
    """CULTURE_LEDGER_IDLE_MINUTES: a session without an action for this long ends (30 by default)."""
    return _setting("CULTURE_LEDGER_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)


def session_days() -> int:
    """CULTURE_LEDGER_SESSION_DAYS: a session ends this long after signing in, however busy (14 by default)."""
    return _setting("CULTURE_LEDGER_SESSION_DAYS", DEFAULT_SESSION_DAYS)


def digest(secret: str) -> str:
    """What the table keeps of a token or ticket: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Started:
    """A new session: its id (for the tab that signed in) and the one-time ticket for the cookie."""

    id: str
    ticket: str


@dataclass(frozen=True)
class Resumed:
    """A session found by its cookie: its id and who acts in it."""

    id: str
    actor: Actor


class SessionTable:
    """The sessions table on the read-model store (SQLite or PostgreSQL)."""

    def __init__(self, readmodels: ReadModels):
        self.readmodels = readmodels
        with readmodels.transaction() as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (id TEXT PRIMARY KEY, token_hash TEXT UNIQUE, "
                "ticket_hash TEXT UNIQUE, ticket_expires_at TEXT, username TEXT NOT NULL, role TEXT NOT NULL, "
                "channel TEXT NOT NULL, via TEXT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, "
                "expires_at TEXT NOT NULL, ended_at TEXT, ended_why TEXT)"
            )
            db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_username ON {TABLE} (username)")


class SessionService(Service):
    """Start, resume, keep alive and end sign-in sessions (the dashboard and its cookie routes ask)."""

    beside_log = ("table",)

    def __init__(self, ledger: Ledger):
        super().__init__(ledger)
        self.table = SessionTable(ledger.readmodels)
        self.accounts = AccountAccess(ledger)

    def idle_minutes(self) -> int:
        return idle_minutes()

    def lifetime_seconds(self) -> int:
        """How long a session lasts at most: the cookie's Max-Age."""
        return session_days() * 86400

    # --- starting -------------------------------------------------------------------------

    def start(self, actor: Actor, via: str, *, now: datetime | None = None) -> Started:
        """A session for an actor who has just signed in; its ticket is traded once for the token."""
        self.ledger.access.check(actor, "read")  # a live account holding the role
        now = now or _now()
        session_id, ticket = secrets.token_hex(16), secrets.token_urlsafe(32)
        with self.table.readmodels.transaction() as db:
            # Sessions long over are of no more use (sign-ins and sign-outs stay on the access record).
            db.execute(f"DELETE FROM {TABLE} WHERE expires_at<?", ((now - timedelta(days=1)).isoformat(),))
            db.execute(
                f"INSERT INTO {TABLE} (id, token_hash, ticket_hash, ticket_expires_at, username, role, channel, via, "
                "created_at, last_seen_at, expires_at, ended_at, ended_why) VALUES (?,NULL,?,?,?,?,?,?,?,?,?,NULL,NULL)",
                (
                    session_id,
                    digest(ticket),
                    (now + timedelta(seconds=TICKET_SECONDS)).isoformat(),
                    actor.account,
                    actor.role,
                    actor.channel,
                    via,
                    now.isoformat(),
                    now.isoformat(),
                    (now + timedelta(days=session_days())).isoformat(),
                ),
            )
        return Started(session_id, ticket)

    def issue(self, ticket: str, *, now: datetime | None = None) -> str | None:
        """The session's token for its ticket, once: None for an unknown, used or stale ticket, or an
        ended session. Only the token's hash is kept; the caller puts the token in the cookie."""
        if not isinstance(ticket, str) or not ticket:
            return None
        now = now or _now()
        token = secrets.token_urlsafe(32)
        with self.table.readmodels.transaction() as db:
            db.execute(
                f"UPDATE {TABLE} SET token_hash=?, ticket_hash=NULL, ticket_expires_at=NULL "
                "WHERE ticket_hash=? AND token_hash IS NULL AND ended_at IS NULL AND ticket_expires_at>? AND expires_at>?",
                (digest(token), digest(ticket), now.isoformat(), now.isoformat()),
            )
            traded = db.scalar(f"SELECT id FROM {TABLE} WHERE token_hash=?", (digest(token),))
        return token if traded else None

    # --- going on -------------------------------------------------------------------------

    def resume(self, token: str | None, *, now: datetime | None = None) -> Resumed | None:
        """The session a cookie's token belongs to, if it may go on (and then it is touched)."""
        if not isinstance(token, str) or not token:
            return None
        with self.table.readmodels.transaction(commit=False) as db:
            session_id = db.scalar(f"SELECT id FROM {TABLE} WHERE token_hash=?", (digest(token),))
        if session_id is None:
            return None
        actor = self.check(session_id, now=now)
        return Resumed(session_id, actor) if isinstance(actor, Actor) else None

    def check(self, session_id: str, *, now: datetime | None = None) -> Actor | str:
        """Whether a session may go on: its actor (and it is touched), or why it ended (and it is
        ended now if it was only over: idle, expired, or the account no longer allows it)."""
        now = now or _now()
        row = self._row(session_id)
        if row is None:
            return SIGNED_OUT
        if row["ended_at"] is not None:
            return row["ended_why"]
        actor = Actor(row["username"], row["role"], row["channel"])
        why = None
        if datetime.fromisoformat(row["expires_at"]) <= now:
            why = EXPIRED
        elif now - datetime.fromisoformat(row["last_seen_at"]) > timedelta(minutes=idle_minutes()):
            why = IDLE
        elif not self._account_allows(actor):
            why = ACCOUNT_CHANGED
        if why is not None:
            self._end("id=?", (session_id,), why, now)
            return why
        if (now - datetime.fromisoformat(row["last_seen_at"])).total_seconds() >= TOUCH_SECONDS:
            with self.table.readmodels.transaction() as db:
                db.execute(
                    f"UPDATE {TABLE} SET last_seen_at=? WHERE id=? AND ended_at IS NULL", (now.isoformat(), session_id)
                )
        return actor

    def act_as(self, session_id: str, role: str) -> None:
        """The signed-in person switched to another of their roles: a reload keeps it."""
        with self.table.readmodels.transaction() as db:
            db.execute(f"UPDATE {TABLE} SET role=? WHERE id=? AND ended_at IS NULL", (role, session_id))

    # --- ending ---------------------------------------------------------------------------

    def end(self, session_id: str, why: str = SIGNED_OUT, *, now: datetime | None = None) -> None:
        self._end("id=?", (session_id,), why, now or _now())

    def end_for(self, username: str, why: str, *, role: str | None = None, now: datetime | None = None) -> int:
        """End every open session of an account (or only those acting in `role`); how many ended."""
        where, params = ("username=?", (username,)) if role is None else ("username=? AND role=?", (username, role))
        return self._end(where, params, why, now or _now())

    def is_open(self, token: str | None, *, now: datetime | None = None) -> bool:
        """Whether a cookie's token names a session that has not ended (nor run past its expiry)."""
        if not isinstance(token, str) or not token:
            return False
        now = now or _now()
        with self.table.readmodels.transaction(commit=False) as db:
            return bool(
                db.scalar(
                    f"SELECT COUNT(*) FROM {TABLE} WHERE token_hash=? AND ended_at IS NULL AND expires_at>?",
                    (digest(token), now.isoformat()),
                )
            )

    def open_sessions(self, username: str) -> int:
        """How many sessions of the account are open (for tests and the operator)."""
        with self.table.readmodels.transaction(commit=False) as db:
            return int(
                db.scalar(f"SELECT COUNT(*) FROM {TABLE} WHERE username=? AND ended_at IS NULL", (username,)) or 0
            )

    # --- helpers --------------------------------------------------------------------------

    def _row(self, session_id: str) -> dict | None:
        with self.table.readmodels.transaction(commit=False) as db:
            rows = db.rows(
                f"SELECT username, role, channel, last_seen_at, expires_at, ended_at, ended_why FROM {TABLE} WHERE id=?",
                (session_id,),
            )
        return rows[0] if rows else None

    def _end(self, where: str, params: tuple, why: str, now: datetime) -> int:
        with self.table.readmodels.transaction() as db:
            count = db.scalar(f"SELECT COUNT(*) FROM {TABLE} WHERE {where} AND ended_at IS NULL", params) or 0
            db.execute(
                f"UPDATE {TABLE} SET ended_at=?, ended_why=?, ticket_hash=NULL, ticket_expires_at=NULL "
                f"WHERE {where} AND ended_at IS NULL",
                (now.isoformat(), why, *params),
            )
        return int(count)

    def _account_allows(self, actor: Actor) -> bool:
        account = self.accounts.account(actor.account)
        return account is not None and not account.disabled and actor.role in account.roles
