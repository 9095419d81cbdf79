"""领导驾驶舱 on the demo office: a trend's computation reads each carrier's activities, the evaluations
and the study weeks once for all its periods, and every point of every indicator's trend is still what
that period gives when asked alone, for the whole office and for one department."""

from __future__ import annotations

import pytest

from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period, Scope
from domain import clock
from plugins.overview import figures as ov


@pytest.fixture(scope="module")
def demo(demo_office_copy):
    led = Ledger(url=demo_office_copy("trend"), worker=False)
    yield led, demo_office_copy.office()
    led.close()


def test_every_point_of_every_trend_is_what_its_period_gives_alone(demo):
    ledger, office = demo
    quarter = Period.containing("quarter", clock.today())
    for department in (None, next(iter(office.departments.values())).hex):
        scope = Scope(quarter, department)
        figures = ov.overview(ledger, scope, parts=["figures"]).figures
        assert len(figures) > 20
        for figure in figures:
            ind = ov.indicator(ledger, figure.key)
            alone = [ind.compute(ledger, scope.over(p)) for p in quarter.back(ov.TREND_PERIODS)]
            assert [v for _, v in figure.trend] == alone, figure.key
        counted = {f.key for f in figures if any(v for _, v in f.trend)}
        assert department or {"political_sessions", "four_strong_average"} <= counted  # activities, evaluations
