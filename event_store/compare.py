"""Read models against the log: rebuild every one into a scratch store from the live log and
compare it, table by table, row by row, with the live one. Read models are disposable, so a row
the log does not give (a value changed in the table by hand, a row added or lost) is a fault."""

from __future__ import annotations

import math
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from event_store.projection import Projection, ProjectionRunner, ReadModels
from event_store.store import LedgerApplication, open_application


@dataclass(frozen=True)
class Difference:
    """The first place a live read model differs from its rebuild: the read model, its table, the
    row (its key: primary-key column values, or the whole row where the table has none), the
    column (None when the row is only on one side) and both values (None where there is no row)."""

    readmodel: str
    table: str
    row: tuple[Any, ...]
    column: str | None
    live: Any
    rebuilt: Any


def primary_key(columns: str) -> list[str]:
    """The primary-key columns of a table's column DDL (`id TEXT PRIMARY KEY, ...` or `PRIMARY KEY (a, b)`)."""
    table_key = re.search(r"PRIMARY\s+KEY\s*\(([^)]*)\)", columns, re.IGNORECASE)
    if table_key:
        return [c.strip() for c in table_key.group(1).split(",")]
    for part in re.split(r",(?![^()]*\))", columns):
        words = part.split()
        if words and re.search(r"\bPRIMARY\s+KEY\b", part, re.IGNORECASE):
            return [words[0]]
    return []


def _same(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        # PostgreSQL's REAL is single precision: a rebuild in double precision may differ in the 8th digit.
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    return False


def _rows(readmodels: ReadModels, table: str) -> list[dict[str, Any]]:
    with readmodels.transaction(commit=False) as db:
        return db.rows(f"SELECT * FROM {table}")


def compare_table(readmodel: str, table: str, columns: str, live: list[dict], rebuilt: list[dict]) -> Difference | None:
    """The first difference between two copies of one table, in the order of their keys."""
    key = primary_key(columns)
    names = list((live or rebuilt or [{}])[0])
    if not key:
        whole_live = Counter(tuple(r.values()) for r in live)
        whole_rebuilt = Counter(tuple(r.values()) for r in rebuilt)
        for row in sorted(set(whole_live) | set(whole_rebuilt), key=repr):
            if whole_live[row] != whole_rebuilt[row]:
                return Difference(readmodel, table, row, None, whole_live[row], whole_rebuilt[row])
        return None
    by_key_live = {tuple(r[k] for k in key): r for r in live}
    by_key_rebuilt = {tuple(r[k] for k in key): r for r in rebuilt}
    for row in sorted(set(by_key_live) | set(by_key_rebuilt), key=repr):
        a, b = by_key_live.get(row), by_key_rebuilt.get(row)
        if a is None or b is None:
            return Difference(readmodel, table, row, None, a, b)
        for column in names:
            if not _same(a.get(column), b.get(column)):
                return Difference(readmodel, table, row, column, a.get(column), b.get(column))
    return None


def compare_read_models(
    app: LedgerApplication,
    projections: Sequence[type[Projection]] | Sequence[Projection],
    live: ReadModels,
    progress: Callable[[int, int], None] | None = None,
) -> Difference | None:
    """Rebuild every read model from `app`'s log into a scratch SQLite store, each up to the position
    its live copy reached, and return the first difference from the live one (None: they match)."""
    fresh = [p if isinstance(p, type) else type(p) for p in projections]
    with tempfile.TemporaryDirectory(prefix="culture-ledger-compare-") as scratch_dir:
        scratch_app = open_application((), f"sqlite:///{Path(scratch_dir) / 'scratch.sqlite3'}")
        try:
            scratch = ReadModels.beside(scratch_app)
            runner = ProjectionRunner(app, [p() for p in fresh], scratch)
            for _ in range(3):  # the live read models may move on while they are compared
                reached = live.positions([p.name for p in runner.projections])
                for position in sorted(set(reached.values())):
                    group = [p for p in runner.projections if reached[p.name] == position]
                    runner.catch_up(upto=max(position, 0), only=group, progress=progress)
                found = None
                for p in runner.projections:
                    if reached[p.name] < 0:
                        continue  # its tracking is corrupted: the health page and `status` tell it
                    for table, columns in p.tables.items():
                        found = compare_table(p.name, table, columns, _rows(live, table), _rows(scratch, table))
                        if found:
                            break
                    if found:
                        break
                if live.positions(list(reached)) == reached:
                    return found
            return found
        finally:
            scratch_app.close()
