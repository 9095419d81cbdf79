"""The power goes out: a process is killed (SIGKILL, no clean-up) in the middle of its
work, and after a restart the ledger is whole: the log and its chain valid, the read
models exactly what a clean rebuild gives, nothing counted twice."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest

from culture_ledger.ledger import Ledger
from domain import clock
from domain.actor import Actor
from tests.reliability.checks import chain_breaks, differences_from_a_rebuild, log

pytestmark = pytest.mark.usefixtures("import_channel")  # past records brought in through the import channel

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = 1500


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.workers", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(process: subprocess.Popen, ready) -> list[dict]:
    """Read the worker's reports until `ready(report)`, then SIGKILL it; returns what it reported."""
    reports = []
    for line in process.stdout:
        reports.append(json.loads(line))
        if ready(reports[-1]):
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, f"the worker ended on its own: {process.stderr.read()[-2000:]}"
    return reports


IMPORT = Actor("admin", "admin", "import")
"""The administrator entering the office's paper records in bulk (a fixture account of tests/conftest.py)."""


@pytest.fixture
def busy_log(ledger, office):
    """An office with weeks of study: enough events that projecting them takes many batches."""
    ledger.study.record_study_batch(
        [
            {
                "cadre_id": [office.wang, office.li, office.aygul, office.zhang][i % 4],
                "occurred_on": clock.today() - timedelta(days=(i // 4) % 60),  # a few entries a day each
                "minutes": 20 + i % 100,
                "material": f"第{i}次学习",
            }
            for i in range(ENTRIES)
        ],
        IMPORT,
    )
    withdrawn = ledger.query("SELECT id FROM study_entries ORDER BY id LIMIT 30")
    for row in withdrawn:  # later events that change earlier rows: double counting would show
        ledger.study.withdraw_study(UUID(row["id"]), {"reason": "重复填报"}, IMPORT)
    return ledger


def forget_read_models(ledger: Ledger) -> None:
    with ledger.readmodels.transaction() as db:
        for p in ledger.runner.projections:
            p.drop(db)
            ledger.readmodels.forget(db, p.name)
            p.create(db)


@pytest.mark.slow
def test_a_projection_worker_killed_mid_batch_resumes_without_double_counting(busy_log, store_url):
    head = busy_log.app.head()
    forget_read_models(busy_log)

    reports = kill_when(start("catch-up", store_url, "3"), lambda r: r["position"] >= 200)

    assert reports[-1]["position"] < head  # killed part way
    restarted = Ledger(url=store_url)  # a new app instance catches up from where the tracking says
    try:
        assert 0 < min(restarted.readmodels.position(p.name) for p in restarted.runner.projections) <= head
        assert restarted.scalar("SELECT COUNT(*) FROM study_entries") == ENTRIES
        assert restarted.scalar("SELECT SUM(withdrawn) FROM study_entries") == 30
        assert differences_from_a_rebuild(restarted) == {}
    finally:
        restarted.close()


def rebuilding(url: str) -> dict[str, int]:
    """The rebuild under way in the store: each read model it builds beside the live ones, and its position."""
    ledger = Ledger(url=url)
    try:
        return ledger.runner.rebuilding()
    finally:
        ledger.close()


def rebuild_command(url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "culture_ledger.cli", "--store", url, "rebuild", "--batch-size", "3"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Its bar redrawn at every page, not every 0.1 s: a fast machine rebuilt the whole log between two
        # redraws, and the stop the story sends once the bar is past a position came after the end.
        env={**os.environ, "TQDM_MININTERVAL": "0"},
    )


def term_when_past(process: subprocess.Popen, position: int) -> tuple[int, str]:
    """Follow the command's progress bar until it passes `position`, then SIGTERM it: its exit status and what it said."""
    said = b""
    while True:
        chunk = os.read(process.stderr.fileno(), 4096)
        assert chunk, f"the rebuild ended on its own: {said.decode()[-2000:]}"
        said += chunk
        done = [int(n) for n in re.findall(rb"\| *(\d+)/\d+ \[", said)]
        if done and done[-1] > position:
            break
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=60)
    return process.returncode, (said + rest).decode()


@pytest.mark.slow
@pytest.mark.backends("sqlite", "postgresql")
def test_a_rebuild_killed_or_stopped_half_way_leaves_the_app_its_read_models_whole_and_resumes_where_it_stopped(
    busy_log, store_url
):
    head = busy_log.app.head()
    busy_log.close()

    reports = kill_when(
        start("rebuild", store_url, "3"), lambda r: r["position"] >= 90
    )  # kill -9 (progress is said per page, committed every ten)

    killed_at = rebuilding(store_url)
    assert 0 < min(killed_at.values()) < head  # committed every ten pages of three events
    reader = Ledger(url=store_url)
    try:  # what the app reads meanwhile: the read models as they were, whole, not the half-built ones
        assert reader.scalar("SELECT COUNT(*) FROM study_entries") == ENTRIES
        assert reader.stops() == {}
    finally:
        reader.close()

    status, said = term_when_past(rebuild_command(store_url), min(killed_at.values()) + 90)  # SIGTERM

    assert status == 128 + signal.SIGTERM, said[-3000:]  # stopped half-way, not done before the signal came
    assert f"继续上次中断的重建：已完成到第 {min(killed_at.values())} 条" in said  # resumed, not started again
    assert "重建已中断" in said and "Traceback" not in said
    stopped_at = min(rebuilding(store_url).values())
    assert reports[-1]["position"] < stopped_at < head

    finished = subprocess.run(
        [sys.executable, "-m", "culture_ledger.cli", "--store", store_url, "rebuild", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert finished.returncode == 0, finished.stderr[-2000:]
    assert f"继续上次中断的重建：已完成到第 {stopped_at} 条" in finished.stderr
    restarted = Ledger(url=store_url)
    try:
        assert restarted.runner.rebuilding() == {}
        assert restarted.scalar("SELECT COUNT(*) FROM study_entries") == ENTRIES
        assert differences_from_a_rebuild(restarted) == {}
    finally:
        restarted.close()


@pytest.mark.slow
def test_a_writer_killed_mid_append_leaves_a_whole_log_and_an_unbroken_chain(ledger, office, store_url, staff_of):
    reports = kill_when(start("append-forever", store_url, office.wang.hex, "kill"), lambda r: r["head"] > 400)

    restarted = Ledger(url=store_url)
    try:
        events = log(restarted)
        assert [n.id for n in events] == list(range(1, len(events) + 1))  # no gaps
        assert chain_breaks(restarted) == []  # every event has its chain row, and every row its event
        appended = [n for n in events if n.topic.endswith("StudyEntry.Recorded")]
        assert len(events) >= reports[-1]["head"]  # every save the writer saw succeed is there
        assert len(appended) % 20 == 0  # a save of twenty entries is all or nothing: no half batch survived

        restarted.study.record_study(
            {"cadre_id": office.li, "occurred_on": clock.today(), "minutes": 60, "material": "断电之后"},
            staff_of(office.li),
        )
        assert chain_breaks(restarted) == []
        assert restarted.scalar("SELECT COUNT(*) FROM study_entries") == len(appended) + 1
        assert differences_from_a_rebuild(restarted) == {}
    finally:
        restarted.close()


def test_the_chain_check_names_the_first_altered_event(ledger, office, store_url, staff):
    # The checks above would be worthless if they could not fail: alter one stored payload.
    for i in range(5):
        ledger.study.record_study(
            {
                "cadre_id": office.wang,
                "occurred_on": clock.today() - timedelta(days=i),
                "minutes": 60,
                "material": f"第{i}次",
            },
            staff,
        )  # the clerk is 王建国
    assert chain_breaks(ledger) == []
    target = [n for n in log(ledger) if n.topic.endswith("StudyEntry.Recorded")][-3].id  # not a 学习日 beside it
    raw = sqlite3.connect(store_url[len("sqlite:///") :])
    with raw:
        raw.execute(
            "UPDATE stored_events SET state = CAST(REPLACE(CAST(state AS TEXT), '60', '90') AS BLOB) WHERE rowid = ?",
            (target,),
        )
    raw.close()
    assert chain_breaks(ledger) == [f"position {target}: chain row does not match"]
