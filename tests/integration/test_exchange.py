"""Export and import: a log leaves as JSON Lines with its digest and comes back whole."""

import json

import pytest

from culture_ledger.cli import main
from event_store.exchange import ExchangeError, check_file, export_file, import_file
from event_store.integrity import digest, verify
from tests.integration.audit_log import ledger, open_ledger, read_models, record_weeks  # noqa: F401 (fixture)


@pytest.fixture
def busy(ledger, office, staff, leader, staff_of):
    record_weeks(ledger, office, staff, leader, staff_of, days=6)
    return ledger


def test_an_exported_log_imported_into_an_empty_store_has_the_same_digest_and_dashboards(busy, tmp_path):
    exported = export_file(busy.app, tmp_path / "log.jsonl")
    assert exported["hash"] == digest(busy.app)["hash"]

    fresh = open_ledger(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    seen = []
    imported = import_file(fresh.app, tmp_path / "log.jsonl", progress=lambda done, total: seen.append((done, total)))
    fresh.catch_up()
    assert (imported["position"], imported["hash"]) == (exported["position"], exported["hash"])
    assert seen[-1] == (exported["position"], exported["position"])
    assert verify(fresh.app).ok
    assert read_models(fresh) == read_models(busy)
    fresh.close()


def test_import_refuses_a_store_that_already_holds_events(busy, tmp_path):
    export_file(busy.app, tmp_path / "log.jsonl")
    head = busy.app.head()
    with pytest.raises(ExchangeError, match="not empty"):
        import_file(busy.app, tmp_path / "log.jsonl")
    assert busy.app.head() == head


def test_a_doctored_export_is_refused_before_anything_is_written(busy, tmp_path):
    export_file(busy.app, tmp_path / "log.jsonl")
    lines = (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if '\\"minutes\\":60' in line)
    lines[n] = lines[n].replace('\\"minutes\\":60', '\\"minutes\\":600')
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh = open_ledger(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with pytest.raises(ExchangeError, match=f"position {n} does not match its hash"):
        import_file(fresh.app, tmp_path / "bad.jsonl")
    assert fresh.app.head() == 0
    fresh.close()


def test_a_range_exports_with_its_base_hash_and_checks_on_its_own_but_is_not_imported(busy, tmp_path):
    export_file(busy.app, tmp_path / "range.jsonl", from_position=10, to_position=20)
    info = check_file(tmp_path / "range.jsonl")
    assert (info["from_position"], info["count"], info["digest"]["position"]) == (10, 11, 20)
    fresh = open_ledger(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with pytest.raises(ExchangeError, match="only an export from position 1"):
        import_file(fresh.app, tmp_path / "range.jsonl")
    fresh.close()


def test_the_command_line_exports_one_file_that_imports_with_its_evidence_and_verifies_against_the_digest(
    busy, store_url, tmp_path, capsys, monkeypatch
):
    assert main(["--store", store_url, "digest"]) == 0
    kept = json.loads(capsys.readouterr().out)
    (tmp_path / "digest.json").write_text(json.dumps(kept))
    assert main(["--store", store_url, "export", "--out", str(tmp_path / "ledger.zip"), "--quiet"]) == 0
    assert "1 份佐证材料" in capsys.readouterr().out  # the sign-in sheet's photo

    copy = f"sqlite:///{tmp_path / 'copy' / 'copy.sqlite3'}"
    monkeypatch.setenv("CULTURE_LEDGER_EVIDENCE", str(tmp_path / "copy" / "evidence"))  # empty
    assert (
        main(
            [
                "--store",
                copy,
                "import",
                str(tmp_path / "ledger.zip"),
                "--digest",
                str(tmp_path / "digest.json"),
                "--quiet",
            ]
        )
        == 0
    )
    assert "已导入" in capsys.readouterr().out
    assert main(["--store", copy, "verify", "--digest", str(tmp_path / "digest.json"), "--quiet"]) == 0
    assert "1 evidence files checked" in capsys.readouterr().out
    assert main(["--store", copy, "import", str(tmp_path / "ledger.zip"), "--quiet"]) == 1  # not empty any more
    assert "只能导入到一个新的空存储" in capsys.readouterr().err


def test_the_command_line_verify_fails_with_the_position_of_a_changed_payload(busy, store_url, capsys):
    from tests.integration.raw_store import raw

    with raw(store_url) as db:
        [position] = db.execute(
            "SELECT rowid FROM stored_events WHERE topic LIKE '%StudyEntry.Recorded' ORDER BY rowid LIMIT 1 OFFSET 5"
        ).fetchone()  # a study entry, after the accounts
        state = db.execute("SELECT state FROM stored_events WHERE rowid=?", (position,)).fetchone()[0]
        db.execute(
            "UPDATE stored_events SET state=? WHERE rowid=?",
            (bytes(state).replace(b'"mode":"self"', b'"mode":"grp"'), position),
        )
    assert main(["--store", store_url, "verify", "--quiet"]) == 1
    assert f"FAILED at position {position} (altered)" in capsys.readouterr().out


def test_exporting_by_time_takes_the_events_appended_in_that_span(busy, store_url, tmp_path):
    assert (
        main(
            ["--store", store_url, "export", "--out", str(tmp_path / "none.zip"), "--until", "2000-01-01"]
            + ["--by", "appended", "--quiet"]
        )
        == 0
    )
    assert check_file(tmp_path / "none.zip")["count"] == 0
    assert (
        main(
            ["--store", store_url, "export", "--out", str(tmp_path / "all.zip"), "--since", "2000-01-01"]
            + ["--by", "appended", "--quiet"]
        )
        == 0
    )
    assert check_file(tmp_path / "all.zip")["count"] == busy.app.head()


def test_the_command_line_keeps_time_travel_checkpoints_ahead_of_time(busy, store_url, tmp_path, monkeypatch, capsys):
    from plugins.audit.queries import time_machine

    monkeypatch.setenv("CULTURE_LEDGER_CHECKPOINTS", str(tmp_path / "checkpoints"))
    superseded = tmp_path / "checkpoints" / "0123456789abcdef"  # kept for an earlier version of the projections
    superseded.mkdir(parents=True)
    assert main(["--store", store_url, "checkpoint", "--every", "10", "--quiet"]) == 0
    head = busy.app.head()
    machine = time_machine(busy, every=10)
    assert machine.checkpoints() == list(range(10, head + 1, 10)) and machine.reached() == head
    assert not superseded.exists()
    out = capsys.readouterr().out
    assert "checkpoints" in out and f"up to {head}" in out and "Removed 1 superseded" in out
    # A script written for the layout before (a full copy every --full-every events) still runs.
    assert main(["--store", store_url, "checkpoint", "--every", "10", "--full-every", "20", "--quiet"]) == 0


def test_verify_refuses_a_file_that_is_not_a_digest_with_a_clear_message(busy, store_url, tmp_path, capsys):
    (tmp_path / "notes.json").write_text('{"note": "not a digest"}')
    assert main(["--store", store_url, "verify", "--digest", str(tmp_path / "notes.json"), "--quiet"]) == 2
    assert "cannot use" in capsys.readouterr().err
