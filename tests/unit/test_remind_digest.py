"""A digest fits the robot it goes to: WeCom takes 4,096 bytes of markdown and DingTalk 20,000 of
text, so a long one lists what fits and counts the rest instead of being refused whole."""

import re
from datetime import date, timedelta

import pytest

from culture_ledger.i18n import Catalog
from culture_ledger.registry import Task
from plugins.remind.delivery import MESSAGE_LIMITS, Webhook
from plugins.remind.digest import Digest, Item, Wording
from plugins.remind.locale import TRANSLATIONS
from tests.remind_chores import plugin as chores

TODAY = date(2026, 12, 7)


def words() -> Wording:
    return Wording(Catalog({lang: {**TRANSLATIONS[lang], **chores.translations[lang]} for lang in ("zh", "en")}))


def inbox(count: int) -> Digest:
    """A leader with `count` activities awaiting review, the first one overdue."""
    items = [
        Item(
            "chores.leader",
            "chores.source.leader",
            Task(
                "chores.review",
                "overdue" if n == 0 else "review",
                {"title": f"第 {n} 次廉洁教育专题讲座"},
                due=TODAY - timedelta(days=1) if n == 0 else None,
                who="阿依古丽·努尔兰",
            ),
        )
        for n in range(count)
    ]
    return Digest("wangjianguo", "王建国", None, TODAY, items)


@pytest.mark.parametrize(("format", "key"), [("wecom", "markdown"), ("dingtalk", "text")])
def test_a_digest_too_long_for_the_robot_lists_what_fits_and_counts_the_rest(format, key):
    body = Webhook("http://127.0.0.1/robot", format).body(inbox(400), words())
    content = body[key]["content"]
    assert len(content.encode("utf-8")) <= MESSAGE_LIMITS[format]
    listed = len(re.findall(r"廉洁教育专题讲座", content))
    assert 0 < listed < 400
    assert f"……另有 {400 - listed} 项，请登录台账查看。" in content
    assert content.endswith("请登录机关文化建设台账办理。")
    assert "400 项" in content.splitlines()[0]  # the subject still counts them all


def test_a_digest_that_fits_is_sent_whole():
    content = Webhook("http://127.0.0.1/robot", "wecom").body(inbox(3), words())["markdown"]["content"]
    assert content.count("廉洁教育专题讲座") == 3 and "另有" not in content
    assert '（截止 12月6日，<font color="warning">已逾期</font>，涉及 阿依古丽·努尔兰）' in content
