"""What the five carrier plugins share beyond activities: the step-by-step history of their own
records (who did what, when, and why), kept by each carrier's projection."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from event_store.projection import Db
from plugins.carrier.activities import ActivityService

HISTORY_COLUMNS = (
    "record_id TEXT NOT NULL, position INTEGER NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, "
    "account TEXT NOT NULL, role TEXT NOT NULL, reason TEXT, PRIMARY KEY (record_id, position)"
)
"""The columns of a carrier's `<carrier>_history` table."""


def write_history(db: Db, table: str, e: Any, position: int, action: str, reason: str | None = None) -> None:
    """One step of a record's history, from the event that made it."""
    db.execute(
        f"INSERT INTO {table} VALUES (?,?,?,?,?,?,?)",
        (e.originator_id.hex, position, e.timestamp.isoformat(), action, e.by.account, e.by.role, reason),
    )


def record_history(ledger: Any, table: str, record_id: str) -> list[dict[str, Any]]:
    return ledger.query(
        f"SELECT position, at, action, account, role, reason FROM {table} WHERE record_id = ? ORDER BY position",
        (record_id,),
    )


CARRIER_ZH = {
    "carrier.ui.from": "起始日期",
    "carrier.ui.to": "截止日期",
    "carrier.ui.search": "搜索（名称、内容、成效、地点）",
    "carrier.ui.absentees_help": "每行一人，或用顿号、逗号分隔；缺席人数须等于应到减实到。",
    "carrier.ui.evidence_help": "照片、签到表、文件等；按内容哈希保存，改动可被发现。",
    "carrier.ui.recorded_for_review": "已记录并提交领导审核。",
    "carrier.ui.open": "查看一条记录",
    "carrier.ui.download": "下载",
    "carrier.ui.history": "办理过程",
    "carrier.ui.confirm": "确认",
    "carrier.ui.return": "退回",
    "carrier.ui.return_reason": "退回原因",
    "carrier.ui.resubmit": "重新提交审核",
    "carrier.ui.correct": "更正或撤回",
    "carrier.ui.add_evidence": "补充佐证材料",
    "carrier.ui.tab.records": "活动台账",
    "carrier.ui.tab.record": "登记活动",
    "carrier.ui.tab.gaps": "空白提醒",
    "carrier.ui.tab.charts": "统计图表",
    "carrier.ui.indicators": "指标",
    "carrier.status.draft": "草稿",
    "carrier.status.submitted": "待审核",
    "carrier.status.confirmed": "已确认",
    "carrier.status.returned": "已退回",
    "carrier.status.withdrawn": "已撤回",
    "carrier.col.occurred_on": "日期",
    "carrier.col.kind": "类型",
    "carrier.col.title": "名称",
    "carrier.col.detail": "要点",
    "carrier.col.department": "科室",
    "carrier.col.attendance": "实到/应到",
    "carrier.col.absent": "缺席",
    "carrier.col.ideas": "服务理念",
    "carrier.col.evidence": "佐证",
    "carrier.col.status": "状态",
    "carrier.col.field": "项目",
    "carrier.col.value": "内容",
    "carrier.evidence.missing": "佐证文件缺失（sha256 {sha}）。",
    "carrier.evidence.altered": "佐证文件已被改动：内容与登记时的哈希不符（sha256 {sha}）。",
    "carrier.action.recorded": "登记",
    "carrier.action.submitted": "提交审核",
    "carrier.action.confirmed": "确认",
    "carrier.action.returned": "退回",
    "carrier.action.amended": "更正",
    "carrier.action.withdrawn": "撤回",
    "carrier.history.at": "时间",
    "carrier.history.action": "操作",
    "carrier.history.account": "账号",
    "carrier.history.role": "身份",
    "carrier.history.reason": "原因",
    "carrier.history.position": "日志位置",
    "carrier.gaps.caption": "{start} 至 {end} 期间没有已确认活动的科室。",
    "carrier.gaps.none": "各科室在本期都有已确认的活动。",
    "carrier.gaps.some": "{n} 个科室本期没有已确认的活动：",
    "carrier.chart.confirmed": "已确认活动数",
    "carrier.ui.only_leaders": "只有领导可以评定。",
    "carrier.action.rated": "评定",
    "carrier.action.milestone_planned": "计划节点",
    "carrier.action.milestone_reported": "报告进度",
    "carrier.action.revised": "修订",
    "carrier.action.repealed": "废止",
    "carrier.action.resolved": "整改完成",
    "carrier.action.evaluated": "评估",
    "carrier.action.adopted": "采纳",
    "carrier.action.piloted": "试点",
    "carrier.action.implemented": "推广实施",
    "carrier.action.rejected": "不予采纳",
    "carrier.action.assessed": "评估",
    "carrier.ui.record_history": "该记录的办理过程",
    "carrier.ui.choose": "选择一条记录",
}

CARRIER_EN = {
    "carrier.ui.from": "From",
    "carrier.ui.to": "To",
    "carrier.ui.search": "Search (title, content, outcome, place)",
    "carrier.ui.absentees_help": "One name a line, or separated by commas; absentees must equal expected minus present.",
    "carrier.ui.evidence_help": "Photos, sign-in sheets, documents; kept by content hash, so a change is detectable.",
    "carrier.ui.recorded_for_review": "Recorded and submitted for a leader's review.",
    "carrier.ui.open": "Open a record",
    "carrier.ui.download": "Download",
    "carrier.ui.history": "History",
    "carrier.ui.confirm": "Confirm",
    "carrier.ui.return": "Return",
    "carrier.ui.return_reason": "Reason for returning",
    "carrier.ui.resubmit": "Submit for review again",
    "carrier.ui.correct": "Amend or withdraw",
    "carrier.ui.add_evidence": "Add evidence files",
    "carrier.ui.tab.records": "Activities",
    "carrier.ui.tab.record": "Record an activity",
    "carrier.ui.tab.gaps": "Gaps",
    "carrier.ui.tab.charts": "Charts",
    "carrier.ui.indicators": "Indicators",
    "carrier.status.draft": "Draft",
    "carrier.status.submitted": "Awaiting review",
    "carrier.status.confirmed": "Confirmed",
    "carrier.status.returned": "Returned",
    "carrier.status.withdrawn": "Withdrawn",
    "carrier.col.occurred_on": "Date",
    "carrier.col.kind": "Kind",
    "carrier.col.title": "Title",
    "carrier.col.detail": "Detail",
    "carrier.col.department": "Department",
    "carrier.col.attendance": "Present/expected",
    "carrier.col.absent": "Absent",
    "carrier.col.ideas": "Ideas served",
    "carrier.col.evidence": "Evidence",
    "carrier.col.status": "Status",
    "carrier.col.field": "Field",
    "carrier.col.value": "Value",
    "carrier.evidence.missing": "Evidence file missing (sha256 {sha}).",
    "carrier.evidence.altered": "Evidence file altered: its content no longer matches the recorded hash (sha256 {sha}).",
    "carrier.action.recorded": "Recorded",
    "carrier.action.submitted": "Submitted",
    "carrier.action.confirmed": "Confirmed",
    "carrier.action.returned": "Returned",
    "carrier.action.amended": "Amended",
    "carrier.action.withdrawn": "Withdrawn",
    "carrier.history.at": "When",
    "carrier.history.action": "Action",
    "carrier.history.account": "Account",
    "carrier.history.role": "Role",
    "carrier.history.reason": "Reason",
    "carrier.history.position": "Log position",
    "carrier.gaps.caption": "Departments with no confirmed activity between {start} and {end}.",
    "carrier.gaps.none": "Every department held a confirmed activity in this period.",
    "carrier.gaps.some": "{n} departments held no confirmed activity in this period:",
    "carrier.chart.confirmed": "Confirmed activities",
    "carrier.ui.only_leaders": "Only leaders give ratings.",
    "carrier.action.rated": "Rated",
    "carrier.action.milestone_planned": "Milestone planned",
    "carrier.action.milestone_reported": "Progress reported",
    "carrier.action.revised": "Revised",
    "carrier.action.repealed": "Repealed",
    "carrier.action.resolved": "Resolved",
    "carrier.action.evaluated": "Evaluated",
    "carrier.action.adopted": "Adopted",
    "carrier.action.piloted": "Piloted",
    "carrier.action.implemented": "Implemented",
    "carrier.action.rejected": "Rejected",
    "carrier.action.assessed": "Assessed",
    "carrier.ui.record_history": "This record's history",
    "carrier.ui.choose": "Choose a record",
}


TRANSLATIONS = {
    "zh": {"plugin.carrier": "五大载体", **CARRIER_ZH},
    "en": {"plugin.carrier": "The five carriers", **CARRIER_EN},
}
"""The carrier kit's own words, shared by every carrier page (a carrier's catalog holds only its own)."""


# --- demo data every carrier shares ------------------------------------------------------


def demo_actors(office: Any):
    """Who records the demo office's activities (the office clerk, entering them from the paper
    ledgers for every department) and the demo leader who reviews them: both real accounts."""
    return office.clerk.via("import"), office.accounts["leader"]


def demo_fate(rng: Any, day: date, today: date) -> str:
    """What became of a demo record: the last week's mostly await review; older ones are mostly confirmed."""
    if (today - day).days <= 7 and rng.random() < 0.7:
        return "submitted"
    return rng.choices(["confirmed", "returned", "withdrawn"], weights=[88, 7, 5])[0]


def demo_attendance(rng: Any, office: Any, department_id: Any = None, most_absent: int = 2) -> dict[str, Any]:
    """Expected, present and named absentees among a department's cadres (the whole office when None)."""
    names = [name for name, dept in office.cadres.values() if department_id is None or dept == department_id]
    absent = rng.sample(names, min(len(names), rng.choice([0, 0, 1, 1, 2, most_absent])))
    return {"expected": len(names), "present": len(names) - len(absent), "absentees": absent}


def demo_photo(caption: str) -> bytes:
    """A small generated photo standing in for a scene or a sign-in sheet."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (200, 214, 229))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 310, 190), outline=(120, 40, 40), width=3)
    draw.text((24, 90), caption.encode("ascii", "replace").decode()[:40], fill=(60, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class DemoActivities:
    """A carrier's demo activities, collected, then recorded and reviewed through the bulk paths
    of the activity service (one append each, so `culture-ledger demo` stays quick)."""

    def __init__(self, ledger: Any, office: Any):
        self.ledger, self.office = ledger, office
        self.commands: list[dict[str, Any]] = []

    def add(self, command: dict[str, Any], *, photo: bool = False) -> None:
        if photo:
            ref = self.ledger.service(ActivityService).put_evidence(
                f"现场照片_{command['occurred_on']:%Y%m%d}.png",
                demo_photo(f"{command['kind']} {command['occurred_on']}"),
                "image/png",
            )
            command = {**command, "evidence": [*command.get("evidence", []), ref]}
        self.commands.append(command)

    def flush(self) -> list[Any]:
        """Record everything collected; the director confirms most, returns a few; a few are withdrawn."""
        staff, leader = demo_actors(self.office)
        rng = self.office.rng
        ids = self.ledger.service(ActivityService).record_batch(self.commands, staff)
        fates = [demo_fate(rng, c["occurred_on"], self.office.today) for c in self.commands]
        # Whatever the dice said, a leader opening the demo sees every state at least once.
        newest_first = sorted(range(len(fates)), key=lambda n: self.commands[n]["occurred_on"], reverse=True)
        for fate in ("submitted", "returned", "withdrawn"):
            if fate not in fates and len(fates) >= 4:
                spare = [n for n in newest_first if fates[n] == "confirmed"]
                if spare:
                    fates[spare[0] if fate == "submitted" else spare[-1]] = fate
        reasons = ["缺少签到表，请补充佐证材料", "缺席人员与签到表不一致"]
        self.ledger.service(ActivityService).review_batch(
            [
                (i, "confirm" if fate in ("confirmed", "withdrawn") else "return", rng.choice(reasons))
                for i, fate in zip(ids, fates)
                if fate != "submitted"
            ],
            leader,
        )
        for i, fate in zip(ids, fates):
            if fate == "withdrawn":
                self.ledger.service(ActivityService).withdraw(i, "重复登记，以另一条为准", staff)
        self.commands = []
        return ids


def weekdays(start: date, end: date, every: int = 1) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days[::every]
