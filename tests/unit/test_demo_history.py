"""The demo's history: far enough back, and each event at a moment that keeps the log in order."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

import pytest

from culture_ledger.demo import weeks_back
from culture_ledger.demo_history import local, moments
from domain import clock
from domain.actor import Actor
from plugins.study.domain import StudyEntry

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

CLERK = Actor("demo-admin", "admin", "import")
LEADER = Actor("demo-leader", "leader", "form")


@pytest.mark.parametrize("today", [date(2026, 11, 27), date(2026, 12, 1), date(2026, 3, 31), date(2027, 1, 1)])
def test_the_demo_goes_back_to_the_first_day_of_the_month_before_last(today):
    first = today - timedelta(weeks=weeks_back(today))
    month_before_last = ((today.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)).replace(day=1)
    assert first <= month_before_last and (month_before_last - first).days < 7


def entry(day: date, by: Actor = CLERK) -> StudyEntry:
    return StudyEntry(cadre_id=uuid4(), occurred_on=day, minutes=60, material="《中国共产党章程》", mode="self", by=by)


def test_imported_sheets_come_the_next_working_morning_and_corrections_days_after():
    friday = date(2026, 10, 30)
    sheet, typed = entry(friday), entry(friday, by=Actor("demo-staff", "staff", "form"))
    sheet.amend({"minutes": 45}, "误填", LEADER)
    events = [*sheet.collect_events(), *typed.collect_events()]
    recorded, amended, own = moments(events, date(2026, 9, 1), now=datetime(2026, 11, 27, 12, tzinfo=UTC))
    assert recorded.date() == date(2026, 11, 2) and recorded.time() >= time(9)  # Monday morning, from the sheets
    assert own.date() == friday  # typed in by the staff member that evening
    assert amended.date() == date(2026, 11, 5)  # three working days later


def test_no_event_is_later_than_now_or_before_its_records_earlier_events():
    now = datetime.combine(date(2026, 11, 27), time(8), tzinfo=clock.office_zone())
    late = entry(date(2026, 11, 27))
    late.withdraw("重复填报", CLERK)
    earlier = entry(date(2026, 9, 1))
    earlier.amend({"occurred_on": date(2025, 1, 1)}, "日期填错", LEADER)  # names a day long before
    stamped = moments([*late.collect_events(), *earlier.collect_events()], date(2026, 9, 1), now)
    assert all(m <= now for m in stamped)
    assert stamped[0] <= stamped[1] and stamped[2] < stamped[3]
    assert stamped[2] >= local(date(2026, 9, 1), time(8, 30))  # nothing before the demo's first morning
