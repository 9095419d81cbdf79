"""The fifty-line reference verifier (tools/reference_verify.py) agrees with `verify` on good and tampered stores."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from event_store.integrity import digest, verify
from tests.integration.audit_log import ledger, record_weeks  # noqa: F401 (fixture)
from tests.integration.raw_store import raw

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "reference_verify.py"


def reference(store_url, tmp_path, *extra):
    # -I: isolated from the project (no PYTHONPATH, no site-packages of the venv on top of the standard library)
    done = subprocess.run(
        [sys.executable, "-I", str(SCRIPT), store_url, *extra], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stdout.strip()


@pytest.fixture
def busy(ledger, office, staff, leader, staff_of):
    record_weeks(ledger, office, staff, leader, staff_of, days=3)
    return ledger


def test_the_reference_verifier_fits_in_about_fifty_lines_of_the_standard_library():
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 55
    imports = {line.split()[1] for line in lines if line.strip().startswith(("import ", "from "))}
    assert imports <= {"hashlib", "json", "sqlite3", "struct", "sys", "psycopg"}


def test_the_reference_verifier_accepts_a_good_store_with_the_same_head_and_digest(busy, store_url, tmp_path):
    head = digest(busy.app)
    (tmp_path / "digest.json").write_text(json.dumps(head))
    code, out = reference(store_url, tmp_path, str(tmp_path / "digest.json"))
    assert code == 0
    assert (
        out
        == f"OK {head['position']} {head['hash']}"
        == f"OK {verify(busy.app).checked} {verify(busy.app).head['hash']}"
    )


def test_the_reference_verifier_names_the_same_tampered_position_as_verify(busy, store_url, tmp_path):
    with raw(store_url) as db:
        [position] = db.execute(
            "SELECT rowid FROM stored_events WHERE topic LIKE '%StudyEntry.Recorded' ORDER BY rowid LIMIT 1 OFFSET 5"
        ).fetchone()  # a study entry, after the accounts
        state = db.execute("SELECT state FROM stored_events WHERE rowid=?", (position,)).fetchone()[0]
        db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (bytes(state).replace(b"self", b"solo"), position))
    code, out = reference(store_url, tmp_path)
    assert (code, out) == (1, f"FAILED at position {position}")
    assert verify(busy.app).finding.position == position


def test_the_reference_verifier_sees_a_deleted_event(busy, store_url, tmp_path):
    with raw(store_url) as db:
        db.execute("DELETE FROM stored_events WHERE rowid=8")
    assert reference(store_url, tmp_path) == (1, "FAILED at position 8")
    assert verify(busy.app).finding.position == 8
