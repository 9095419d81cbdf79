"""A form's submission is written once: its idempotency key, generated when the form is drawn,
is claimed in the log in the same transaction as what the form recorded, so the same submission
sent twice (a double click, a resent request, two instances at once) writes nothing the second
time. The log holds the key, not a read model, so it holds on SQLite and PostgreSQL alike and
between separate ledgers (separate processes' connections) racing for it."""

from __future__ import annotations

import threading
from uuid import uuid4

import pytest

from culture_ledger.ledger import Ledger, submission
from domain.errors import AlreadySubmitted, InvalidCommand, StaleRecord
from domain.submissions import submission_id
from plugins.study.daily.services import StudyService
from tests.conftest import last_workday

WRITERS = 6


def study(cadre) -> dict:
    return {"cadre_id": cadre, "occurred_on": last_workday(), "minutes": 45, "material": "党章", "mode": "self"}


def study_events(ledger: Ledger) -> list:
    return [n for n in ledger.app.read(0, 100_000) if n.topic.endswith("StudyEntry.Recorded")]


def test_the_same_study_entry_submitted_twice_with_one_key_is_recorded_once(ledger, office, staff_of):
    staff, key = staff_of(office.li), uuid4().hex
    with submission(key):
        first = ledger.study.record_study(study(office.li), staff)
    with pytest.raises(AlreadySubmitted) as refused:
        with submission(key):
            ledger.study.record_study(study(office.li), staff)

    assert [n.originator_id for n in study_events(ledger)] == [first]
    assert ledger.catalog.t("zh", refused.value.key) == "这份表单已经提交过，没有重复记录。"
    assert ledger.scalar("SELECT COUNT(*) FROM study_entries") == 1
    claim = ledger.app.repository.get(submission_id(key))
    assert claim.records[0] == first.hex and claim.by == staff  # the entry first, then the day it counts in


def test_a_new_submission_of_the_same_form_is_a_new_record(ledger, office, staff_of):
    staff = staff_of(office.li)
    for _ in range(2):
        with submission(uuid4().hex):
            ledger.study.record_study(study(office.li), staff)
    assert len(study_events(ledger)) == 2


def test_a_refused_submission_claims_nothing_and_may_be_sent_again_corrected(ledger, office, staff_of):
    staff, key = staff_of(office.li), uuid4().hex
    with pytest.raises(InvalidCommand), submission(key):
        ledger.study.record_study({**study(office.li), "material": ""}, staff)
    with submission(key):
        ledger.study.record_study(study(office.li), staff)
    assert len(study_events(ledger)) == 1


def test_save_takes_the_key_directly_too(ledger, office, staff_of):
    from domain.actor import Actor
    from domain.people import Department

    key = uuid4().hex
    ledger.people.save(Department("审计科", by=Actor("root", "admin", "cli")), once=key)
    with pytest.raises(AlreadySubmitted):
        ledger.people.save(Department("审计科", by=Actor("root", "admin", "cli")), once=key)
    assert ledger.scalar("SELECT COUNT(*) FROM departments WHERE name = '审计科'") == 1


def test_parallel_submissions_with_one_key_write_one_event(ledger, office, staff_of, store_url):
    """Every writer is its own Ledger on the same store, in its own thread; a barrier lets all of
    them pass validation before any saves, so the saves really collide."""
    staff, key = staff_of(office.li), uuid4().hex
    barrier = threading.Barrier(WRITERS)

    class Rendezvous(StudyService):
        def save(self, *aggregates, once=None):
            barrier.wait(timeout=60)
            return super().save(*aggregates, once=once)

    ledgers = [Ledger(url=store_url) for _ in range(WRITERS)]
    outcomes: list = [None] * WRITERS

    def write(i: int) -> None:
        try:
            with submission(key):
                outcomes[i] = Rendezvous(ledgers[i]).record_study(study(office.li), staff)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertions
            outcomes[i] = exc

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for led in ledgers:
        led.close()

    stored = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(stored) == 1, outcomes
    assert all(isinstance(e, AlreadySubmitted) for e in refused), refused
    assert [n.originator_id for n in study_events(ledger)] == stored


def test_the_same_correction_sent_twice_from_one_screen_is_said_to_be_recorded_already(ledger, office, staff_of):
    # A correction is keyed by who makes it, on which record, at the version the screen showed
    # (`dashboard.chrome.change_key`): the second click finds the record moved on by its own first.
    staff = staff_of(office.li)
    entry = ledger.study.record_study(study(office.li), staff)
    key = f"change:study_amend:{staff.account}:{entry}:1"
    with submission(key, staff):
        ledger.study.amend_study(entry, {"minutes": 60, "reason": "补记"}, staff, version=1)
    head = ledger.app.head()

    with pytest.raises(AlreadySubmitted) as again, submission(key, staff):
        ledger.study.amend_study(entry, {"minutes": 60, "reason": "补记"}, staff, version=1)

    assert ledger.catalog.t("zh", again.value.key) == "这份表单已经提交过，没有重复记录。"
    assert ledger.app.head() == head
    # Another change from a screen of that same version is still told the record changed.
    with pytest.raises(StaleRecord), submission(uuid4().hex, staff):
        ledger.study.amend_study(entry, {"minutes": 30, "reason": "更正"}, staff, version=1)


def test_a_claim_names_who_sent_the_submission_and_nobody_is_made_up(ledger, office, staff_of):
    from domain.actor import Actor
    from domain.people import Department

    key = uuid4().hex
    with submission(key, Actor("admin", "admin", "form")):
        ledger.people.save(Department("审计科", by=Actor("root", "admin", "cli")))
    assert ledger.app.repository.get(submission_id(key)).by == Actor("admin", "admin", "form")

    nameless = Department("督查科", by=Actor("root", "admin", "cli"))
    nameless.pending_events[0].__dict__.pop("by")  # an event naming nobody
    with pytest.raises(ValueError, match="no actor"), submission(uuid4().hex):
        ledger.people.save(nameless)
