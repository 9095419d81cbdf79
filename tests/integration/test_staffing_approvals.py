"""Staffing decisions are proposals: a department proposes, a leader approves with the document
number (or returns with a reason), and only an approved decision changes quotas and staff."""

from datetime import date, timedelta

import pytest

from domain import clock
from domain.errors import Forbidden
from event_store.evidence import Upload
from event_store.integrity import verify
from plugins.carrier import files
from plugins.staffing.domain import StaffingRefused
from plugins.staffing.projections import (
    hires_by_recruitment,
    institutions,
    people,
    professional_ratio_over_time,
    proposals,
)
from plugins.staffing.todos import awaiting_approval, returned_to_proposer

TODAY = clock.today()
PDF = b"%PDF-1.4\n% approval\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def grounds(reason="发展急需的设", ideas=("promote_development",)):
    return {"reason": reason, "ideas": list(ideas)}


@pytest.fixture
def jurisdiction(ledger, admin, office):
    ledger.staffing.register_jurisdiction(
        {"name": "阿勒泰地区", "total_quota": 20, "doc_no": "阿地编〔2019〕1号", "decided_on": date(2019, 3, 1)}, admin
    )
    return ledger


def by_name(ledger):
    return {r["name"]: r for r in institutions(ledger)}


def test_a_proposed_institution_appears_only_once_a_leader_approves_it_with_its_document(
    jurisdiction, staff, leader, admin
):
    ledger = jurisdiction
    proposal = ledger.staffing.propose(
        "establish",
        {
            "name": "福海县乡镇卫生院",
            "kind": "public_institution",
            "field": "health",
            "career_quota": 12,
            "professional_posts": 10,
            "management_posts": 2,
            **grounds(),
        },
        staff,
    )
    # Proposed: nothing changed yet; the leaders' inbox lists it, naming the proposer's department.
    assert "福海县乡镇卫生院" not in by_name(ledger)
    (waiting,) = awaiting_approval(ledger, leader, TODAY)
    assert (waiting.state, waiting.record, waiting.page) == ("review", proposal.hex, "staffing-decisions")
    assert proposals(ledger, "pending")[0]["department"] == "办公室"

    # No one approves his own proposal; staff approve nothing.
    with pytest.raises(Forbidden):
        ledger.staffing.approve({"proposal_id": proposal, "doc_no": "阿地编〔2026〕3号", "decided_on": TODAY}, staff)

    outcome = ledger.staffing.approve(
        {"proposal_id": proposal, "doc_no": "阿地编〔2026〕3号", "decided_on": TODAY - timedelta(days=1)},
        leader,
        uploads=[Upload("批复.pdf", PDF)],
    )
    row = by_name(ledger)["福海县乡镇卫生院"]
    assert (row["id"], row["quota"]) == (outcome["institution_id"], 12)
    (approved,) = proposals(ledger, "approved")
    assert (approved["doc_no"], approved["decided_by"]) == ("阿地编〔2026〕3号", "director")
    assert approved["evidence"][0]["name"] == "批复.pdf"
    # The 批复文件 is inside `verify`: kept by its fingerprint, named when it goes missing.
    sha = approved["evidence"][0]["sha256"]
    checked = verify(ledger.app, evidence=files.store(ledger))
    assert checked.ok and checked.evidence_checked == 1
    files.store(ledger).path(sha).unlink()
    assert verify(ledger.app, evidence=files.store(ledger)).evidence[sha]["state"] == "missing"
    assert awaiting_approval(ledger, leader, TODAY) == []
    # Its posts are classed: 10 of the health field's 12 places are 专业技术岗位.
    ratio = professional_ratio_over_time(ledger).query("field == 'health'").iloc[-1]
    assert (ratio["professional"], ratio["quota"]) == (10, 12)

    # A hire into it is proposed and approved too, with how and at which level people came.
    hire = ledger.staffing.propose(
        "hire",
        {
            "institution_id": outcome["institution_id"],
            "quota_type": "career",
            "names": ["古丽米拉·哈力木", "刘晓燕"],
            "recruitment": "open_exam",
            "level": "township",
            "note": "公开招考补充乡镇卫生人员",
        },
        staff,
    )
    assert people(ledger) == []
    ledger.staffing.approve({"proposal_id": hire, "doc_no": "阿地人社〔2026〕9号", "decided_on": TODAY}, leader)
    assert {(p["name"], p["recruitment"], p["level"]) for p in people(ledger)} == {
        ("古丽米拉·哈力木", "open_exam", "township"),
        ("刘晓燕", "open_exam", "township"),
    }
    assert hires_by_recruitment(ledger) == [
        {"recruitment": "open_exam", "level": "township", "field": "health", "people": 2}
    ]

    # The read model rebuilds from the log to the same proposals, classed posts and hires.
    tables = ("staffing_proposals", "staffing_post_changes", "staffing_hire_terms", "staffing_people")
    before = {t: ledger.query(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    ledger.runner.rebuild(["staffing"])
    assert {t: ledger.query(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables} == before


def test_a_second_proposal_that_would_break_the_cap_is_refused_at_approval_and_nothing_is_written(
    jurisdiction, staff, leader
):
    ledger = jurisdiction
    first = ledger.staffing.propose(
        "establish",
        {"name": "地区档案馆", "kind": "public_institution", "field": "other", "career_quota": 12, **grounds()},
        staff,
    )
    second = ledger.staffing.propose(
        "establish",
        {
            "name": "地区教育科学研究所",
            "kind": "public_institution",
            "field": "education",
            "career_quota": 10,
            **grounds(),
        },
        staff,
    )  # each fits the total of 20 on its own, so both are accepted as proposals
    ledger.staffing.approve({"proposal_id": first, "doc_no": "阿地编〔2026〕1号", "decided_on": TODAY}, leader)

    head = ledger.app.head()
    with pytest.raises(StaffingRefused) as refused:
        ledger.staffing.approve({"proposal_id": second, "doc_no": "阿地编〔2026〕2号", "decided_on": TODAY}, leader)
    assert ledger.catalog.t("zh", refused.value.key, **refused.value.params) == (
        "编制总量将超出：总量 20，已核定 12，本次申请 10。"
    )
    assert ledger.app.head() == head  # nothing written: still awaiting approval, the quota unchanged
    assert [p["id"] for p in proposals(ledger, "pending")] == [second.hex]
    assert sum(r["quota"] for r in institutions(ledger)) == 12

    # A proposal that could not be approved today is refused when it is made.
    with pytest.raises(StaffingRefused):
        ledger.staffing.propose(
            "establish",
            {"name": "地区生态站", "kind": "public_institution", "field": "ecology", "career_quota": 9, **grounds()},
            staff,
        )
    assert ledger.app.head() == head


def test_a_returned_proposal_changes_nothing_and_the_proposer_sees_the_reason(jurisdiction, staff, leader, admin):
    ledger = jurisdiction
    archives = ledger.staffing.establish(
        {
            "name": "地区档案馆",
            "kind": "public_institution",
            "field": "other",
            "career_quota": 8,
            "doc_no": "阿地编〔2019〕12号",
            "decided_on": date(2019, 4, 8),
            **grounds(),
        },
        admin,  # a decision in force before the ledger, recorded from its document
    )
    with pytest.raises(Forbidden):  # staff record no decision directly: they propose
        ledger.staffing.adjust_quota(
            {
                "institution_id": archives,
                "quota_type": "career",
                "delta": 2,
                "doc_no": "x",
                "decided_on": TODAY,
                **grounds(),
            },
            staff,
        )
    proposal = ledger.staffing.propose(
        "adjust_quota",
        {"institution_id": archives, "quota_type": "career", "delta": 4, "post_category": "professional", **grounds()},
        staff,
    )
    ledger.staffing.return_proposal({"proposal_id": proposal, "reason": "档案馆尚有空编，请先盘活存量"}, leader)

    assert by_name(ledger)["地区档案馆"]["quota"] == 8
    (mine,) = returned_to_proposer(ledger, staff, TODAY)
    assert (mine.state, mine.note, mine.record) == ("returned", "档案馆尚有空编，请先盘活存量", proposal.hex)
    assert returned_to_proposer(ledger, leader, TODAY) == []
    with pytest.raises(StaffingRefused) as again:  # decided once: neither approved nor returned again
        ledger.staffing.approve({"proposal_id": proposal, "doc_no": "阿地编〔2026〕5号", "decided_on": TODAY}, leader)
    assert again.value.key == "staffing.error.proposal_decided"
