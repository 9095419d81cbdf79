"""The staffing, people and accounts pages read in the office's own words: every coded value has
its label and every column its header, for every role that may open the page; the rating scale
reads as an office's grades, best first; the menu names the three ideas; a staff member's home
page holds nothing of the auditors' log."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from culture_ledger.ledger import Ledger
from culture_ledger.registry import Registry
from domain.actor import Actor
from domain.vocabulary import ROLES
from plugins.political.domain import SCORES
from plugins.staffing.projections import talent_progress
from tests.app.pages import every_text, run_page
from tests.screen_words import code_words

REGISTRY = Registry.load(entry_point_group=None)
ROOT = Path(__file__).resolve().parents[2]
DEMO_USERNAMES = {f"demo-{role}" for role in ROLES}


def roles_of(path: str) -> list[str]:
    return list(next(p for p in REGISTRY.pages if p.path == path).roles)


def as_role(role: str) -> Actor:
    return Actor(f"demo-{role}", role, "form")


@pytest.fixture(scope="module")
def demo_store(demo_office_copy) -> str:
    return demo_office_copy("words", weeks=3)


@pytest.mark.parametrize("role", roles_of("standards"))
def test_the_staffing_signals_on_the_standards_page_read_in_words(demo_store, role):
    at = run_page("standards", demo_store, as_role(role))
    assert not at.exception
    signals = next(tab for tab in at.tabs if tab.label == "编制预警")
    texts = every_text(signals)
    assert code_words(texts) == {}
    # the demo's mixed staffing is there, with its quota and its post in words
    assert {"单位", "姓名", "所占编制", "所在岗位"} <= set(texts)
    assert "工勤编制" in texts and "行政岗位" in texts


@pytest.mark.parametrize("role", roles_of("staffing-plan"))
def test_the_talent_plan_and_its_editor_read_in_words(demo_store, role):
    at = run_page("staffing-plan", demo_store, as_role(role))
    assert not at.exception
    assert code_words(every_text(at)) == {}


def test_the_talent_plan_editor_shows_labels_in_its_columns_and_cells(demo_store):
    at = run_page("staffing-plan", demo_store, as_role("admin"))
    editor = at.dataframe[-1].value  # the editable grid comes after the progress table
    assert list(editor.columns) == ["领域", "编制类型", "规划目标"]
    assert {"教育", "卫生"} <= set(editor["领域"]) and "事业编制" in set(editor["编制类型"])


def test_saving_the_talent_plan_as_shown_keeps_the_stored_codes(demo_store):
    ledger = Ledger(url=demo_store)
    before = [(r["field"], r["quota_type"], r["target"]) for r in talent_progress(ledger)]
    head = ledger.app.head()
    at = run_page("staffing-plan", demo_store, as_role("admin"))
    at.text_input(key="stf_plan_reason").set_value("按人才发展规划中期评估重新核对")
    next(b for b in at.button if b.label == "设定规划目标").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    ledger.catch_up()
    assert ledger.app.head() > head  # a new edition of the plan was recorded
    assert [(r["field"], r["quota_type"], r["target"]) for r in talent_progress(ledger)] == before
    ledger.close()


@pytest.mark.parametrize(
    "path, role",
    [
        (path, role)
        for path in ("staffing", "staffing-decisions", "staffing-staff", "people", "access-log", "home")
        for role in roles_of(path)
    ],
)
def test_the_staffing_people_and_access_pages_read_in_words(demo_store, path, role):
    at = run_page(path, demo_store, as_role(role))
    assert not at.exception
    assert code_words(every_text(at)) == {}


def test_the_accounts_page_shows_usernames_as_data_and_everything_else_in_words(demo_store):
    at = run_page("accounts", demo_store, as_role("admin"))
    assert not at.exception
    found = code_words(every_text(at))
    assert {word for words in found.values() for word in words} <= DEMO_USERNAMES
    texts = every_text(at)
    assert "监督检查人员" in texts and "正常" in texts  # roles and states are words
    assert "何俊（demo-admin）" in texts  # a username picker says whose account it is


def test_the_access_record_says_who_opened_what_through_which_channel_in_words(demo_store):
    at = run_page("access-log", demo_store, as_role("auditor"))
    shown = at.dataframe[0].value
    assert "胡晓东" in set(shown["访问人"]) and "网页" in set(shown["渠道"])
    assert "打开页面：访问记录" in set(shown["访问内容"])
    assert any(detail.startswith("起始日期 ") for detail in shown["范围"])


def test_the_pledge_rating_reads_as_an_offices_grades_best_first(demo_store):
    at = run_page("political", demo_store, as_role("leader"))
    [scale] = {tuple(slider.options) for slider in at.select_slider}
    words = [re.sub(r"[\d\s]", "", option) for option in scale]
    assert words == ["优秀", "良好", "合格", "基本合格", "不合格"]
    assert [int(re.match(r"\d", option).group()) for option in scale] == sorted(SCORES, reverse=True)
    assert not [e.label for e in at.expander if "一般" in e.label or "较差" in e.label]


def test_the_menu_section_of_the_staffing_pages_is_named_for_the_three_ideas():
    from culture_ledger.i18n import Catalog

    catalog = Catalog(REGISTRY.translations())
    sections = {catalog.t("zh", p.section) for p in REGISTRY.pages if p.path.startswith("staffing")}
    assert sections == {"三大理念"}


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_a_home_page_without_the_audit_right_holds_nothing_of_the_log(demo_store, role):
    text = " ".join(every_text(run_page("home", demo_store, as_role(role))))
    for word in ("链哈希", "日志位置", "台账事件", "台账记录总数"):
        assert word not in text


def test_the_readme_role_table_names_each_role_as_the_screens_do():
    from culture_ledger.i18n import Catalog

    catalog = Catalog(REGISTRY.translations())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for role in ROLES:
        rows = [line for line in readme.splitlines() if line.startswith(f"| {role} ")]
        assert rows, role
        assert all(catalog.t("zh", f"role.{role}") in row for row in rows), rows
    assert "docs/GLOSSARY.md" in readme and (ROOT / "docs" / "GLOSSARY.md").exists()
