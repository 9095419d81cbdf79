"""The shared domain: the record lifecycle and the people records are about."""

from datetime import date

import pytest

from domain.actor import Actor
from domain.errors import LedgerError
from domain.people import Cadre, Department
from plugins.study.domain import StudyEntry

clerk = Actor("clerk", "staff")


def entry() -> StudyEntry:
    return StudyEntry(
        cadre_id=Department(name="办公室", by=clerk).id,
        occurred_on=date(2026, 11, 2),
        minutes=60,
        material="党章",
        mode="self",
        by=clerk,
    )


def test_an_amendment_keeps_the_reason_and_changes_only_what_differs():
    e = entry()
    e.amend({"minutes": 45, "material": "党章"}, "少记了十五分钟", clerk)
    amended = e.collect_events()[-1]
    assert amended.changes == {"minutes": 45}
    assert amended.reason == "少记了十五分钟"
    assert e.minutes == 45


def test_a_correction_without_a_reason_is_refused():
    with pytest.raises(LedgerError) as refused:
        entry().withdraw("   ", clerk)
    assert refused.value.key == "error.reason_required"


def test_a_withdrawn_record_cannot_be_amended():
    e = entry()
    e.withdraw("重复", clerk)
    with pytest.raises(LedgerError) as refused:
        e.amend({"minutes": 30}, "改", clerk)
    assert refused.value.key == "error.record_withdrawn"


def test_every_event_says_who_recorded_it_and_when():
    e = entry()
    e.amend({"minutes": 70}, "补记", Actor("director", "leader"))
    recorded, amended = e.collect_events()
    assert recorded.by == clerk and amended.by.role == "leader"
    assert recorded.timestamp <= amended.timestamp
    assert recorded.occurred_on == date(2026, 11, 2)


def test_a_cadre_is_transferred_and_retired_but_not_transferred_after_retiring():
    office, reform = Department(name="办公室", by=clerk), Department(name="综合科", by=clerk)
    cadre = Cadre(name="叶尔兰·别克", department_id=office.id, position="科员", joined_on=date(2020, 1, 1), by=clerk)
    cadre.transfer(reform.id, date(2026, 3, 1), clerk)
    assert cadre.department_id == reform.id
    cadre.retire(date(2026, 10, 1), clerk)
    with pytest.raises(LedgerError):
        cadre.transfer(office.id, date(2026, 11, 1), clerk)


def test_an_actor_must_have_a_known_role_and_channel():
    with pytest.raises(ValueError):
        Actor("x", "visitor")
    with pytest.raises(ValueError):
        Actor("x", "staff", "fax")
