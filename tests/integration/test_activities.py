"""Carrier activities: recorded with attendance and evidence, reviewed, corrected."""

import pytest

from domain.errors import Forbidden, InvalidCommand
from tests import evidence_files
from tests.conftest import holding_fixture_accounts
from tests.integration.audit_log import open_ledger, session


@pytest.fixture
def ledger(store_url, fixture_accounts_made):
    # The built-ins plus the political carrier's kind, as a carrier plugin would declare it.
    led = holding_fixture_accounts(open_ledger(store_url), fixture_accounts_made)
    yield led
    led.close()


def test_an_activity_with_three_named_absentees_and_a_photo_is_recorded_and_awaits_review(ledger, office, staff):
    photo = ledger.activities.put_evidence("签到表.jpg", evidence_files.photo("a sign-in sheet"), "image/jpeg")
    activity = ledger.activities.record(session(office, evidence=[photo]), staff)
    row = ledger.query("SELECT * FROM activities WHERE id=?", (activity.hex,))[0]
    assert (row["expected"], row["present"], row["absent"], row["review"]) == (5, 2, 3, "submitted")
    assert ledger.activities.evidence.read(photo["sha256"]) == evidence_files.photo("a sign-in sheet")


def test_absentees_must_be_named_and_nothing_is_written_otherwise(ledger, office, staff):
    head = ledger.app.head()
    with pytest.raises(InvalidCommand) as refused:
        ledger.activities.record(session(office, absentees=["张伟"]), staff)
    assert refused.value.errors[0][1] == "validation.absentees_not_named"
    assert ledger.app.head() == head


def test_a_leader_confirms_and_the_history_shows_each_step(ledger, office, staff, leader):
    activity = ledger.activities.record(session(office), staff)
    ledger.activities.confirm(activity, leader)
    history = [
        r["action"]
        for r in ledger.query(
            "SELECT action FROM activity_history WHERE activity_id=? ORDER BY position", (activity.hex,)
        )
    ]
    assert history == ["recorded", "submitted", "confirmed"]


def test_staff_cannot_confirm_their_own_activity(ledger, office, staff):
    activity = ledger.activities.record(session(office), staff)
    with pytest.raises(Forbidden):
        ledger.activities.confirm(activity, staff)


def test_an_evidence_file_changed_on_disk_is_reported_by_its_hash(ledger, office, staff):
    photo = ledger.activities.put_evidence("现场照片.jpg", evidence_files.photo("original photo"))
    ledger.activities.evidence.path(photo["sha256"]).write_bytes(b"doctored photo")
    assert ledger.activities.evidence.verify([photo["sha256"]]) == {photo["sha256"]: "altered"}
