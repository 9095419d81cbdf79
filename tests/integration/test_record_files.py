"""Files behind every record where an office keeps paper: a photo of a handwritten 学记 page, the
year's paper in manuscript, a study tour's report, a working rule's text, a reform plan. Each file is
checked by its content before anything is stored, kept by its fingerprint beside the log, listed
beside its record, and checked by `verify` like an activity's evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import Forbidden, InvalidCommand, LedgerError
from event_store.evidence import EvidenceStore, Upload, evidence_root
from event_store.integrity import verify
from plugins.carrier import files
from plugins.carrier.files import files_of
from tests import evidence_files
from tests.conftest import last_workday


def names(ledger, record_id) -> list[str]:
    return [f["name"] for f in files_of(ledger, record_id)]


def stored_files(ledger) -> set[str]:
    root = evidence_root(ledger.url)
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_each_kind_of_record_takes_its_files_and_verify_names_a_changed_one(ledger, office, staff, leader):
    day = last_workday()
    # 学记一本: the clerk (王建国) writes a note and sends the photo of the page he wrote by hand.
    note = ledger.notebook.write(
        {"cadre_id": office.wang, "occurred_on": day, "title": "学习《条例》笔记", "text": "机构编制法定化。"},
        staff,
        uploads=[Upload("学记第12页.jpg", evidence_files.photo("a handwritten page"))],
    )
    # 年撰一文: he drafts his paper, then submits it with the manuscript.
    paper = ledger.papers.draft(
        {"cadre_id": office.wang, "year": day.year, "kind": "research_report", "title": "乡镇编制资源统筹调研"}, staff
    )
    ledger.papers.submit(paper, staff, uploads=[Upload("调研报告原稿.pdf", evidence_files.pdf("the manuscript"))])
    # 赴外考察: the tour he was on, its report filed with the report's file.
    tour = ledger.training.record_tour(
        {"destination": "伊犁州编办", "occurred_on": day - timedelta(days=3), "end_on": day, "members": [office.wang]},
        leader,
    )
    ledger.training.file_report(
        tour,
        {"title": "赴伊犁考察报告", "text": "考察了编制周转池。"},
        staff,
        uploads=[Upload("考察报告.docx", evidence_files.docx("the tour report"))],
    )
    # 规范高效: a working rule adopted with its text; 服务大局: a reform task opened with its plan.
    rule = ledger.standards.adopt_rule(
        {
            "title": "机关考勤管理制度",
            "department_id": office.general,
            "summary": "上下班签到。",
            "occurred_on": day,
            "effective_on": day,
        },
        leader,
        uploads=[Upload("考勤制度.pdf", evidence_files.pdf("the rule's text"))],
    )
    task = ledger.overall.record_task(
        {
            "title": "乡镇机构改革",
            "category": "township_reform",
            "department_id": office.reform,
            "lead": "李秀英",
            "occurred_on": day,
        },
        leader,
        uploads=[Upload("改革方案.pdf", evidence_files.pdf("the reform plan"))],
    )
    # A file added later to a record already there: a second photo of the notebook page.
    ledger.notebook.attach_files(note, staff, uploads=[Upload("学记第13页.png", evidence_files.photo("p13", "PNG"))])

    assert names(ledger, note) == ["学记第12页.jpg", "学记第13页.png"]
    assert names(ledger, paper) == ["调研报告原稿.pdf"]
    assert names(ledger, tour) == ["考察报告.docx"]
    assert names(ledger, rule) == ["考勤制度.pdf"]
    assert names(ledger, task) == ["改革方案.pdf"]
    manuscript = files_of(ledger, paper)[0]
    assert manuscript["media_type"] == "application/pdf" and manuscript["attached_by"] == staff.account
    # The leader grading the paper opens the manuscript the writer handed in, then grades it.
    assert files.store(ledger).read(manuscript["sha256"]) == evidence_files.pdf("the manuscript")
    ledger.papers.review(paper, {"grade": "excellent", "comment": "调研扎实。"}, leader)
    # Each record's row follows its version (the page's next change is not refused as stale), and
    # the histories the carrier pages show name the files attached.
    assert ledger.scalar("SELECT version FROM notebook_entries WHERE id = ?", (note.hex,)) == 3
    assert ledger.query(
        "SELECT action, reason FROM standards_history WHERE record_id = ? ORDER BY position", (rule.hex,)
    ) == [{"action": "recorded", "reason": None}, {"action": "files_attached", "reason": "考勤制度.pdf"}]

    # Every file is inside verify: six files, all intact.
    evidence = EvidenceStore(evidence_root(ledger.url))
    report = verify(ledger.app, evidence=evidence)
    assert report.ok and report.evidence_checked == 6
    # Someone swaps the manuscript on disk: verify names the file, and the event that refers to it.
    evidence.path(manuscript["sha256"]).write_bytes(evidence_files.pdf("a better paper, written afterwards"))
    report = verify(ledger.app, evidence=evidence)
    assert not report.ok and report.finding is None  # the log itself is intact
    assert report.evidence == {
        manuscript["sha256"]: {"position": manuscript["position"], "name": "调研报告原稿.pdf", "state": "altered"}
    }


def test_a_bad_file_is_refused_in_chinese_and_nothing_is_written(ledger, office, staff):
    before, files_before = ledger.app.head(), stored_files(ledger)
    good = Upload("学记.jpg", evidence_files.photo("fine"))
    for bad in (Upload("病毒.exe", b"MZ\x90\x00 not a document"), Upload("空白.pdf", b"")):
        with pytest.raises(InvalidCommand) as refused:
            ledger.notebook.write(
                {"cadre_id": office.wang, "occurred_on": last_workday(), "title": "笔记", "text": "内容"},
                staff,
                uploads=[good, bad],
            )
        (field, key, params), *_ = [e for e in refused.value.errors if e[2].get("name") == bad.name]
        said = ledger.catalog.t("zh", key, **params)
        assert bad.name in said and "未保存任何内容" in said
    # Nothing was written: no event, and not even the good photo sent with the bad file.
    assert ledger.app.head() == before
    assert stored_files(ledger) == files_before


def test_who_may_attach_is_who_may_change_the_record(ledger, office, staff, leader, auditor, staff_of):
    day = last_workday()
    # 李秀英's notebook is hers: the clerk (王建国) may not add a photo to it, an auditor writes nothing.
    hers = ledger.notebook.write(
        {"cadre_id": office.li, "occurred_on": day, "title": "心得", "text": "体会。"}, staff_of(office.li)
    )
    photo = [Upload("照片.jpg", evidence_files.photo("someone else's page"))]
    for outsider in (staff, auditor):
        with pytest.raises(Forbidden):
            ledger.notebook.attach_files(hers, outsider, uploads=photo)
    # A paper once graded keeps the manuscript its leader read.
    paper = ledger.papers.draft(
        {"cadre_id": office.wang, "year": day.year, "kind": "theory_article", "title": "论机关文化"}, staff
    )
    ledger.papers.submit(paper, staff, uploads=[Upload("原稿.pdf", evidence_files.pdf("v1"))])
    ledger.papers.review(paper, {"grade": "good", "comment": "论证充分。"}, leader)
    with pytest.raises(LedgerError) as after_grading:
        ledger.papers.attach_files(paper, staff, uploads=[Upload("原稿修改.pdf", evidence_files.pdf("v2"))])
    assert after_grading.value.key == "study.paper.error.state"
    assert names(ledger, hers) == [] and names(ledger, paper) == ["原稿.pdf"]


def test_a_record_whose_events_hold_no_file_loads_with_none_and_takes_its_first(ledger, office, staff):
    """What a record written before records took files looks like in the log: its events are unchanged."""
    note = ledger.notebook.write(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "title": "旧笔记", "text": "旧。"}, staff
    )
    from plugins.study.domain import NotebookEntry

    entry = ledger.app.repository.get(note)
    assert isinstance(entry, NotebookEntry) and list(entry.evidence) == []
    ledger.notebook.attach_files(note, staff, uploads=[Upload("补拍.jpg", evidence_files.photo("late"))])
    assert [f["name"] for f in ledger.app.repository.get(note).evidence] == ["补拍.jpg"]
