"""Accounts and the access record: the services behind the login, the admin page and the CLI."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import SecretStr

from culture_ledger import access, timefmt
from culture_ledger.access import plain_detail  # noqa: F401 - where the remind plugin takes it from
from culture_ledger.ledger import Service
from culture_ledger.validation import validate
from domain.accounts import (
    ADMINISTRATORS_ID,
    AccessRecord,
    Account,
    Administrators,
    is_valid_username,
    normalise_username,
)
from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError, LoginRefused, NotFound, StaleRecord
from domain.people import Cadre, Department
from domain.vocabulary import ROLES
from plugins.accounts.access import AccountAccess
from plugins.accounts.commands import EMAIL_PATTERN, CreateAccount, SetEmail, SetPassword, normalise_password
from plugins.accounts.credentials import Credentials
from plugins.accounts.sessions import DISABLED, PASSWORD_RESET, ROLE_REVOKED, SessionService

ATTEMPTS = 5
"""How many times a change racing others for the administrators is tried before it gives up."""

ROLE_PRECEDENCE = ("admin", "leader", "staff", "auditor")
"""Which of an account's roles it signs in as by default (it may switch to the others)."""


def _setting(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _now() -> datetime:
    return datetime.now(UTC)


class AccountService(Service):
    """Create accounts, grant and revoke roles, disable and enable them, reset passwords, sign in."""

    beside_log = ("credentials", "hasher")

    def __init__(self, ledger):
        super().__init__(ledger)
        self.access = AccountAccess(ledger)
        self.credentials = Credentials(ledger.readmodels)
        self.hasher = PasswordHasher()
        self.lockout_failures = _setting("CULTURE_LEDGER_LOCKOUT_FAILURES", 5)
        self.lockout_minutes = _setting("CULTURE_LEDGER_LOCKOUT_MINUTES", 15)
        self._decoy_hash: str | None = None

    @property
    def _decoy(self) -> str:
        """A hash to verify against when the username is unknown, so timing does not tell (made on first use)."""
        if self._decoy_hash is None:
            self._decoy_hash = self.hasher.hash("culture-ledger decoy password")
        return self._decoy_hash

    # --- commands ------------------------------------------------------------------

    def create(self, command: CreateAccount | dict, by: Actor) -> UUID:
        """Create an account with its first roles; a password may be set now or later."""
        self.authorize(by, "admin")
        cmd = validate(CreateAccount, command)
        if self.access.account(cmd.username) is not None:
            raise InvalidCommand([("username", "validation.username_taken", {})])
        department_id = self._check_link(cmd.cadre_id, cmd.department_id)
        account = Account(
            username=cmd.username,
            display_name=cmd.display_name,
            cadre_id=cmd.cadre_id,
            department_id=department_id,
            by=by,
        )
        for role in cmd.roles:
            account.grant(role, by)
        self.save(account)
        if cmd.password is not None:
            self._store_password(cmd.username, cmd.password)
        return account.id

    def grant(self, username: str, role: str, by: Actor) -> None:
        """Give an account a role, from now until it is revoked."""
        self.authorize(by, "admin")
        account = self._account(username)
        account.grant(role, by)
        self.save(account)

    def revoke(self, username: str, role: str, by: Actor) -> None:
        """Take a role away (never the last administrator's)."""
        account = self._change_keeping_an_admin(
            username, by, lambda a: role == "admin" and "admin" in a.roles, lambda a: a.revoke(role, by), ROLE_REVOKED
        )
        self.ledger.service(SessionService).end_for(account.username, ROLE_REVOKED, role=role)

    def disable(self, username: str, by: Actor) -> None:
        """The account can no longer sign in or act (never the last administrator)."""
        account = self._change_keeping_an_admin(
            username, by, lambda a: "admin" in a.roles, lambda a: a.disable(by), DISABLED
        )
        self.ledger.service(SessionService).end_for(account.username, DISABLED)

    def enable(self, username: str, by: Actor) -> None:
        self.authorize(by, "admin")
        account = self._account(username)
        account.enable(by)
        self.save(account)

    def link(
        self, username: str, by: Actor, *, cadre_id: UUID | None = None, department_id: UUID | None = None
    ) -> None:
        """Say which cadre (and so which department) an account is."""
        self.authorize(by, "admin")
        account = self._account(username)
        department_id = self._check_link(cadre_id, department_id)
        account.link(cadre_id, department_id, by)
        self.save(account)

    def reset_password(self, username: str, password: SecretStr | str, by: Actor) -> None:
        """Set a new password: the log records that it happened and who did it, never the password.
        Every open session of the account ends (a reset is how a stolen sign-in is shut out)."""
        self.authorize(by, "admin")
        account = self._account(username)
        cmd = validate(SetPassword, {"username": account.username, "password": password})
        account.password_reset(by)
        self.save(account)
        self._store_password(account.username, cmd.password)
        self.ledger.service(SessionService).end_for(account.username, PASSWORD_RESET)

    def set_email(self, username: str, email: str | None, by: Actor) -> None:
        """Say where the account's reminders go by e-mail (empty: nowhere but its username, if that is an address)."""
        self.authorize(by, "admin")
        cmd = validate(SetEmail, {"email": email})
        account = self._account(username)
        account.set_email(cmd.email, by)
        self.save(account)

    # --- signing in ------------------------------------------------------------------

    def authenticate(self, username: str, password: SecretStr | str, *, now: datetime | None = None) -> Actor:
        """The actor for a correct username and password, or LoginRefused (failed, locked out, disabled)."""
        now = now or _now()
        typed = password.get_secret_value() if isinstance(password, SecretStr) else (password or "")
        secret = normalise_password(typed)
        name = normalise_username(username)
        credential = self.credentials.get(name) if is_valid_username(name) else None
        if credential is None:
            self._verify(self._decoy, secret)
            raise LoginRefused("wrong username or password")
        # Counted before the password is tried: attempts sent at once cannot outnumber the lockout.
        attempt, locked = self.credentials.attempt(name, now, self.lockout_failures, self.lockout_minutes)
        if locked is not None:
            raise LoginRefused("locked out", key="error.locked_out", minutes=_minutes_left(locked, now))
        matches = self._verify(credential.password_hash, secret)
        # A password set before passwords were normalised (NFKC) was hashed as typed: it lets its owner in once more.
        legacy = not matches and typed != secret and self._verify(credential.password_hash, typed)
        if not matches and not legacy:
            until = self.credentials.failed(name, attempt, now, self.lockout_failures, self.lockout_minutes)
            if until is not None:
                raise LoginRefused("locked out", key="error.locked_out", minutes=_minutes_left(until, now))
            raise LoginRefused("wrong username or password")
        self.credentials.succeeded(name, now)
        if legacy or self.hasher.check_needs_rehash(credential.password_hash):
            self.credentials.rehash(name, self.hasher.hash(secret))
        return self._actor(name)

    def actor_for_identity(self, claims: dict[str, Any]) -> Actor:
        """OpenID Connect: the account whose username is the identity's e-mail or preferred username."""
        for claim in ("email", "preferred_username"):
            name = normalise_username(str(claims.get(claim) or ""))
            if is_valid_username(name) and self.access.account(name) is not None:
                return self._actor(name, channel="form")
        raise LoginRefused("no account for this identity", key="error.no_account_for_identity")

    def session_is_valid(self, actor: Actor) -> bool:
        """Whether a signed-in session may go on: account enabled and still holding the role."""
        account = self.access.account(actor.account)
        return account is not None and not account.disabled and actor.role in account.roles

    def email_of(self, username: str) -> str | None:
        """Where the account's reminders go by e-mail: the address set on it, else its username when
        that is an address (single sign-on accounts are named by their e-mail), else None."""
        account = self.access.account(username)
        if account is None:
            return None
        if account.email:
            return account.email
        return account.username if re.fullmatch(EMAIL_PATTERN, account.username) else None

    def roles_of(self, username: str) -> list[str]:
        account = self.access.account(username)
        return list(account.roles) if account else []

    def display_name(self, username: str) -> str:
        account = self.access.account(username)
        return account.display_name if account else username

    def display_names(self) -> dict[str, str]:
        """Every account's name as people read it (the display name), by username: for a table
        naming many recorders or evaluators in one look-up rather than one per row."""
        return {
            r["username"]: r["display_name"] for r in self.ledger.query("SELECT username, display_name FROM accounts")
        }

    def has_password(self, username: str, password: str) -> bool:
        """Whether the account's password is still this one (the demo banner shows only unchanged demo passwords)."""
        credential = self.credentials.get(normalise_username(username))
        return credential is not None and self._verify(credential.password_hash, normalise_password(password))

    # --- read model ----------------------------------------------------------------------

    def accounts(self) -> list[dict[str, Any]]:
        """Every account with its roles, cadre and department names and e-mail address (no secrets:
        there are none here)."""
        rows = self.ledger.query(
            "SELECT a.username, a.display_name, a.disabled, a.cadre_id, a.department_id, c.name AS cadre, "
            "d.name AS department, e.email, a.created_at, a.password_reset_at FROM accounts a "
            "LEFT JOIN cadres c ON c.id = a.cadre_id LEFT JOIN departments d ON d.id = a.department_id "
            "LEFT JOIN account_emails e ON e.username = a.username "
            "ORDER BY a.username"
        )
        roles: dict[str, list[str]] = {}
        for r in self.ledger.query("SELECT username, role FROM account_roles"):
            roles.setdefault(r["username"], []).append(r["role"])
        for row in rows:
            row["roles"] = [r for r in ROLES if r in roles.get(row["username"], [])]
            row["disabled"] = bool(row["disabled"])
        return rows

    def cadre_of(self, username: str) -> dict[str, Any] | None:
        """The cadre an account is (id, name, department_id), from the read model; None when it is no cadre."""
        rows = self.ledger.query(
            "SELECT c.id, c.name, c.department_id FROM accounts a JOIN cadres c ON c.id = a.cadre_id "
            "WHERE a.username = ?",
            (username,),
        )
        return rows[0] if rows else None

    def role_history(self, username: str | None = None) -> list[dict[str, Any]]:
        """Who held which role from when to when, and who granted and revoked it."""
        where, params = ("WHERE username=?", (username,)) if username else ("", ())
        return self.ledger.query(
            f"SELECT username, role, granted_at, granted_by, revoked_at, revoked_by "
            f"FROM role_periods {where} ORDER BY granted_at, username",
            params,
        )

    def holders(self, role: str, at: datetime) -> list[str]:
        """The accounts that held `role` at a moment (an auditor's question)."""
        stamp = at.isoformat()
        rows = self.ledger.query(
            "SELECT DISTINCT username FROM role_periods WHERE role=? AND granted_at<=? "
            "AND (revoked_at IS NULL OR revoked_at>?) ORDER BY username",
            (role, stamp, stamp),
        )
        return [r["username"] for r in rows]

    # --- helpers -----------------------------------------------------------------------

    def _actor(self, username: str, channel: str = "form") -> Actor:
        account = self.access.account(username)
        if account is None:
            raise LoginRefused("wrong username or password")
        if account.disabled:
            raise LoginRefused("account disabled", key="error.account_disabled")
        held = [r for r in ROLE_PRECEDENCE if r in account.roles]
        if not held:
            raise LoginRefused("account holds no role", key="error.no_role")
        return Actor(account.username, held[0], channel)

    def _account(self, username: str) -> Account:
        account = self.access.account(normalise_username(username))
        if account is None:
            raise NotFound(f"no account {username!r}", key="error.no_such_account", account=username)
        return account

    def _check_link(self, cadre_id: UUID | None, department_id: UUID | None) -> UUID | None:
        if cadre_id is not None:
            if not self.exists(cadre_id, Cadre):
                raise InvalidCommand([("cadre_id", "validation.unknown_cadre", {})])
            return department_id or self.get(cadre_id, Cadre).department_id
        if department_id is not None and not self.exists(department_id, Department):
            raise InvalidCommand([("department_id", "validation.unknown_department", {})])
        return department_id

    def _change_keeping_an_admin(
        self,
        username: str,
        by: Actor,
        takes_admin: Callable[[Account], bool],
        change: Callable[[Account], None],
        why: str,
    ) -> Account:
        """Make `change` to the account, never to the last administrator (held by the log).

        A change that takes an administrator away (`takes_admin`, asked of an enabled account)
        is saved together with a `Reduced` event of the `Administrators` record, after the log
        (not a read model) says another enabled administrator stays. Two such changes at once
        meet on that record's version: the store keeps one, and the other is tried again from
        the start (rights, account, check) against what the first did, a bounded few times."""
        for _ in range(ATTEMPTS):
            self.authorize(by, "admin")
            account = self._account(username)
            if account.disabled or not takes_admin(account):
                change(account)
                self.save(account)
                return account
            guard = self._administrators(by)
            if not self._admins_besides(account.username):
                raise LedgerError("the last administrator must stay", key="error.last_admin")
            change(account)
            guard.reduced(account.username, why, by)
            try:
                self.save(account, guard)
            except StaleRecord:
                continue  # another change moved the administrators (or this account): look again
            return account
        raise StaleRecord("the administrators kept changing; try again")

    def _administrators(self, by: Actor) -> Administrators:
        try:
            return self.get(ADMINISTRATORS_ID, Administrators)
        except NotFound:
            return Administrators(by=by)

    def _admins_besides(self, username: str) -> list[str]:
        """The enabled administrators other than `username`, as the log has them now. The read
        model only names the candidates (every account it knows); each is read from the log, so
        a lagging read model can only make this list shorter, never keep a gone administrator."""
        names = {r["username"] for r in self.ledger.query("SELECT username FROM accounts")} - {username}
        admins = []
        for name in sorted(names):
            account = self.access.account(name)
            if account is not None and not account.disabled and "admin" in account.roles:
                admins.append(name)
        return admins

    def _store_password(self, username: str, password: SecretStr) -> None:
        self.credentials.set_hash(username, self.hasher.hash(password.get_secret_value()), _now())

    def _verify(self, password_hash: str, secret: str) -> bool:
        # As bytes: text no stored password can hold (a lone surrogate) is a wrong password, not a crash.
        try:
            return self.hasher.verify(password_hash, secret.encode("utf-8", "surrogatepass"))
        except (VerificationError, InvalidHashError):
            return False


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, int((until - now).total_seconds() + 59) // 60)


class AccessLogService(Service):
    """The access record: who opened an audit page, exported a range, signed in or out."""

    def record(self, by: Actor, what: str, detail: dict[str, Any] | None = None) -> UUID:
        """Record one access; any live account may (auditors too: looking is what they do), and the
        command line's operating-system user (`operator()`, `user@cli`), who ran a command that names
        no account (a report, an export): the record says who, it grants nothing. A record that
        cannot be written raises AccessNotRecorded: the caller does not do (or hand over) what it records."""
        what, detail = access.checked(what, detail)
        if not (by.channel == "cli" and by.account.endswith("@cli")):
            self.ledger.access.check(by, "read")
        record = AccessRecord(what=what, detail=detail, by=by)
        self._kept(record)
        return record.id

    def _kept(self, record: AccessRecord) -> None:
        try:
            self.save(record)
        except Exception as exc:  # noqa: BLE001 - a store that refuses the write (even as a "conflict": a new
            # record has none) fails the action recorded; who may and what is recorded were checked before
            raise access.AccessNotRecorded(record.what, exc) from exc

    def attempt(self, username: str, what: str, via: str, **detail: Any) -> UUID:
        """A sign-in that did not succeed (`login:failed`, `login:locked_out`, `login:refused`), by
        the name it was tried with: nobody is signed in, so no account's rights are asked. The
        account it names, when there is one, is the record's account and its role; a name no account
        has is kept as typed (at most 64 characters; `known: false`)."""
        name = normalise_username(username or "")[:64] or "?"
        account = self.ledger.access.account(name) if is_valid_username(name) else None
        roles = [r for r in ROLE_PRECEDENCE if account is not None and r in account.roles]
        by = Actor(name, roles[0] if roles else "staff", "form")
        what, kept = access.checked(what, {"via": via, **detail, **({} if account else {"known": False})})
        record = AccessRecord(what=what, detail=kept, by=by)
        self._kept(record)
        return record.id

    def records(
        self,
        *,
        account: str | None = None,
        what: str | None = None,
        kind: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 1000,
    ) -> list[dict[str, Any]]:
        """The newest access records first, filtered."""
        where, params = ["1=1"], []
        if account:
            where.append("account=?")
            params.append(account)
        if what:
            where.append("what LIKE ?")
            params.append(f"{what}%")
        if kind:  # a kind of access (access.KINDS): every `what` it holds
            if kind not in access.KINDS:
                raise InvalidCommand([("kind", "validation.literal_error", {})])
            patterns = access.KINDS[kind]
            where.append("(" + " OR ".join("what LIKE ?" for _ in patterns) + ")")
            params.extend(patterns)
        if since:
            where.append("at>=?")
            params.append(timefmt.day_start_utc(since))
        if until:
            where.append("at<?")
            params.append(timefmt.day_end_utc(until))
        rows = self.ledger.query(
            f"SELECT position, at, account, role, channel, what, detail FROM access_records "
            f"WHERE {' AND '.join(where)} ORDER BY position DESC LIMIT {int(limit)}",
            params,
        )
        return rows
