"""The overall carrier's read model (reform tasks and milestones) and the figures leaders read."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.registry import Indicator
from domain import clock
from event_store.projection import Db, Projection, handles
from plugins.carrier.files import files_named
from plugins.carrier.projections import HISTORY_COLUMNS, write_history
from plugins.carrier.queries import activity_columns, activity_records, count_of
from plugins.overall.domain import ReformTask

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


class OverallProjection(Projection):
    """Reform tasks as they stand, each milestone's latest state, and each task's history."""

    name = "overall"
    tables = {
        "overall_tasks": "id TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL, department_id TEXT NOT NULL, "
        "lead TEXT, goal TEXT, ideas TEXT, occurred_on TEXT NOT NULL, withdrawn INTEGER NOT NULL DEFAULT 0, "
        "recorded_by TEXT, recorded_at TEXT, version INTEGER, position INTEGER",
        "overall_milestones": "task_id TEXT NOT NULL, milestone_id TEXT NOT NULL, title TEXT NOT NULL, planned_on TEXT NOT NULL, "
        "status TEXT NOT NULL, progress INTEGER NOT NULL, actual_on TEXT, note TEXT, updated_at TEXT, "
        "PRIMARY KEY (task_id, milestone_id)",
        "overall_history": HISTORY_COLUMNS,
    }

    def _touch(self, db: Db, e: Any, position: int) -> None:
        db.execute(
            "UPDATE overall_tasks SET version=?, position=? WHERE id=?",
            (e.originator_version, position, e.originator_id.hex),
        )

    @handles(ReformTask.Recorded)
    def recorded(self, db: Db, e: ReformTask.Recorded, position: int) -> None:
        db.execute(
            "INSERT INTO overall_tasks VALUES (?,?,?,?,?,?,?,?,0,?,?,?,?)",
            (
                e.originator_id.hex,
                e.title,
                e.category,
                e.department_id.hex,
                e.lead,
                e.goal,
                ",".join(e.ideas),
                e.occurred_on.isoformat(),
                e.by.account,
                e.timestamp.isoformat(),
                e.originator_version,
                position,
            ),
        )
        write_history(db, "overall_history", e, position, "recorded")

    @handles(ReformTask.MilestonePlanned)
    def planned(self, db: Db, e: ReformTask.MilestonePlanned, position: int) -> None:
        db.execute(
            "INSERT INTO overall_milestones VALUES (?,?,?,?,'planned',0,NULL,'',?)",
            (e.originator_id.hex, e.milestone_id, e.title, e.planned_on.isoformat(), e.timestamp.isoformat()),
        )
        self._touch(db, e, position)
        write_history(db, "overall_history", e, position, "milestone_planned", f"{e.title} · {e.planned_on}")

    @handles(ReformTask.ProgressReported)
    def reported(self, db: Db, e: ReformTask.ProgressReported, position: int) -> None:
        db.execute(
            "UPDATE overall_milestones SET status=?, progress=?, actual_on=?, note=?, updated_at=? "
            "WHERE task_id=? AND milestone_id=?",
            (
                e.status,
                e.progress,
                e.actual_on.isoformat() if e.actual_on else None,
                e.note,
                e.timestamp.isoformat(),
                e.originator_id.hex,
                e.milestone_id,
            ),
        )
        self._touch(db, e, position)
        title = db.scalar(
            "SELECT title FROM overall_milestones WHERE task_id=? AND milestone_id=?",
            (e.originator_id.hex, e.milestone_id),
        )
        write_history(
            db,
            "overall_history",
            e,
            position,
            "milestone_reported",
            " · ".join(p for p in (title, f"{e.progress}%", e.note) if p),
        )

    @handles(ReformTask.Amended)
    def amended(self, db: Db, e: ReformTask.Amended, position: int) -> None:
        for key in ("title", "lead", "goal"):
            if key in e.changes:
                db.execute(f"UPDATE overall_tasks SET {key}=? WHERE id=?", (e.changes[key], e.originator_id.hex))
        self._touch(db, e, position)
        write_history(db, "overall_history", e, position, "amended", e.reason)

    @handles(ReformTask.FilesAttached)
    def files_attached(self, db: Db, e: ReformTask.FilesAttached, position: int) -> None:
        self._touch(db, e, position)  # the files themselves: the `record_files` read model
        write_history(db, "overall_history", e, position, "files_attached", files_named(e.evidence))

    @handles(ReformTask.Withdrawn)
    def withdrawn(self, db: Db, e: ReformTask.Withdrawn, position: int) -> None:
        db.execute("UPDATE overall_tasks SET withdrawn=1 WHERE id=?", (e.originator_id.hex,))
        self._touch(db, e, position)
        write_history(db, "overall_history", e, position, "withdrawn", e.reason)


# --- queries -------------------------------------------------------------------------


def tasks(
    ledger: Ledger, department_id: str | None = None, search: str | None = None, include_withdrawn: bool = True
) -> list[dict]:
    """Reform tasks with their department, milestone counts and mean progress."""
    where, params = ["1=1"], []
    if department_id:
        where.append("t.department_id = ?")
        params.append(department_id)
    if search:
        where.append("(t.title LIKE ? OR t.goal LIKE ? OR t.lead LIKE ?)")
        params.extend([f"%{search}%"] * 3)
    if not include_withdrawn:
        where.append("t.withdrawn = 0")
    rows = ledger.query(
        "SELECT t.*, d.name AS department, COUNT(m.milestone_id) AS milestones, "
        "SUM(CASE WHEN m.status = 'done' THEN 1 ELSE 0 END) AS done, AVG(m.progress) AS progress "
        "FROM overall_tasks t LEFT JOIN departments d ON d.id = t.department_id "
        "LEFT JOIN overall_milestones m ON m.task_id = t.id "
        f"WHERE {' AND '.join(where)} GROUP BY t.id, d.name ORDER BY t.occurred_on DESC, t.title",
        params,
    )
    for r in rows:  # PostgreSQL's AVG is a Decimal
        r["progress"] = None if r["progress"] is None else float(r["progress"])
    return rows


def milestones(
    ledger: Ledger,
    *,
    start: date | None = None,
    end: date | None = None,
    department_id: str | None = None,
    task_id: str | None = None,
    today: date | None = None,
) -> list[dict]:
    """Milestones of standing tasks (planned within start..end when given), each flagged overdue or late.

    Overdue: not done and its planned date has passed. Late: done after its planned date.
    """
    today = today or clock.today()
    where, params = ["t.withdrawn = 0"], []
    for clause, value in (
        ("m.planned_on >= ?", start and start.isoformat()),
        ("m.planned_on <= ?", end and end.isoformat()),
        ("t.department_id = ?", department_id),
        ("t.id = ?", task_id),
    ):
        if value:
            where.append(clause)
            params.append(value)
    rows = ledger.query(
        "SELECT m.*, t.title AS task, t.category, d.name AS department FROM overall_milestones m "
        "JOIN overall_tasks t ON t.id = m.task_id LEFT JOIN departments d ON d.id = t.department_id "
        f"WHERE {' AND '.join(where)} ORDER BY m.planned_on, t.title",
        params,
    )
    for r in rows:
        r["id"] = f"{r['task_id']}:{r['milestone_id']}"
        r["overdue"] = r["status"] != "done" and r["planned_on"] < today.isoformat()
        r["late"] = r["status"] == "done" and (r["actual_on"] or "") > r["planned_on"]
    return rows


# --- indicators ----------------------------------------------------------------------


def _due(ledger: Ledger, scope) -> list[dict]:
    """Milestones due in the scope, up to today (the future is not yet due)."""
    end = min(scope.end, clock.today())
    return [
        m
        for m in milestones(ledger, start=scope.start, end=end, department_id=scope.department_id)
        if m["planned_on"] < clock.today().isoformat() or m["status"] == "done"
    ]


def _on_time(ledger: Ledger, scope) -> float | None:
    due = _due(ledger, scope)
    return sum(m["status"] == "done" and not m["late"] for m in due) / len(due) if due else None


def overdue_milestones(ledger: Ledger, scope) -> list[dict]:
    """The overdue milestones the figure counts: planned up to the period's end (earlier ones still open
    included), past their date today and not done. The card and the page's banner both count these."""
    return [m for m in milestones(ledger, end=scope.end, department_id=scope.department_id) if m["overdue"]]


def _overdue(ledger: Ledger, scope) -> int:
    return len(overdue_milestones(ledger, scope))


def _progress_rows(ledger: Ledger, scope) -> list[dict]:
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "department": r["department"],
            "milestones": r["milestones"],
            "progress": r["progress"],
        }
        for r in tasks(ledger, scope.department_id, include_withdrawn=False)
        if r["milestones"] and r["occurred_on"] <= scope.end.isoformat()
    ]


def _progress(ledger: Ledger, scope) -> float | None:
    rows = _progress_rows(ledger, scope)
    return sum(r["progress"] for r in rows) / len(rows) / 100 if rows else None


_service_rows = activity_records("overall", kinds=("service_item",), extra=("ideas",))
_services = count_of(_service_rows)


MILESTONE_COLUMNS = {
    "task": "overall.col.task",
    "title": "overall.col.milestone",
    "department": "overall.col.department",
    "category": "field.category",
    "planned_on": "overall.col.planned_on",
    "actual_on": "field.actual_on",
    "status": "overall.col.status",
    "progress": "field.progress",
    "overdue": "overall.col.overdue",
    "late": "overall.col.late",
    "note": "overall.col.note",
}
"""The milestones behind a figure, as a leader reads them."""
MILESTONE_LABELS = {"category": "overall.category", "status": "overall.status", "overdue": "yesno", "late": "yesno"}


INDICATORS = (  # not ranked: the overview compares departments on a carrier by its coverage heatmap
    Indicator(
        "overall_milestones_on_time",
        "overall.metric.on_time",
        "overall.definition.on_time",
        _on_time,
        unit="percent",
        carrier="overall",
        records=_due,
        rank=None,
        columns=MILESTONE_COLUMNS,
        labels=MILESTONE_LABELS,
    ),
    Indicator(
        "overall_overdue_milestones",
        "overall.metric.overdue",
        "overall.definition.overdue",
        _overdue,
        unit="count",
        carrier="overall",
        records=overdue_milestones,
        rank=None,
        columns=MILESTONE_COLUMNS,
        labels=MILESTONE_LABELS,
    ),
    Indicator(
        "overall_task_progress",
        "overall.metric.progress",
        "overall.definition.progress",
        _progress,
        unit="percent",
        carrier="overall",
        records=_progress_rows,
        rank=None,
        columns={
            "title": "overall.col.task",
            "department": "overall.col.department",
            "milestones": "overall.col.milestones",
            "progress": "overall.col.progress",
        },
    ),
    Indicator(
        "overall_service_items",
        "overall.metric.services",
        "overall.definition.services",
        _services,
        unit="count",
        carrier="overall",
        records=_service_rows,
        rank=None,
        columns=activity_columns(ideas="carrier.col.ideas"),
        labels={"ideas": "ideas"},
    ),
)
