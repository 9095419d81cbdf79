"""The demo office's working rules (adopted with their text as a file, revised, one repealed), compliance cases from
found to resolved, and weeks of inspections and rule study."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from event_store.evidence import Upload
from plugins.carrier.demo import DemoActivities, demo_actors, demo_attendance, demo_document, weekdays

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

RULES = [
    ("机关学习制度", "办公室", "每周五下午集中学习，每天自学不少于1小时。"),
    ("机构编制事项集体研究制度", "行政机构编制科", "机构编制事项须经主任办公会集体研究决定。"),
    ("事业单位机构编制审核办法", "事业机构编制科", "事业单位设立、撤并、调整编制须经审核论证。"),
    ("机构编制实名制管理办法", "机构编制电子政务中心", "人员进出须在实名制系统中同步办理，做到人编对应。"),
    ("机构编制监督检查工作规程", "监督检查科", "年度专项检查、随机抽查与问题整改闭环。"),
    ("公文处理办法", "综合科", "公文起草、审核、签发与归档流程。"),
    ("请示报告制度", "办公室", "重大事项及时请示报告。"),
]
CASES = [
    ("mixed_staffing", "阿勒泰市某乡镇农业服务站", 3, "事业编制人员长期在行政岗位工作"),
    ("over_quota_hiring", "某县卫生健康服务中心", 2, "在编制已满情况下新进人员"),
    ("staff_bloat", "地区某事业单位", 6, "编外聘用人员增长过快"),
    ("mixed_staffing", "福海县某机关", 2, "行政编制与事业编制人员混岗"),
    ("over_quota_hiring", "布尔津县某学校", 1, "超编调入人员"),
    ("staff_bloat", "吉木乃县某中心", 4, "临时机构人员只增不减"),
]


def seed(ledger: Ledger, office: DemoOffice) -> None:
    acts = DemoActivities(ledger, office)
    rng = office.rng
    staff, _ = demo_actors(office)
    today = office.today
    for i, (title, department, summary) in enumerate(RULES):
        adopted = today - timedelta(days=rng.randint(200, 900))
        rule = ledger.standards.adopt_rule(
            {
                "title": title,
                "department_id": office.departments[department],
                "summary": summary,
                "occurred_on": adopted,
                "effective_on": adopted + timedelta(days=rng.choice([0, 7, 15])),
            },
            staff,
            uploads=[Upload(f"{title}.pdf", demo_document(title, ["第一条　" + summary, "", department]))]
            if i < 3
            else (),
        )
        if i in (1, 3):
            ledger.standards.revise_rule(
                rule,
                {
                    "summary": summary + "（根据新条例修订）",
                    "effective_on": office.start + timedelta(days=10 * i * office.weeks // 8),
                    "note": "依据《机构编制工作条例》修订",
                },
                staff,
            )
        if i == 6:
            ledger.standards.repeal_rule(
                rule,
                {
                    "repealed_on": office.start + timedelta(days=20 * office.weeks // 8),
                    "reason": "已并入《机关工作规则》",
                },
                staff,
            )
    for i, (kind, institution, headcount, description) in enumerate(CASES):
        found = office.start + timedelta(days=(5 + 8 * i) * office.weeks // 8)  # within a shorter demo period too
        case = ledger.standards.record_case(
            {
                "kind": kind,
                "institution": institution,
                "department_id": office.departments["监督检查科"],
                "description": description,
                "headcount": headcount,
                "occurred_on": found,
            },
            staff,
        )
        if i < 4:
            ledger.standards.resolve_case(
                case,
                {
                    "resolved_on": min(today, found + timedelta(days=rng.randint(9, 45))),
                    "resolution": rng.choice(["人员已回归原岗位", "已按程序清理并核减", "已调整至空编单位"]),
                },
                staff,
            )
    departments = list(office.departments.items())
    days = weekdays(office.start, today)
    for i, day in enumerate(days[1::4]):
        name, dept_id = departments[i % len(departments)]
        if i % 2 == 0:
            checked = rng.randint(2, 8)
            command = {
                "kind": "inspection",
                "title": f"机构编制执行情况检查（第{i // 2 + 1}批）",
                "place": rng.choice(["阿勒泰市", "福海县", "哈巴河县", "布尔津县", "富蕴县", "青河县", "吉木乃县"]),
                "expected": 0,
                "present": 0,
                "content": "查阅花名册、工资表，核对实名制数据。",
                "outcome": "问题已反馈被检查单位。",
                "details": {"institutions_checked": checked, "issues_found": rng.randint(0, 3)},
            }
        else:
            rule = rng.choice(RULES[:6])[0]
            command = {
                "kind": "rule_study",
                "title": f"学习《{rule}》",
                "place": "三楼会议室",
                **demo_attendance(rng, office, dept_id),
                "content": "逐条学习，结合科室工作讨论执行中的问题。",
                "outcome": "提出修改建议。",
                "details": {"rule_title": rule},
            }
        acts.add(
            {
                "carrier": "standards",
                "occurred_on": day,
                "department_id": dept_id,
                "organiser": f"{name}",
                "ideas": ["promote_development"],
                **command,
            },
            photo=i % 3 == 0,
        )
    acts.flush()
