"""The total quota holds when several people decide at the same moment.

Each writer is its own Ledger (its own connections) on the same SQLite file, in its own
thread. A barrier makes every writer read the jurisdiction before any of them saves, so the
decisions really collide on the aggregate's version: exactly the ones that still fit succeed.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest

from culture_ledger.ledger import Ledger
from domain.errors import LedgerError
from plugins.staffing.domain import StaffingRefused
from plugins.staffing.projections import institutions, summary
from plugins.staffing.projections import proposals as proposals_of
from plugins.staffing.services import StaffingService

WRITERS = 5
DECISION = {
    "doc_no": "阿地编〔2024〕9号",
    "decided_on": date(2024, 5, 6),
    "reason": "发展急需的设",
    "ideas": ["promote_development"],
}


class RendezvousStaffing(StaffingService):
    """The real service, except that its first read of the jurisdiction waits until every writer has read it."""

    def __init__(self, ledger, barrier: threading.Barrier):
        super().__init__(ledger)
        self.barrier = barrier
        self.reads = 0

    def jurisdiction(self):
        jurisdiction = super().jurisdiction()
        self.reads += 1
        if self.reads == 1:
            self.barrier.wait(timeout=60)
        return jurisdiction


class RendezvousApprovals(RendezvousStaffing):
    """As above, for leaders approving: the proposer is known beforehand, so the first read of the
    jurisdiction is the approval's own."""

    def proposer(self, proposal_id):
        return "admin"


def run_writers(store_url: str, decide, service=RendezvousStaffing) -> list[tuple[object, object, int]]:
    """Run `decide(service, i)` in WRITERS threads at once; returns (result, error, reads) per writer."""
    barrier = threading.Barrier(WRITERS)
    ledgers = [Ledger(url=store_url) for _ in range(WRITERS)]
    services = [service(led, barrier) for led in ledgers]
    outcomes: list = [None] * WRITERS

    def work(i: int) -> None:
        try:
            outcomes[i] = (decide(services[i], i), None)
        except LedgerError as exc:
            outcomes[i] = (None, exc)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[i] = (None, exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        return [(*outcome, service.reads) for outcome, service in zip(outcomes, services)]
    finally:
        for led in ledgers:
            led.close()


@pytest.fixture
def crowded(ledger, admin, store_url):
    """A jurisdiction of 100 with 90 allocated: room for exactly three decisions of 3."""
    ledger.staffing.register_jurisdiction(
        {"name": "阿勒泰地区", "total_quota": 100, "doc_no": "阿地编〔2019〕1号", "decided_on": date(2019, 3, 1)}, admin
    )
    school = ledger.staffing.establish(
        {
            "name": "地区第二高级中学",
            "kind": "public_institution",
            "field": "education",
            "career_quota": 90,
            **DECISION,
        },
        admin,
    )
    return school


def test_five_writers_establishing_at_once_never_exceed_the_total(ledger, crowded, admin, store_url):
    outcomes = run_writers(
        store_url,
        lambda service, i: service.establish(
            {
                "name": f"地区新设机构{i}",
                "kind": "public_institution",
                "field": "ecology",
                "career_quota": 3,
                **DECISION,
            },
            admin,
        ),
    )

    succeeded = [r for r, e, _ in outcomes if e is None]
    refused = [e for r, e, _ in outcomes if e is not None]
    assert len(succeeded) == 3  # 90 + 3 × 3 = 99; a fourth would make 102
    assert all(isinstance(e, StaffingRefused) and e.key == "staffing.error.total_exceeded" for e in refused), refused
    assert sum(reads for _, _, reads in outcomes) > WRITERS  # they really collided and re-read
    ledger.catch_up()
    assert summary(ledger)["allocated"] == 99
    assert len(institutions(ledger)) == 4
    established = [n for n in ledger.app.read(0, 10_000) if n.topic.endswith("InstitutionEstablished")]
    assert len(established) == 4  # the school and exactly three more: nothing else reached the log


def test_five_leaders_approving_at_once_never_exceed_the_total(ledger, crowded, admin, leader, store_url):
    # Five proposals of 3 each fit the room of 10 on their own, so each was accepted as proposed ...
    proposals = [
        ledger.staffing.propose(
            "establish",
            {"name": f"地区新设机构{i}", "kind": "public_institution", "field": "ecology", "career_quota": 3}
            | {"reason": DECISION["reason"], "ideas": DECISION["ideas"]},
            admin,
        )
        for i in range(WRITERS)
    ]
    # ... and approved at the same moment, only three still fit: the cap is checked again at approval.
    outcomes = run_writers(
        store_url,
        lambda service, i: service.approve(
            {"proposal_id": proposals[i], "doc_no": f"阿地编〔2024〕{i + 20}号", "decided_on": date(2024, 5, 6)},
            leader,
        ),
        RendezvousApprovals,
    )
    refused = [e for r, e, _ in outcomes if e is not None]
    assert len(refused) == 2
    assert all(isinstance(e, StaffingRefused) and e.key == "staffing.error.total_exceeded" for e in refused), refused
    assert sum(reads for _, _, reads in outcomes) > WRITERS  # they really collided and re-read
    ledger.catch_up()
    assert summary(ledger)["allocated"] == 99
    assert len(proposals_of(ledger, "pending")) == 2 and len(proposals_of(ledger, "approved")) == 3


def test_concurrent_reallocations_of_the_last_vacant_posts_move_each_post_once(ledger, crowded, admin, store_url):
    school = crowded
    ledger.staffing.hire(
        {
            "institution_id": school,
            "quota_type": "career",
            "names": [f"教师{i}" for i in range(88)],
            "hired_on": date(2024, 6, 1),
        },
        admin,
    )  # two vacant posts left
    targets = [
        ledger.staffing.establish(
            {"name": f"地区站所{i}", "kind": "public_institution", "field": "health", "career_quota": 1, **DECISION},
            admin,
        )
        for i in range(WRITERS)
    ]

    outcomes = run_writers(
        store_url,
        lambda service, i: service.reallocate(
            {"from_id": school, "to_id": targets[i], "quota_type": "career", "amount": 1, **DECISION}, admin
        ),
    )

    assert sum(1 for _, e, _ in outcomes if e is None) == 2
    assert {e.key for _, e, _ in outcomes if e is not None} == {"staffing.error.not_enough_vacant"}
    ledger.catch_up()
    rows = {r["name"]: r for r in institutions(ledger)}
    assert (rows["地区第二高级中学"]["quota"], rows["地区第二高级中学"]["actual"]) == (88, 88)
    assert sum(rows[f"地区站所{i}"]["quota"] for i in range(WRITERS)) == WRITERS + 2
    assert summary(ledger)["allocated"] == 90 + WRITERS  # moving stock never changes the allocated total


def test_concurrent_hires_fill_the_vacancies_and_no_more(ledger, crowded, admin, store_url):
    school = crowded
    ledger.staffing.hire(
        {
            "institution_id": school,
            "quota_type": "career",
            "names": [f"教师{i}" for i in range(87)],
            "hired_on": date(2024, 6, 1),
        },
        admin,
    )  # three vacant posts left

    outcomes = run_writers(
        store_url,
        lambda service, i: service.hire(
            {"institution_id": school, "quota_type": "career", "names": [f"新教师{i}"], "hired_on": date(2024, 9, 1)},
            admin,
        ),
    )

    assert sum(1 for _, e, _ in outcomes if e is None) == 3
    assert {e.key for _, e, _ in outcomes if e is not None} == {"staffing.error.over_quota_hire"}
    ledger.catch_up()
    assert institutions(ledger)[0]["actual"] == 90
    assert summary(ledger)["over_quota"] == 0
