"""Weeks of political education in the demo office: sessions by theme in every department,
monthly 三争做 sessions for the whole office, and each cadre's pledge for the year."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from plugins.carrier.demo import DemoActivities, demo_actors, demo_attendance, weekdays
from plugins.political.domain import THEMES

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

TOPICS = {
    "ideals": ("理想信念专题教育：学习党章党规", "坚定理想信念，争当机构编制排头兵"),
    "revolutionary_tradition": ("重温入党誓词暨革命传统教育", "参观阿勒泰地区革命历史陈列馆"),
    "professional_ethics": ("机构编制干部职业道德讲座", "“编办人讲编办事”职业道德交流会"),
    "social_morality": ("社会公德教育：文明单位创建动员", "民族团结一家亲社会公德实践"),
    "family_virtue": ("家庭美德教育：廉洁家风座谈", "“传家训、立家规、扬家风”主题活动"),
}
PLEDGES = {
    "party_spirit": [
        "严守政治纪律和政治规矩，按时参加组织生活",
        "带头学习党的理论，每月撰写学习体会",
        "对党忠诚，在重大问题上旗帜鲜明",
    ],
    "conduct": ["廉洁自律，不收受任何礼品礼金", "热情服务基层单位，做到一次性告知", "团结同事，维护民族团结"],
    "quality": ["精通机构编制业务，全年撰写一篇调研报告", "熟练掌握实名制管理系统", "参加全地区机构编制系统调训"],
}
CLEAR_PLEDGES = {
    "firm_stand": [
        "在机构改革等重大问题上坚决同党中央保持一致",
        "对违反机构编制纪律的行为敢于较真碰硬",
        "不信谣不传谣，发声亮剑",
    ],
    "clear_mind": ["面对急难险重任务冲在前面", "在维护稳定关键节点坚守岗位", "复杂情况下坚持原则、按政策办事"],
}
STRAND_TITLES = {
    "three_best": "“三争做”活动：争做党性最强、品行最好、素质最高的干部",
    "political_quality": "“三争做”专题研讨：政治立场、政治纪律、政治鉴别力",
    "clear_headed": "“三争做”交流会：重大问题旗帜鲜明、关键时刻头脑清醒",
}


def seed(ledger: Ledger, office: DemoOffice) -> None:
    acts = DemoActivities(ledger, office)
    rng = office.rng
    days = weekdays(office.start, office.today)
    theme_cycle = list(THEMES)
    for n, (department, dept_id) in enumerate(office.departments.items()):
        for i, day in enumerate(days[n * 2 :: 13]):
            theme = theme_cycle[(n + i) % len(theme_cycle)]
            acts.add(
                {
                    "carrier": "political",
                    "kind": "education_session",
                    "title": rng.choice(TOPICS[theme]),
                    "occurred_on": day,
                    "department_id": dept_id,
                    "place": rng.choice(["三楼会议室", "党员活动室", "二楼学习室"]),
                    "organiser": f"{department}党小组",
                    **demo_attendance(rng, office, dept_id),
                    "agenda": "一、集中学习；二、交流发言；三、小结",
                    "content": "集中学习相关文件，联系本科室工作实际交流体会。",
                    "outcome": f"{rng.randint(2, 5)} 名干部交流发言，形成学习心得。",
                    "ideas": rng.sample(
                        ["promote_development", "serve_livelihood", "support_talent"], rng.choice([0, 1, 1, 2])
                    ),
                    "details": {"theme": theme},
                },
                photo=i % 2 == 0,
            )
    general = next(iter(office.departments.values()))
    for i, day in enumerate(days[4::21]):
        strand = ("three_best", "political_quality", "clear_headed")[i % 3]
        acts.add(
            {
                "carrier": "political",
                "kind": "sanzhengzuo_session",
                "title": STRAND_TITLES[strand],
                "occurred_on": day,
                "department_id": general,
                "place": "四楼大会议室",
                "organiser": "机关党支部",
                **demo_attendance(rng, office, None, most_absent=4),
                "agenda": "一、支部书记讲话；二、干部表态发言；三、对照承诺查摆",
                "content": "全体干部对照年初承诺逐项查摆，交流“三争做”落实情况。",
                "outcome": "形成问题清单和整改措施。",
                "ideas": ["support_talent"],
                "details": {"strand": strand, "speakers": rng.randint(4, 9)},
            },
            photo=True,
        )
    acts.flush()
    _pledges(ledger, office)


def _pledges(ledger: Ledger, office: DemoOffice) -> None:
    rng = office.rng
    staff, leader = demo_actors(office)
    year = office.today.year
    signed = min(date(year, 1, 12), office.today)
    cadres = list(office.cadres)
    own_cadre = ledger.access.own(leader).cadre_id
    for n, cadre_id in enumerate(cadres[:-2]):  # two newcomers have not pledged yet
        pledge = ledger.political.record_pledge(
            {
                "cadre_id": cadre_id,
                "year": year,
                "occurred_on": signed - timedelta(days=rng.randint(0, min(8, signed.day - 1))),
                **{aim: rng.choice(texts) for aim, texts in PLEDGES.items()},
                **{aim: texts[n % len(texts)] for aim, texts in CLEAR_PLEDGES.items()},
            },
            staff,
        )
        if rng.random() < 0.6:
            scores = {
                d: rng.choices([3, 4, 5], weights=[1, 8, 6])[0]
                for d in (
                    "party_spirit",
                    "conduct",
                    "quality",
                    "political_stand",
                    "political_discipline",
                    "political_discernment",
                )
            }
            # the third strand, without drawing again from the office's generator (the demo after it stays the same)
            scores |= {"firm_stand": scores["political_stand"], "clear_mind": scores["political_discernment"]}
            ledger.political.rate_pledge(
                pledge,
                {
                    **scores,
                    "comment": rng.choice(["承诺事项落实较好", "政治站位高，业务扎实", ""]),
                    "rated_on": max(signed, office.today - timedelta(days=rng.randint(0, 20))),
                },
                staff if cadre_id == own_cadre else leader,  # nobody rates his own pledge
            )
