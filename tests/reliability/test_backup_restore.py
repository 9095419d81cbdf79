"""Backup and restore: a copy taken while people keep recording restores to a ledger whose
chain verifies and whose dashboards show what the original showed at that moment."""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta
from pathlib import Path

from culture_ledger.cli import main
from culture_ledger.ledger import Ledger
from culture_ledger.periods import Period
from domain import clock
from event_store.backup import backup_sqlite
from plugins.study.daily.queries import cadre_compliance
from tests import evidence_files
from tests.reliability.checks import chain_breaks, differences_from_a_rebuild, log, read_models


def restore(backup: Path, folder: Path) -> Ledger:
    """What an operator does: put the backup file (and its evidence folder) where a store lives, and open it."""
    folder.mkdir(parents=True)
    shutil.copyfile(backup, folder / "ledger.sqlite3")
    if (backup.parent / "evidence").is_dir():
        shutil.copytree(backup.parent / "evidence", folder / "evidence")
    return Ledger(url=f"sqlite:///{folder / 'ledger.sqlite3'}")


def stored(events) -> list[tuple]:
    return [(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state)) for n in events]


def test_a_backup_taken_while_staff_keep_recording_restores_to_a_ledger_that_verifies(
    ledger, office, store_url, tmp_path, staff_of
):
    stop, accepted = threading.Event(), []
    staff = {office.wang: staff_of(office.wang), office.li: staff_of(office.li)}  # each records their own study

    def staff_at_work() -> None:
        i = 0
        while not stop.is_set():
            cadre = [office.wang, office.li][i % 2]
            accepted.append(
                ledger.study.record_study(
                    {
                        "cadre_id": cadre,
                        "occurred_on": clock.today() - timedelta(days=i % 10),
                        "minutes": 60,
                        "material": f"第{i}次学习",
                    },
                    staff[cadre],
                )
            )
            i += 1

    worker = threading.Thread(target=staff_at_work)
    worker.start()
    try:
        while len(accepted) < 20 and worker.is_alive():
            stop.wait(0.05)
        assert worker.is_alive(), "the staff stopped recording: see the thread's exception above"
        backup = backup_sqlite(store_url, tmp_path / "backups" / "ledger.sqlite3")
        while ledger.app.head() < backup.head + 10 and worker.is_alive():  # the office keeps recording after the copy
            stop.wait(0.05)
    finally:
        stop.set()
        worker.join()

    restored = restore(backup.path, tmp_path / "restored")
    try:
        assert chain_breaks(restored) == []
        assert restored.app.head() == backup.head < ledger.app.head()
        assert stored(log(restored)) == stored(log(ledger))[: backup.head]  # the original's log, up to that moment
        assert differences_from_a_rebuild(restored) == {}
        copied = {r["id"] for r in restored.query("SELECT id FROM study_entries")}
        assert copied == {
            r["id"] for r in ledger.query("SELECT id FROM study_entries WHERE position <= ?", (backup.head,))
        }
    finally:
        restored.close()


def test_a_backup_made_with_the_command_line_shows_the_same_dashboards_and_evidence(
    ledger, office, staff_of, store_url, tmp_path, capsys
):
    for i in range(10):
        cadre = [office.wang, office.aygul][i % 2]
        ledger.study.record_study(
            {
                "cadre_id": cadre,
                "occurred_on": clock.today() - timedelta(days=i),
                "minutes": 30 + 10 * i,
                "material": "《机构编制工作条例》",
            },
            staff_of(cadre),
        )
    photo = ledger.activities.put_evidence("签到表.jpg", evidence_files.photo("a sign-in sheet"), "image/jpeg")
    out = tmp_path / "backups" / "ledger-2026-11-27.sqlite3"

    assert main(["--store", store_url, "backup", "--out", str(out)]) == 0
    assert f"Backed up {ledger.app.head()} events" in capsys.readouterr().out
    ledger.catch_up()  # the backup's own access record, written by the command, is in both

    restored = restore(out, tmp_path / "restored")
    try:
        assert chain_breaks(restored) == []
        assert read_models(restored) == read_models(ledger)
        month = Period.containing("month", clock.today())
        assert cadre_compliance(restored, month).equals(cadre_compliance(ledger, month))
        assert restored.activities.evidence.check(photo["sha256"]) == "ok"
    finally:
        restored.close()


def test_a_backup_never_overwrites_a_file_and_points_postgresql_users_to_pg_dump(
    ledger, office, store_url, tmp_path, capsys
):
    out = tmp_path / "ledger-backup.sqlite3"
    out.write_bytes(b"last week's backup")
    assert main(["--store", store_url, "backup", "--out", str(out)]) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert out.read_bytes() == b"last week's backup"

    assert (
        main(["--store", "postgresql://ledger:secret@localhost:5432/ledger", "backup", "--out", str(tmp_path / "x")])
        == 2
    )
    assert "pg_dump" in capsys.readouterr().err
