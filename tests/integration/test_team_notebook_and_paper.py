"""学记一本 and 年撰一文: notes and reflections in one book, and the year's paper from draft to grade."""

from datetime import date, timedelta

import pytest

from domain.errors import Forbidden, InvalidCommand, LedgerError
from plugins.study import team_queries as q
from tests.conftest import last_workday


def note(office, **over):
    return {"cadre_id": office.wang, "occurred_on": last_workday(), "kind": "reflection",
            "title": "学习《机构编制工作条例》心得", "text": "机构编制工作 要严格 按照条例办事。", **over}


def test_a_notebook_reads_as_one_book_in_date_order_with_lengths_counted(ledger, office, staff):
    day = last_workday()
    later = ledger.notebook.write(note(office, occurred_on=day, title="第二篇"), staff)
    earlier = ledger.notebook.write(note(office, occurred_on=day - timedelta(days=3), title="第一篇", kind="note",
                                         text="严控总量 盘活存量"), staff)
    book = q.notebook(ledger, office.wang.hex)
    assert [e["id"] for e in book] == [earlier.hex, later.hex]
    assert book[0]["length"] == 8  # characters, whitespace not counted
    assert q.notebook(ledger, office.li.hex) == []


def test_an_entry_tied_to_a_study_sitting_shows_what_was_studied(ledger, office, staff):
    study = ledger.study.record_study({"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 60,
                                       "material": "《中国共产党章程》"}, staff)
    ledger.notebook.write(note(office, study_entry_id=study), staff)
    assert q.notebook(ledger, office.wang.hex)[0]["study_material"] == "《中国共产党章程》"


def test_an_entry_cannot_be_tied_to_another_cadres_study(ledger, office, staff, staff_of):
    study = ledger.study.record_study({"cadre_id": office.li, "occurred_on": last_workday(), "minutes": 60,
                                       "material": "党章"}, staff_of(office.li))  # 李秀英's own study
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.notebook.write(note(office, study_entry_id=study), staff)
    assert refused.value.errors[0][:2] == ("study_entry_id", "validation.unknown_study_entry")
    assert ledger.app.head() == head


@pytest.mark.parametrize("bad, field, key", [
    ({"title": "  "}, "title", "validation.string_too_short"),
    ({"text": ""}, "text", "validation.string_too_short"),
    ({"kind": "diary"}, "kind", "validation.literal_error"),
    ({"occurred_on": date.today() + timedelta(days=1)}, "occurred_on", "validation.date_future"),
])
def test_a_bad_notebook_entry_is_refused_and_writes_nothing(ledger, office, staff, bad, field, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.notebook.write(note(office, **bad), staff)
    assert (field, key) in [(f, k) for f, k, _ in refused.value.errors]
    assert ledger.app.head() == head


def test_notebooks_are_searched_by_full_text_and_withdrawn_entries_drop_out(ledger, office, staff, staff_of):
    hit = ledger.notebook.write(note(office, text="关于乡镇站所管理体制改革的思考"), staff)
    li = staff_of(office.li)  # 李秀英 writes in her own notebook
    ledger.notebook.write(note(office, cadre_id=office.li, text="学习党章的体会"), li)
    ledger.notebook.write(note(office, cadre_id=office.li, title="100% 完成", text="进度"), li)
    assert [r["id"] for r in q.search_notebooks(ledger, "站所管理")] == [hit.hex]
    assert len(q.search_notebooks(ledger, "%")) == 1  # a literal percent sign, not a wildcard
    assert q.search_notebooks(ledger, "党章", cadre_id=office.wang.hex) == []
    ledger.notebook.withdraw(hit, {"reason": "重复"}, staff)
    assert q.search_notebooks(ledger, "站所管理") == []


def test_amending_an_entrys_text_recounts_its_length(ledger, office, staff):
    entry = ledger.notebook.write(note(office, text="一二三"), staff)
    ledger.notebook.amend(entry, {"text": "一二三四五", "reason": "补充"}, staff)
    assert q.notebook(ledger, office.wang.hex)[0]["length"] == 5


def paper(office, **over):
    return {"cadre_id": office.wang, "year": date.today().year, "kind": "research_report",
            "title": "关于阿勒泰地区事业单位分类改革的调研报告", "abstract": "调研了七县市的事业单位。", **over}


def test_a_paper_goes_from_draft_through_review_to_publication(ledger, office, staff, leader):
    paper_id = ledger.papers.draft(paper(office), staff)
    assert q.paper_of(ledger, office.wang.hex, date.today().year)["state"] == "draft"
    ledger.papers.submit(paper_id, staff)
    ledger.papers.review(paper_id, {"grade": "excellent", "comment": "调研扎实，建议推荐。"}, leader)
    reviewed = q.paper_of(ledger, office.wang.hex, date.today().year)
    assert (reviewed["state"], reviewed["grade"], reviewed["reviewer"]) == ("reviewed", "excellent", "director")
    ledger.papers.recommend(paper_id, {"comment": "推荐至地委编办"}, leader)
    ledger.papers.publish(paper_id, {"venue": "《中国机构编制》"}, staff)
    assert q.paper_of(ledger, office.wang.hex, date.today().year)["state"] == "published"


def test_a_second_paper_for_the_same_year_is_refused_with_a_clear_error(ledger, office, staff):
    ledger.papers.draft(paper(office), staff)
    head = ledger.app.head()
    with pytest.raises(LedgerError) as refused:
        ledger.papers.draft(paper(office, kind="theory_article", title="另一篇"), staff)
    assert refused.value.key == "error.paper_exists"
    assert "年" in ledger.catalog.t("zh", refused.value.key, **refused.value.params)
    assert ledger.app.head() == head
    ledger.papers.draft(paper(office, year=date.today().year - 1), staff)  # last year's is another paper


def test_only_a_leader_grades_and_only_a_submitted_paper(ledger, office, staff, leader):
    paper_id = ledger.papers.draft(paper(office), staff)
    with pytest.raises(LedgerError) as refused:
        ledger.papers.review(paper_id, {"grade": "good", "comment": "好"}, leader)
    assert refused.value.key == "error.paper_state"
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
    assert refused.value.key == "error.paper_failed"


def test_who_is_missing_a_paper_is_visible_before_the_year_ends(ledger, office, staff, staff_of):
    year = date.today().year
    submitted = ledger.papers.draft(paper(office), staff)
    ledger.papers.submit(submitted, staff)
    ledger.papers.draft(paper(office, cadre_id=office.li, title="理论文章草稿", kind="theory_article"), staff_of(office.li))
    table = q.papers_of_year(ledger, year).set_index("name")
    assert not table.loc["王建国", "missing"]
    assert table.loc["李秀英", "missing"]  # a draft is not a submission
    assert sorted(table[table["missing"]].index) == ["张伟", "李秀英", "阿依古丽·努尔兰"]
    from culture_ledger.registry import Scope
    assert q.paper_submission_rate(ledger, Scope(date(year, 1, 1), date.today())) == 0.25


def test_a_paper_can_be_corrected_until_it_is_graded(ledger, office, staff, leader):
    paper_id = ledger.papers.draft(paper(office), staff)
    ledger.papers.amend(paper_id, {"title": "关于事业单位分类改革的调研报告（修改稿）", "reason": "题目更准确"}, staff)
    ledger.papers.submit(paper_id, staff)
    ledger.papers.review(paper_id, {"grade": "good", "comment": "可以"}, leader)
    with pytest.raises(LedgerError) as refused:
        ledger.papers.amend(paper_id, {"title": "评定后改题目", "reason": "想改"}, staff)
    assert refused.value.key == "error.paper_state"
    assert q.paper_of(ledger, office.wang.hex, date.today().year)["title"] == "关于事业单位分类改革的调研报告（修改稿）"


@pytest.mark.parametrize("bad, field, key", [
    ({"year": 1999}, "year", "validation.year_out_of_range"),
    ({"kind": "novel"}, "kind", "validation.literal_error"),
    ({"title": ""}, "title", "validation.string_too_short"),
])
def test_a_bad_paper_draft_is_refused_and_writes_nothing(ledger, office, staff, bad, field, key):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.papers.draft(paper(office, **bad), staff)
    assert (field, key) in [(f, k) for f, k, _ in refused.value.errors]
    assert ledger.app.head() == head


def test_the_team_read_models_rebuild_to_the_same_rows(ledger, office, staff, leader, admin):
    from plugins.study.scoring import quarter_of

    ledger.notebook.write(note(office), staff)
    paper_id = ledger.papers.draft(paper(office), staff)
    ledger.papers.submit(paper_id, staff)
    ledger.papers.review(paper_id, {"grade": "pass", "comment": "合格"}, leader)
    start = last_workday()
    held = ledger.training.record_session({"title": "培训", "organiser": "地委编办", "level": "internal", "occurred_on": start,
                                           "end_on": start, "hours": 2, "attendees": [office.li]}, admin)
    ledger.training.add_attendance(held, {"cadre_ids": [office.zhang]}, admin)  # the training register
    ledger.four_strong.score({"cadre_id": office.li, "period": quarter_of(date.today()), "ideology": 80, "proficiency": 80,
                              "conduct": 80, "fairness": 80, "comment": "好"}, leader)
    ledger.study_rules.publish({"name": "v1", "effective_from": date.today()}, leader)
    tables = ["notebook_entries", "annual_papers", "training_sessions", "training_attendance", "four_strong_scores",
              "study_rules"]
    snapshot = lambda: {t: sorted(map(str, ledger.query(f"SELECT * FROM {t}"))) for t in tables}  # noqa: E731
    before = snapshot()
    ledger.runner.rebuild(["notebook", "annual_papers", "training", "four_strong", "study_rules"])
    assert snapshot() == before
    assert all(before.values())


def test_the_plugin_speaks_both_languages_for_every_message():
    from plugins.study.locale import EN, ZH

    assert set(ZH) == set(EN)
