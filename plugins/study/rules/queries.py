"""A period's results computed under the scoring rules: each cadre's credits and weighted team
score (四强积分), and one period under two rule versions side by side.

Every record is scored under the rule in force on its own date, so publishing a new rule
changes nothing before its effective date: history is never rewritten. For comparison a
leader may also score a period under one fixed version.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from culture_ledger.periods import Period
from domain import clock
from plugins.calendar.queries import WorkCalendar
from plugins.study.daily.queries import cadre_compliance
from plugins.study.rules.book import WEIGHT_KEYS, Rule, RuleBook

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


def team_scores(
    ledger: Ledger,
    start: date,
    end: date,
    rules: RuleBook | None = None,
    today: date | None = None,
    cadre_id: str | None = None,
) -> pd.DataFrame:
    """Each active cadre's credits for the period and the weighted team score (四强积分).

    study: hours on working days that met the daily target (up to the rule's daily maximum); notebook: entries; paper: the
    grade of a paper reviewed in the period; training: hours of sessions that started in
    the period; evaluation: the average four-strong score of evaluations of periods ending
    in it, on a 0-10 scale. Each is credited and weighted under the rule in force on the
    record's own date (or under `rules` when given). With `cadre_id`, that cadre's row alone
    (their records only are read: what their own to-do list asks on every home page).
    """
    rules = rules or RuleBook.load(ledger)
    today = today or clock.today()
    s, e = start.isoformat(), end.isoformat()
    table = cadre_compliance(ledger, Period("custom", start, end), today=today, rules=rules, cadre_id=cadre_id)
    out = table[["cadre_id", "name", "department_id", "department", "minutes", "days_met", "rule_days"]].copy()
    one, of = (" AND cadre_id = ?", (cadre_id,)) if cadre_id is not None else ("", ())

    daily = pd.DataFrame(
        ledger.query(
            "SELECT cadre_id, occurred_on, SUM(minutes) AS minutes FROM study_entries "
            f"WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ?{one} GROUP BY cadre_id, occurred_on",
            (s, e, *of),
        ),
        columns=["cadre_id", "occurred_on", "minutes"],
    )
    calendar = WorkCalendar.load(ledger)  # asked once per day, not once per cadre and day
    working = {d: calendar.is_working_day(date.fromisoformat(d)) for d in daily["occurred_on"].unique()}
    daily = daily[daily["occurred_on"].map(working).astype(bool)] if len(daily) else daily
    notes = pd.DataFrame(
        ledger.query(
            f"SELECT cadre_id, occurred_on FROM notebook_entries WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ?{one}",
            (s, e, *of),
        ),
        columns=["cadre_id", "occurred_on"],
    )
    papers = pd.DataFrame(
        ledger.query(
            "SELECT cadre_id, reviewed_on AS occurred_on, grade FROM annual_papers "
            f"WHERE withdrawn = 0 AND grade IS NOT NULL AND reviewed_on BETWEEN ? AND ?{one}",
            (s, e, *of),
        ),
        columns=["cadre_id", "occurred_on", "grade"],
    )
    training = pd.DataFrame(
        ledger.query(
            "SELECT a.cadre_id, t.occurred_on, t.hours FROM training_attendance a "
            "JOIN training_sessions t ON t.id = a.session_id WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ?"
            + one.replace("cadre_id", "a.cadre_id"),
            (s, e, *of),
        ),
        columns=["cadre_id", "occurred_on", "hours"],
    )
    evaluations = pd.DataFrame(
        ledger.query(
            "SELECT cadre_id, period_end AS occurred_on, average FROM four_strong_scores "
            f"WHERE withdrawn = 0 AND period_end BETWEEN ? AND ?{one}",
            (s, e, *of),
        ),
        columns=["cadre_id", "occurred_on", "average"],
    )

    def weighted(frame: pd.DataFrame, category: str, credit) -> pd.Series:
        if frame.empty:
            return pd.Series(dtype=float)
        frame = frame.copy()
        frame["credit"] = credit(frame)
        frame["weighted"] = frame["credit"] * rules.column(frame["occurred_on"], lambda r: r.weights.get(category, 0.0))
        return frame.groupby("cadre_id")[["credit", "weighted"]].sum()

    parts = {
        "study": weighted(
            daily,
            "study",
            lambda f: (
                (f["minutes"] >= rules.column(f["occurred_on"], lambda r: r.daily_target_minutes))
                * f["minutes"].clip(upper=rules.column(f["occurred_on"], lambda r: r.daily_maximum_minutes))
                / 60
                * rules.column(f["occurred_on"], lambda r: r.credits.get("study_hour", 0.0))
            ),
        ),
        "notebook": weighted(
            notes, "notebook", lambda f: rules.column(f["occurred_on"], lambda r: r.credits.get("notebook_entry", 0.0))
        ),
        "paper": weighted(
            papers,
            "paper",
            lambda f: [rules.in_force(d).paper_credits.get(g, 0.0) for d, g in zip(f["occurred_on"], f["grade"])],
        ),
        "training": weighted(
            training,
            "training",
            lambda f: f["hours"] * rules.column(f["occurred_on"], lambda r: r.credits.get("training_hour", 0.0)),
        ),
        "evaluation": weighted(evaluations, "evaluation", lambda f: f["average"] / 10),
    }
    out["score"] = 0.0
    for category in WEIGHT_KEYS:
        part = parts[category]
        credit = out["cadre_id"].map(part["credit"]) if len(part) else pd.Series(0.0, index=out.index)
        out[category] = credit.fillna(0.0).astype(float).round(2)
        if len(part):
            out["score"] += out["cadre_id"].map(part["weighted"]).fillna(0.0).astype(float)
    out["score"] = out["score"].round(2)
    return out


def compare_rules(
    ledger: Ledger, start: date, end: date, first: Rule, second: Rule, today: date | None = None
) -> pd.DataFrame:
    """One period's results under two rule versions, side by side, per cadre."""
    a = team_scores(ledger, start, end, RuleBook.fixed(first), today)
    b = team_scores(ledger, start, end, RuleBook.fixed(second), today)
    out = a[["cadre_id", "name", "department", "rule_days"]].copy()
    out["days_met_a"] = a["days_met"].values
    out["days_met_b"] = b["days_met"].values
    out["score_a"] = a["score"].values
    out["score_b"] = b["score"].values
    out["change"] = (out["score_b"] - out["score_a"]).round(2)
    return out


def own_points(ledger: Ledger, cadre_id: str, today: date | None = None, *, full: bool = False) -> dict | None:
    """A cadre's own 积分 so far this year, under the rules in force on each record's day (what the
    cadre sees on their to-do list and profile, the 学习强国 habit); None for no active cadre.

    `year` holds the credits per category (`WEIGHT_KEYS`) and the weighted `score`; `rule` is the
    version in force today. Only the cadre's own records are read (it is asked on every home page);
    `full` (the profile) adds this month's score and their place among the office's cadres (`rank`
    of `of`), which scores everyone."""
    today = today or clock.today()
    rules = RuleBook.load(ledger)
    year = team_scores(ledger, date(today.year, 1, 1), today, rules, today, None if full else cadre_id)
    mine = year[year["cadre_id"] == cadre_id]
    if mine.empty:
        return None
    row = mine.iloc[0]
    found = {"year": {k: float(row[k]) for k in (*WEIGHT_KEYS, "score")}, "rule": rules.in_force(today)}
    if full:
        month = team_scores(ledger, today.replace(day=1), today, rules, today, cadre_id)
        found["month"] = float(month.iloc[0]["score"]) if len(month) else 0.0
        found["rank"], found["of"] = int((year["score"] > row["score"]).sum()) + 1, len(year)
    return found
