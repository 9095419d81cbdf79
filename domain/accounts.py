"""Accounts (账户) and the access record: who may sign in, holding which roles, and who looked
at what. Every change of a right is an event, so an auditor can say who had which right when.

Passwords never enter the log: a `PasswordReset` event records only that a reset happened
and who did it; the hash lives in the credentials table beside the log.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.actor import Actor
from domain.clock import Aggregate
from domain.errors import LedgerError
from domain.vocabulary import ROLES

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._@-]{1,63}$"
"""Lower-case letters, digits and . _ @ -, so an e-mail address can be a username (OpenID Connect)."""

OPERATOR_CHANNELS = ("cli", "system")
"""Channels whose actor may name no account: `system` (the demo's data building and the scheduled
reminders, where that channel is opened: `culture_ledger.ledger.channel_open`), and `cli` only to
bootstrap the first administrator while no enabled administrator exists (its events name the
operating-system user). Otherwise the command line acts as a real account (`--as ACCOUNT`)."""


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def is_valid_username(username: str) -> bool:
    return re.fullmatch(USERNAME_PATTERN, username or "") is not None


def account_id(username: str) -> UUID:
    """One account per username: the aggregate id is derived from it, so a second `Created` clashes."""
    return uuid5(NAMESPACE_URL, f"culture-ledger:account:{normalise_username(username)}")


class Account(Aggregate):
    """A person who signs in: the roles they hold, the cadre they are, whether they may act at all,
    and the e-mail address their reminders go to (none until an administrator sets one)."""

    email: str | None = None
    """Accounts created before addresses existed have none in their events: the class says None."""

    @staticmethod
    def create_id(username: str) -> UUID:
        return account_id(username)

    @event("Created")
    def __init__(
        self, username: str, display_name: str, cadre_id: UUID | None, department_id: UUID | None, by: Actor
    ) -> None:
        self.username = username
        self.display_name = display_name
        self.cadre_id = cadre_id
        self.department_id = department_id
        self.roles: list[str] = []
        self.disabled = False

    def grant(self, role: str, by: Actor) -> None:
        """Give the account a role (a right); it holds it until revoked."""
        if role not in ROLES:
            raise LedgerError(f"unknown role {role!r}", key="error.unknown_role", role=role)
        if role in self.roles:
            raise LedgerError("the account already holds that role", key="error.role_already_held", role=role)
        self._role_granted(role=role, by=by)

    @event("RoleGranted")
    def _role_granted(self, role: str, by: Actor) -> None:
        self.roles = [r for r in ROLES if r in self.roles or r == role]

    def revoke(self, role: str, by: Actor) -> None:
        """Take a role away; what the account recorded with it stays in the log."""
        if role not in self.roles:
            raise LedgerError("the account does not hold that role", key="error.role_not_held", role=role)
        self._role_revoked(role=role, by=by)

    @event("RoleRevoked")
    def _role_revoked(self, role: str, by: Actor) -> None:
        self.roles = [r for r in self.roles if r != role]

    def disable(self, by: Actor) -> None:
        """The account can no longer sign in or act; nothing it recorded is lost."""
        if self.disabled:
            raise LedgerError("already disabled", key="error.nothing_changed")
        self._disabled(by=by)

    @event("Disabled")
    def _disabled(self, by: Actor) -> None:
        self.disabled = True

    def enable(self, by: Actor) -> None:
        if not self.disabled:
            raise LedgerError("not disabled", key="error.nothing_changed")
        self._enabled(by=by)

    @event("Enabled")
    def _enabled(self, by: Actor) -> None:
        self.disabled = False

    @event("PasswordReset")
    def password_reset(self, by: Actor) -> None:
        """A new password was set by `by`. The event holds no password and no hash."""

    def link(self, cadre_id: UUID | None, department_id: UUID | None, by: Actor) -> None:
        """Say which cadre the account is (and so whose records a staff member may keep)."""
        if (cadre_id, department_id) == (self.cadre_id, self.department_id):
            raise LedgerError("nothing changed", key="error.nothing_changed")
        self._linked(cadre_id=cadre_id, department_id=department_id, by=by)

    @event("Linked")
    def _linked(self, cadre_id: UUID | None, department_id: UUID | None, by: Actor) -> None:
        self.cadre_id = cadre_id
        self.department_id = department_id

    def set_email(self, email: str | None, by: Actor) -> None:
        """Say where the account's reminders go by e-mail (None takes the address away)."""
        if email == self.email:
            raise LedgerError("nothing changed", key="error.nothing_changed")
        self._email_set(email=email, by=by)

    @event("EmailSet")
    def _email_set(self, email: str | None, by: Actor) -> None:
        self.email = email


ADMINISTRATORS_ID = uuid5(NAMESPACE_URL, "culture-ledger:administrators")


class Administrators(Aggregate):
    """The office's administrators as one record that every change taking one away moves.

    Disabling an administrator or revoking the role appends `Reduced` here in the same
    transaction as the account's own event, after checking in the log that another
    administrator stays. Two such changes at once (two administrators disabling each other)
    both find the same version; the store takes one and refuses the other, which is then
    checked again against what the first did: the last administrator always stays.
    """

    @staticmethod
    def create_id(by: Actor | None = None) -> UUID:
        return ADMINISTRATORS_ID

    @event("Opened")
    def __init__(self, by: Actor) -> None:
        self.reductions = 0

    @event("Reduced")
    def reduced(self, username: str, change: str, by: Actor) -> None:
        """`username` stops being an administrator (`change`: disabled or role_revoked)."""
        self.reductions += 1


class AccessRecord(Aggregate):
    """Someone opened an audit page, exported a range or signed in: who, what, which range."""

    @event("Recorded")
    def __init__(self, what: str, detail: dict[str, Any], by: Actor) -> None:
        self.what = what
        self.detail = detail
