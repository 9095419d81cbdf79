"""The standards carrier's read model (rules with their editions, compliance cases), the
figures leaders read, and the staffing ledger's signals where that plugin is installed."""

from __future__ import annotations

import importlib.util
from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.registry import Indicator
from domain import clock
from event_store.projection import Db, Projection, handles
from plugins.carrier.files import files_named
from plugins.carrier.projections import HISTORY_COLUMNS, write_history
from plugins.carrier.queries import activity_columns, activity_records, count_of
from plugins.standards.domain import ComplianceCase, WorkingRule

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

RESOLVE_TARGET_DAYS = 30
"""A case resolved within this many days of being found counts as resolved promptly."""


class StandardsProjection(Projection):
    """Working rules and every edition of each, compliance cases with their time to resolve, and history."""

    name = "standards"
    tables = {
        "standards_rules": "id TEXT PRIMARY KEY, title TEXT NOT NULL, department_id TEXT NOT NULL, summary TEXT, "
        "adopted_on TEXT NOT NULL, effective_on TEXT NOT NULL, edition INTEGER NOT NULL, repealed_on TEXT, "
        "repeal_reason TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, recorded_at TEXT, "
        "version INTEGER, position INTEGER",
        "standards_rule_editions": "rule_id TEXT NOT NULL, edition INTEGER NOT NULL, summary TEXT, effective_on TEXT NOT NULL, "
        "note TEXT, recorded_by TEXT, recorded_at TEXT, PRIMARY KEY (rule_id, edition)",
        "standards_cases": "id TEXT PRIMARY KEY, kind TEXT NOT NULL, institution TEXT NOT NULL, department_id TEXT NOT NULL, "
        "description TEXT, headcount INTEGER, found_on TEXT NOT NULL, resolved_on TEXT, resolution TEXT, "
        "days_to_resolve INTEGER, withdrawn INTEGER NOT NULL DEFAULT 0, recorded_by TEXT, recorded_at TEXT, "
        "version INTEGER, position INTEGER",
        "standards_history": HISTORY_COLUMNS,
    }

    @staticmethod
    def _table(e: Any) -> str:
        return "standards_rules" if "WorkingRule" in type(e).__qualname__ else "standards_cases"

    def _touch(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            f"UPDATE {self._table(e)} SET version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )

    @handles(WorkingRule.Recorded)
    def adopted(self, db: Db, e: WorkingRule.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO standards_rules VALUES (?,?,?,?,?,?,1,NULL,NULL,0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.title,
                e.department_id.hex,
                e.summary,
                e.occurred_on.isoformat(),
                e.effective_on.isoformat(),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        db.execute(
            "INSERT INTO standards_rule_editions VALUES (?,1,?,?,?,?,?)",
            (e.originator_id.hex, e.summary, e.effective_on.isoformat(), "", e.by.account, e.timestamp.isoformat()),
        )
        write_history(db, "standards_history", e, position, "recorded")

    @handles(WorkingRule.Revised)
    def revised(self, db: Db, e: WorkingRule.Revised, position: int) -> None:
        db.execute(
            "UPDATE standards_rules SET summary=?, effective_on=?, edition=? WHERE id=?",
            (e.summary, e.effective_on.isoformat(), e.edition, e.originator_id.hex),
        )
        db.execute(
            "INSERT INTO standards_rule_editions VALUES (?,?,?,?,?,?,?)",
            (
                e.originator_id.hex,
                e.edition,
                e.summary,
                e.effective_on.isoformat(),
                e.note,
                e.by.account,
                e.timestamp.isoformat(),
            ),
        )
        self._touch(db, e, position)
        write_history(db, "standards_history", e, position, "revised", e.note)

    @handles(WorkingRule.Repealed)
    def repealed(self, db: Db, e: WorkingRule.Repealed, position: int) -> None:
        db.execute(
            "UPDATE standards_rules SET repealed_on=?, repeal_reason=? WHERE id=?",
            (e.repealed_on.isoformat(), e.reason, e.originator_id.hex),
        )
        self._touch(db, e, position)
        write_history(db, "standards_history", e, position, "repealed", e.reason)

    @handles(ComplianceCase.Recorded)
    def found(self, db: Db, e: ComplianceCase.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO standards_cases VALUES (?,?,?,?,?,?,?,NULL,NULL,NULL,0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.kind,
                e.institution,
                e.department_id.hex,
                e.description,
                e.headcount,
                e.occurred_on.isoformat(),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        write_history(db, "standards_history", e, position, "recorded")

    @handles(ComplianceCase.Resolved)
    def resolved(self, db: Db, e: ComplianceCase.Resolved, position: int) -> None:
        found = db.scalar("SELECT found_on FROM standards_cases WHERE id=?", (e.originator_id.hex,))
        days = (e.resolved_on - date.fromisoformat(found)).days
        db.execute(
            "UPDATE standards_cases SET resolved_on=?, resolution=?, days_to_resolve=? WHERE id=?",
            (e.resolved_on.isoformat(), e.resolution, days, e.originator_id.hex),
        )
        self._touch(db, e, position)
        write_history(db, "standards_history", e, position, "resolved", e.resolution)

    @handles(WorkingRule.Amended, ComplianceCase.Amended)
    def amended(self, db: Db, e: Any, position: int) -> None:
        for key in ("title", "institution", "description", "headcount"):
            if key in e.changes:
                db.execute(f"UPDATE {self._table(e)} SET {key}=? WHERE id=?", (e.changes[key], e.originator_id.hex))
        self._touch(db, e, position)
        write_history(db, "standards_history", e, position, "amended", e.reason)

    @handles(WorkingRule.FilesAttached)
    def files_attached(self, db: Db, e: WorkingRule.FilesAttached, position: int) -> None:
        self._touch(db, e, position)  # the files themselves: the `record_files` read model
        write_history(db, "standards_history", e, position, "files_attached", files_named(e.evidence))

    @handles(WorkingRule.Withdrawn, ComplianceCase.Withdrawn)
    def withdrawn(self, db: Db, e: Any, position: int) -> None:
        db.execute(f"UPDATE {self._table(e)} SET withdrawn=1 WHERE id=?", (e.originator_id.hex,))
        self._touch(db, e, position)
        write_history(db, "standards_history", e, position, "withdrawn", e.reason)


# --- queries -------------------------------------------------------------------------


def rules(
    ledger: Ledger, department_id: str | None = None, search: str | None = None, on: date | None = None
) -> list[dict]:
    """Working rules with their department and whether each is in force on `on` (today by default)."""
    on_iso = (on or clock.today()).isoformat()
    where, params = ["1=1"], []
    if department_id:
        where.append("r.department_id = ?")
        params.append(department_id)
    if search:
        where.append("(r.title LIKE ? OR r.summary LIKE ?)")
        params.extend([f"%{search}%"] * 2)
    # Each rule's first edition's effective day in the same statement (one round trip, not one per rule).
    rows = ledger.query(
        "SELECT r.*, d.name AS department, (SELECT MIN(e.effective_on) FROM standards_rule_editions e "
        "WHERE e.rule_id = r.id) AS first_effective FROM standards_rules r LEFT JOIN departments d "
        f"ON d.id = r.department_id WHERE {' AND '.join(where)} ORDER BY r.adopted_on DESC, r.title",
        params,
    )
    for r in rows:
        first_effective = r.pop("first_effective")
        r["in_force"] = (
            not r["withdrawn"] and first_effective <= on_iso and (r["repealed_on"] is None or r["repealed_on"] > on_iso)
        )
    return rows


def editions(ledger: Ledger, rule_id: str) -> list[dict]:
    return ledger.query("SELECT * FROM standards_rule_editions WHERE rule_id=? ORDER BY edition", (rule_id,))


def cases(
    ledger: Ledger,
    *,
    start: date | None = None,
    end: date | None = None,
    department_id: str | None = None,
    search: str | None = None,
    include_withdrawn: bool = True,
) -> list[dict]:
    """Compliance cases found within start..end, with their department; open ones have no resolved_on."""
    where, params = ["1=1"], []
    for clause, value in (
        ("c.found_on >= ?", start and start.isoformat()),
        ("c.found_on <= ?", end and end.isoformat()),
        ("c.department_id = ?", department_id),
    ):
        if value:
            where.append(clause)
            params.append(value)
    if search:
        where.append("(c.institution LIKE ? OR c.description LIKE ? OR c.resolution LIKE ?)")
        params.extend([f"%{search}%"] * 3)
    if not include_withdrawn:
        where.append("c.withdrawn = 0")
    return ledger.query(
        "SELECT c.*, d.name AS department FROM standards_cases c LEFT JOIN departments d "
        f"ON d.id = c.department_id WHERE {' AND '.join(where)} ORDER BY c.found_on DESC",
        params,
    )


def staffing_signals(ledger: Ledger) -> dict[str, list[dict]] | None:
    """Over-quota and mixed-staffing signals from the staffing ledger, when that plugin is installed and registered."""
    if importlib.util.find_spec("plugins.staffing") is None:
        return None
    if not any(p.id == "staffing" for p in ledger.registry.plugins):
        return None
    try:
        from plugins.staffing.projections import mixed_staffing, over_quota
    except ImportError:
        return None
    return {"over_quota": over_quota(ledger), "mixed_staffing": mixed_staffing(ledger)}


# --- indicators ----------------------------------------------------------------------


def _in_force_rows(ledger: Ledger, scope) -> list[dict]:
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "edition": r["edition"],
            "effective_on": r["effective_on"],
            "department": r["department"],
        }
        for r in rules(ledger, scope.department_id, on=scope.end)
        if r["in_force"]
    ]


def _in_force(ledger: Ledger, scope) -> int:
    return len(_in_force_rows(ledger, scope))


def _open_rows(ledger: Ledger, scope) -> list[dict]:
    end = scope.end.isoformat()
    return [
        c
        for c in cases(ledger, end=scope.end, department_id=scope.department_id, include_withdrawn=False)
        if c["resolved_on"] is None or c["resolved_on"] > end
    ]


def _open(ledger: Ledger, scope) -> int:
    return len(_open_rows(ledger, scope))


def _resolved_rows(ledger: Ledger, scope) -> list[dict]:
    start, end = scope.start.isoformat(), scope.end.isoformat()
    return [
        c
        for c in cases(ledger, department_id=scope.department_id, include_withdrawn=False)
        if c["resolved_on"] is not None and start <= c["resolved_on"] <= end
    ]


def _prompt(ledger: Ledger, scope) -> float | None:
    done = _resolved_rows(ledger, scope)
    return sum(c["days_to_resolve"] <= RESOLVE_TARGET_DAYS for c in done) / len(done) if done else None


def mean_days_to_resolve(ledger: Ledger, scope) -> float | None:
    done = _resolved_rows(ledger, scope)
    return sum(c["days_to_resolve"] for c in done) / len(done) if done else None


_inspection_rows = activity_records("standards", kinds=("inspection",))
_inspections = count_of(_inspection_rows)


CASE_COLUMNS = {
    "kind": "standards.col.kind",
    "institution": "standards.col.institution",
    "description": "field.description",
    "headcount": "standards.col.headcount",
    "found_on": "standards.col.found_on",
    "resolved_on": "standards.col.resolved_on",
    "days_to_resolve": "standards.col.days_to_resolve",
    "resolution": "standards.col.resolution",
    "department": "standards.col.department",
    "recorded_by": "standards.col.recorded_by",
}
"""The cases behind a figure, as a leader reads them."""
CASE_LABELS = {"kind": "standards.case", "recorded_by": "person"}


INDICATORS = (  # not ranked: the overview compares departments on a carrier by its coverage heatmap
    Indicator(
        "standards_rules_in_force",
        "standards.metric.in_force",
        "standards.definition.in_force",
        _in_force,
        unit="count",
        carrier="standards",
        records=_in_force_rows,
        rank=None,
        columns={
            "title": "standards.col.title",
            "edition": "standards.col.edition",
            "effective_on": "standards.col.effective_on",
            "department": "standards.col.department",
        },
    ),
    Indicator(
        "standards_open_cases",
        "standards.metric.open",
        "standards.definition.open",
        _open,
        unit="count",
        carrier="standards",
        records=_open_rows,
        rank=None,
        columns=CASE_COLUMNS,
        labels=CASE_LABELS,
    ),
    Indicator(
        "standards_resolved_promptly",
        "standards.metric.prompt",
        "standards.definition.prompt",
        _prompt,
        unit="percent",
        carrier="standards",
        records=_resolved_rows,
        rank=None,
        columns=CASE_COLUMNS,
        labels=CASE_LABELS,
    ),
    Indicator(
        "standards_inspections",
        "standards.metric.inspections",
        "standards.definition.inspections",
        _inspections,
        unit="count",
        carrier="standards",
        records=_inspection_rows,
        rank=None,
        columns=activity_columns(),
    ),
)
