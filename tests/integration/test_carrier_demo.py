"""The demo office shows every carrier alive: every kind of record, every department, every review state."""

from __future__ import annotations

from datetime import timedelta

import pytest

from culture_ledger.periods import Scope
from domain.errors import InvalidCommand


@pytest.fixture(scope="module")
def demo(demo_office_copy):
    from culture_ledger.ledger import Ledger

    led = Ledger(url=demo_office_copy("demo"))  # the demo office, seeded once per worker
    office = demo_office_copy.office()
    yield led, office
    led.close()


def test_every_kind_of_carrier_activity_is_in_the_demo_office(demo):
    led, office = demo
    held = {(r["carrier"], r["kind"]) for r in led.query("SELECT DISTINCT carrier, kind FROM activities")}
    declared = {(p.id, kind) for p in led.registry.carriers for kind in p.carrier.kinds}
    assert held == declared
    departments = {r["department_id"] for r in led.query("SELECT DISTINCT department_id FROM activities")}
    assert departments == {d.hex for d in office.departments.values()}
    states = {(r["review"], r["withdrawn"]) for r in led.query("SELECT DISTINCT review, withdrawn FROM activities")}
    assert {("confirmed", 0), ("submitted", 0), ("returned", 0), ("confirmed", 1)} <= states


def test_every_carrier_record_type_is_in_the_demo_office(demo):
    led, _ = demo
    for table in (
        "political_pledges",
        "overall_tasks",
        "overall_milestones",
        "standards_rules",
        "standards_cases",
        "innovation_proposals",
        "integrity_assessments",
    ):
        assert led.scalar(f"SELECT COUNT(*) FROM {table}"), table
    assert led.scalar("SELECT COUNT(*) FROM political_pledges WHERE rated_on IS NOT NULL")
    assert led.scalar("SELECT COUNT(*) FROM standards_rules WHERE repealed_on IS NOT NULL") == 1
    assert led.scalar("SELECT COUNT(*) FROM standards_rule_editions WHERE edition > 1") == 2
    assert led.scalar("SELECT COUNT(*) FROM innovation_proposals WHERE stage = 'implemented'")
    assert led.scalar("SELECT COUNT(*) FROM innovation_proposals WHERE stage = 'rejected'")


def test_every_carrier_indicator_has_a_value_and_its_records_on_the_demo_office(demo):
    led, office = demo
    scope = Scope.between(office.start, office.today)
    for indicator in led.registry.indicators:
        if indicator.carrier not in {p.id for p in led.registry.carriers}:
            continue
        value = indicator.compute(led, scope)
        assert value is not None, indicator.key
        rows = indicator.records(led, scope)
        assert all("id" in row for row in rows), indicator.key
        if indicator.unit == "count" and indicator.key != "integrity_event_participants":  # people across events
            assert value == len(rows), indicator.key


@pytest.mark.usefixtures("import_channel")  # the demo clerk brings the paper ledger in
def test_a_bulk_of_activities_with_one_bad_command_writes_nothing(demo):
    led, office = demo
    from plugins.carrier.demo import demo_actors

    staff, _ = demo_actors(office)
    good = {
        "carrier": "political",
        "kind": "education_session",
        "title": "理想信念教育",
        "department_id": next(iter(office.departments.values())),
        "occurred_on": office.today - timedelta(days=1),
        "expected": 0,
        "present": 0,
        "details": {"theme": "ideals"},
    }
    head = led.app.head()
    with pytest.raises(InvalidCommand):
        led.activities.record_batch([good, {**good, "details": {"theme": "sports"}}], staff)
    assert led.app.head() == head
