"""The demo jurisdiction: the prefecture's institutions (地直机构) and their quotas since the 2019
reform, people on board, and eight weeks of decisions, hires and departures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from event_store.evidence import Upload

if TYPE_CHECKING:
    from culture_ledger.demo import DemoOffice
    from culture_ledger.ledger import Ledger

APPROVAL_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
"""The demo's scanned 批复文件 (a blank page stands in for the scan)."""


def _decided(
    ledger: Ledger,
    office: DemoOffice,
    kind: str,
    command: dict[str, Any],
    doc_no: str,
    decided_on: date,
    *,
    returned: str | None = None,
    pending: bool = False,
    file: str | None = None,
) -> dict[str, Any] | None:
    """A decision of the demo weeks as the office makes it: the demo staff member's department
    proposes, the demo leader approves with the document (or returns it with `returned`, or has not
    decided yet: `pending`). Without the demo accounts (a plugin's own test), it is recorded in force."""
    s = ledger.staffing
    staff, leader = office.accounts.get("staff"), office.accounts.get("leader")
    if staff is None or leader is None:
        if returned or pending:
            return None
        day = {"hired_on": decided_on} if kind == "hire" else {"decided_on": decided_on}
        made = getattr(s, kind)({**command, "doc_no": doc_no, **day}, office.clerk)
        return {"institution_id": made.hex} if isinstance(made, UUID) else made
    proposal = s.propose(kind, command, staff)
    if returned:
        s.return_proposal({"proposal_id": proposal, "reason": returned}, leader)
        return None
    if pending:
        return None
    uploads = [Upload(file, APPROVAL_PDF)] if file else []
    return s.approve({"proposal_id": proposal, "doc_no": doc_no, "decided_on": decided_on}, leader, uploads=uploads)


# name, kind, field, (administrative, career, work_service) quota, established on
INSTITUTIONS = [
    ("地区生态环境局", "administrative", "ecology", (28, 0, 3), date(2019, 3, 20)),
    ("地区林业和草原局", "administrative", "ecology", (20, 0, 2), date(2019, 3, 20)),
    ("地区农业农村局", "administrative", "modern_agriculture", (32, 0, 4), date(2019, 3, 20)),
    ("地区畜牧兽医局", "administrative", "modern_agriculture", (14, 0, 2), date(2019, 3, 20)),
    ("地区水利局", "administrative", "modern_agriculture", (18, 0, 2), date(2019, 3, 20)),
    ("地区教育局", "administrative", "education", (26, 0, 3), date(2019, 3, 20)),
    ("地区卫生健康委员会", "administrative", "health", (30, 0, 3), date(2019, 3, 20)),
    ("地区人力资源和社会保障局", "administrative", "human_resources", (34, 0, 3), date(2019, 3, 20)),
    ("地区民政局", "administrative", "civil_affairs", (22, 0, 2), date(2019, 3, 20)),
    ("地区住房和城乡建设局", "administrative", "housing", (24, 0, 2), date(2019, 3, 20)),
    ("地区环境监测站", "public_institution", "ecology", (0, 18, 1), date(2019, 4, 8)),
    ("地区农业技术推广中心", "public_institution", "modern_agriculture", (0, 24, 2), date(2019, 4, 8)),
    ("地区教育科学研究所", "public_institution", "education", (0, 18, 1), date(2019, 4, 8)),
    ("地区第二高级中学", "public_institution", "education", (0, 120, 6), date(2019, 4, 8)),
    ("地区疾病预防控制中心", "public_institution", "health", (0, 60, 4), date(2019, 4, 8)),
    ("地区妇幼保健院", "public_institution", "health", (0, 80, 4), date(2019, 4, 8)),
    ("地区社会保险管理局", "public_institution", "social_security", (0, 36, 2), date(2019, 4, 8)),
    ("地区就业服务中心", "public_institution", "human_resources", (0, 20, 1), date(2019, 4, 8)),
    ("地区城乡规划服务中心", "public_institution", "housing", (0, 14, 1), date(2019, 4, 8)),
    ("地区档案馆", "public_institution", "other", (0, 16, 2), date(2019, 4, 8)),
    ("地区机关印刷厂", "public_institution", "other", (0, 6, 8), date(2019, 4, 8)),
    ("福海县乡镇畜牧兽医站", "public_institution", "modern_agriculture", (0, 14, 0), date(2020, 5, 12)),
    ("福海县乡镇农业技术推广站", "public_institution", "modern_agriculture", (0, 12, 0), date(2020, 5, 12)),
]
TOTAL_QUOTA = 800
QUOTA_TYPES = ("administrative", "career", "work_service")

HAN_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
HAN_GIVEN = [
    "建华",
    "秀兰",
    "志强",
    "丽娟",
    "海燕",
    "明",
    "婷",
    "磊",
    "静",
    "军",
    "芳",
    "涛",
    "晓东",
    "红梅",
    "伟",
    "雪",
    "国庆",
    "玉兰",
    "春燕",
    "建军",
    "晨",
    "帆",
    "鹏",
    "慧",
    "宁",
    "新疆",
    "博",
    "欣",
    "瑶",
    "浩",
]
KAZAKH = [
    "叶尔兰",
    "努尔兰",
    "别克",
    "哈力木",
    "沙依兰",
    "加娜尔",
    "阿依古丽",
    "古丽娜尔",
    "巴合提亚尔",
    "努尔苏丹",
    "叶尔肯",
    "阿合买提",
    "哈那提",
    "木拉提",
    "阿勒腾",
    "达吾列提",
    "萨吾列",
    "阿依达娜",
]
UYGHUR = [
    "阿力木江",
    "买买提",
    "热依拉",
    "艾则孜",
    "迪丽努尔",
    "阿不都",
    "玉素甫",
    "阿娜尔古丽",
    "吐尔逊",
    "吾拉尔",
    "帕丽达",
    "艾尔肯",
    "古再丽",
    "努尔艾力",
    "米日古丽",
]


class _Names:
    """Realistic, distinct names for the people on board (Han, Kazakh and Uyghur)."""

    def __init__(self, rng):
        self.rng = rng
        self.used: set[str] = set()

    def one(self) -> str:
        while True:
            roll = self.rng.random()
            if roll < 0.55:
                name = self.rng.choice(HAN_SURNAMES) + self.rng.choice(HAN_GIVEN)
            elif roll < 0.8:
                name = f"{self.rng.choice(KAZAKH)}·{self.rng.choice(KAZAKH)}"
            else:
                name = f"{self.rng.choice(UYGHUR)}·{self.rng.choice(UYGHUR)}"
            if name not in self.used:
                self.used.add(name)
                return name

    def many(self, n: int) -> list[str]:
        return [self.one() for _ in range(n)]


def seed(ledger: Ledger, office: DemoOffice) -> None:
    rng = office.rng
    names = _Names(rng)
    s = ledger.staffing
    s.register_jurisdiction(
        {
            "name": "阿勒泰地区",
            "total_quota": TOTAL_QUOTA,
            "doc_no": "阿地编〔2019〕1号",
            "decided_on": date(2019, 3, 1),
        },
        office.clerk,
    )

    ids: dict[str, UUID] = {}
    with s.batch():  # the years before the demo weeks, appended in one go
        for i, (name, kind, field, quota, on) in enumerate(INSTITUTIONS):
            ideas = ["promote_development"] + (
                ["serve_livelihood"]
                if field in ("education", "health", "social_security", "human_resources", "civil_affairs", "housing")
                else []
            )
            ids[name] = s.establish(
                {
                    "name": name,
                    "kind": kind,
                    "field": field,
                    "administrative_quota": quota[0],
                    "career_quota": quota[1],
                    "work_service_quota": quota[2],
                    "doc_no": f"阿地编〔{on.year}〕{10 + i}号",
                    "decided_on": on,
                    "reason": "地区机构改革，按“三定”方案核定机构编制"
                    if on.year == 2019
                    else "乡镇站所管理体制改革，核定站所编制",
                    "ideas": ideas,
                },
                office.clerk,
            )

        # The people on board when the real-name register was built: most quota filled, some vacant.
        for name, _kind, _field, quota, on in INSTITUTIONS:
            for quota_type, n in zip(QUOTA_TYPES, quota):
                if not n:
                    continue
                filled = n if name == "地区机关印刷厂" else max(0, n - rng.choice([0, 0, 1, 1, 2, 3]))
                if name == "地区畜牧兽医局" or (name == "地区民政局" and quota_type == "work_service"):
                    filled = n - 1  # room for the mixed-staffing hire below, and for the merge
                if name == "地区档案馆" and quota_type == "career":
                    filled = n - 4  # digitised archives: quota the office reallocates below
                if not filled:
                    continue
                s.hire(
                    {
                        "institution_id": ids[name],
                        "quota_type": quota_type,
                        "names": names.many(filled),
                        "hired_on": on + timedelta(days=rng.randint(20, 60)),
                        "doc_no": "机构编制实名制入库",
                        "note": "实名制管理入库核对",
                    },
                    office.clerk,
                )
        # 混编混岗: a work-service post holder doing an administrative job.
        s.hire(
            {
                "institution_id": ids["地区民政局"],
                "quota_type": "work_service",
                "post_type": "administrative",
                "names": names.many(1),
                "hired_on": date(2021, 9, 1),
                "doc_no": "阿地人社〔2021〕33号",
                "note": "工勤人员借调从事行政工作",
            },
            office.clerk,
        )

        # Earlier decisions: the 2019 reform's merge, strict control of the total, a township merge.
        s.merge(
            {
                "merged_ids": [ids["地区畜牧兽医局"]],
                "into_id": ids["地区农业农村局"],
                "doc_no": "阿地编〔2019〕58号",
                "decided_on": date(2019, 12, 16),
                "reason": "畜牧兽医管理职能划入农业农村部门，任务弱化的合",
                "ideas": ["promote_development"],
            },
            office.clerk,
        )
        s.adjust_total_quota(
            {
                "total_quota": TOTAL_QUOTA - 20,
                "doc_no": "阿地编〔2022〕7号",
                "decided_on": date(2022, 2, 28),
                "reason": "严管严控编制总量，收回部分总量余额",
                "ideas": ["support_talent"],
            },
            office.clerk,
        )
        s.adjust_quota(
            {
                "institution_id": ids["地区第二高级中学"],
                "quota_type": "career",
                "delta": 8,
                "doc_no": "阿地编〔2022〕19号",
                "decided_on": date(2022, 8, 10),
                "reason": "加强中小学编制配备，缓解师资不足",
                "ideas": ["serve_livelihood", "support_talent"],
            },
            office.clerk,
        )
        s.set_talent_plan(
            {
                "title": "阿勒泰地区中长期人才发展规划（2011—2020年）及延续目标",
                "targets": [
                    {"field": "education", "quota_type": "career", "target": 150},
                    {"field": "health", "quota_type": "career", "target": 150},
                    {"field": "modern_agriculture", "quota_type": "career", "target": 50},
                    {"field": "ecology", "quota_type": "career", "target": 20},
                    {"field": "social_security", "quota_type": "career", "target": 36},
                ],
                "reason": "按人才发展规划分领域设定在编专业技术人才目标",
            },
            office.clerk,
        )
        # 岗位设置: the public institutions' career places by post category, as their post plans set them.
        for i, (name, kind, _field, quota, on) in enumerate(INSTITUTIONS):
            if kind != "public_institution" or name in ("福海县乡镇畜牧兽医站", "地区机关印刷厂"):
                continue
            career = quota[1] + (8 if name == "地区第二高级中学" else 0)
            management = max(1, career // 8)
            s.classify_posts(
                {
                    "institution_id": ids[name],
                    "professional_posts": career - management - (2 if name == "地区档案馆" else 0),
                    "management_posts": management,
                    "service_posts": quota[2],
                    "doc_no": f"阿地人社〔{max(on.year, 2020)}〕{60 + i}号",
                    "decided_on": max(on, date(2020, 6, 30)),
                },
                office.clerk,
            )

    # The eight demo weeks.
    week = lambda n, d=0: min(office.start + timedelta(weeks=n, days=d), office.today)  # noqa: E731
    for person in _on_board(ledger, ids["地区机关印刷厂"]):
        s.record_departure(
            {
                "person_id": person,
                "left_on": week(0, rng.randint(0, 4)),
                "reason": "transferred_out",
                "note": "机关印刷厂职能消失，人员划转安置",
            },
            office.clerk,
        )
    s.reallocate(
        {
            "from_id": ids["地区档案馆"],
            "to_id": ids["地区第二高级中学"],
            "quota_type": "career",
            "amount": 3,
            "doc_no": f"阿地编〔{week(1).year}〕41号",
            "decided_on": week(1, 1),
            "reason": "盘活存量，档案馆空编调剂用于补充高中教师",
            "ideas": ["serve_livelihood", "support_talent"],
        },
        office.clerk,
    )
    s.abolish(
        {
            "institution_id": ids["地区机关印刷厂"],
            "doc_no": f"阿地编〔{week(1).year}〕44号",
            "decided_on": week(1, 3),
            "reason": "印刷业务社会化，职能消失的撤，编制收回总量",
            "ideas": ["promote_development"],
        },
        office.clerk,
    )
    enforcement = UUID(
        _decided(
            ledger,
            office,
            "establish",
            {
                "name": "地区生态环境保护综合行政执法支队",
                "kind": "public_institution",
                "field": "ecology",
                "career_quota": 12,
                "professional_posts": 10,
                "management_posts": 2,
                "reason": "生态环境保护综合执法改革，发展急需的设",
                "ideas": ["promote_development"],
            },
            f"阿地编〔{week(2).year}〕47号",
            week(2, 2),
            file=f"阿地编〔{week(2).year}〕47号 关于设立地区生态环境保护综合行政执法支队的批复.pdf",
        )["institution_id"]
    )
    _decided(
        ledger,
        office,
        "hire",
        {
            "institution_id": enforcement,
            "quota_type": "career",
            "names": names.many(6),
            "recruitment": "transfer",
            "level": "prefecture",
            "note": "从环境监测站等单位划转执法人员",
            "reason": "执法支队组建，按编制结构配备执法人员",
            "ideas": ["promote_development"],
        },
        f"阿地人社〔{week(3).year}〕12号",
        week(3, 1),
    )
    s.merge(
        {
            "merged_ids": [ids["福海县乡镇畜牧兽医站"], ids["福海县乡镇农业技术推广站"]],
            "new_name": "福海县乡镇农业综合服务站",
            "new_kind": "public_institution",
            "new_field": "modern_agriculture",
            "doc_no": f"阿地编〔{week(3).year}〕50号",
            "decided_on": week(3, 3),
            "reason": "乡镇站所管理体制改革，任务弱化的合",
            "ideas": ["promote_development"],
        },
        office.clerk,
    )
    for inst, n in (("地区第二高级中学", 5), ("地区疾病预防控制中心", 2), ("地区社会保险管理局", 1)):
        vacant = _vacant(ledger, ids[inst], "career")
        if vacant:
            _decided(
                ledger,
                office,
                "hire",
                {
                    "institution_id": ids[inst],
                    "quota_type": "career",
                    "names": names.many(min(n, vacant)),
                    "recruitment": "open_exam",
                    "level": "prefecture",
                    "note": "按编制结构公开招考补充",
                    "reason": "空编补充专业技术人员",
                    "ideas": ["support_talent"],
                },
                f"阿地人社〔{week(4).year}〕{20 + n}号",
                week(4, 2),
            )
    _decided(
        ledger,
        office,
        "adjust_quota",
        {
            "institution_id": ids["地区妇幼保健院"],
            "quota_type": "career",
            "delta": 6,
            "post_category": "professional",
            "reason": "提高卫生系统专业技术人员编制配备比例",
            "ideas": ["serve_livelihood"],
        },
        f"阿地编〔{week(5).year}〕53号",
        week(5, 0),
    )
    # 设 a township health centre and fill it by open examination: 公开招考补充乡镇卫生人员.
    township = _decided(
        ledger,
        office,
        "establish",
        {
            "name": "福海县乡镇卫生院",
            "kind": "public_institution",
            "field": "health",
            "career_quota": 8,
            "professional_posts": 7,
            "management_posts": 1,
            "reason": "完善乡镇医疗卫生服务体系，编制向基层倾斜",
            "ideas": ["serve_livelihood"],
        },
        f"阿地编〔{week(5).year}〕54号",
        week(5, 1),
    )
    if township:
        _decided(
            ledger,
            office,
            "hire",
            {
                "institution_id": township["institution_id"],
                "quota_type": "career",
                "names": names.many(5),
                "recruitment": "open_exam",
                "level": "township",
                "note": "公开招考补充乡镇卫生人员",
                "reason": "公开招考补充乡镇卫生人员",
                "ideas": ["serve_livelihood", "support_talent"],
            },
            f"阿地人社〔{week(6).year}〕31号",
            week(6, 0),
        )
    # A proposal the leader returned: the archives still have vacant places to reallocate first.
    _decided(
        ledger,
        office,
        "adjust_quota",
        {
            "institution_id": ids["地区档案馆"],
            "quota_type": "career",
            "delta": 2,
            "post_category": "professional",
            "reason": "档案数字化需增加专业技术人员",
            "ideas": ["support_talent"],
        },
        "",
        week(5, 3),
        returned="地区档案馆尚有空编，请先盘活存量，不宜核增。",
    )
    s.rename(
        {
            "institution_id": ids["地区就业服务中心"],
            "name": "地区公共就业和人才服务中心",
            "doc_no": f"阿地编〔{week(5).year}〕55号",
            "decided_on": week(5, 2),
            "reason": "整合人才服务职能",
            "ideas": ["support_talent"],
        },
        office.clerk,
    )
    # One hire beyond quota, under the flag policy the office set while recruiting epidemic-prevention staff.
    s.set_over_quota_policy(
        {"policy": "flag", "reason": "疾控急需专业人员，编制调整报批期间先行进人并标记"}, office.clerk
    )
    cdc = ids["地区疾病预防控制中心"]
    vacant = _vacant(ledger, cdc, "career")
    # Two beyond quota at least, and enough to show as fast growth in the year (人员膨胀预警: 6% and 3 people).
    hired = max(vacant + 2, 3, -(-len(_on_board(ledger, cdc)) * 6 // 100))
    s.hire(
        {
            "institution_id": cdc,
            "quota_type": "career",
            "names": names.many(hired),
            "hired_on": week(6, 1),
            "doc_no": f"阿地卫健〔{week(6).year}〕应急招聘",
            "note": "应急招聘，超出编制部分待核增",
        },
        office.clerk,
    )
    s.set_over_quota_policy({"policy": "refuse", "reason": "恢复防止超编进人"}, office.clerk)
    # Awaiting the leader: the quota the epidemic-prevention hire went beyond.
    _decided(
        ledger,
        office,
        "adjust_quota",
        {
            "institution_id": cdc,
            "quota_type": "career",
            "delta": hired - vacant,
            "post_category": "professional",
            "reason": "疾控应急招聘超出编制部分，申请核增专业技术岗位编制",
            "ideas": ["serve_livelihood", "support_talent"],
        },
        "",
        week(7, 0),
        pending=True,
    )
    leaving = [p for p in _on_board(ledger, hired_before=office.start) if p not in set(_on_board(ledger, cdc))]
    for person in rng.sample(leaving, k=7):  # retirements elsewhere: the flagged excess at the CDC stays visible
        s.record_departure(
            {
                "person_id": person,
                "left_on": week(rng.randint(1, 7), rng.randint(0, 4)),
                "reason": rng.choice(["retired", "retired", "retired", "resigned", "transferred_out"]),
                "note": "",
            },
            office.clerk,
        )
    # 中小学 and 教研: the office classes its education institutions, so their quota is a series of its own.
    for name, subfield in (("地区第二高级中学", "primary_secondary"), ("地区教育科学研究所", "teaching_research")):
        ledger.staffing_subfields.class_institution({"institution_id": ids[name], "subfield": subfield}, office.clerk)


def _on_board(ledger: Ledger, institution_id: UUID | None = None, hired_before: date | None = None) -> list[UUID]:
    where, params = "", []
    if institution_id:
        where, params = where + " AND institution_id = ?", params + [institution_id.hex]
    if hired_before:
        where, params = where + " AND hired_on < ?", params + [hired_before.isoformat()]
    return [
        UUID(r["id"])
        for r in ledger.query(f"SELECT id FROM staffing_people WHERE left_on IS NULL{where} ORDER BY name", params)
    ]


def _vacant(ledger: Ledger, institution_id: UUID, quota_type: str) -> int:
    quota = ledger.scalar(f"SELECT quota_{quota_type} FROM staffing_institutions WHERE id = ?", (institution_id.hex,))
    actual = ledger.scalar(
        "SELECT COUNT(*) FROM staffing_people WHERE institution_id = ? AND quota_type = ? AND left_on IS NULL",
        (institution_id.hex, quota_type),
    )
    return max((quota or 0) - (actual or 0), 0)
