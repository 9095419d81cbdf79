"""A living demo office: a prefecture staffing office with its departments and some thirty
cadres; each plugin then adds its own records through its services (`Plugin.demo`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from culture_ledger.ledger import Ledger
from domain.actor import Actor

OFFICE = "阿勒泰地区机构编制委员会办公室"

DEPARTMENTS = {
    "办公室": ["王建国", "阿依古丽·努尔兰", "李秀英", "张伟", "叶尔兰·别克"],
    "行政机构编制科": ["刘志强", "古丽娜尔·吐尔逊", "陈静", "马晓军", "努尔苏丹·哈力木", "杨帆"],
    "事业机构编制科": ["赵丽娟", "巴合提亚尔·吾拉尔", "孙海燕", "周明", "阿力木江·买买提", "吴婷"],
    "综合科": ["郑磊", "热依拉·艾则孜", "黄慧", "徐志刚", "别克波拉提·沙依兰"],
    "监督检查科": ["胡晓东", "迪丽努尔·阿不都", "高峰", "林雪", "加娜尔·吐尔洪"],
    "机构编制电子政务中心": ["何俊", "阿娜尔古丽·玉素甫", "罗刚", "梁晨"],
}
POSITIONS = ["主任", "副主任", "科长", "副科长", "四级主任科员", "一级科员", "二级科员"]


@dataclass
class DemoOffice:
    """What plugins need to add their demo records: who is who, and a seeded random source."""

    today: date
    weeks: int
    rng: random.Random
    departments: dict[str, UUID] = field(default_factory=dict)
    cadres: dict[UUID, tuple[str, UUID]] = field(default_factory=dict)
    clerk: Actor = Actor("demo-admin", "admin", "cli")
    accounts: dict[str, Actor] = field(default_factory=dict)
    """role -> the demo account's actor (filled by the accounts plugin's demo, before the other plugins')."""

    @property
    def start(self) -> date:
        return self.today - timedelta(weeks=self.weeks)


def is_empty(ledger: Ledger) -> bool:
    return ledger.app.head() == 0


def seed_demo(ledger: Ledger, weeks: int = 8, today: date | None = None, seed: int = 2012) -> DemoOffice:
    """Register the demo office, then let every plugin add its records."""
    office = DemoOffice(today=today or date.today(), weeks=weeks, rng=random.Random(seed))
    joined = office.today - timedelta(days=365 * 3)
    for department, people in DEPARTMENTS.items():
        dept_id = ledger.people.register_department({"name": department}, office.clerk)
        office.departments[department] = dept_id
        for i, name in enumerate(people):
            position = POSITIONS[min(i, len(POSITIONS) - 1)]
            cadre_id = ledger.people.register_cadre(
                {"name": name, "department_id": dept_id, "position": position, "joined_on": joined}, office.clerk)
            office.cadres[cadre_id] = (name, dept_id)
    for plugin in ledger.registry.plugins:
        if plugin.demo is not None:
            plugin.demo(ledger, office)
    ledger.catch_up()
    return office
