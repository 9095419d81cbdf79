"""Exports that carry everything: the demo office leaves as one file (its log, its digest, its
evidence files) and comes back whole into an empty store; an import is all or nothing on either
backend, whatever is wrong with the file and even when the importer is killed half-way."""

import json
import os
import re
import signal
import subprocess
import sys
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from culture_ledger.cli import main
from culture_ledger.registry import Registry
from domain import clock
from event_store import exchange
from event_store.evidence import EvidenceStore
from event_store.exchange import ExchangeError, check_file, export_package, import_file
from event_store.integrity import chain_head, digest, verify
from event_store.store import open_application
from tests.integration import exports

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(demo_office_copy, tmp_path_factory):
    """The demo office (about 2,300 events and its evidence files) exported once, with its digest."""
    url = demo_office_copy("export-packages")
    app = open_application(Registry.load().event_topics, url)
    evidence = EvidenceStore(Path(url[len("sqlite:///") :]).parent / "evidence")
    path = tmp_path_factory.mktemp("demo-export") / "demo.zip"
    manifest = export_package(app, path, evidence=evidence)
    yield SimpleNamespace(url=url, app=app, path=path, manifest=manifest, digest=digest(app))
    app.close()


@pytest.fixture
def empty(store_url, tmp_path):
    """An empty store (on the test's backend) and an empty evidence folder to import into."""
    app = open_application(Registry.load().event_topics, store_url)
    yield SimpleNamespace(url=store_url, app=app, evidence=EvidenceStore(tmp_path / "imported-evidence"))
    app.close()


def is_empty(target) -> bool:
    return target.app.head() == 0 and chain_head(target.app) is None and not list(target.evidence.root.glob("*/*"))


def test_the_demo_with_its_evidence_imports_into_an_empty_store_and_evidence_folder_and_verifies(demo, empty):
    files = demo.manifest["evidence"]["files"]
    assert len(files) > 10 and demo.manifest["evidence"]["included"]

    now = import_file(empty.app, demo.path, evidence=empty.evidence, digest=demo.digest)

    assert (now["position"], now["hash"]) == (demo.digest["position"], demo.digest["hash"])
    report = verify(empty.app, evidence=empty.evidence, digest=demo.digest)
    assert report.ok and report.evidence_checked == len(files)


def _described(event: dict) -> date | None:
    found = re.search(r'"occurred_on":\{"_type_":"date_iso","_data_":"([0-9-]{10})"\}', event["state"])
    return date.fromisoformat(found.group(1)) if found else None


def test_last_month_of_the_demo_exports_by_the_day_its_records_describe_by_record_or_append_time_and_says_which(
    demo, tmp_path, capsys
):
    first = (clock.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    last = clock.today().replace(day=1) - timedelta(days=1)
    zone = clock.office_zone()
    since, until = datetime.combine(first, time(), zone), datetime.combine(last + timedelta(days=1), time(), zone)
    whole = exports.read(demo.path).events
    within = {
        "described": lambda e: _described(e) is not None and first <= _described(e) <= last,
        "recorded": lambda e: since <= datetime.fromisoformat(json.loads(e["state"])["timestamp"]["_data_"]) < until,
        "appended": lambda e: since <= datetime.fromisoformat(e["recorded_at"]) < until,
    }
    words = {"described": "按所述日期", "recorded": "按记录时间", "appended": "按写入时间"}
    for by, inside in within.items():
        out = tmp_path / f"{by}.zip"
        args = ["export", "--out", str(out), "--since", first.isoformat(), "--until", last.isoformat(), "--by", by]
        assert main(["--store", demo.url, *args, "--no-evidence", "--quiet"]) == 0
        assert words[by] in capsys.readouterr().out
        manifest = exports.read(out).manifest
        assert manifest["selected"]["by"] == by
        # From the first to the last event whose time falls in the month (and every event between them).
        positions = [e["position"] for e in whole if inside(e)]
        if positions:
            assert (manifest["from_position"], manifest["to_position"]) == (min(positions), max(positions)), by
        else:  # a demo appended today, whatever day its records describe: nothing was appended last month
            assert by == "appended" and manifest["count"] == 0
        if by == "described":
            assert manifest["count"] > 500  # the month's records: not empty
            assert manifest["selected"] == {"by": "described", "since": first.isoformat(), "until": last.isoformat()}
            # --no-evidence: the log alone, though the manifest still names the files its events refer to.
            assert exports.read(out).evidence == {} and not manifest["evidence"]["included"]
            assert manifest["evidence"]["files"] and check_file(out)["count"] == manifest["count"]


def test_an_export_rewritten_with_every_hash_recomputed_is_refused_against_the_digest_kept_elsewhere(
    demo, empty, tmp_path
):
    package = exports.read(demo.path)
    study = next(e for e in package.events if e["topic"].endswith("StudyEntry.Recorded"))
    study["state"] = study["state"].replace('"minutes":', '"minutes":1', 1)
    rewritten = exports.write(exports.rechain(package), tmp_path / "rewritten.zip")
    assert check_file(rewritten)["count"] == demo.digest["position"]  # consistent with itself

    with pytest.raises(ExchangeError) as refused:
        import_file(empty.app, rewritten, evidence=empty.evidence, digest=demo.digest)

    assert refused.value.position == demo.digest["position"]
    assert f"位置 {demo.digest['position']}" in str(refused.value) and "改写" in str(refused.value)
    assert is_empty(empty)


def _undecodable_at_the_end(package):
    package.events[-1]["state"] = '{"timestamp": {"_type_": "datetime_iso", "_data_": "not a time"}'
    return len(package.events)


def _a_duplicated_event(package):
    package.lines.insert(-1, dict(next(e for e in package.events if e["topic"].endswith("StudyEntry.Recorded"))))
    return len(package.events)


def _two_events_of_a_record_swapped(package):
    amended = next(e for e in package.events if e["topic"].endswith("StudyEntry.Amended"))
    first = next(e for e in package.events if e["originator_id"] == amended["originator_id"])
    a, b = package.lines.index(first), package.lines.index(amended)
    package.lines[a], package.lines[b] = package.lines[b], package.lines[a]
    return first["position"]


def _an_id_in_upper_case(package):
    line = package.events[len(package.events) // 2]
    line["originator_id"] = line["originator_id"].upper()
    return line["position"]


def _a_field_over_its_length_limit(package):
    study = [e for e in package.events if e["topic"].endswith("StudyEntry.Recorded")][-1]
    state = json.loads(study["state"])
    state["material"] = "学" * 20_001
    study["state"] = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
    return study["position"]


DAMAGES = {
    "an undecodable payload deep in the file": _undecodable_at_the_end,
    "a duplicated event with a correct chain": _a_duplicated_event,
    "two events of one record swapped with a correct chain": _two_events_of_a_record_swapped,
    "an id in upper case": _an_id_in_upper_case,
    "a field over its length limit": _a_field_over_its_length_limit,
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_export_leaves_the_store_and_evidence_folder_empty_and_says_where_in_chinese(
    demo, empty, tmp_path, damage
):
    package = exports.read(demo.path)
    position = DAMAGES[damage](package)
    damaged = exports.write(exports.rechain(package), tmp_path / "damaged.zip")

    with pytest.raises(ExchangeError) as refused:
        import_file(empty.app, damaged, evidence=empty.evidence)

    said = str(refused.value)
    assert refused.value.position == position
    assert f"位置 {position}" in said and "未导入" in said
    assert is_empty(empty)


def test_a_failure_while_writing_undoes_every_batch_already_written(demo, empty, monkeypatch):
    real, batches = exchange._write_batch, []

    def fail_on_the_third(app, cursor, batch):
        if len(batches) == 2:
            raise OSError("disk full")
        batches.append(len(batch))
        return real(app, cursor, batch)

    monkeypatch.setattr(exchange, "_write_batch", fail_on_the_third)
    with pytest.raises(ExchangeError) as refused:
        import_file(empty.app, demo.path, evidence=empty.evidence, batch=500)

    assert refused.value.position == 1001 and "已全部撤销" in str(refused.value)
    assert batches == [500, 500] and is_empty(empty)  # the evidence files written first are gone too


KILLED_HALF_WAY = """
import os, signal, sys
from event_store import exchange
real, written = exchange._write_batch, []
def write_then_die(app, cursor, batch):
    if written:
        os.kill(os.getpid(), signal.SIGKILL)  # the second batch: the first is written, not committed
    written.append(real(app, cursor, batch))
    return written[-1]
exchange._write_batch = write_then_die
from culture_ledger.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_an_import_killed_half_way_leaves_the_store_empty_and_a_second_import_completes(demo, empty, tmp_path):
    env = {**os.environ, "CULTURE_LEDGER_EVIDENCE": str(empty.evidence.root)}
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_HALF_WAY, "--store", empty.url, "import", str(demo.path), "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert empty.app.head() == 0 and chain_head(empty.app) is None

    now = import_file(empty.app, demo.path, evidence=empty.evidence, digest=demo.digest)
    assert now["hash"] == demo.digest["hash"] and verify(empty.app, evidence=empty.evidence).ok


def test_an_export_is_one_zip_file_whose_manifest_names_its_log_and_every_evidence_file(demo):
    with zipfile.ZipFile(demo.path) as archive:
        names = set(archive.namelist())
    files = demo.manifest["evidence"]["files"]
    assert names == {"manifest.json", "log.jsonl", *(f"evidence/{f['sha256']}" for f in files)}
    assert demo.manifest["format"] == "culture-ledger-export" and demo.manifest["version"] == 2
    assert demo.manifest["digest"] == {k: demo.digest[k] for k in ("position", "hash", "recorded_at")}
