"""Weeks of daily study for the demo office: most cadres keep the hour, some slip."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from domain.actor import Actor

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

MATERIALS = [
    "《习近平谈治国理政》第四卷", "《中国共产党章程》", "《机构编制工作条例》", "《党政机构职能体系建设》",
    "事业单位改革政策汇编", "《中国共产党纪律处分条例》", "地县政府机构改革方案", "乡镇站所管理体制改革文件",
    "人才发展规划纲要（2011—2020年）", "机构编制实名制管理办法", "《之江新语》", "民族团结进步教育读本",
]


def seed(ledger: "Ledger", office: "DemoOffice") -> None:
    rng = office.rng
    commands = []
    diligence = {cadre: rng.choice([1.0, 1.0, 0.99, 0.97, 0.9, 0.75]) for cadre in office.cadres}
    day = office.start
    while day <= office.today:
        if day.weekday() < 5:
            group_day = day.weekday() == 4  # Friday afternoons: group study
            for cadre, chance in diligence.items():
                if rng.random() > chance:
                    continue
                minutes = rng.choice([60, 60, 60, 70, 80, 90, 120]) if rng.random() > 0.03 else rng.choice([20, 30, 40, 45])
                commands.append({"cadre_id": cadre, "occurred_on": day, "minutes": minutes,
                                 "material": rng.choice(MATERIALS), "mode": "group" if group_day else "self"})
        day += timedelta(days=1)
    ledger.study.record_study_batch(commands, office.clerk.via("import"))  # a real (demo) account
