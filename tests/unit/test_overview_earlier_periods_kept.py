"""The overview's earlier periods (its trends and comparisons) are the costly part of a first view: a
leader coming back to an unchanged log does not wait for them again, however long they were away, a
busy log does not make every view compute them again, and an auditor's pages (each visit leaves an
access record in the log) do not make the leader's overview compute anything again.

`culture_ledger.memo.while_unchanged` keeps them, on a real ledger: its `stale_for` serves an answer a
while after the log moved, its `ignoring` passes over appends that cannot change it."""

from datetime import date

import pytest

from culture_ledger import memo
from plugins.overview.pages import EARLIER_SECONDS, NOT_COUNTED

FILTERS = ("overview.earlier", date(2026, 12, 8), "month", date(2026, 12, 1), date(2026, 12, 31), None, None, None)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Earlier:
    """The overview's earlier periods as its page keeps them, counting how often they are computed."""

    def __init__(self, ledger) -> None:
        self.ledger, self.clock, self.computed = ledger, Clock(), 0

    def __call__(self, key=FILTERS) -> dict:
        def compute() -> dict:
            self.computed += 1
            return {"computed": self.computed}

        return memo.while_unchanged(
            self.ledger, key, compute, stale_for=EARLIER_SECONDS, ignoring=NOT_COUNTED, clock=self.clock
        )


@pytest.fixture
def earlier(ledger):
    return Earlier(ledger)


def a_department(ledger, admin, name: str) -> None:
    """Something the overview counts is recorded (and the read models catch up, as a page's run does)."""
    ledger.people.register_department({"name": name}, admin)
    ledger.catch_up()


def test_a_leader_back_after_an_hour_to_an_unchanged_log_gets_the_periods_kept(earlier):
    first = earlier()
    earlier.clock.now += 3600
    assert earlier() is first
    assert earlier.computed == 1


def test_after_the_log_moves_the_periods_are_served_a_minute_at_most_then_computed_again(earlier, ledger, admin):
    earlier()
    earlier.clock.now += EARLIER_SECONDS - 1
    a_department(ledger, admin, "办公室")
    assert earlier() == {"computed": 1}  # a new record moments ago: the trend may wait
    earlier.clock.now += 2
    a_department(ledger, admin, "行政机构编制科")
    assert earlier() == {"computed": 2}  # a minute on: late entries reach the trend
    earlier.clock.now += 3600
    assert earlier() == {"computed": 2}  # and the log stood still since
    assert earlier.computed == 2


def test_an_auditors_visits_leave_access_records_that_do_not_make_the_overview_compute_again(
    earlier, ledger, admin, auditor
):
    earlier()
    earlier.clock.now += 3600
    for page in ("page:audit-events", "page:audit-integrity", "digest"):
        ledger.access_log.record(auditor, page)
    ledger.catch_up()
    assert earlier() == {"computed": 1}
    a_department(ledger, admin, "办公室")  # a record behind them counts, access records or not
    ledger.access_log.record(auditor, "page:audit-events")
    ledger.catch_up()
    assert earlier() == {"computed": 2}
    assert memo.counted_head(ledger, NOT_COUNTED) == ledger.app.head() - 1


def test_other_filters_are_computed_on_their_own_and_forgetting_computes_afresh(earlier, ledger):
    earlier()
    earlier((*FILTERS[:2], "week", *FILTERS[3:]))
    assert earlier.computed == 2
    memo.forget(ledger)
    earlier()
    assert earlier.computed == 3
