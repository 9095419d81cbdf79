"""Who may do what: the one table of roles per kind of action.

Services enforce it (`Service.authorize`, with the scope rules of `Ledger.access` on top),
pages ask it (`Service.may`) before offering a form, and each page is shown to the roles of
the action it serves (`Page(roles=roles_that_may(...))`). No other place lists roles.
"""

from __future__ import annotations

from domain.vocabulary import ROLES

RIGHTS: dict[str, tuple[str, ...]] = {
    "read": ROLES,  # the home page, the carriers' and the team's pages
    "record": ("staff", "leader", "admin"),  # record and correct records (staff: their own and their department's)
    "review": ("leader", "admin"),  # confirm or return others' records
    "evaluate": ("leader", "admin"),  # score, grade, rate and assess
    "oversee": ("leader", "auditor", "admin"),  # the office's figures: overview, compliance, rules
    "audit": ("auditor", "admin"),  # the log, record histories, time travel, integrity, the access record
    "admin": ("admin",),  # accounts, departments and cadres, settings
}
"""Auditors write nothing: they are in no writing action."""


def roles_that_may(action: str) -> tuple[str, ...]:
    """The roles that may take `action` (ValueError for an action nobody defined)."""
    try:
        return RIGHTS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None


def may(role: str, action: str) -> bool:
    """Whether `role` may take `action` at all (scope rules aside)."""
    return role in roles_that_may(action)
