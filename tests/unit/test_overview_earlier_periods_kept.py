"""The overview's earlier periods (its trends and comparisons) are the costly part of a first view: a
leader coming back to an unchanged log does not wait for them again, however long they were away,
and a busy log does not make every view compute them again."""

from plugins.overview.pages import EARLIER_SECONDS, _Earlier

FILTERS = ("sqlite:///office", "2026-12-08", "month", "2026-12-01", "2026-12-31", None, None, None)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def counting():
    asked = []

    def compute(*filters):
        asked.append(filters)
        return {"computed": len(asked)}

    return compute, asked


def test_a_leader_back_after_an_hour_to_an_unchanged_log_gets_the_periods_kept():
    compute, asked = counting()
    clock = Clock()
    earlier = _Earlier(compute, clock)
    first = earlier(500, *FILTERS)
    clock.now += 3600
    assert earlier(500, *FILTERS) == first
    assert len(asked) == 1


def test_after_the_log_moves_the_periods_are_served_a_minute_at_most_then_computed_again():
    compute, asked = counting()
    clock = Clock()
    earlier = _Earlier(compute, clock)
    earlier(500, *FILTERS)
    clock.now += EARLIER_SECONDS - 1
    assert earlier(501, *FILTERS) == {"computed": 1}  # a new entry moments ago: the trend may wait
    clock.now += 2
    assert earlier(502, *FILTERS) == {"computed": 2}  # a minute on: late entries reach the trend
    assert earlier(502, *FILTERS) == {"computed": 2}
    assert len(asked) == 2


def test_other_filters_are_computed_on_their_own_and_forgetting_computes_afresh():
    compute, asked = counting()
    earlier = _Earlier(compute, Clock())
    earlier(500, *FILTERS)
    earlier(500, *FILTERS[:2], "week", *FILTERS[3:])
    assert len(asked) == 2
    earlier.clear()
    earlier(500, *FILTERS)
    assert len(asked) == 3
