"""`culture-ledger accounts ... [--as ACCOUNT]`: the account commands (the first admin starts here).

The command line acts as a real, enabled administrator's account named with `--as` (channel `cli`);
the service checks the account and its role like any other. Only while no enabled administrator
exists may it act as the operating-system user (`operator()`), to bootstrap the first one.
Passwords come from a prompt (not echoed) or from standard input with --password-stdin; they are
never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from domain.actor import Actor
from domain.errors import InvalidCommand, LedgerError
from domain.vocabulary import ROLES


def operator() -> Actor:
    """The operating-system user at the command line: acts only to bootstrap the first administrator
    (the services refuse it once an enabled administrator exists), and as the system's scheduled jobs."""
    from culture_ledger.access import operator as os_user

    return os_user()


def acting(ledger, username: str | None, role: str = "admin") -> Actor:
    """Who a command line acts as: the account `--as` names, in `role` (Forbidden when it is no
    enabled account holding that role), or the operator when none is named (bootstrap only)."""
    if not username:
        return operator()
    by = Actor(username.strip().lower() or "?", role, "cli")
    ledger.accounts.access.live_account(by, "admin")
    return by


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != first:
        raise InvalidCommand([("password", "validation.password_mismatch", {})])
    return first


def _cadre_id(ledger, name_or_id: str | None):
    if not name_or_id:
        return None
    rows = ledger.query("SELECT id FROM cadres WHERE id=? OR name=?", (name_or_id.replace("-", "").lower(), name_or_id))
    if len(rows) != 1:
        raise InvalidCommand([("cadre_id", "validation.unknown_cadre", {})])
    return rows[0]["id"]


def cmd_accounts(args: argparse.Namespace) -> int:
    from culture_ledger.cli import open_ledger

    ledger = open_ledger(args)
    try:
        by = acting(ledger, args.account)
        if args.action == "add":
            ledger.accounts.create(
                {
                    "username": args.username,
                    "display_name": args.name or args.username,
                    "roles": args.role or [],
                    "cadre_id": _cadre_id(ledger, args.cadre),
                    "password": _password(args),
                },
                by,
            )
            print(f"Account {args.username} created with roles: {', '.join(args.role or []) or '(none)'}.")
        elif args.action == "grant":
            ledger.accounts.grant(args.username, args.role, by)
            print(f"Granted {args.role} to {args.username}.")
        elif args.action == "revoke":
            ledger.accounts.revoke(args.username, args.role, by)
            print(f"Revoked {args.role} from {args.username}.")
        elif args.action == "disable":
            ledger.accounts.disable(args.username, by)
            print(f"Disabled {args.username}.")
        elif args.action == "enable":
            ledger.accounts.enable(args.username, by)
            print(f"Enabled {args.username}.")
        elif args.action == "reset-password":
            ledger.accounts.reset_password(args.username, _password(args), by)
            print(f"Password of {args.username} reset.")
        elif args.action == "email":
            ledger.accounts.set_email(args.username, args.address, by)
            print(
                f"Reminders of {args.username} go to {args.address}."
                if args.address
                else f"{args.username} has no e-mail address now."
            )
        elif args.action == "list":
            for row in ledger.accounts.accounts():
                state = "disabled" if row["disabled"] else "active"
                cadre = f" ({row['cadre']})" if row["cadre"] and row["cadre"] != row["display_name"] else ""
                print(
                    f"{row['username']:<24} {state:<8} {','.join(row['roles']) or '-':<28} {row['display_name']}{cadre}"
                )
    except LedgerError as exc:
        print(f"refused: {ledger.catalog.t('en', exc.key, **exc.params)} ({exc})", file=sys.stderr)
        if exc.key == "error.no_account" and not args.account:
            print(ledger.catalog.t("zh", "accounts.cli.name_an_admin"), file=sys.stderr)
        return 1
    finally:
        ledger.close()
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The `accounts` subcommand and its actions."""
    accounts = sub.add_parser("accounts", help="manage accounts and roles (add, grant, revoke, disable, email, ...)")
    actions = accounts.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account with its roles and a password")
    add.add_argument("username")
    add.add_argument("--name", help="display name (default: the username)")
    add.add_argument("--role", action="append", choices=ROLES, help="a role to grant (repeatable)")
    add.add_argument("--cadre", help="the cadre this account is (name or id)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    for name in ("grant", "revoke"):
        p = actions.add_parser(name, help=f"{name} a role")
        p.add_argument("username")
        p.add_argument("role", choices=ROLES)
    for name in ("disable", "enable"):
        actions.add_parser(name, help=f"{name} an account").add_argument("username")
    reset = actions.add_parser("reset-password", help="set a new password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    email = actions.add_parser("email", help="set the e-mail address reminders go to (none: take it away)")
    email.add_argument("username")
    email.add_argument("address", nargs="?", default=None)
    actions.add_parser("list", help="list the accounts and their roles")
    for action in actions.choices.values():
        action.add_argument(
            "--as",
            dest="account",
            help="the administrator's account this acts as (required once an administrator exists)",
        )
    accounts.set_defaults(func=cmd_accounts)
