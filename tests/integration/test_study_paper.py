"""年撰一文: the year's paper from draft through grading to publication, one per cadre and year,
and who is missing one."""

from datetime import date

import pytest

from domain import clock
from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.study.paper.queries import paper_of, paper_submission_rate, papers_of_year


def paper(office, **over):
    return {
        "cadre_id": office.wang,
        "year": clock.today().year,
        "kind": "research_report",
        "title": "关于阿勒泰地区事业单位分类改革的调研报告",
        "abstract": "调研了七县市的事业单位。",
        **over,
    }


def test_a_paper_goes_from_draft_through_review_to_publication(ledger, office, staff, leader):
    paper_id = ledger.papers.draft(paper(office), staff)
    assert paper_of(ledger, office.wang.hex, clock.today().year)["state"] == "draft"
    ledger.papers.submit(paper_id, staff)
    ledger.papers.review(paper_id, {"grade": "excellent", "comment": "调研扎实，建议推荐。"}, leader)
    reviewed = paper_of(ledger, office.wang.hex, clock.today().year)
    assert (reviewed["state"], reviewed["grade"], reviewed["reviewer"]) == ("reviewed", "excellent", "director")
    ledger.papers.recommend(paper_id, {"comment": "推荐至地委编办"}, leader)
    ledger.papers.publish(paper_id, {"venue": "《中国机构编制》"}, staff)
    assert paper_of(ledger, office.wang.hex, clock.today().year)["state"] == "published"


def test_a_second_paper_for_the_same_year_is_refused_with_a_clear_error(ledger, office, staff):
    ledger.papers.draft(paper(office), staff)
    head = ledger.app.head()
    with pytest.raises(LedgerError) as refused:
        ledger.papers.draft(paper(office, kind="theory_article", title="另一篇"), staff)
    assert refused.value.key == "study.paper.error.exists"
    assert "年" in ledger.catalog.t("zh", refused.value.key, **refused.value.params)
    assert ledger.app.head() == head
    ledger.papers.draft(paper(office, year=clock.today().year - 1), staff)  # last year's is another paper


def test_only_a_leader_grades_and_only_a_submitted_paper(ledger, office, staff, leader):
    paper_id = ledger.papers.draft(paper(office), staff)
    with pytest.raises(LedgerError) as refused:
        ledger.papers.review(paper_id, {"grade": "good", "comment": "好"}, leader)
    assert refused.value.key == "study.paper.error.state"
    ledger.papers.submit(paper_id, staff)
    with pytest.raises(Forbidden):
        ledger.papers.review(paper_id, {"grade": "good", "comment": "自评优秀"}, staff)
    head = ledger.app.head()
    with pytest.raises(InvalidCommand):
        ledger.papers.review(paper_id, {"grade": "A+", "comment": "好"}, leader)
    assert ledger.app.head() == head


def test_a_failed_paper_cannot_be_recommended(ledger, office, staff, leader):
    paper_id = ledger.papers.draft(paper(office), staff)
    ledger.papers.submit(paper_id, staff)
    ledger.papers.review(paper_id, {"grade": "fail", "comment": "论证不足，请重写。"}, leader)
    with pytest.raises(LedgerError) as refused:
        ledger.papers.recommend(paper_id, {}, leader)
    assert refused.value.key == "study.paper.error.failed"


def test_who_is_missing_a_paper_is_visible_before_the_year_ends(ledger, office, staff, staff_of):
    year = clock.today().year
    submitted = ledger.papers.draft(paper(office), staff)
    ledger.papers.submit(submitted, staff)
    ledger.papers.draft(
        paper(office, cadre_id=office.li, title="理论文章草稿", kind="theory_article"), staff_of(office.li)
    )
    table = papers_of_year(ledger, year).set_index("name")
    assert not table.loc["王建国", "missing"]
    assert table.loc["李秀英", "missing"]  # a draft is not a submission
    assert sorted(table[table["missing"]].index) == ["张伟", "李秀英", "阿依古丽·努尔兰"]
    from culture_ledger.periods import Scope

    assert paper_submission_rate(ledger, Scope.between(date(year, 1, 1), clock.today())) == 0.25


def test_a_paper_can_be_corrected_until_it_is_graded(ledger, office, staff, leader):
    paper_id = ledger.papers.draft(paper(office), staff)
    ledger.papers.amend(paper_id, {"title": "关于事业单位分类改革的调研报告（修改稿）", "reason": "题目更准确"}, staff)
    ledger.papers.submit(paper_id, staff)
    ledger.papers.review(paper_id, {"grade": "good", "comment": "可以"}, leader)
    with pytest.raises(LedgerError) as refused:
        ledger.papers.amend(paper_id, {"title": "评定后改题目", "reason": "想改"}, staff)
    assert refused.value.key == "study.paper.error.state"
    assert paper_of(ledger, office.wang.hex, clock.today().year)["title"] == "关于事业单位分类改革的调研报告（修改稿）"


@pytest.mark.parametrize(
    "bad, field, key",
    [
        ({"year": 1999}, "year", "validation.year_out_of_range"),
        ({"kind": "novel"}, "kind", "validation.literal_error"),
        ({"title": ""}, "title", "validation.string_too_short"),
    ],
)
def test_a_bad_paper_draft_is_refused_and_writes_nothing(ledger, office, staff, bad, field, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.papers.draft(paper(office, **bad), staff)
    assert (field, key) in [(f, k) for f, k, _ in refused.value.errors]
    assert ledger.app.head() == head
