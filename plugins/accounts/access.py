"""Rights below the pages: every command's actor must be a live account holding the role it
acts in, and a staff member only keeps their own records and their department's activities."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from culture_ledger.ledger import Access, Reach, check_channel
from domain.accounts import Account, account_id
from domain.actor import Actor
from domain.errors import Forbidden
from domain.people import Cadre

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


class AccountAccess(Access):
    """Checks the actor against its account as the log has it now (not a read model, so a
    rebuild in progress never opens a gap)."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def account(self, username: str) -> Account | None:
        """The account as the log has it now (a copy of its own: the caller may change and save it)."""
        return self._account(username, copy=True)

    def _account(self, username: str, *, copy: bool) -> Account | None:
        # Every check reads the account without copying it (the repository's cached one,
        # fast-forwarded to the log): the checks only look at it.
        try:
            if copy:
                account = self.ledger.app.repository.get(account_id(username), deepcopy_from_cache=True)
            else:
                account = self.ledger.latest(account_id(username))
        except AggregateNotFoundError:
            return None
        return account if isinstance(account, Account) else None

    def department_of(self, account: Account) -> UUID | None:
        """A staff member's department: their cadre's current one, else the account's own."""
        if account.cadre_id is not None:
            try:
                cadre = self.ledger.latest(account.cadre_id)
            except AggregateNotFoundError:
                cadre = None
            if isinstance(cadre, Cadre):
                return cadre.department_id
        return account.department_id

    def admin_exists(self) -> bool:
        """Whether some enabled account holds the admin role (the operator's bootstrap ends then)."""
        return bool(
            self.ledger.scalar(
                "SELECT COUNT(*) FROM account_roles r JOIN accounts a ON a.username = r.username "
                "WHERE r.role='admin' AND a.disabled=0"
            )
        )

    def records_of(self, by: Actor) -> list[UUID]:
        return [account_id(by.account)]

    def live_account(self, by: Actor, action: str | None = None) -> Account | None:
        """The actor's account if it may act at all. None for the system (only where its channel is
        open) and for the command line's operator bootstrapping the first administrator (account
        commands while no enabled administrator exists); any other actor needs a live account."""
        check_channel(by)
        account = self._account(by.account, copy=False)
        if account is None:
            if by.channel == "system":  # the demo's building, scheduled jobs: only where it is open
                return None
            if by.channel == "cli" and action == "admin" and by.role == "admin" and not self.admin_exists():
                return None
            raise Forbidden(f"no account {by.account!r}", key="error.no_account", account=by.account)
        if account.disabled:
            raise Forbidden(f"account {by.account!r} is disabled", key="error.account_disabled", account=by.account)
        if by.role not in account.roles:
            raise Forbidden(
                f"account {by.account!r} does not hold the role {by.role}", key="error.role_not_held", role=by.role
            )
        return account

    def own(self, by: Actor) -> Reach:
        account = self._account(by.account, copy=False)
        return Reach() if account is None else Reach(False, account.cadre_id, self.department_of(account))

    def reach(self, by: Actor, action: str) -> Reach:
        return self._reach(self._account(by.account, copy=False), by, action)

    def _reach(self, account: Account | None, by: Actor, action: str) -> Reach:
        """The one rule: a staff member records only for their own cadre and department."""
        if account is None or by.role != "staff" or action != "record":
            return Reach()
        return Reach(True, account.cadre_id, self.department_of(account))

    def check(self, by: Actor, action: str, *, cadre_id: UUID | None = None, department_id: UUID | None = None) -> None:
        reach = self._reach(self.live_account(by, action), by, action)
        if not reach.own_only:
            return
        if cadre_id is not None and cadre_id != reach.cadre_id:
            raise Forbidden("staff record only their own entries", key="error.not_own_cadre")
        if department_id is not None and department_id != reach.department_id:
            raise Forbidden("staff record only their own department's activities", key="error.not_own_department")
