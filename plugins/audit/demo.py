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


def seed(ledger: "Ledger", office: "DemoOffice") -> None:
    entries = ledger.query("SELECT id, minutes FROM study_entries WHERE withdrawn = 0 ORDER BY position LIMIT 400")
    if len(entries) < 4:
        return
    chosen = office.rng.sample(entries, 4)
    leader = Actor("demo-leader", "leader", "form")
    for entry, (changes, reason) in zip(chosen, AMENDMENTS):
        if changes.get("minutes") == entry["minutes"]:
            changes, reason = {"minutes": 60}, "按学习笔记更正学习时长"
        ledger.study.amend_study(UUID(entry["id"]), {**changes, "reason": reason.format(minutes=entry["minutes"])}, leader)
    ledger.study.withdraw_study(UUID(chosen[3]["id"]), {"reason": "同一次学习重复填报"}, Actor("demo-staff", "staff", "form"))
