"""The demo office's campaigns: this year's 自身建设年活动 with records of every carrier linked and two
goals reported on, and a 五型机关创建 campaign with each department's records linked to the types."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from domain import clock
from plugins.campaigns.projections import linkable
from plugins.carrier.demo import demo_actors

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

GOALS = [
    "干部每日学习一小时达标率达到 90% 以上",
    "每名干部全年撰写一篇理论文章或调研报告",
    "完成地县政府机构改革各项任务",
    "修订完善机关内部工作制度",
    "开展“五型机关”创建，年终测评各类型均达到 85 分以上",
]

TYPE_OF = {
    "political": "learning",
    "innovation": "innovative",
    "overall": "pragmatic",
    "standards": "pragmatic",
    "integrity": "clean",
}
"""Which of the five types a carrier's records go toward, in the demo (a culture or sports event: 和谐型)."""


def seed(ledger: Ledger, office: DemoOffice) -> None:
    # Deterministic choices, no draw from the office's generator: the plugins after this one seed as before.
    clerk, leader = demo_actors(office)
    ledger.catch_up()
    year = office.today.year
    declared = max(office.start, date(year, 1, 1))
    theme = ledger.campaigns.declare(
        {
            "name": f"{year}年自身建设年活动",
            "year": year,
            "goals": GOALS,
            "carriers": [p.id for p in ledger.registry.carriers],
            "ideas": ["promote_development", "serve_livelihood", "support_talent"],
            "occurred_on": declared,
        },
        leader,
    )
    picked = []
    activities = linkable(ledger, "activity", year)
    for carrier in {a["carrier"] for a in activities}:
        picked += [("activity", a) for a in activities if a["carrier"] == carrier][:3]
    picked += [("reform_task", r) for r in linkable(ledger, "reform_task", year)[:2]]
    picked += [("working_rule", r) for r in linkable(ledger, "working_rule", year)[:2]]
    picked += [("proposal", r) for r in linkable(ledger, "proposal", year)[:2]]
    for kind, r in sorted(picked, key=lambda p: p[1]["occurred_on"]):
        ledger.campaigns.link(theme, _link(kind, r, declared), clerk)
    ledger.campaigns.report_goal(
        theme,
        {"goal": 2, "status": "in_progress", "note": "县级方案已批复，乡镇方案推进中", "on": office.today},
        leader,
    )
    ledger.campaigns.report_goal(
        theme, {"goal": 3, "status": "done", "note": "修订制度六项，已印发", "on": office.today}, leader
    )

    five = ledger.campaigns.declare(
        {
            "name": f"{year}年“五型机关”创建",
            "year": year,
            "goals": ["建设学习型、创新型、务实型、和谐型、廉洁型机关", "各科室每季度在每一类型上至少做一件实事"],
            "carriers": [p.id for p in ledger.registry.carriers],
            "ideas": ["promote_development"],
            "organ_types": ["learning", "innovative", "pragmatic", "harmonious", "clean"],
            "occurred_on": declared,
        },
        leader,
    )
    chosen = []
    for department_id in office.departments.values():
        seen: set[str] = set()
        for kind in ("activity", "proposal", "reform_task"):
            for r in linkable(ledger, kind, year):
                organ_type = _type_of(r)
                if r["department_id"] == department_id.hex and organ_type not in seen:
                    seen.add(organ_type)
                    chosen.append((kind, r, organ_type))
    for kind, r, organ_type in sorted(chosen, key=lambda c: c[1]["occurred_on"]):
        ledger.campaigns.link(five, {**_link(kind, r, declared), "organ_type": organ_type}, clerk)


def _type_of(record: dict) -> str:
    if record["carrier"] == "integrity" and "文体" in record["title"] or "联谊" in record["title"]:
        return "harmonious"
    return TYPE_OF.get(record["carrier"], "learning")


def _link(kind: str, record: dict, declared: date) -> dict:
    day = max(date.fromisoformat(record["occurred_on"]), declared) + timedelta(days=1)
    return {"kind": kind, "record_id": record["id"], "on": min(day, clock.today())}
