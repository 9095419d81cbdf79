"""日常事务: a small outside plugin with to-do sources, so the reminder tests know exactly what is
due for whom. It is installed like any outside package (an entry point in a site folder), so
`culture-ledger remind` finds it the way it finds every plugin.

For staff: today's study (due today), last month's paper (overdue), an activity a leader returned
(with his reason, which holds markup characters that must stay text) and one thing already done.
For each cadre the office registers, staff get a welcome
(so a test can make something new due). For leaders: an activity awaiting review. For staff and leaders alike: the same meeting, asked of
both roles (a person holding both is reminded of it once). Admins: only something done. Auditors
are asked nothing."""

from __future__ import annotations

import sys
from datetime import date, timedelta

import pytest

from culture_ledger.registry import Plugin, Task, Todo

RETURN_REASON = "照片不清晰，请重新上传 <b>签到表</b> *原件*"


def staff_tasks(ledger, actor, today: date) -> list[Task]:
    return [
        Task("chores.study_today", "due", {"minutes": 60}, due=today, page="study-daily"),
        Task("chores.paper", "overdue", {"year": today.year}, due=today - timedelta(days=7), page="study-paper"),
        Task(
            "chores.returned",
            "returned",
            {"title": "三争做主题党日"},
            page="political",
            record="a1",
            note=RETURN_REASON,
        ),
        Task("chores.done", "done", {}, due=today),
    ]


def welcome(ledger, actor, today: date) -> list[Task]:
    """Something new each time the office registers a cadre (to show that a new item is sent)."""
    return [
        Task("chores.welcome", "due", {"name": r["name"]}, due=today) for r in ledger.query("SELECT name FROM cadres")
    ]


def leader_tasks(ledger, actor, today: date) -> list[Task]:
    return [Task("chores.review", "review", {"title": "廉洁教育专题讲座"}, page="integrity", record="b2", who="张伟")]


def meeting(ledger, actor, today: date) -> list[Task]:
    return [Task("chores.meeting", "due", {}, due=today + timedelta(days=2))]


def admin_tasks(ledger, actor, today: date) -> list[Task]:
    return [Task("chores.done", "done", {}, due=today)]


plugin = Plugin(
    id="chores",
    title="chores.title",
    todos=(
        Todo("chores.staff", "chores.source.staff", staff_tasks, roles=("staff",)),
        Todo("chores.leader", "chores.source.leader", leader_tasks, roles=("leader",)),
        Todo("chores.meeting", "chores.source.meeting", meeting, roles=("staff", "leader")),
        Todo("chores.welcome", "chores.source.welcome", welcome, roles=("staff",)),
        Todo("chores.admin", "chores.source.admin", admin_tasks, roles=("admin",)),
    ),
    translations={
        "zh": {
            "chores.title": "日常事务",
            "chores.source.staff": "日学一时",
            "chores.source.leader": "审核",
            "chores.source.meeting": "会议",
            "chores.source.admin": "设置",
            "chores.source.welcome": "新同事",
            "chores.welcome": "认识新同事{name}",
            "chores.study_today": "今日学习 {minutes} 分钟",
            "chores.paper": "{year} 年度理论文章",
            "chores.returned": "活动记录“{title}”",
            "chores.review": "活动“{title}”待确认",
            "chores.meeting": "全体干部会",
            "chores.done": "已完成的事项",
        },
        "en": {
            "chores.title": "Chores",
            "chores.source.staff": "Daily study",
            "chores.source.leader": "Review",
            "chores.source.meeting": "Meetings",
            "chores.source.admin": "Settings",
            "chores.source.welcome": "New colleagues",
            "chores.welcome": "Meet {name}",
            "chores.study_today": "Study {minutes} minutes today",
            "chores.paper": "Paper of {year}",
            "chores.returned": "Activity record “{title}”",
            "chores.review": "Activity “{title}” to confirm",
            "chores.meeting": "All-staff meeting",
            "chores.done": "Something done",
        },
    },
)


@pytest.fixture(scope="module")
def chores(tmp_path_factory):
    """The plugin installed through its entry point for the tests of one module."""
    site = tmp_path_factory.mktemp("site")
    dist = site / "culture_ledger_chores-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: culture-ledger-chores\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[culture_ledger.plugins]\nchores = {__name__}:plugin\n")
    sys.path.insert(0, str(site))
    yield plugin
    sys.path.remove(str(site))
