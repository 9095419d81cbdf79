"""The carrier and study pages read in the office's words, for every role that may open them: no code
word, no username, no English on a Chinese screen; whoever scored or graded is named; a refusal that
concerns the whole form names the field it is about, never "_"."""

from __future__ import annotations

import pytest

from culture_ledger.registry import Registry
from domain.actor import Actor
from tests.app.pages import every_text, run_page
from tests.app.test_carrier_forms import CLERK, by_label, office, open_page  # noqa: F401 (office: a fixture)
from tests.screen_words import code_words

REGISTRY = Registry.load(entry_point_group=None)
CARRIERS = {p.id for p in REGISTRY.carriers}
PAGES = [
    (page.path, role)
    for plugin in REGISTRY.plugins
    if plugin.id in CARRIERS or plugin.id == "study"
    for page in plugin.pages
    for role in page.roles
]


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("words")


def demo(role: str) -> Actor:
    return Actor(f"demo-{role}", role, "form")


@pytest.mark.parametrize(("path", "role"), PAGES, ids=[f"{p}-{r}" for p, r in PAGES])
def test_a_carrier_or_study_page_reads_in_chinese_without_a_code_word_or_a_username(demo_store, path, role):
    at = run_page(path, demo_store, demo(role), "zh")
    assert not at.exception, [e.value for e in at.exception]
    assert code_words(every_text(at)) == {}


def column(at, header: str) -> set[str]:
    """Every cell under one header, in every table of the page."""
    return {str(v) for frame in at.dataframe if header in frame.value.columns for v in frame.value[header]}


def test_the_paper_overview_names_the_leader_who_graded_a_paper(demo_store):
    at = run_page("study-paper", demo_store, demo("leader"), "zh")
    graders = column(at, "评定人") - {""}
    assert graders and "王建国" in graders
    assert not any(g.startswith("demo-") for g in graders)


def test_a_four_strong_score_names_the_leader_who_gave_it(demo_store):
    at = run_page("study-evaluation", demo_store, demo("leader"), "zh")
    assert "王建国" in column(at, "评分人")
    assert not any(name.startswith("demo-") for name in column(at, "评分人"))


def test_a_record_history_names_who_did_each_step(demo_store):
    at = run_page("political", demo_store, demo("leader"), "zh")
    who = column(at, "经办人")
    assert who and who <= {"张伟", "王建国", "胡晓东", "何俊"}


def test_a_refusal_of_the_whole_form_names_its_field_and_never_shows_an_underscore(office, store_url):
    """More present than expected is a check over the whole activity: the error says which field."""
    at = open_page("political", store_url, CLERK)
    by_label(at.text_input, "活动名称").input("理想信念专题教育")
    by_label(at.number_input, "应到人数").set_value(1)
    by_label(at.number_input, "实到人数").set_value(2)
    next(b for b in at.button if (b.form_id or "").startswith("political_new_form")).click().run()
    errors = [e.value for e in at.error]
    assert errors, "the activity was not refused"
    assert any("实到人数：" in e for e in errors), errors
    assert not any("_" in e for e in errors), errors
