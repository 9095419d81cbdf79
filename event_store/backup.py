"""Online backup of a SQLite store: a consistent copy taken while the dashboard keeps writing.

SQLite's backup API copies every page in one step under a read snapshot; in WAL mode
writers carry on meanwhile, and the copy holds the log, its chain and the read models
exactly as they stood at one moment. Evidence files are content-addressed and never
change, so copying the ones not yet in the backup's `evidence/` folder completes it.
(PostgreSQL stores are backed up with pg_dump; see the README.)
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from event_store.evidence import evidence_root


@dataclass(frozen=True)
class Backup:
    """What a backup holds: its file, the log position it reaches, and the evidence files copied."""

    path: Path
    head: int
    evidence_copied: int


def sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///") or ":memory:" in url or "mode=memory" in url:
        raise ValueError(f"an online backup needs a SQLite file store, not {url!r} (use pg_dump for PostgreSQL)")
    return Path(url[len("sqlite:///") :])


def backup_sqlite(url: str, out: str | Path) -> Backup:
    """Copy the store at `url` to the new file `out` (and its evidence beside it) while it stays in use."""
    source_path, out = sqlite_path(url), Path(out)
    if not source_path.exists():
        raise FileNotFoundError(f"no store at {source_path}")
    if out.exists():
        raise FileExistsError(f"{out} exists; a backup never overwrites a file")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(partial)
    try:
        source.backup(target, pages=-1)  # one step: one consistent snapshot, writers not blocked (WAL)
        head = target.execute("SELECT COALESCE(MAX(rowid), 0) FROM stored_events").fetchone()[0]
    finally:
        target.close()
        source.close()
    os.replace(partial, out)  # the backup appears whole or not at all
    return Backup(out, head, _copy_evidence(evidence_root(url), out.parent / "evidence"))


def _copy_evidence(source: Path, target: Path) -> int:
    if not source.is_dir() or source.resolve() == target.resolve():
        return 0
    copied = 0
    for path in source.rglob("*"):
        if path.is_file() and path.suffix != ".tmp":  # .tmp: a file still being written
            destination = target / path.relative_to(source)
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination.with_suffix(".tmp"))
                os.replace(destination.with_suffix(".tmp"), destination)
                copied += 1
    return copied
