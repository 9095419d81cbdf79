"""A read model that cannot apply an event stops there, says why, and the rest of the ledger keeps
serving; `culture-ledger status` names it, and `rebuild NAME` resumes it once the cause is fixed.

The bad event is appended below the services (as an old store, an import or direct SQL may hold
one): the services themselves refuse such a value."""

from __future__ import annotations

from datetime import date

import pytest

from culture_ledger.cli import main
from culture_ledger.ledger import Ledger
from domain.people import Cadre
from plugins.people.projections import PeopleProjection
from tests.conftest import last_workday
from tests.integration.raw_store import append_unchecked


def retired_on(ledger: Ledger, cadre_id) -> str | None:
    return ledger.scalar("SELECT retired_on FROM cadres WHERE id = ?", (cadre_id.hex,))


def test_a_bad_date_stops_the_people_read_model_and_nothing_else_until_it_is_fixed_and_rebuilt(
    ledger, office, admin, staff, store_url, monkeypatch, capsys
):
    # Someone's old store holds a retirement whose date is "not a date".
    cadre = ledger.app.repository.get(office.zhang)
    cadre.retire("not a date", admin)
    bad = append_unchecked(ledger, cadre)

    # Every process still opens its ledger: the people read model stops at that event, with why.
    reopened = Ledger(url=store_url)
    stop = reopened.stops()["people"]
    assert (stop.position, stop.kind) == (bad, "value")
    assert stop.topic.endswith("Cadre.Retired") and stop.originator_id == office.zhang.hex
    assert "AttributeError" in stop.error
    assert list(reopened.stops()) == ["people"]
    # The others keep catching up: a study entry recorded after the bad event shows.
    reopened.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 60, "material": "之后"}, staff
    )
    assert reopened.scalar("SELECT COUNT(*) FROM study_entries") == 1
    assert reopened.readmodels.position("study") == reopened.app.head()
    assert reopened.readmodels.position("people") == bad - 1  # it holds every event before the bad one

    # The operator asks: `status` names it and why, in Chinese, and fails.
    capsys.readouterr()
    assert main(["--store", store_url, "status"]) == 1
    said = capsys.readouterr().out
    assert f"people（科室与干部）: 「科室与干部」已暂停更新：停在日志第 {bad} 条记录" in said
    assert "格式不对" in said

    # Rebuilding it unfixed stops it at the same event again, and says so.
    assert main(["--store", store_url, "rebuild", "people", "--quiet"]) == 1
    assert reopened.stops()["people"].position == bad

    # The code is fixed (a retirement whose date cannot be read counts as retired, date unknown)...
    recorded = PeopleProjection.retired

    def tolerant(self, db, e, position):
        if not isinstance(e.occurred_on, date):
            db.execute("UPDATE cadres SET retired_on=? WHERE id=?", ("", e.originator_id.hex))
            return
        recorded(self, db, e, position)

    monkeypatch.setitem(PeopleProjection._handlers, "domain.people:Cadre.Retired", tolerant)
    # ... and `rebuild people` resumes it: caught up to the head, nothing stopped, status passes.
    assert main(["--store", store_url, "rebuild", "people", "--quiet"]) == 0
    assert reopened.stops() == {}
    assert reopened.readmodels.position("people") == reopened.app.head()
    assert retired_on(reopened, office.zhang) == ""
    assert main(["--store", store_url, "status"]) == 0
    reopened.close()
    assert isinstance(cadre, Cadre)


def test_a_tracking_row_set_back_stops_that_read_model_instead_of_spinning(ledger, office, staff, store_url):
    import signal

    from tests.integration.raw_store import raw

    for minutes in (30, 40):
        ledger.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": minutes, "material": "理论"}, staff
        )
    table = getattr(ledger.readmodels.tracking, "tracking_table_name", "tracking")
    with raw(store_url) as db:
        # Someone sets the study read model's position back: replaying would insert its rows twice.
        db.execute(f"UPDATE {table} SET notification_id = 1 WHERE application_name = 'study'")

    def too_long(*_):
        raise TimeoutError("catching up is spinning")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)  # the guard: before the bound, every process spun here for ever
    try:
        reopened = Ledger(url=store_url)
    finally:
        signal.alarm(0)
    stop = reopened.stops()["study"]
    assert stop.kind == "tracking" and "no progress after repeated conflicts" in stop.error
    assert list(reopened.stops()) == ["study"]
    assert reopened.readmodels.position("people") == reopened.app.head()
    # Rebuilding it puts it right.
    reopened.runner.rebuild(["study"])
    assert reopened.stops() == {} and reopened.scalar("SELECT COUNT(*) FROM study_entries") == 2
    reopened.close()


@pytest.mark.backends("postgresql")
def test_with_a_worker_the_app_does_not_wait_for_a_read_model_the_worker_stopped(
    ledger, office, admin, staff, store_url, monkeypatch
):
    import threading
    import time

    from event_store.worker import Worker

    cadre = ledger.app.repository.get(office.zhang)
    cadre.retire("not a date", admin)
    append_unchecked(ledger, cadre)
    # The worker stops the people read model and follows the log with the others.
    keeper = Ledger(url=store_url, worker=False)
    worker = Worker(keeper.runner, poll=0.05)
    following = threading.Thread(target=worker.run, daemon=True)
    following.start()
    monkeypatch.setenv("CULTURE_LEDGER_WORKER_TIMEOUT", "5")
    app = Ledger(url=store_url, worker=True)
    try:
        started = time.monotonic()
        app.study.record_study(
            {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 60, "material": "之后"}, staff
        )
        # Read-your-writes waits for the read models that move, not for the stopped one (5 s).
        assert time.monotonic() - started < 4
        assert app.scalar("SELECT COUNT(*) FROM study_entries") == 1
        assert list(app.stops()) == ["people"]
    finally:
        worker.stop()
        following.join(10)
        app.close()
        keeper.close()
