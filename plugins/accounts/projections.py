"""Accounts as they stand, who held which role when, and the access record."""

from __future__ import annotations

import json
from typing import Any

from domain.accounts import AccessRecord, Account
from event_store.projection import Db, Projection, handles


class AccountsProjection(Projection):
    """Accounts, their current roles, every role period and every change (for the auditors)."""

    name = "accounts"
    tables = {
        "accounts": "id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, cadre_id TEXT, "
        "department_id TEXT, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, "
        "password_reset_at TEXT, version INTEGER",
        "account_roles": "username TEXT NOT NULL, role TEXT NOT NULL, granted_at TEXT NOT NULL, granted_by TEXT NOT NULL, "
        "PRIMARY KEY (username, role)",
        "role_periods": "username TEXT NOT NULL, role TEXT NOT NULL, granted_at TEXT NOT NULL, granted_by TEXT NOT NULL, "
        "revoked_at TEXT, revoked_by TEXT, position INTEGER PRIMARY KEY",
        "account_history": "position INTEGER PRIMARY KEY, username TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, "
        "role TEXT, by_account TEXT NOT NULL, by_role TEXT NOT NULL, by_channel TEXT NOT NULL",
        # A table of its own, not a column of `accounts`: a store from before addresses gets it
        # created empty, which is what its log says.
        "account_emails": "username TEXT PRIMARY KEY, email TEXT NOT NULL",
    }

    @staticmethod
    def _username(db: Db, e: Any) -> str:
        return db.scalar("SELECT username FROM accounts WHERE id=?", (e.originator_id.hex,))

    @staticmethod
    def _history(db: Db, e: Any, position: int, username: str, action: str, role: str | None = None) -> None:
        db.execute(
            "INSERT INTO account_history VALUES (?,?,?,?,?,?,?,?)",
            (position, username, e.timestamp.isoformat(), action, role, e.by.account, e.by.role, e.by.channel),
        )

    @staticmethod
    def _version(db: Db, e: Any) -> None:
        db.execute("UPDATE accounts SET version=? WHERE id=?", (e.originator_version, e.originator_id.hex))

    @handles(Account.Created)
    def created(self, db: Db, e: Account.Created, position: int) -> None:
        db.execute(
            "INSERT INTO accounts VALUES (?,?,?,?,?,0,?,?,NULL,?)",
            (
                e.originator_id.hex,
                e.username,
                e.display_name,
                e.cadre_id.hex if e.cadre_id else None,
                e.department_id.hex if e.department_id else None,
                e.timestamp.isoformat(),
                e.by.account,
                e.originator_version,
            ),
        )
        self._history(db, e, position, e.username, "created")

    @handles(Account.RoleGranted)
    def granted(self, db: Db, e: Account.RoleGranted, position: int) -> None:
        username = self._username(db, e)
        at = e.timestamp.isoformat()
        db.execute("INSERT INTO account_roles VALUES (?,?,?,?)", (username, e.role, at, e.by.account))
        db.execute(
            "INSERT INTO role_periods VALUES (?,?,?,?,NULL,NULL,?)", (username, e.role, at, e.by.account, position)
        )
        self._history(db, e, position, username, "role_granted", e.role)
        self._version(db, e)

    @handles(Account.RoleRevoked)
    def revoked(self, db: Db, e: Account.RoleRevoked, position: int) -> None:
        username = self._username(db, e)
        db.execute("DELETE FROM account_roles WHERE username=? AND role=?", (username, e.role))
        db.execute(
            "UPDATE role_periods SET revoked_at=?, revoked_by=? WHERE username=? AND role=? AND revoked_at IS NULL",
            (e.timestamp.isoformat(), e.by.account, username, e.role),
        )
        self._history(db, e, position, username, "role_revoked", e.role)
        self._version(db, e)

    @handles(Account.Disabled)
    def disabled(self, db: Db, e: Account.Disabled, position: int) -> None:
        db.execute("UPDATE accounts SET disabled=1 WHERE id=?", (e.originator_id.hex,))
        self._history(db, e, position, self._username(db, e), "disabled")
        self._version(db, e)

    @handles(Account.Enabled)
    def enabled(self, db: Db, e: Account.Enabled, position: int) -> None:
        db.execute("UPDATE accounts SET disabled=0 WHERE id=?", (e.originator_id.hex,))
        self._history(db, e, position, self._username(db, e), "enabled")
        self._version(db, e)

    @handles(Account.PasswordReset)
    def password_reset(self, db: Db, e: Account.PasswordReset, position: int) -> None:
        db.execute("UPDATE accounts SET password_reset_at=? WHERE id=?", (e.timestamp.isoformat(), e.originator_id.hex))
        self._history(db, e, position, self._username(db, e), "password_reset")
        self._version(db, e)

    @handles(Account.EmailSet)
    def email_set(self, db: Db, e: Account.EmailSet, position: int) -> None:
        username = self._username(db, e)
        db.execute("DELETE FROM account_emails WHERE username=?", (username,))
        if e.email:
            db.execute("INSERT INTO account_emails VALUES (?,?)", (username, e.email))
        self._history(db, e, position, username, "email_set" if e.email else "email_cleared")
        self._version(db, e)

    @handles(Account.Linked)
    def linked(self, db: Db, e: Account.Linked, position: int) -> None:
        db.execute(
            "UPDATE accounts SET cadre_id=?, department_id=? WHERE id=?",
            (
                e.cadre_id.hex if e.cadre_id else None,
                e.department_id.hex if e.department_id else None,
                e.originator_id.hex,
            ),
        )
        self._history(db, e, position, self._username(db, e), "linked")
        self._version(db, e)


class AccessRecordsProjection(Projection):
    """Who opened which audit page, exported which range, signed in or out."""

    name = "access_records"
    title = "page.access_log"
    tables = {
        "access_records": "position INTEGER PRIMARY KEY, id TEXT NOT NULL, at TEXT NOT NULL, account TEXT NOT NULL, "
        "role TEXT NOT NULL, channel TEXT NOT NULL, what TEXT NOT NULL, detail TEXT NOT NULL",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS access_records_account ON access_records (account, at)",)

    @handles(AccessRecord.Recorded)
    def recorded(self, db: Db, e: AccessRecord.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO access_records VALUES (?,?,?,?,?,?,?,?)",
            (
                position,
                e.originator_id.hex,
                e.timestamp.isoformat(),
                e.by.account,
                e.by.role,
                e.by.channel,
                e.what,
                json.dumps(e.detail, ensure_ascii=False, sort_keys=True),
            ),
        )
