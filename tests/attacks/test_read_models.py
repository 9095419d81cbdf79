"""Attacks on the read models, by someone with the database in hand (direct SQL), on SQLite and
PostgreSQL: a figure changed in a read-model table is named by `verify --read-models`; a corrupted
tracking row or an unreadable event stops one read model, with why, instead of bricking every process."""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from culture_ledger.cli import main
from culture_ledger.ledger import Ledger
from tests.conftest import last_workday
from tests.integration.raw_store import raw

pytestmark = pytest.mark.backends("sqlite", "postgresql")


@contextmanager
def at_most(seconds: int):
    """Fail instead of hanging: before the bound, a corrupted tracking row made every process spin for ever."""

    def too_long(*_):
        raise TimeoutError(f"still busy after {seconds} s: spinning")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def study(ledger, office, staff, minutes: int = 60) -> str:
    ledger.study.record_study(
        {"cadre_id": office.wang, "occurred_on": last_workday(), "minutes": minutes, "material": "党章"}, staff
    )
    return ledger.scalar("SELECT id FROM study_entries ORDER BY id DESC LIMIT 1")


def test_someone_sets_a_study_entrys_minutes_to_1440_in_the_table_and_verify_names_that_row(
    ledger, office, staff, store_url, capsys
):
    entry = study(ledger, office, staff)
    capsys.readouterr()
    assert main(["--store", store_url, "verify", "--read-models", "--quiet"]) == 0
    assert "数据核对通过" in capsys.readouterr().out

    with raw(store_url) as db:
        db.execute("UPDATE study_entries SET minutes = 1440 WHERE id = ?", (entry,))

    assert main(["--store", store_url, "verify", "--read-models", "--quiet"]) == 1
    said = capsys.readouterr().out
    assert "OK:" in said  # the log itself is intact: only the read model was changed
    assert (
        f"数据核对未通过：「日学一时」（study）与从日志重新生成的结果不同：study_entries 表中键为 {entry} 的一行，"
        "minutes 列现有值为 1440，重新生成应为 60。"
    ) in said


def test_someone_corrupts_a_tracking_row_and_every_process_still_opens_with_that_read_model_stopped(
    ledger, office, staff, store_url, capsys
):
    study(ledger, office, staff)
    table = getattr(ledger.readmodels.tracking, "tracking_table_name", "tracking")
    with raw(store_url) as db:
        db.execute(f"UPDATE {table} SET notification_id = NULL WHERE application_name = 'study'")

    with at_most(60):
        reopened = Ledger(url=store_url)
    assert {name: stop.kind for name, stop in reopened.stops().items()} == {"study": "tracking"}
    capsys.readouterr()
    assert main(["--store", store_url, "status"]) == 1
    assert "已暂停  study（日学一时）: 「日学一时」已暂停更新：其处理进度的记录已损坏" in capsys.readouterr().out
    # The other read models went on: a new study entry's cadre and account still show.
    assert reopened.readmodels.position("people") == reopened.app.head()
    # Rebuilding it puts it right.
    assert main(["--store", store_url, "rebuild", "study", "--quiet"]) == 0
    assert reopened.stops() == {} and reopened.scalar("SELECT COUNT(*) FROM study_entries") == 1
    reopened.close()


def test_someone_garbles_a_stored_event_and_only_the_read_models_of_that_event_stop(ledger, office, staff, store_url):
    study(ledger, office, staff)
    with raw(store_url) as db:
        [position] = db.execute(
            "SELECT rowid FROM stored_events WHERE topic LIKE '%StudyEntry.Recorded' ORDER BY rowid DESC LIMIT 1"
        ).fetchone()
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (b"{not json", position))

    with at_most(60):
        reopened = Ledger(url=store_url)
    reopened.runner.rebuild()  # from position 0: every read model meets the garbled event
    stops = reopened.stops()
    # The study entries and the auditors' index of every event cannot read it; nothing else listens.
    assert sorted(stops) == ["event_index", "study"]
    assert {(s.position, s.kind) for s in stops.values()} == {(position, "decode")}
    assert reopened.readmodels.position("people") == reopened.app.head()
    assert reopened.readmodels.position("study") == position - 1
    # `verify` names the altered event itself (the chain), whatever the read models say.
    assert main(["--store", store_url, "verify", "--quiet"]) == 1
    reopened.close()


@pytest.mark.backends("sqlite")  # PostgreSQL casts the list to text ('{办公室,人事科}') and keeps going
def test_someone_imports_a_department_named_by_a_list_and_only_the_people_read_model_stops(ledger, admin, store_url):
    from domain.people import Department
    from tests.integration.raw_store import append_unchecked

    # SQLite refuses the value only when the batch of rows is sent, after the handler returned.
    position = append_unchecked(ledger, Department(["办公室", "人事科"], by=admin))
    with at_most(60):
        reopened = Ledger(url=store_url)
    stop = reopened.stops()["people"]
    assert (stop.position, stop.kind) == (position, "value") and list(reopened.stops()) == ["people"]
    assert reopened.readmodels.position("accounts") == reopened.app.head()
    reopened.close()
