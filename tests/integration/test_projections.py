"""Projections: tracked, batched, resumable, and rebuilt to exactly the same rows."""

from datetime import timedelta

import pytest

from culture_ledger.cli import main as cli
from culture_ledger.ledger import Ledger
from plugins.study.daily.projections import StudyProjection
from tests.conftest import last_workday


def table(ledger, name):
    return ledger.query(f"SELECT * FROM {name} ORDER BY 1")


def fill(ledger, office, staff, n=30):
    """The clerk (王建国) records, corrects and withdraws his own study."""
    day = last_workday()
    ids = [
        ledger.study.record_study(
            {
                "cadre_id": office.wang,
                "occurred_on": day - timedelta(days=i % 5),
                "minutes": 30 + i,
                "material": f"材料{i}",
            },
            staff,
        )
        for i in range(n)
    ]
    ledger.study.amend_study(ids[0], {"minutes": 99, "reason": "更正"}, staff)
    ledger.study.withdraw_study(ids[1], {"reason": "重复"}, staff)
    return ids


def test_rebuild_reproduces_the_read_models_exactly(ledger, office, staff):
    fill(ledger, office, staff)
    before = {name: table(ledger, name) for name in ("study_entries", "cadres", "departments", "activities")}
    ledger.runner.rebuild()
    assert {name: table(ledger, name) for name in before} == before
    assert set(ledger.runner.positions().values()) == {ledger.app.head()}


def setting(ledger, pragma):
    """The read-model connection's SQLite setting, as a page would find it."""
    with ledger.runner.readmodels.transaction(commit=False) as db:
        return db.scalar(f"PRAGMA {pragma}")


def seen_during(monkeypatch, method, pragma):
    """The connection's `pragma` each time the study read model's `method` runs (`create`: with its indexes)."""
    seen = []
    original = getattr(StudyProjection, method)

    def watched(self, db, **kwargs):
        if kwargs.get("indexes", True):
            seen.append(db.scalar(f"PRAGMA {pragma}"))
        return original(self, db, **kwargs)

    monkeypatch.setattr(StudyProjection, method, watched)
    return seen


@pytest.mark.backends("sqlite")  # a setting of SQLite's connections; PostgreSQL has none
def test_a_rebuild_drops_the_old_read_models_without_zeroing_them_and_leaves_the_connection_as_it_was(
    ledger, office, staff, monkeypatch
):
    """Zeroing every page a dropped table frees (SQLite's `secure_delete`) wrote the old read models
    through the write-ahead log and into the file once more: the switch drops them without it."""
    fill(ledger, office, staff, 5)
    was = setting(ledger, "secure_delete")
    seen = seen_during(monkeypatch, "drop", "secure_delete")
    ledger.runner.rebuild(["study"])
    assert seen and set(seen) == {0}
    assert setting(ledger, "secure_delete") == was


@pytest.mark.backends("sqlite")  # a setting of SQLite's connections; PostgreSQL has none
def test_a_rebuild_sorts_its_indexes_on_every_processor_and_leaves_the_connection_as_it_was(
    ledger, office, staff, monkeypatch
):
    """The pages' indexes are built once the log is replayed, a sort of every row each: SQLite spreads
    those sorts over helper threads only where the connection says so (`PRAGMA threads`)."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    fill(ledger, office, staff, 5)
    was = setting(ledger, "threads")
    seen = seen_during(monkeypatch, "create", "threads")
    ledger.runner.rebuild(["study"])
    assert seen and set(seen) == {2}
    assert setting(ledger, "threads") == was == 0
    assert set(ledger.runner.positions().values()) == {ledger.app.head()}


def test_the_rebuild_command_rebuilds_one_projection_with_progress(ledger, office, staff, store_url, capsys):
    fill(ledger, office, staff, 5)
    before = table(ledger, "study_entries")
    assert cli(["--store", store_url, "rebuild", "study"]) == 0
    assert "Rebuilt study" in capsys.readouterr().out
    assert table(ledger, "study_entries") == before


def test_rebuilding_an_unknown_projection_is_an_error(ledger, store_url, capsys):
    assert cli(["--store", store_url, "rebuild", "nonsense"]) == 2
    assert "nonsense" in capsys.readouterr().err


def test_a_crash_in_the_middle_of_a_batch_counts_nothing_twice(ledger, office, staff, store_url, monkeypatch):
    fill(ledger, office, staff, 12)
    expected = table(ledger, "study_entries")
    # Drop the study read model, then crash on the 7th event of the replay.
    original, seen = StudyProjection.recorded_as_stored, []  # a rebuild reads the entries as stored

    class PowerCut(BaseException):
        """The process dies mid-batch (not an event the read model cannot apply: that stops it)."""

    def crashing(self, db, e, position):
        seen.append(position)
        if len(seen) == 7:
            raise PowerCut()
        original(self, db, e, position)

    monkeypatch.setattr(StudyProjection, "recorded_as_stored", crashing)
    monkeypatch.setitem(StudyProjection._stored_handlers, "plugins.study.domain:StudyEntry.Recorded", crashing)
    with pytest.raises(PowerCut):
        ledger.runner.rebuild(["study"])
    monkeypatch.undo()
    # The failed batch wrote nothing beside the live read model (no half-counted rows, no advanced
    # position), and the live one, which the app reads, is as it was.
    assert ledger.runner.rebuilding() == {"study": 0} and table(ledger, "rebuild_study_entries") == []
    assert table(ledger, "study_entries") == expected
    # A fresh process resumes the rebuild and reaches the same rows as before the crash.
    restarted = Ledger(url=store_url)
    restarted.runner.rebuild(["study"])
    assert restarted.runner.rebuilding() == {}
    assert table(restarted, "study_entries") == expected


def test_the_runner_resumes_from_the_position_it_recorded(ledger, office, staff, store_url):
    fill(ledger, office, staff, 3)
    reached = ledger.readmodels.position("study")
    # Another process appends while this one is not running its runner.
    other = Ledger(url=store_url)
    other.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 60, "material": "后来的"}, staff
    )
    assert ledger.readmodels.position("study") > reached  # the other process caught the shared read models up
    assert ledger.catch_up() == ledger.app.head()
    assert len(table(ledger, "study_entries")) == 4


def test_small_batches_reach_the_same_rows_as_one_big_one(ledger, office, staff):
    fill(ledger, office, staff, 20)
    expected = table(ledger, "study_entries")
    study = [p for p in ledger.runner.projections if p.name == "study"]
    with ledger.readmodels.transaction() as db:
        study[0].drop(db)
        ledger.readmodels.forget(db, "study")
        study[0].create(db)
    ledger.runner.catch_up(batch_size=3, only=study)
    assert table(ledger, "study_entries") == expected


def test_a_save_writes_its_read_models_in_its_own_transaction(ledger, office, staff, monkeypatch):
    # Nothing is left for a catch-up after the append: the entry's rows and every read model's
    # position were committed with the entry itself.
    def no_catch_up(*args, **kwargs):
        raise AssertionError("the save left its read models to a catch-up")

    monkeypatch.setattr(ledger.runner, "catch_up", no_catch_up)
    entry = ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 45, "material": "党章"}, staff
    )
    assert [r["minutes"] for r in ledger.query("SELECT minutes FROM study_entries WHERE id = ?", (entry.hex,))] == [45]
    assert set(ledger.readmodels.positions([p.name for p in ledger.runner.projections]).values()) == {ledger.app.head()}


def test_read_models_behind_the_log_are_caught_up_after_the_append(ledger, office, staff):
    # Another writer's entry, appended without its read models (as a second process's would be
    # before it caught up): the next save cannot bring the read models along in its transaction
    # and leaves them to the catch-up, which shows both entries.
    from plugins.study.domain import StudyEntry

    ledger.app.save(
        StudyEntry(cadre_id=office.wang, occurred_on=last_workday(), minutes=20, material="其他", mode="self", by=staff)
    )
    ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": 30, "material": "党章"}, staff
    )
    minutes = ledger.query("SELECT minutes FROM study_entries WHERE cadre_id = ? ORDER BY position", (office.wang.hex,))
    assert [r["minutes"] for r in minutes][-2:] == [20, 30]
    assert set(ledger.runner.positions().values()) == {ledger.app.head()}
