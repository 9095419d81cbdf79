"""Files behind records on the pages: a leader grading a paper reads the manuscript in the page (its
pages drawn, a download button beside it); a cadre sends the photo of a handwritten notebook page with
the note, and a file that is no photo or document is refused in Chinese with nothing written; the
demo office's pages with their files read in the office's words."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.chrome import EVERY_TAB
from domain.actor import Actor
from event_store.evidence import Upload
from plugins.carrier.demo import demo_document
from plugins.carrier.files import files_of
from tests import evidence_files
from tests.app.pages import _render, every_text, run_page
from tests.conftest import last_workday
from tests.screen_words import code_words


@pytest.fixture(autouse=True)
def restore_store_env(monkeypatch):
    """The page script points CULTURE_LEDGER_STORE at its store; put it back afterwards."""
    monkeypatch.setenv("CULTURE_LEDGER_STORE", "sqlite:///:memory:")


def test_a_leader_reads_the_manuscript_in_the_page_while_grading_it(store_url, ledger, office, staff):
    paper = ledger.papers.draft(
        {"cadre_id": office.wang, "year": last_workday().year, "kind": "research_report", "title": "编制资源统筹调研"},
        staff,
    )
    manuscript = demo_document("编制资源统筹调研", ["一、基本情况", "二、存在的问题", "三、对策建议"])
    ledger.papers.submit(paper, staff, uploads=[Upload("编制资源统筹调研（原稿）.pdf", manuscript)])

    at = run_page("study-paper", store_url, Actor("director", "leader"))
    at.selectbox(key="paper_cadre").set_value(office.wang.hex).run()
    assert not at.exception
    assert "文章原稿（1）" in [m.value.strip("*") for m in at.markdown]
    assert any("编制资源统筹调研（原稿）.pdf" in e.value for e in at.text)
    [download] = [d for d in at.get("download_button") if d.proto.label == "下载"]
    assert download.proto.url  # the file itself, served to the browser
    assert at.get("image"), "the manuscript's page is drawn in the page"
    # ...and grades it right there.
    at.radio(key="paper_grade").set_value("excellent")
    at.text_area(key="paper_comment").input("调研扎实。")
    next(b for b in at.button if b.label == "评定").click()
    at.run()
    assert ledger.scalar("SELECT grade FROM annual_papers WHERE id = ?", (paper.hex,)) == "excellent"


def test_a_note_takes_the_photo_of_its_handwritten_page_and_a_bad_file_is_refused_in_chinese(store_url, ledger, office):
    def write(title: str, name: str, content: bytes):
        at = run_page("study-notebook", store_url, Actor("clerk", "staff"))
        at.text_input(key="note_title").input(title)
        at.text_area(key="note_text").input("机构编制法定化。")
        at.get("file_uploader")[0].upload(name, content, "image/jpeg")
        at.button[0].click()
        return at.run()

    at = write("病毒笔记", "学记.jpg", b"MZ\x90\x00 a program, not a photo")
    assert not at.exception
    [error] = at.error
    assert "“学记.jpg”不是照片或文档" in error.value and "未保存任何内容" in error.value
    assert ledger.scalar("SELECT COUNT(*) FROM notebook_entries") == 0

    at = write("学习笔记", "学记第12页.jpg", evidence_files.photo("a handwritten page"))
    assert not at.error
    [entry] = ledger.query("SELECT id FROM notebook_entries")
    assert [f["name"] for f in files_of(ledger, entry["id"])] == ["学记第12页.jpg"]
    assert any("学记第12页.jpg" in e.value for e in at.text)  # shown beside the entry on the rerun


@pytest.fixture(scope="module")
def demo_url(demo_office_copy) -> str:
    return demo_office_copy("record_files_pages")


@pytest.fixture(scope="module")
def demo_files(demo_url) -> dict[str, dict]:
    """For each kind of record, one of the demo office's with a file: its id, what opens it, its file's name."""
    from culture_ledger.ledger import Ledger

    led = Ledger(url=demo_url)
    try:

        def first(table: str, column: str = "id") -> dict:
            return led.query(
                f"SELECT t.{column} AS pick, f.name FROM {table} t JOIN record_files f ON f.record_id = t.id "
                "ORDER BY f.position LIMIT 1"
            )[0]

        return {
            "study-paper": {"key": "paper_cadre", **first("annual_papers", "cadre_id")},
            "study-notebook": {"key": "notebook_cadre", **first("notebook_entries", "cadre_id")},
            "study-training": {"key": None, **first("study_tours")},
            "standards": {"key": "standards_rule_open", **first("standards_rules")},
            "overall": {"key": "overall_task_open", **first("overall_tasks")},
        }
    finally:
        led.close()


@pytest.mark.parametrize("path", ["study-paper", "study-notebook", "study-training", "standards", "overall"])
def test_the_demo_offices_records_show_their_files_in_the_offices_words(demo_url, demo_files, path):
    wanted = demo_files[path]
    # Opened on the record (its picker chosen before the first run: one run of the page, not two).
    at = AppTest.from_function(_render, args=(path, demo_url, "zh"), default_timeout=60)
    at.session_state["actor"] = Actor("demo-leader", "leader", "form")
    at.session_state[EVERY_TAB] = True  # every tab drawn at once (a page draws its open tab)
    if wanted["key"]:
        at.session_state[wanted["key"]] = wanted["pick"]
    at.run()
    assert not at.exception, at.exception
    assert any(wanted["name"] in e.value for e in at.text), f"{wanted['name']} is not shown on {path}"
    assert code_words(every_text(at)) == {}
