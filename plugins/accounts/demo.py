"""The demo accounts: one per role, each a cadre of the demo office. Their passwords are
for the demo only and are printed by `make run`; change them before real use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actor import Actor

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

DEMO_ACCOUNTS = (
    # username, role, the demo cadre it is, demo-only password
    ("demo-staff", "staff", "张伟", "demo-staff-pw"),
    ("demo-leader", "leader", "王建国", "demo-leader-pw"),
    ("demo-auditor", "auditor", "胡晓东", "demo-auditor-pw"),
    ("demo-admin", "admin", "何俊", "demo-admin-pw"),
)


def seed(ledger: Ledger, office: DemoOffice) -> None:
    """Create the demo accounts, linked to their cadres; `office.accounts` then holds their actors."""
    by_name = {name: cadre_id for cadre_id, (name, _) in office.cadres.items()}
    for username, role, cadre, password in DEMO_ACCOUNTS:
        cadre_id = by_name.get(cadre)
        office.accounts[role] = Actor(username, role, "form")
        if ledger.accounts.access.account(username) is not None:  # `demo --force` on a store that has them
            continue
        ledger.accounts.create(
            {
                "username": username,
                "display_name": cadre if cadre_id else username,
                "roles": [role],
                "cadre_id": cadre_id,
                "password": password,
            },
            office.clerk,
        )


def demo_banner(ledger: Ledger) -> str:
    """Lines naming the demo accounts whose demo password still works (none once changed)."""
    lines = []
    for username, role, _cadre, password in DEMO_ACCOUNTS:
        if ledger.accounts.has_password(username, password):
            lines.append(f"  {role:<8} {username:<14} password: {password}")
    if lines:
        lines.insert(0, "Demo accounts (demo data only; change or disable them before real use):")
    return "\n".join(lines)
