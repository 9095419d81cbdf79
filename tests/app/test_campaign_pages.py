"""The article's practices on the demo office's pages, in Chinese and without a code word: the
自身建设年活动 with its linked records, 五型机关 as a campaign with each department's score beside what it
did, the third 三争做 strand, the region-wide training's county trainees, and a cadre's own 积分."""

import pytest

from culture_ledger.ledger import Ledger
from domain.actor import Actor
from plugins.campaigns.projections import campaigns
from tests.app.pages import every_text, run_page
from tests.screen_words import code_words

LEADER = Actor("demo-leader", "leader", "form")
STAFF = Actor("demo-staff", "staff", "form")


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("campaign_pages", weeks=3)


def test_a_leader_reads_the_self_building_year_and_the_five_type_campaign(demo_store):
    at = run_page("campaigns", demo_store, LEADER)
    assert not at.exception and code_words(every_text(at)) == {}
    picker = at.selectbox(key="campaigns_open")
    names = picker.options  # as the leader reads them
    assert any("自身建设年活动" in n for n in names) and any("五型机关" in n for n in names)
    texts = every_text(at)
    assert any(t.startswith("已关联记录") for t in texts) and "政治坚定" in texts  # per carrier, by its name

    led = Ledger(url=demo_store)
    five = next(c["id"] for c in campaigns(led) if c["organ_types"])
    led.close()
    picker.set_value(five).run()
    assert not at.exception and code_words(every_text(at)) == {}
    texts = every_text(at)
    assert "学习型" in texts and "五型机关创建" in texts
    assert any("项 ·" in t and "分" in t for t in texts)  # what a department did, its score beside it


def test_the_third_strand_the_county_trainees_and_a_cadres_own_points_read_in_chinese(demo_store):
    pledges = run_page("political", demo_store, LEADER)
    assert not pledges.exception and code_words(every_text(pledges)) == {}
    assert {"重大问题旗帜鲜明", "关键时刻头脑清醒 ★"} <= set(every_text(pledges))

    training = run_page("study-training", demo_store, LEADER)
    assert not training.exception and code_words(every_text(training)) == {}
    assert "布尔津县编办" in every_text(training)

    home = run_page("home", demo_store, STAFF)
    assert not home.exception and code_words(every_text(home)) == {}
    assert any(t.startswith("本年积分") for t in every_text(home))
    profile = run_page("study-profile", demo_store, STAFF)
    assert not profile.exception and code_words(every_text(profile)) == {}
    assert "我的积分（" in " ".join(every_text(profile))


@pytest.mark.parametrize("event", ["专项活动已关联记录", "业务培训已登记外单位学员"])
def test_an_auditor_reads_a_link_and_the_county_trainees_in_words(demo_store, event):
    at = run_page("audit-events", demo_store, Actor("demo-auditor", "auditor", "form"))
    topics = at.selectbox(key="audit_topic")
    topics.select(next(o for o in topics.options if o == event)).run()
    assert not at.exception and code_words(every_text(at)) == {}
    assert any(event in option for option in at.selectbox(key="audit_event").options)
