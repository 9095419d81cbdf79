"""The demo office's five-type organ assessments (last quarter for all, this quarter for most),
integrity education, culture and sports events with participants and awards, and honours."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from culture_ledger.periods import Period
from plugins.carrier.demo import DemoActivities, demo_actors, demo_attendance, demo_photo, weekdays
from plugins.integrity.domain import FIVE_ORGAN_TYPES

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

EDUCATION = [
    ("lecture", "廉政党课：守住底线、不越红线"),
    ("warning_education", "观看警示教育片《镜鉴》"),
    ("visit", "参观地区廉政教育基地"),
    ("pledge_signing", "签订党风廉政建设责任书"),
    ("warning_education", "典型案例通报学习"),
]
EVENTS = [
    ("competition", "机关干部职工气排球比赛", ["一等奖：行政机构编制科队", "体育道德风尚奖：办公室队"]),
    ("fellowship", "“民族团结一家亲”联谊活动", []),
    ("competition", "庆祝建党节知识竞赛", ["一等奖：事业机构编制科", "二等奖：综合科"]),
    ("competition", "职工冬季越野跑", ["男子组第一名：叶尔兰·别克", "女子组第一名：古丽娜尔·吐尔逊"]),
    ("fellowship", "与县市编办业务联谊交流", []),
]
HONOURS = [
    ("全区机构编制系统先进集体", "自治区党委编办", "region"),
    ("地区文明单位", "地区精神文明建设委员会", "prefecture"),
    ("地区民族团结进步模范集体", "地委、行署", "prefecture"),
]


def seed(ledger: Ledger, office: DemoOffice) -> None:
    acts = DemoActivities(ledger, office)
    rng = office.rng
    _, leader = demo_actors(office)
    today = office.today
    this_quarter = Period.containing("quarter", today)
    this_start, last_end = this_quarter.start, this_quarter.previous().end
    for dept_id in office.departments.values():
        for period_end, late in ((last_end, False), (today, True)):
            if late and (rng.random() < 0.3 or (today - this_start).days < 20):
                continue  # this quarter's assessments are still coming in
            label = Period.containing("quarter", period_end).code
            evidence = (
                []
                if late
                else [
                    ledger.activities.put_evidence(
                        f"五型机关创建材料_{label}.png",
                        demo_photo(f"five-type organ {label} {dept_id.hex[:8]}"),
                        "image/png",
                    )
                ]
            )
            ledger.integrity.assess(
                {
                    "department_id": dept_id,
                    "period": label,
                    **{k: rng.randint(78, 97) for k in FIVE_ORGAN_TYPES},
                    "comment": rng.choice(
                        ["学习氛围浓厚，廉洁自律好", "创新举措多，团结协作好", "务实肯干，需加强学习"]
                    ),
                    "evidence": evidence,
                    "occurred_on": period_end - timedelta(days=rng.randint(0, 5)),
                },
                leader,
            )
    departments = list(office.departments.items())
    names = [name for name, _ in office.cadres.values()]
    days = weekdays(office.start, today)
    for i, day in enumerate(days[2::7]):
        name, dept_id = departments[i % len(departments)]
        form, topic = EDUCATION[i % len(EDUCATION)]
        acts.add(
            {
                "carrier": "integrity",
                "kind": "integrity_education",
                "title": topic,
                "occurred_on": day,
                "department_id": dept_id,
                "place": "党员活动室" if form != "visit" else "地区廉政教育基地",
                "organiser": "机关纪检委员",
                **demo_attendance(rng, office, dept_id),
                "content": topic,
                "outcome": "干部撰写心得体会。",
                "ideas": [],
                "details": {"form": form, "topic": topic},
            },
            photo=i % 2 == 0,
        )
    for i, (event_type, title, awards) in enumerate(EVENTS):
        day = days[min(len(days) - 1, 6 + 9 * i)]
        name, dept_id = departments[(i + 3) % len(departments)]
        people = rng.sample(names, rng.randint(10, min(24, len(names))))
        acts.add(
            {
                "carrier": "integrity",
                "kind": "culture_sports",
                "title": title,
                "occurred_on": day,
                "department_id": dept_id,
                "place": rng.choice(["地区体育馆", "机关活动中心", "阿勒泰市文化广场"]),
                "organiser": "机关工会",
                "expected": 0,
                "present": 0,
                "content": title,
                "outcome": "增强了集体荣誉感和团队协作精神。",
                "details": {"event_type": event_type, "participants": people, "awards": awards},
            },
            photo=True,
        )
    for i, (honour, body, level) in enumerate(HONOURS):
        day = days[min(len(days) - 1, 10 + 15 * i)]
        acts.add(
            {
                "carrier": "integrity",
                "kind": "collective_honour",
                "title": f"荣获“{honour}”称号",
                "occurred_on": day,
                "department_id": departments[0][1],
                "organiser": body,
                "expected": 0,
                "present": 0,
                "outcome": "全办干部受到鼓舞。",
                "details": {"honour": honour, "awarding_body": body, "level": level},
            },
            photo=True,
        )
    acts.flush()
