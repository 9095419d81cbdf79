"""Three verifiers agree: tools/reference_verify.py, the project's own `verify` (for an export file, the
import's check of it) and a small verifier this test writes from AUDIT.md alone name the same first bad
position on the same tampered stores (SQLite and PostgreSQL) and export files (both formats)."""

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from culture_ledger.cli import main
from event_store.exchange import ExchangeError, check_file, export_file, export_package
from event_store.integrity import digest
from tests.integration import exports
from tests.integration.audit_log import ledger, record_weeks  # noqa: F401 (fixture)
from tests.integration.raw_store import raw

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "reference_verify.py"
STANDARD_LIBRARY = {"base64", "hashlib", "io", "json", "sqlite3", "struct", "subprocess", "sys", "zipfile"}


def reference(target: str, tmp_path: Path, *extra: str) -> tuple[int, str]:
    # -I: isolated from the project (no PYTHONPATH, no site-packages of the venv on top of the standard library)
    done = subprocess.run(
        [sys.executable, "-I", str(SCRIPT), target, *extra], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, (done.stdout + done.stderr).strip()


def said_position(out: str) -> int | None:
    found = re.search(r"FAILED at position (\d+)", out)
    return int(found.group(1)) if found else None


# --- a third party's verifier, written from AUDIT.md alone ------------------------------------


def chained(previous: bytes, position: int, record: str, version: int, topic: str, state: bytes, row=(1, "")) -> bytes:
    """h(n) = SHA-256(h(n-1) || u64(n) || blob(id) || u64(version) || blob(topic) [|| blob(appended_at)] || blob(state)),
    appended_at only in a chain row of format 2."""
    row_format, appended_at = row
    digest = hashlib.sha256(previous)
    digest.update(position.to_bytes(8, "big"))
    parts = [(record.encode("utf-8"), version), (topic.encode("utf-8"), None)]
    if int(row_format) >= 2:
        parts.append((appended_at.encode("utf-8"), None))
    for field, number in (*parts, (state, None)):
        digest.update(len(field).to_bytes(4, "big") + field)
        if number is not None:
            digest.update(number.to_bytes(8, "big"))
    return digest.digest()


def third_party_on_store(store_url: str) -> tuple[str, int]:
    """("OK", head) or ("FAILED", the first position whose event or chain row is missing or does not chain)."""
    with raw(store_url) as db:
        events = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"
            ).fetchall()
        }
        chain = {
            p: (bytes(h), (f, at))
            for p, h, f, at in db.execute("SELECT position, hash, format, recorded_at FROM event_chain").fetchall()
        }
    h = bytes(32)
    for n in range(1, max([0, *events, *chain]) + 1):
        if n not in events or n not in chain:
            return "FAILED", n
        record, version, topic, state = events[n]
        h = chained(h, n, getattr(record, "hex", record), version, topic, bytes(state), chain[n][1])
        if h != chain[n][0]:
            return "FAILED", n
    return "OK", len(events)


def third_party_on_export(path: Path) -> tuple[str, int | None]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            manifest, log = json.loads(archive.read("manifest.json")), archive.read("log.jsonl")
            if hashlib.sha256(log).hexdigest() != manifest["log"]["sha256"]:
                return "FAILED", None
    else:
        log = path.read_bytes()
    lines = [json.loads(text) for text in log.decode("utf-8").splitlines()]
    header, events, end = lines[0], lines[1:-1], lines[-1]
    h, n = bytes.fromhex(header["base"]["hash"]), header["from_position"] - 1
    for line in events:
        n += 1
        if line["position"] != n:
            return "FAILED", n
        row = (line.get("chain_format", 1), line["recorded_at"])
        h = chained(h, n, line["originator_id"], line["originator_version"], line["topic"], line["state"].encode(), row)
        if h.hex() != line["hash"]:
            return "FAILED", n
    if end.get("end") is not True or end["count"] != len(events) or end["digest"]["hash"] != h.hex():
        return "FAILED", n
    return "OK", n


# --- stores -----------------------------------------------------------------------------------


@pytest.fixture
def busy(ledger, office, staff, leader, staff_of):
    record_weeks(ledger, office, staff, leader, staff_of, days=6)  # a sign-in sheet's photo on the sixth day
    return ledger


def project_verify(store_url: str, capsys) -> tuple[int, str]:
    code = main(["--store", store_url, "verify", "--quiet"])
    return code, capsys.readouterr().out


def a_study_entry(db) -> int:
    return db.execute(
        "SELECT rowid FROM stored_events WHERE topic LIKE '%StudyEntry.Recorded' ORDER BY rowid LIMIT 1 OFFSET 5"
    ).fetchone()[0]


def test_on_tampered_stores_the_three_verifiers_name_the_same_position_and_verify_says_what_changed(
    busy, store_url, tmp_path, capsys
):
    head, kept = busy.app.head(), digest(busy.app)
    (tmp_path / "digest.json").write_text(json.dumps(kept))
    (tmp_path / "other.json").write_text(json.dumps({**kept, "hash": "00" * 32}))
    assert reference(store_url, tmp_path, "digest.json") == (0, f"OK {head} {kept['hash']}")
    assert reference(store_url, tmp_path, "other.json") == (
        1,
        f"FAILED: the log does not extend the digest at position {head}",
    )
    assert third_party_on_store(store_url) == ("OK", head)
    with raw(store_url) as db:
        study = a_study_entry(db)
        state = bytes(db.execute("SELECT state FROM stored_events WHERE rowid=?", (study,)).fetchone()[0])
        hashes = {
            p: bytes(db.execute("SELECT hash FROM event_chain WHERE position=?", (p,)).fetchone()[0]) for p in (7, head)
        }
        ten, thirteen = (db.execute("SELECT * FROM stored_events WHERE rowid=?", (p,)).fetchone() for p in (10, 13))

    def swap(db, first, second):
        db.execute("UPDATE stored_events SET originator_version=-1 WHERE rowid=10")
        db.execute(
            "UPDATE stored_events SET originator_id=?, originator_version=?, topic=?, state=? WHERE rowid=13", first
        )
        db.execute(
            "UPDATE stored_events SET originator_id=?, originator_version=?, topic=?, state=? WHERE rowid=10", second
        )

    cases = [  # what is done, how it is undone, where, and what `verify` calls it
        (
            lambda db: db.execute(
                "UPDATE stored_events SET state=? WHERE rowid=?", (state.replace(b"self", b"solo"), study)
            ),
            lambda db: db.execute("UPDATE stored_events SET state=? WHERE rowid=?", (state, study)),
            study,
            "altered",
        ),
        (
            lambda db: db.execute("UPDATE event_chain SET hash=? WHERE position=7", (bytes(32),)),
            lambda db: db.execute("UPDATE event_chain SET hash=? WHERE position=7", (hashes[7],)),
            7,
            "hash_altered",
        ),
        (
            lambda db: db.execute("UPDATE event_chain SET hash=? WHERE position=?", (bytes(32), head)),
            lambda db: db.execute("UPDATE event_chain SET hash=? WHERE position=?", (hashes[head], head)),
            head,
            "head_altered",
        ),
        (lambda db: swap(db, ten, thirteen), lambda db: swap(db, thirteen, ten), 10, "reordered"),
        (lambda db: db.execute("DELETE FROM stored_events WHERE rowid=8"), None, 8, "removed"),
    ]
    for tamper, undo, position, kind in cases:
        with raw(store_url) as db:
            tamper(db)
        assert reference(store_url, tmp_path) == (1, f"FAILED at position {position}"), kind
        assert third_party_on_store(store_url) == ("FAILED", position), kind
        code, out = project_verify(store_url, capsys)
        assert code == 1 and f"FAILED at position {position} ({kind})" in out, out
        if kind == "head_altered":  # a changed newest chain hash is not called an altered event
            assert "the chain head changed" in out
        if undo:
            with raw(store_url) as db:
                undo(db)


# --- export files -----------------------------------------------------------------------------


def _edit(lines, position, **changes):
    line = next(line for line in lines if line.get("position") == position)
    line.update(changes)


EXPORT_CASES = {  # what is done to the log's lines, and the first bad position
    "an event's payload changed": (lambda lines: _edit(lines, 9, state=lines[9]["state"] + " "), 9),
    "a line's hash changed": (lambda lines: _edit(lines, 7, hash="00" * 32), 7),
    "a line deleted": (lambda lines: lines.pop(8), 8),
    "two lines swapped": (lambda lines: lines.__setitem__(slice(10, 14), [lines[13], *lines[11:13], lines[10]]), 10),
    "the end line's digest changed": (lambda lines: lines[-1]["digest"].update(hash="00" * 32), None),
}


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("form", ["zip", "jsonl"])
def test_on_tampered_export_files_the_three_verifiers_name_the_same_position(busy, tmp_path, form):
    head = busy.app.head()
    if form == "zip":
        export_package(busy.app, tmp_path / "good.zip", evidence=busy.activities.evidence)
    else:
        export_file(busy.app, tmp_path / "good.jsonl")
    good = tmp_path / f"good.{form}"
    assert reference(str(good), tmp_path)[1] == f"OK {head} {digest(busy.app)['hash']}"
    assert third_party_on_export(good) == ("OK", head) and check_file(good)["count"] == head

    for case, (tamper, position) in EXPORT_CASES.items():
        position = position or head
        if form == "zip":
            package = exports.read(good)
            tamper(package.lines)
            bad = exports.write(package, tmp_path / "bad.zip")
        else:
            lines = [json.loads(t) for t in good.read_text(encoding="utf-8").splitlines()]
            tamper(lines)
            bad = tmp_path / "bad.jsonl"
            bad.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        code, out = reference(str(bad), tmp_path)
        assert (code, said_position(out)) == (1, position), case
        assert third_party_on_export(bad) == ("FAILED", position), case
        with pytest.raises(ExchangeError) as refused:
            check_file(bad)
        assert refused.value.position == position, case


@pytest.mark.backends("sqlite")
def test_an_archive_whose_log_no_longer_matches_its_manifest_is_refused_by_all_three(busy, tmp_path):
    export_package(busy.app, tmp_path / "good.zip", evidence=busy.activities.evidence)
    package = exports.read(tmp_path / "good.zip")
    assert package.evidence  # the sign-in sheet's photo travels with the log
    package.lines[5]["state"] += " "
    bad = exports.write(package, tmp_path / "bad.zip", keep_log_sha256=True)
    code, out = reference(str(bad), tmp_path)
    assert code == 1 and "manifest" in out
    assert third_party_on_export(bad) == ("FAILED", None)
    with pytest.raises(ExchangeError, match="SHA-256"):
        check_file(bad)
    # An evidence file changed inside the archive is named too.
    package = exports.read(tmp_path / "good.zip")
    sha = next(iter(package.evidence))
    package.evidence[sha] = b"another picture"
    code, out = reference(str(exports.write(package, tmp_path / "bad-photo.zip")), tmp_path)
    assert code == 1 and sha in out


# --- the script itself ------------------------------------------------------------------------


def test_the_reference_verifier_is_a_short_page_of_the_standard_library_and_says_how_to_use_it(tmp_path):
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 130
    imports = {line.split()[1] for line in lines if line.strip().startswith(("import ", "from "))}
    assert imports <= STANDARD_LIBRARY
    for wrong in ([], ["--help"], ["a", "b", "c"]):
        done = subprocess.run([sys.executable, "-I", str(SCRIPT), *wrong], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "usage: python3 reference_verify.py" in done.stdout and not done.stderr
    (tmp_path / "notes.txt").write_text("not a ledger")
    for target in (str(tmp_path / "missing.sqlite3"), str(tmp_path / "notes.txt")):
        code, out = reference(target, tmp_path)
        assert code == 2 and out.startswith(f"cannot verify {target}")
