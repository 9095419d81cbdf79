"""Events are stamped by one clock: the real UTC now in the live app, a simulated moment only
where the demo (or a test) records the past."""

from datetime import UTC, date, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from eventsourcing.utils import resolve_topic

from culture_ledger.registry import Registry
from domain import clock
from domain.actor import Actor
from domain.people import Department
from plugins.study.domain import StudyEntry

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

CLERK = Actor("demo-admin", "admin", "import")


def test_a_study_entry_recorded_under_a_simulated_moment_carries_it_in_every_event():
    evening = datetime(2026, 10, 30, 17, 30, tzinfo=timezone(timedelta(hours=6)))
    with clock.simulated(evening):
        entry = StudyEntry(
            cadre_id=uuid4(),
            occurred_on=date(2026, 10, 30),
            minutes=60,
            material="《机构编制工作条例》",
            mode="self",
            place="",
            by=CLERK,
        )
        entry.withdraw("重复填报", by=CLERK)
    assert {e.timestamp for e in entry.collect_events()} == {evening}


def test_outside_a_simulated_moment_events_are_stamped_with_the_real_utc_now():
    before = datetime.now(UTC)
    department = Department("办公室", by=CLERK)
    (registered,) = department.collect_events()
    assert before <= registered.timestamp <= datetime.now(UTC)
    assert registered.timestamp.utcoffset() == timedelta(0)


def test_a_simulated_moment_needs_a_timezone_and_ends_with_its_block():
    with pytest.raises(ValueError):
        with clock.simulated(datetime(2026, 10, 30, 17, 30)):
            pass
    with clock.simulated(datetime(2020, 1, 1, tzinfo=UTC)):
        pass
    assert clock.now().year >= 2026


def test_every_registered_event_type_is_stamped_by_the_clock():
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    with clock.simulated(moment):
        for topic in Registry.load().event_topics:
            assert resolve_topic(topic).create_timestamp() == moment, topic


def test_half_past_midnight_in_beijing_is_already_the_next_day_whatever_utc_says(monkeypatch):
    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    with clock.simulated(datetime(2026, 12, 22, 16, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 12, 23)
        assert clock.office_now().utcoffset() == timedelta(hours=8)


def test_an_office_elsewhere_sets_its_own_time_zone(monkeypatch):
    monkeypatch.setenv("CULTURE_LEDGER_TZ", "Asia/Urumqi")
    with clock.simulated(datetime(2026, 12, 22, 16, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 12, 22)


def test_a_batch_begun_before_midnight_is_judged_as_of_the_day_it_began(monkeypatch):
    """An import of a hundred thousand rows started at 23:59:59 in Beijing: a row for that day is
    not refused as 'in the future' half way through, nor the next day's let in."""
    from culture_ledger.validation import validate
    from domain.errors import InvalidCommand
    from plugins.study.daily.commands import RecordStudy

    monkeypatch.delenv("CULTURE_LEDGER_TZ", raising=False)
    at = [datetime(2026, 12, 22, 15, 59, 59, tzinfo=UTC)]
    monkeypatch.setattr(clock, "now", lambda: at[0])
    row = {"cadre_id": uuid4(), "minutes": 60, "material": "《机构编制工作条例》", "mode": "self"}
    with clock.one_day() as day:
        assert day == date(2026, 12, 22)
        at[0] = datetime(2026, 12, 22, 16, 0, 1, tzinfo=UTC)  # midnight in Beijing passes mid-batch
        assert validate(RecordStudy, {**row, "occurred_on": date(2026, 12, 22)}).occurred_on == day
        with pytest.raises(InvalidCommand) as refused:
            validate(RecordStudy, {**row, "occurred_on": date(2026, 12, 23)})
        assert refused.value.errors[0][1] == "validation.date_future"
    assert clock.today() == date(2026, 12, 23)  # the next command is judged on the new day
    assert validate(RecordStudy, {**row, "occurred_on": date(2026, 12, 23)}).occurred_on == clock.today()
