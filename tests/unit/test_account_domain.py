"""The Account aggregate: rights change only by events, and a password reset carries no secret."""

import pytest

from domain.accounts import Account, account_id
from domain.actor import Actor
from domain.errors import LedgerError

ADMIN = Actor("admin", "admin")


def test_one_username_is_one_account_whatever_its_case():
    account = Account(username="clerk", display_name="王建国", cadre_id=None, department_id=None, by=ADMIN)
    assert account.id == account_id("Clerk ") == account_id("clerk")


def test_roles_are_granted_once_and_revoked_only_when_held():
    account = Account(username="clerk", display_name="王建国", cadre_id=None, department_id=None, by=ADMIN)
    account.grant("leader", ADMIN)
    account.grant("staff", ADMIN)
    assert account.roles == ["staff", "leader"]
    with pytest.raises(LedgerError):
        account.grant("staff", ADMIN)
    with pytest.raises(LedgerError):
        account.revoke("auditor", ADMIN)
    with pytest.raises(LedgerError):
        account.grant("king", ADMIN)
    account.revoke("leader", ADMIN)
    assert account.roles == ["staff"]


def test_a_password_reset_event_holds_who_and_when_and_nothing_else():
    account = Account(username="clerk", display_name="王建国", cadre_id=None, department_id=None, by=ADMIN)
    account.password_reset(ADMIN)
    reset = account.collect_events()[-1]
    assert type(reset).__name__ == "PasswordReset"
    assert set(vars(reset)) == {"originator_id", "originator_version", "timestamp", "by"}
