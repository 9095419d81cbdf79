"""The overview's rankings as a leader reads them on the demo office: a tab per kind of unit, each
ranking under its own headers (名次, 姓名 or 机构, the measure's own word), values as scores and percents."""

import pytest

from domain.actor import Actor
from tests.app.pages import every_text, run_page
from tests.screen_words import code_words


@pytest.fixture(scope="module")
def demo_store(demo_office_copy):
    return demo_office_copy("rankings-page", weeks=3)


def rankings(at) -> dict[tuple[str, ...], list]:
    """The ranking tables on the page (those whose first column is 名次), by their headers."""
    frames = [frame.value for frame in at.dataframe]
    return {tuple(f.columns): f for f in frames if len(f.columns) and f.columns[0] == "名次"}


def test_the_ranking_tabs_show_people_and_institutions_apart_under_their_own_headers(demo_store):
    at = run_page("overview", demo_store, Actor("demo-leader", "leader", "form"), "zh")
    assert not at.exception, [e.value for e in at.exception]

    assert {"科室排名", "人员排名", "机构排名"} <= {tab.label for tab in at.tabs}
    tables = rankings(at)
    headers = set(tables)
    assert ("名次", "姓名", "科室", "平均分") in headers
    assert ("名次", "姓名", "科室", "达标率") in headers
    assert ("名次", "机构", "空编数") in headers
    assert not code_words([h for header in headers for h in header])
    assert all("length" not in header and "quota" not in header for header in headers)

    scores = tables[("名次", "姓名", "科室", "平均分")]["平均分"]
    assert all(len(s.split(".")[-1]) == 1 for s in scores)  # a score with one decimal
    assert all(s.endswith("%") for s in tables[("名次", "姓名", "科室", "达标率")]["达标率"])
    assert tables[("名次", "姓名", "科室", "平均分")]["姓名"].is_unique  # one row per person, not per evaluation
    assert code_words(every_text(at)) == {}  # no length, no quota, anywhere on the page
