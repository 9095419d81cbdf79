"""日学一时 on a staff member's to-do list: today's study against the rule of the day, and this
week's compliance so far."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from culture_ledger.periods import Period
from culture_ledger.registry import Task
from plugins.accounts.services import AccountService
from plugins.calendar.queries import WorkCalendar
from plugins.study.daily.days import rule_days
from plugins.study.rules.book import RuleBook

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from domain.actor import Actor

PAGE = "study-record"


def daily_tasks(ledger: Ledger, actor: Actor, today: date) -> list[Task]:
    """Today's study (recorded or not, minutes against the target in force today; on a day off only
    once studied) and this week's working days met so far (overdue once a past one fell short: it
    may still be recorded), the office's calendar deciding which days are working days."""
    cadre = ledger.service(AccountService).cadre_of(actor.account)
    if cadre is None:
        return []
    rules = RuleBook.load(ledger)
    week = Period.containing("week", today)
    calendar = WorkCalendar.load(ledger)
    days = rule_days(week, calendar, today)
    minutes = {
        r["occurred_on"]: r["minutes"]
        for r in ledger.query(
            "SELECT occurred_on, SUM(minutes) AS minutes FROM study_entries WHERE cadre_id = ? AND withdrawn = 0 "
            "AND occurred_on BETWEEN ? AND ? GROUP BY occurred_on",
            (cadre["id"], week.start.isoformat(), today.isoformat()),
        )
    }
    tasks = []
    target, studied = rules.target_for(today), minutes.get(today.isoformat(), 0)
    if today in days or studied:
        tasks.append(
            Task(
                "study.daily.todo.today",
                Task.state_of(studied >= target, today, today),
                {"minutes": studied, "target": target},
                due=today,
                page=PAGE,
            )
        )
    met = [d for d in days if minutes.get(d.isoformat(), 0) >= rules.target_for(d)]
    missed = [d for d in days if d < today and d not in met]
    if days:
        state = "done" if len(met) == len(days) else "overdue" if missed else "due"
        last = max(calendar.working_days(week.dates()))
        tasks.append(
            Task("study.daily.todo.week", state, {"met": len(met), "days": len(days)}, due=max(last, today), page=PAGE)
        )
    return tasks
