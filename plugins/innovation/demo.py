"""The demo office's innovation proposals at every stage of their course, and a few seminars."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from plugins.carrier.demo import DemoActivities, demo_actors, demo_attendance, weekdays

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

PROPOSALS = [
    ("机构编制事项网上审批", "纸质审批流转慢，基层往返跑", "开发网上审批模块，材料一次上传", "审批时限由15天缩短到5天"),
    ("空编岗位动态预警", "空编长期闲置，人才急需部门缺编", "实名制系统按月生成空编清单", "空编使用率提高"),
    ("乡镇站所编制周转池", "乡镇急需人员时无编可用", "建立地区统筹的编制周转池", "急需岗位一月内补充"),
    ("编制使用核准告知单", "用编单位不清楚核准条件", "编印一次性告知单", "退件率下降一半"),
    ("机构编制政策问答汇编", "同类咨询重复答复", "整理常见问题问答并上网公开", "咨询量下降三成"),
    ("事业单位绩效评估试点", "事业单位公益属性难考核", "选取三家单位开展绩效评估试点", "形成可推广的评估办法"),
    ("编办干部轮岗交流", "业务知识面窄", "科室间定期轮岗交流", "一人多岗、互为AB角"),
    ("“编制+民生”服务清单", "服务民生的编制投入不清晰", "建立教育卫生社保编制投入清单", "编制向民生倾斜可量化"),
    ("机构编制数据月度分析", "数据只存不用", "每月形成数据分析简报报领导", "决策有数据支撑"),
    ("双语政策宣讲", "部分基层干部对政策理解不准", "汉哈双语宣讲机构编制政策", "基层政策知晓率提高"),
    ("编制台账电子化", "纸质台账查找困难", "台账全部电子化并可追溯", "查询由半天缩短到分钟"),
    ("人才引进编制绿色通道", "引进人才等编时间长", "对急需人才开辟用编绿色通道", "引进周期缩短"),
]


def seed(ledger: Ledger, office: DemoOffice) -> None:
    acts = DemoActivities(ledger, office)
    rng = office.rng
    staff, leader = demo_actors(office)
    own_cadre = ledger.access.own(leader).cadre_id
    today = office.today
    cadres = list(office.cadres)
    for i, (title, problem, idea, expected) in enumerate(PROPOSALS):
        on = office.start + timedelta(days=(2 + 4 * i) * office.weeks // 8)  # within a shorter demo period too
        proposal = ledger.innovation.submit_proposal(
            {
                "title": title,
                "proposer_id": cadres[(i * 5) % len(cadres)],
                "problem": problem,
                "idea": idea,
                "expected_effect": expected,
                "ideas": rng.sample(
                    ["promote_development", "serve_livelihood", "support_talent"], rng.choice([1, 1, 2])
                ),
                "occurred_on": on,
            },
            staff,
        )
        # How far each got: the older, the further, with a few rejected on the way.
        judge = staff if cadres[(i * 5) % len(cadres)] == own_cadre else leader  # nobody judges his own
        reach = min(4, max(0, (today - on).days // 10 - rng.choice([0, 0, 1])))
        step_on = on
        for n in range(reach):
            step_on = min(today, step_on + timedelta(days=rng.randint(3, 8)))
            if n == 0:
                ledger.innovation.evaluate(
                    proposal,
                    {"score": rng.choice([3, 4, 4, 5]), "opinion": "有针对性，建议采纳", "on": step_on},
                    judge,
                )
            elif n == 1 and i % 5 == 3:
                ledger.innovation.reject(proposal, {"reason": "与现行规定冲突，暂缓", "on": step_on}, judge)
                break
            elif n == 1:
                ledger.innovation.adopt(proposal, {"opinion": "同意，由提出科室牵头", "on": step_on}, judge)
            elif n == 2:
                ledger.innovation.pilot(
                    proposal,
                    {"pilot_scope": rng.choice(["阿勒泰市", "福海县", "两个乡镇", "本办两个科室"]), "on": step_on},
                    staff,
                )
            else:
                ledger.innovation.implement(
                    proposal,
                    {
                        "observed_effect": rng.choice(
                            ["试点期间办理时限缩短60%", "基层反映良好，已全地区推广", "效果达到预期"]
                        ),
                        "on": step_on,
                    },
                    staff,
                )
    departments = list(office.departments.items())
    for i, day in enumerate(weekdays(office.start, today)[3::6]):
        name, dept_id = departments[i % len(departments)]
        acts.add(
            {
                "carrier": "innovation",
                "kind": "innovation_seminar",
                "title": rng.choice(["机构编制工作创新研讨会", "“金点子”征集交流会", "创新经验分享会"]),
                "occurred_on": day,
                "department_id": dept_id,
                "place": "四楼大会议室",
                "organiser": name,
                **demo_attendance(rng, office, dept_id),
                "content": "围绕机构编制工作难点交流创新思路。",
                "outcome": "征集建议若干条，择优进入评估。",
                "ideas": ["promote_development"],
                "details": {
                    "topic": rng.choice(["审批提速", "编制资源盘活", "数据赋能"]),
                    "proposals_raised": rng.randint(1, 5),
                },
            },
            photo=i % 2 == 0,
        )
    acts.flush()
