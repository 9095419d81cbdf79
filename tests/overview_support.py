"""What the overview tests share: carriers that accept a fake kind of activity, and a plugin
that contributes one more indicator (to show a new plugin's figure appears on its own)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import BaseModel

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period
from culture_ledger.registry import Carrier, Indicator, Plugin, Registry
from domain import clock


class FakeSessionDetails(BaseModel):
    """The carrier's own fields of the fake kind: none needed."""

    theme: str = ""


def _innovation_where(scope) -> tuple[str, list[Any]]:
    where = ["carrier = 'innovation'", "review = 'confirmed'", "withdrawn = 0", "occurred_on BETWEEN ? AND ?"]
    params: list[Any] = [scope.start.isoformat(), scope.end.isoformat()]
    if scope.department_id:
        where.append("department_id = ?")
        params.append(scope.department_id)
    if scope.idea:
        where.append("(',' || ideas || ',') LIKE ?")
        params.append(f"%,{scope.idea},%")
    return " AND ".join(where), params


def innovation_count(ledger, scope) -> int:
    where, params = _innovation_where(scope)
    return int(ledger.scalar(f"SELECT COUNT(*) FROM activities WHERE {where}", params) or 0)


def innovation_records(ledger, scope) -> list[dict]:
    where, params = _innovation_where(scope)
    return ledger.query(f"SELECT id, title, occurred_on FROM activities WHERE {where} ORDER BY occurred_on", params)


FAKE_TALLY = Plugin(
    id="fake_tally",
    title="plugin.core",
    indicators=(
        Indicator(
            "fake_innovation_activities",
            "plugin.innovation",
            "plugin.innovation",
            innovation_count,
            unit="count",
            carrier="innovation",
            records=innovation_records,
        ),
    ),
)


def fake_registry(base: Registry | None = None) -> Registry:
    """The built-ins, each carrier also accepting `fake_session`, plus the fake tally plugin."""
    base = base or Registry.load()
    plugins = [
        replace(p, carrier=Carrier(kinds={**p.carrier.kinds, "fake_session": FakeSessionDetails}))
        if p.carrier is not None
        else p
        for p in base.plugins
    ]
    return Registry.of([*plugins, FAKE_TALLY])


def activity(
    ledger, by, *, carrier: str, department, occurred_on: date, ideas=(), title: str = "专题活动", confirm_by=None
) -> str:
    """Record an activity (submitted), and confirm it when a leader is given."""
    activity_id = ledger.activities.record(
        {
            "carrier": carrier,
            "kind": "fake_session",
            "title": title,
            "occurred_on": occurred_on,
            "department_id": department,
            "expected": 2,
            "present": 2,
            "ideas": list(ideas),
        },
        by,
    )
    if confirm_by is not None:
        ledger.activities.confirm(activity_id, confirm_by)
    return activity_id.hex


TODAY = clock.today()
TWO_WEEKS_AGO = Period.containing("week", TODAY - timedelta(days=14))


@pytest.fixture
def ledger(store_url, fixture_accounts_made):
    """A ledger with the fake registry and the fixture accounts (import it to use it in place of conftest's)."""
    from tests.conftest import holding_fixture_accounts

    led = holding_fixture_accounts(Ledger(fake_registry(), url=store_url), fixture_accounts_made)
    yield led
    led.close()


def study_every_workday(ledger, by, cadres, period, minutes=60):
    """The study sheets of a period, imported in bulk by `by` (the administrator: staff record only their own)."""
    days = period.dates()
    ledger.study.record_study_batch(
        [
            {"cadre_id": c, "occurred_on": d, "minutes": minutes, "material": "《机构编制工作条例》", "mode": "self"}
            for c in cadres
            for d in days
            if d.weekday() < 5
        ],
        by,
    )
