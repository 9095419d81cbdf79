"""Corrections in the demo office, so an auditor has something to find: a leader amends
a few study entries that were entered wrongly, and a clerk withdraws a duplicate."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.actor import Actor

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

AMENDMENTS = (
    ({"minutes": 45}, "误将45分钟填为{minutes}分钟，经本人确认更正"),
    ({"material": "《中国共产党纪律处分条例》"}, "学习内容填错，按学习笔记更正"),
    ({"mode": "group"}, "当天为支部集中学习，更正学习方式"),
)


def seed(ledger: Ledger, office: DemoOffice) -> None:
    entries = ledger.query(
        "SELECT id, cadre_id, minutes, material, mode FROM study_entries WHERE withdrawn = 0 "
        "ORDER BY position LIMIT 400"
    )
    staff = office.accounts.get("staff", Actor("demo-staff", "staff", "form"))
    account = ledger.accounts.access.account(staff.account)
    own = [
        e
        for e in entries
        if account is not None and account.cadre_id is not None and e["cadre_id"] == account.cadre_id.hex
    ]
    if len(entries) < 4:
        return
    chosen = office.rng.sample(entries, 3)
    leader = office.accounts.get("leader", Actor("demo-leader", "leader", "form"))
    for entry, (changes, reason) in zip(chosen, AMENDMENTS):
        if all(entry[field] == value for field, value in changes.items()):  # it was right already
            changes, reason = {"minutes": 60 if entry["minutes"] != 60 else 45}, "按学习笔记更正学习时长"
        ledger.study.amend_study(
            UUID(entry["id"]), {**changes, "reason": reason.format(minutes=entry["minutes"])}, leader
        )
    # The staff member withdraws a duplicate of their own (staff keep only their own entries).
    duplicates = [e for e in own if e not in chosen]
    if duplicates:
        ledger.study.withdraw_study(UUID(office.rng.choice(duplicates)["id"]), {"reason": "同一次学习重复填报"}, staff)
