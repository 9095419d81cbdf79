"""五型机关 assessments on an admin's to-do list (the quarter's departments not yet assessed), and
on the leaders' gap list once the quarter's window has closed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from culture_ledger.periods import Period
from culture_ledger.registry import Task
from domain import clock
from plugins.desk.services import ScheduleService
from plugins.integrity.deadlines import ASSESSMENT_DUE

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.periods import Scope
    from domain.actor import Actor


def _unassessed(ledger: Ledger, quarter: Period, department_id: str | None = None) -> list[dict[str, Any]]:
    where, params = ("AND d.id = ?", (department_id,)) if department_id else ("", ())
    return ledger.query(
        "SELECT d.id, d.name AS department FROM departments d WHERE d.id NOT IN "
        "(SELECT department_id FROM integrity_assessments WHERE period = ? AND withdrawn = 0) "
        f"{where} ORDER BY d.name",
        (quarter.code, *params),
    )


def assessments_due(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """The quarter's assessment: how many departments are still to be assessed, due at the window's end.

    Shown from the window's opening (or all quarter when there is none); the previous quarter's
    stays while it is still unfinished."""
    schedule = ledger.service(ScheduleService)
    quarter = Period.containing("quarter", today)
    tasks = []
    for period in (quarter.previous(), quarter):
        due = schedule.due(ASSESSMENT_DUE.key, period)
        if due.opens is not None and today < due.opens:
            continue
        left = _unassessed(ledger, period)
        if period != quarter and not left:
            continue
        tasks.append(
            Task(
                "integrity.todo.assessment",
                Task.state_of(not left, due.due, today),
                {"quarter": period.label, "left": len(left)},
                due=due.due,
                page="integrity",
            )
        )
    return tasks


def assessments_overdue(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """Departments not assessed for the scope's quarter once its assessment window has closed."""
    quarter = Period.containing("quarter", scope.end)
    due = ledger.service(ScheduleService).due(ASSESSMENT_DUE.key, quarter).due
    if clock.today() <= due:
        return []
    return [
        {**row, "period": quarter.label, "due": due.isoformat()}
        for row in _unassessed(ledger, quarter, scope.department_id)
    ]
