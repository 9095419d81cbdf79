"""The demo office's people: a prefecture staffing office's departments and some thirty cadres,
and, at scale, county offices with many more."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

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


def seed(ledger: Ledger, office: DemoOffice) -> None:
    """Register the office's departments and cadres, first of all the demo records."""
    joined = office.today - timedelta(days=365 * 3)
    for department, people in DEPARTMENTS.items():
        dept_id = ledger.people.register_department({"name": department}, office.clerk)
        office.departments[department] = dept_id
        for i, name in enumerate(people):
            position = POSITIONS[min(i, len(POSITIONS) - 1)]
            cadre_id = ledger.people.register_cadre(
                {"name": name, "department_id": dept_id, "position": position, "joined_on": joined}, office.clerk
            )
            office.cadres[cadre_id] = (name, dept_id)


# --- an office at scale (`culture-ledger demo --events N`, the benchmarks) ------------------

COUNTIES = ["阿勒泰市", "布尔津县", "富蕴县", "福海县", "哈巴河县", "青河县", "吉木乃县"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = [
    "建国",
    "秀英",
    "伟",
    "志强",
    "静",
    "晓军",
    "帆",
    "丽娟",
    "海燕",
    "明",
    "婷",
    "磊",
    "慧",
    "志刚",
    "晓东",
    "峰",
    "雪",
    "俊",
    "刚",
    "晨",
    "红梅",
    "玉兰",
    "文杰",
    "国庆",
    "春华",
    "新民",
    "振华",
    "桂英",
    "子涵",
    "思远",
]
KAZAKH = [
    "叶尔兰",
    "努尔兰",
    "别克",
    "哈力木",
    "叶尔江",
    "阿依古丽",
    "古丽娜尔",
    "加娜尔",
    "努尔苏丹",
    "别克波拉提",
    "沙依兰",
    "达吾列提",
    "哈那提",
    "阿曼古丽",
    "木拉提",
]
UYGHUR = [
    "阿力木江",
    "买买提",
    "吐尔逊",
    "热依拉",
    "艾则孜",
    "迪丽努尔",
    "阿不都",
    "玉素甫",
    "阿娜尔古丽",
    "吐尔洪",
    "艾尔肯",
    "古再丽努尔",
    "帕尔哈提",
    "米热古丽",
    "依明",
]


def _scale_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)
    pool = KAZAKH if roll < 0.8 else UYGHUR
    first, second = rng.sample(pool, 2)
    return f"{first}·{second}"


def seed_at_scale(ledger: Ledger, office: DemoOffice, events: int, **_: object) -> None:
    """County offices with more cadres: about as many cadres as days of history, so a million
    events is ~1,000 cadres over ~4 years (the study plugin then fills the years)."""
    rng = office.rng
    wanted = max(len(office.cadres), min(2_000, int(events**0.5)))
    extra = wanted - len(office.cadres)
    if extra <= 0 or ledger.app.head() + extra >= events:
        return
    joined = office.today - timedelta(days=365 * 10)
    counties = {}
    for county in COUNTIES:
        counties[county] = ledger.people.register_department({"name": f"{county}机构编制委员会办公室"}, office.clerk)
        office.departments[county] = counties[county]
    for i in range(extra):
        dept = counties[COUNTIES[i % len(COUNTIES)]]
        name = _scale_name(rng)
        cadre_id = ledger.people.register_cadre(
            {"name": name, "department_id": dept, "position": rng.choice(POSITIONS), "joined_on": joined}, office.clerk
        )
        office.cadres[cadre_id] = (name, dept)
