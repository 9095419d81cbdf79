"""The demo office's four-strong team: weeks of daily study (most keep the hour, some slip),
notebooks (a few with the photo of the page written by hand), this year's papers at every stage
(each one handed in with its manuscript), training and study tours (the report with its file), two
quarters of evaluations, and two published rule versions. Everything goes through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from culture_ledger.periods import Period
from domain.actor import Actor
from event_store.evidence import Upload
from plugins.calendar.queries import national
from plugins.carrier.demo import demo_document, demo_handwritten

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

MATERIALS = [
    "《习近平谈治国理政》第四卷",
    "《中国共产党章程》",
    "《机构编制工作条例》",
    "《党政机构职能体系建设》",
    "事业单位改革政策汇编",
    "《中国共产党纪律处分条例》",
    "地县政府机构改革方案",
    "乡镇站所管理体制改革文件",
    "人才发展规划纲要（2011—2020年）",
    "机构编制实名制管理办法",
    "《之江新语》",
    "民族团结进步教育读本",
]


def seed(ledger: Ledger, office: DemoOffice) -> None:
    rng = office.rng
    commands = []
    diligence = {cadre: rng.choice([1.0, 1.0, 0.99, 0.97, 0.9, 0.75]) for cadre in office.cadres}
    day = office.start
    while day <= office.today:
        if national(day).working:  # study on working days: holidays off, 调休 Saturdays on
            group_day = day.weekday() == 4  # Friday afternoons: group study
            for cadre, chance in diligence.items():
                if rng.random() > chance:
                    continue
                minutes = (
                    rng.choice([60, 60, 60, 70, 80, 90, 120]) if rng.random() > 0.03 else rng.choice([20, 30, 40, 45])
                )
                commands.append(
                    {
                        "cadre_id": cadre,
                        "occurred_on": day,
                        "minutes": minutes,
                        "material": rng.choice(MATERIALS),
                        "mode": "group" if group_day else "self",
                    }
                )
        day += timedelta(days=1)
    importer = office.clerk.via("import")
    ids = ledger.study.record_study_batch(commands, importer)
    studied = {(c["cadre_id"], c["occurred_on"]): (i, c["material"]) for c, i in zip(commands, ids)}
    _rules(ledger, office, importer)
    _notebooks(ledger, office, studied, importer)
    _papers(ledger, office)
    _training(ledger, office, importer)
    _evaluations(ledger, office)


def _rules(ledger: Ledger, office: DemoOffice, importer: Actor) -> None:
    """Last year's rules from the paper ledger, and this campaign's revision from week five."""
    ledger.study_rules.publish(
        {
            "name": "机关自身建设年学习积分办法",
            "effective_from": office.start - timedelta(days=300),
            "note": "每天自学1小时；学记、文章、培训按次计分。",
        },
        importer,
    )
    ledger.study_rules.publish(
        {
            "name": "机关自身建设年学习积分办法（修订）",
            "effective_from": office.start + timedelta(weeks=4),
            "credit_study_hour": 1.5,
            "credit_notebook_entry": 3.0,
            "weight_study": 0.3,
            "weight_notebook": 0.25,
            "weight_paper": 0.2,
            "weight_training": 0.1,
            "weight_evaluation": 0.15,
            "note": "加大学记一本的分量。",
        },
        importer,
    )


NOTE_TITLES = [
    "学习《机构编制工作条例》的几点体会",
    "深刻领会“三大理念”的内涵",
    "读《之江新语》有感",
    "关于严控编制总量的学习笔记",
    "事业单位分类改革政策要点摘录",
    "学习党章 做合格党员",
    "民族团结进步教育学习心得",
    "对乡镇站所管理体制改革的思考",
    "盘活编制存量的几点认识",
    "机构编制实名制管理学习笔记",
    "学习《中国共产党纪律处分条例》笔记",
    "做“四强”干部的体会",
    "人才发展规划纲要学习摘记",
    "关于混编混岗问题的思考",
    "地县政府机构改革方案学习笔记",
]
NOTE_SENTENCES = [
    "机构编制工作要坚持围绕中心、服务大局。",
    "要在不突破编制总量的前提下，把有限的编制资源用在发展最需要的地方。",
    "编制资源向教育、卫生、社保等民生领域倾斜，是服务民生的具体体现。",
    "严格控制机构编制总量，做到严管严控。",
    "对职能弱化的机构该合则合，对职能消失的机构该撤则撤。",
    "要按照编制结构补充人员，杜绝超编进人。",
    "作为机构编制干部，要做到思想先进、业务精通、作风优良、处事公道。",
    "学习中体会到，政治坚定是做好一切工作的前提。",
    "下一步要把学到的政策运用到审核事业单位编制的实际工作中。",
    "要持续深化民族团结进步教育，铸牢中华民族共同体意识。",
    "乡镇站所管理体制改革要理顺条块关系，增强基层服务能力。",
    "实名制管理是防止混编混岗、超编进人的有效手段。",
    "结合阿勒泰地区实际，生态建设和现代农业领域需要加强编制保障。",
    "每天坚持自学一小时，贵在坚持，重在运用。",
]


def _notebooks(ledger: Ledger, office: DemoOffice, studied: dict, importer: Actor) -> None:
    rng = office.rng
    commands = []
    for cadre in office.cadres:
        for _ in range(rng.randint(2, 8)):
            day = office.start + timedelta(days=rng.randint(0, (office.today - office.start).days))
            text = "".join(rng.sample(NOTE_SENTENCES, rng.randint(3, 6)))
            link = studied.get((cadre, day)) if rng.random() < 0.6 else None
            title = f"学习{link[1]}的体会" if link and rng.random() < 0.5 else rng.choice(NOTE_TITLES)
            commands.append(
                {
                    "cadre_id": cadre,
                    "occurred_on": day,
                    "kind": rng.choice(["note", "reflection"]),
                    "title": title,
                    "text": text,
                    "study_entry_id": link[0] if link else None,
                }
            )
    commands.sort(key=lambda c: c["occurred_on"])
    ids = ledger.notebook.write_batch(commands, importer)
    # A few pages were written by hand first: their photos come with them (the demo staff's own last two).
    own = ledger.access.own(office.accounts["staff"]).cadre_id if "staff" in office.accounts else None
    handwritten = [(i, c) for i, c in zip(ids, commands) if c["cadre_id"] == own][-2:] or list(zip(ids, commands))[-1:]
    for entry_id, c in handwritten:
        page = demo_handwritten(c["title"], [c["text"][k : k + 20] for k in range(0, len(c["text"]), 20)])
        ledger.notebook.attach_files(entry_id, importer, uploads=[Upload(f"{c['title']}（手写页）.jpg", page)])


PAPERS = [
    ("research_report", "关于阿勒泰地区事业单位分类改革情况的调研报告", "调研七县市事业单位现状，提出分类推进的建议。"),
    ("research_report", "乡镇站所管理体制改革后运行情况调研", "走访二十个乡镇，分析“条块”关系理顺后的成效与问题。"),
    ("theory_article", "以机构编制工作服务地区生态建设的思考", "论述编制资源向生态保护领域倾斜的必要性和路径。"),
    ("research_report", "全地区教育系统编制使用情况调研报告", "摸清中小学教职工编制底数，提出盘活存量的办法。"),
    ("theory_article", "论严控编制总量与保障民生的统一", "从服务民生理念出发，探讨总量控制下的结构调整。"),
    ("research_report", "关于防止混编混岗问题的调研与建议", "梳理混编混岗成因，提出实名制管理的改进措施。"),
    ("theory_article", "新时代机构编制干部“四强”队伍建设探析", "围绕思想、业务、作风、公道四个方面提出队伍建设思路。"),
    ("research_report", "卫生系统编制配置与人才需求匹配情况调研", "分析县乡两级医疗卫生机构编制与人才缺口。"),
    ("theory_article", "机构编制工作支撑人才发展的实践与思考", "结合人才发展规划，讨论按编制结构补充人员。"),
]
COMMENTS = {
    "excellent": ["调研深入，数据翔实，对策可行，建议推荐。", "观点鲜明，论证充分，有较高理论水平。"],
    "good": ["结构完整，建议进一步补充案例数据。", "选题贴近实际，对策部分可再具体些。"],
    "pass": ["基本达到要求，分析深度有待加强。"],
    "fail": ["论证不充分，请重新修改后再报。"],
}


def _papers(ledger: Ledger, office: DemoOffice) -> None:
    rng = office.rng
    year = office.today.year
    director = office.accounts["leader"].via("import")
    own_cadre = ledger.access.own(director).cadre_id
    span = max(1, (office.today - office.start).days)
    for cadre, (_name, _) in office.cadres.items():
        if rng.random() < 0.2:
            continue  # not started yet: visible on the missing list
        writer = office.clerk.via("import")  # entered from the paper ledger by the office
        kind, title, abstract = rng.choice(PAPERS)
        drafted = max(office.start + timedelta(days=rng.randint(0, span // 2)), date(year, 1, 1))
        paper = ledger.papers.draft(
            {"cadre_id": cadre, "year": year, "kind": kind, "title": title, "abstract": abstract},
            writer,
            on=min(drafted, office.today),
        )
        if rng.random() < 0.25:
            continue  # still a draft
        submitted = min(drafted + timedelta(days=rng.randint(7, 21)), office.today)
        manuscript = demo_document(title, [abstract, "", "一、基本情况", "二、存在的问题", "三、对策建议"])
        ledger.papers.submit(paper, writer, on=submitted, uploads=[Upload(f"{title}.pdf", manuscript)])
        if rng.random() < 0.35:
            continue  # awaiting review
        grade = rng.choice(["excellent", "good", "good", "pass", "pass", "fail"])
        reviewed = min(submitted + timedelta(days=rng.randint(3, 10)), office.today)
        grader = writer if cadre == own_cadre else director  # nobody grades his own paper
        ledger.papers.review(paper, {"grade": grade, "comment": rng.choice(COMMENTS[grade])}, grader, on=reviewed)
        if grade == "excellent":
            ledger.papers.recommend(paper, {"comment": "推荐报送地区机构编制委员会"}, grader, on=reviewed)
            if rng.random() < 0.5:
                ledger.papers.publish(paper, {"venue": "《新疆机构编制》"}, writer, on=reviewed)


COUNTY_TRAINEES = [
    {"name": name, "office": f"{county}编办"}
    for name, county in (
        ("马丽", "布尔津县"),
        ("努尔江·哈山", "哈巴河县"),
        ("王芳", "吉木乃县"),
        ("古丽娜尔·托合提", "福海县"),
        ("陈建军", "富蕴县"),
        ("叶尔肯·木拉提", "青河县"),
        ("刘静", "阿勒泰市"),
        ("赵磊", "布尔津县"),
        ("阿依达娜·胡安", "哈巴河县"),
        ("孙涛", "福海县"),
    )
]
"""The county offices' trainees at the region-wide trainings (全地区机构编制系统调训)."""


def _training(ledger: Ledger, office: DemoOffice, importer: Actor) -> None:
    rng = office.rng
    everyone = list(office.cadres)

    def some(n: int) -> list:
        return rng.sample(everyone, min(n, len(everyone)))

    def on(week: int, weekday: int = 1) -> date:
        day = office.start + timedelta(days=7 * week * office.weeks // 8)  # spread over a longer demo too
        return min(day - timedelta(days=day.weekday()) + timedelta(days=weekday), office.today)

    sessions = [
        (
            "全地区机构编制系统干部业务培训班",
            "阿勒泰地委编办",
            "prefecture_system",
            on(1),
            3,
            18,
            "全地区机构编制系统干部",
            some(18),
        ),
        (
            "机构编制实名制管理系统操作培训",
            "新疆维吾尔自治区党委编办",
            "autonomous_region",
            on(2),
            2,
            16,
            "各地州编办业务骨干",
            some(3),
        ),
        ("机构编制法规知识专题讲座", "机关党支部", "internal", on(3, 4), 0, 2, "机关全体干部", everyone),
        ("全国机构编制系统网络培训", "中央编办培训中心", "national", on(4), 5, 24, "机构编制系统干部", some(5)),
        (
            "事业单位登记管理业务培训",
            "阿勒泰地委编办",
            "prefecture_system",
            on(5),
            1,
            12,
            "县市编办登记管理人员",
            some(8),
        ),
        ("机构编制电子政务系统应用培训", "机构编制电子政务中心", "internal", on(6, 2), 0, 3, "机关全体干部", some(20)),
    ]
    ledger.training.record_sessions_batch(
        [
            {
                "title": title,
                "organiser": organiser,
                "level": level,
                "occurred_on": start,
                "end_on": min(start + timedelta(days=days), office.today),
                "hours": hours,
                "audience": audience,
                "attendees": attendees,
                # The region-wide trainings' trainees from the county offices, by name and office.
                "trainees": COUNTY_TRAINEES[: 10 if "业务培训班" in title else 4]
                if level == "prefecture_system"
                else [],
            }
            for title, organiser, level, start, days, hours, audience, attendees in sessions
        ],
        importer,
    )
    hangzhou = ledger.training.record_tour(
        {
            "destination": "浙江省杭州市",
            "purpose": "学习“最多跑一次”改革和机构编制实名制管理的先进经验",
            "occurred_on": on(2, 0),
            "end_on": on(2, 5),
            "members": some(4),
        },
        importer,
    )
    ledger.training.file_report(
        hangzhou,
        {
            "title": "赴浙江省考察学习机构编制工作的报告",
            "text": "一、考察基本情况。考察组一行四人赴杭州市及所属区县编办学习。"
            "二、主要做法。浙江以“最多跑一次”改革为牵引，整合审批职能，推行编制实名制动态管理。"
            "三、几点启示。要以改革促发展，用好用活编制资源，向民生和基层倾斜。",
        },
        importer,
        uploads=[
            Upload(
                "赴浙江省考察学习机构编制工作的报告.pdf",
                demo_document(
                    "赴浙江省考察学习机构编制工作的报告",
                    ["一、考察基本情况", "二、主要做法", "三、几点启示", "", "阿勒泰地委编办考察组"],
                ),
            )
        ],
    )
    ledger.training.record_tour(
        {
            "destination": "昌吉回族自治州",
            "purpose": "学习事业单位分类改革和乡镇站所管理体制改革经验",
            "occurred_on": on(6, 1),
            "end_on": on(6, 3),
            "members": some(3),
        },
        importer,
    )


def _evaluations(ledger: Ledger, office: DemoOffice) -> None:
    """Two quarters of four-strong scores by the director (his deputy scores him), and some self-assessments."""
    rng = office.rng
    this_quarter = Period.containing("quarter", office.today)
    current, previous = this_quarter.code, this_quarter.previous().code
    names = {name: cadre for cadre, (name, _) in office.cadres.items()}
    director, deputy = office.accounts["leader"].via("import"), office.clerk.via("import")
    commands = []
    for cadre, (_name, _) in office.cadres.items():
        base = rng.gauss(86, 4)
        by = deputy if cadre == names.get("王建国") else director  # nobody scores themself
        for period, chance in ((previous, 1.0), (current, 0.5)):
            if rng.random() > chance:
                continue
            scores = {
                d: max(60, min(99, round(base + rng.gauss(0, 3))))
                for d in ("ideology", "proficiency", "conduct", "fairness")
            }
            day = min(Period.parse(period).end + timedelta(days=rng.randint(3, 10)), office.today)
            comment = rng.choice(
                [
                    "政治立场坚定，工作认真负责。",
                    "业务熟练，能独立承担审核任务。",
                    "作风扎实，团结同事，处事公道。",
                    "学习自觉性强，日学一时坚持较好。",
                    "需进一步加强理论学习，提高文稿质量。",
                ]
            )
            commands.append(({"cadre_id": cadre, "period": period, **scores, "comment": comment}, by, day))
            base += rng.gauss(0.5, 1)
        if rng.random() < 0.3:
            ledger.four_strong.self_assess(
                {
                    "cadre_id": cadre,
                    "period": previous,
                    "text": "本季度坚持日学一时，认真完成本职工作，学记一本记录了学习体会；"
                    "不足是调研不够深入，下一步加强。",
                },
                office.clerk.via("import"),
                on=min(Period.parse(previous).end + timedelta(days=2), office.today),
            )
    ledger.four_strong.score_batch(commands)


def seed_at_scale(ledger, office, events: int, *, batch: int = 20_000, progress=None) -> None:
    """Years of daily study going back before the demo's weeks, through the bulk path
    (`record_study_batch`) in batches, until the log holds about `events` events (stamped when
    appended, after the demo office: a bulk import of old sheets)."""
    rng = office.rng
    remaining = events - ledger.app.head()
    importer = office.clerk.via("import")  # the demo administrator, bringing past records in
    cadres = list(office.cadres)
    diligence = {cadre: rng.choice([1.0, 1.0, 0.99, 0.97, 0.9, 0.75]) for cadre in cadres}
    day = office.start - timedelta(days=1)
    commands: list[dict] = []
    while remaining > 0:
        if national(day).working:
            for cadre in cadres:
                if remaining - len(commands) <= 0:
                    break
                if rng.random() > diligence[cadre]:
                    continue
                minutes = rng.choice([60, 60, 60, 70, 80, 90, 120]) if rng.random() > 0.03 else rng.choice([20, 30, 45])
                commands.append(
                    {
                        "cadre_id": cadre,
                        "occurred_on": day,
                        "minutes": minutes,
                        "material": rng.choice(MATERIALS),
                        "mode": "group" if day.weekday() == 4 else "self",
                    }
                )
            if len(commands) >= batch or len(commands) >= remaining:
                ledger.study.record_study_batch(commands, importer)
                remaining -= len(commands)
                commands = []
                if progress:
                    progress(ledger.app.head(), events)
        day -= timedelta(days=1)
