"""The demo office's reform tasks (the first ones with their plan as a file) with milestones (some done, some late, some overdue) and
weeks of items of service to the overall work."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from event_store.evidence import Upload
from plugins.carrier.demo import DemoActivities, demo_actors, demo_document, weekdays

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

TASKS = [
    (
        "地区政府机构改革方案落实",
        "government_reform",
        "行政机构编制科",
        "刘志强",
        "按改革方案完成地区政府工作部门“三定”规定的制定与落实",
        ["promote_development"],
        ["印发“三定”规定", "完成人员转隶", "职责划转评估", "改革总结报告"],
    ),
    (
        "县市政府机构改革指导",
        "government_reform",
        "行政机构编制科",
        "古丽娜尔·吐尔逊",
        "指导七县（市）完成政府机构改革，机构限额不突破",
        ["promote_development", "serve_livelihood"],
        ["审核县市改革方案", "县市“三定”备案", "督导检查"],
    ),
    (
        "乡镇站所管理体制改革试点",
        "township_reform",
        "事业机构编制科",
        "赵丽娟",
        "理顺乡镇站所管理体制，编制向教育卫生社保倾斜",
        ["serve_livelihood"],
        ["试点乡镇确定", "站所职能梳理", "编制核定", "试点评估"],
    ),
    (
        "乡镇事业站所编制核定",
        "township_reform",
        "事业机构编制科",
        "巴合提亚尔·吾拉尔",
        "按人口和服务半径核定乡镇站所编制",
        ["serve_livelihood", "support_talent"],
        ["数据采集", "核编方案", "报批"],
    ),
    (
        "机构编制实名制数据核查",
        "office_task",
        "机构编制电子政务中心",
        "何俊",
        "实名制数据与财政、人社数据比对，做到人编相符",
        ["support_talent"],
        ["数据比对", "问题清单反馈", "整改复核"],
    ),
    (
        "机构编制监督检查专项行动",
        "office_task",
        "监督检查科",
        "胡晓东",
        "检查超编进人、混编混岗问题并督促整改",
        ["promote_development"],
        ["制定检查方案", "实地检查", "通报整改"],
    ),
]
SERVICES = [
    ("为地区教育局核增中小学教职工编制", "quota_support", "地区教育局", ["serve_livelihood", "support_talent"]),
    ("指导福海县卫生院机构设置", "reform_guidance", "福海县卫健委", ["serve_livelihood"]),
    ("生态保护机构设置专题调研", "policy_research", "地区林草局", ["promote_development"]),
    ("赴哈巴河县乡镇开展编制政策宣讲", "grassroots_service", "哈巴河县各乡镇", ["serve_livelihood"]),
    ("为现代农业园区管委会调剂编制", "quota_support", "阿勒泰市现代农业园区", ["promote_development"]),
    ("人才引进编制保障对接会", "quota_support", "地区人社局", ["support_talent"]),
    ("社保经办机构职能调研", "policy_research", "地区社保局", ["serve_livelihood"]),
    ("指导布尔津县旅游管理机构整合", "reform_guidance", "布尔津县", ["promote_development"]),
]


def seed(ledger: Ledger, office: DemoOffice) -> None:
    acts = DemoActivities(ledger, office)
    rng = office.rng
    staff, _ = demo_actors(office)
    today = office.today
    for n, (title, category, department, lead, goal, ideas, steps) in enumerate(TASKS):
        launched = office.start - timedelta(days=rng.randint(20, 60))
        task = ledger.overall.record_task(
            {
                "title": title,
                "category": category,
                "department_id": office.departments[department],
                "lead": lead,
                "goal": goal,
                "ideas": ideas,
                "occurred_on": launched,
            },
            staff,
            uploads=[Upload(f"{title}方案.pdf", demo_document(f"{title}方案", [goal, "", *steps]))] if n < 2 else (),
        )
        span = (today - launched).days + 45
        for i, step in enumerate(steps):
            planned = launched + timedelta(days=(i + 1) * span // (len(steps) + 1))
            milestone = ledger.overall.plan_milestone(task, {"title": step, "planned_on": planned}, staff)
            if planned > today:
                if i and rng.random() < 0.5:
                    ledger.overall.report_progress(
                        task,
                        {
                            "milestone_id": milestone,
                            "status": "in_progress",
                            "progress": rng.choice([20, 40, 60]),
                            "note": "按计划推进",
                        },
                        staff,
                    )
                continue
            fate = rng.choices(["on_time", "late", "overdue"], weights=[6, 2, 2 if n % 2 else 1])[0]
            if n == 1 and i == 0:  # whatever the day, the office has one milestone overdue to show
                fate = "overdue"
            if fate == "overdue":
                ledger.overall.report_progress(
                    task,
                    {
                        "milestone_id": milestone,
                        "status": rng.choice(["in_progress", "blocked"]),
                        "progress": rng.choice([30, 50, 80]),
                        "note": rng.choice(["等待上级批复", "数据尚未报齐"]),
                    },
                    staff,
                )
                continue
            actual = (
                planned - timedelta(days=rng.randint(0, 5))
                if fate == "on_time"
                else min(today, planned + timedelta(days=rng.randint(3, 12)))
            )
            ledger.overall.report_progress(
                task,
                {
                    "milestone_id": milestone,
                    "status": "done",
                    "progress": 100,
                    "actual_on": max(actual, launched),
                    "note": "",
                },
                staff,
            )
    departments = list(office.departments.values())
    days = weekdays(office.start, today)
    for i, (title, service_type, beneficiary, ideas) in enumerate(SERVICES * 2):
        day = days[(i * 5 + 2) % len(days)]
        department = departments[i % len(departments)]
        acts.add(
            {
                "carrier": "overall",
                "kind": "service_item",
                "title": title,
                "occurred_on": day,
                "department_id": department,
                "place": beneficiary,
                "organiser": rng.choice(["分管副主任", "科室负责人"]),
                "expected": 0,
                "present": 0,
                "content": f"围绕地委、行署中心工作，{title}。",
                "outcome": rng.choice(["形成报告一份", "问题已协调解决", "意见已被采纳"]),
                "ideas": ideas,
                "details": {"service_type": service_type, "beneficiary": beneficiary},
            },
            photo=i % 4 == 0,
        )
    acts.flush()
