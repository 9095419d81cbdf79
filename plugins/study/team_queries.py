"""What the team pages, the cadre profile and the overview's indicators read: plain SQL over
the read models (portable: SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from culture_ledger.memo import shared
from plugins.study.scoring import RuleBook

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Scope

SUBMITTED_STATES = ("submitted", "reviewed", "recommended", "published")


def active_cadres(ledger: "Ledger", start: date, end: date, department_id: str | None = None) -> list[dict[str, Any]]:
    """Cadres on the roll at some time in [start, end], with their department."""
    where, params = ("AND c.department_id = ?", (department_id,)) if department_id else ("", ())
    return ledger.query(
        "SELECT c.id, c.name, c.department_id, d.name AS department FROM cadres c "
        "JOIN departments d ON d.id = c.department_id "
        f"WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?) {where} ORDER BY d.name, c.name",
        (end.isoformat(), start.isoformat(), *params))


def cadre(ledger: "Ledger", cadre_id: str) -> dict[str, Any] | None:
    rows = ledger.query("SELECT c.id, c.name, c.position, c.joined_on, c.retired_on, d.name AS department "
                        "FROM cadres c JOIN departments d ON d.id = c.department_id WHERE c.id = ?", (cadre_id,))
    return rows[0] if rows else None


# --- 学记一本 -------------------------------------------------------------------------

def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def notebook(ledger: "Ledger", cadre_id: str) -> list[dict[str, Any]]:
    """A cadre's notebook as one book: every entry still counted, in date order."""
    return ledger.query(
        "SELECT n.id, n.occurred_on, n.kind, n.title, n.text, n.length, n.study_entry_id, n.version, "
        "s.material AS study_material FROM notebook_entries n LEFT JOIN study_entries s ON s.id = n.study_entry_id "
        "WHERE n.cadre_id = ? AND n.withdrawn = 0 ORDER BY n.occurred_on, n.position", (cadre_id,))


def search_notebooks(ledger: "Ledger", text: str, cadre_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Entries whose title or text contains `text` (case-insensitive), newest first."""
    where, params = ("AND n.cadre_id = ?", (cadre_id,)) if cadre_id else ("", ())
    pattern = _like(text.strip())
    return ledger.query(
        "SELECT n.id, n.occurred_on, n.kind, n.title, n.text, n.length, c.name FROM notebook_entries n "
        "JOIN cadres c ON c.id = n.cadre_id "
        "WHERE n.withdrawn = 0 AND (LOWER(n.title) LIKE ? ESCAPE '\\' OR LOWER(n.text) LIKE ? ESCAPE '\\') "
        f"{where} ORDER BY n.occurred_on DESC, n.position DESC LIMIT ?", (pattern, pattern, *params, limit))


def _of_department(table: pd.DataFrame, department_id: str | None) -> pd.DataFrame:
    """The rows of one department's cadres (the whole table without one): the office-wide table is
    computed once and shared (`@shared`) when the overview asks for every department in turn."""
    if not department_id:
        return table
    return table[table["department_id"] == department_id].reset_index(drop=True)


def notebook_summary(ledger: "Ledger", start: date, end: date, department_id: str | None = None) -> pd.DataFrame:
    """Each active cadre's notebook entries and characters written in the span."""
    return _of_department(_notebook_summary(ledger, start, end), department_id)


@shared
def _notebook_summary(ledger: "Ledger", start: date, end: date) -> pd.DataFrame:
    cadres = pd.DataFrame(active_cadres(ledger, start, end), columns=["id", "name", "department_id", "department"])
    counts = pd.DataFrame(ledger.query(
        "SELECT cadre_id AS id, COUNT(*) AS entries, SUM(length) AS characters FROM notebook_entries "
        "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY cadre_id", (start.isoformat(), end.isoformat())),
        columns=["id", "entries", "characters"])
    out = cadres.merge(counts, on="id", how="left").fillna({"entries": 0, "characters": 0})
    out[["entries", "characters"]] = out[["entries", "characters"]].astype(int)
    return out


# --- 年撰一文 -------------------------------------------------------------------------

def papers_of_year(ledger: "Ledger", year: int, department_id: str | None = None) -> pd.DataFrame:
    """Every cadre on the roll in the year, with their paper (if any) and where it stands.

    `missing` is true for a cadre who has not submitted a paper (none, or still a draft):
    leaders see it all year, before the year ends.
    """
    return _of_department(_papers_of_year(ledger, year), department_id)


@shared
def _papers_of_year(ledger: "Ledger", year: int) -> pd.DataFrame:
    cadres = pd.DataFrame(active_cadres(ledger, date(year, 1, 1), date(year, 12, 31)),
                          columns=["id", "name", "department_id", "department"]).rename(columns={"id": "cadre_id"})
    papers = pd.DataFrame(ledger.query(
        "SELECT id AS paper_id, cadre_id, kind, title, abstract, state, grade, comment, reviewer, submitted_on, "
        "reviewed_on, venue, version FROM annual_papers WHERE year = ? AND withdrawn = 0", (year,)),
        columns=["paper_id", "cadre_id", "kind", "title", "abstract", "state", "grade", "comment", "reviewer",
                 "submitted_on", "reviewed_on", "venue", "version"])
    out = cadres.merge(papers, on="cadre_id", how="left")
    out["missing"] = ~out["state"].isin(SUBMITTED_STATES)
    return out


def paper_of(ledger: "Ledger", cadre_id: str, year: int) -> dict[str, Any] | None:
    rows = ledger.query("SELECT * FROM annual_papers WHERE cadre_id = ? AND year = ? AND withdrawn = 0", (cadre_id, year))
    return rows[0] if rows else None


# --- 业务培训 and 赴外考察学习 ---------------------------------------------------------

def training_sessions(ledger: "Ledger", start: date, end: date) -> list[dict[str, Any]]:
    return ledger.query(
        "SELECT t.id, t.title, t.organiser, t.level, t.occurred_on, t.end_on, t.hours, t.audience, t.version, "
        "(SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = t.id) AS attendees "
        "FROM training_sessions t WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ? ORDER BY t.occurred_on DESC",
        (start.isoformat(), end.isoformat()))


def training_hours(ledger: "Ledger", start: date, end: date, department_id: str | None = None) -> pd.DataFrame:
    """Each active cadre's training hours and sessions, counting sessions that started in the span."""
    return _of_department(_training_hours(ledger, start, end), department_id)


@shared
def _training_hours(ledger: "Ledger", start: date, end: date) -> pd.DataFrame:
    cadres = pd.DataFrame(active_cadres(ledger, start, end), columns=["id", "name", "department_id", "department"])
    hours = pd.DataFrame(ledger.query(
        "SELECT a.cadre_id AS id, SUM(t.hours) AS hours, COUNT(*) AS sessions FROM training_attendance a "
        "JOIN training_sessions t ON t.id = a.session_id "
        "WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ? GROUP BY a.cadre_id",
        (start.isoformat(), end.isoformat())), columns=["id", "hours", "sessions"])
    out = cadres.merge(hours, on="id", how="left").fillna({"hours": 0.0, "sessions": 0})
    out["hours"] = out["hours"].astype(float)
    out["sessions"] = out["sessions"].astype(int)
    return out


def cadre_training(ledger: "Ledger", cadre_id: str, year: int) -> list[dict[str, Any]]:
    return ledger.query(
        "SELECT t.id, t.title, t.organiser, t.level, t.occurred_on, t.end_on, t.hours FROM training_attendance a "
        "JOIN training_sessions t ON t.id = a.session_id WHERE a.cadre_id = ? AND t.withdrawn = 0 "
        "AND t.occurred_on BETWEEN ? AND ? ORDER BY t.occurred_on", (cadre_id, f"{year}-01-01", f"{year}-12-31"))


def study_tours(ledger: "Ledger", cadre_id: str | None = None) -> list[dict[str, Any]]:
    """Tours (newest first) with their members' names, optionally only those a cadre went on."""
    where, params = ("AND t.id IN (SELECT tour_id FROM study_tour_members WHERE cadre_id = ?)", (cadre_id,)) \
        if cadre_id else ("", ())
    tours = ledger.query(
        "SELECT t.id, t.destination, t.purpose, t.occurred_on, t.end_on, t.report_title, t.report, t.report_length, "
        f"t.version FROM study_tours t WHERE t.withdrawn = 0 {where} ORDER BY t.occurred_on DESC", params)
    members = ledger.query("SELECT m.tour_id, c.name FROM study_tour_members m JOIN cadres c ON c.id = m.cadre_id "
                           "ORDER BY c.name")
    for tour in tours:
        tour["members"] = "、".join(m["name"] for m in members if m["tour_id"] == tour["id"])
    return tours


# --- 四强测评 -------------------------------------------------------------------------

def evaluations(ledger: "Ledger", cadre_id: str | None = None, period: str | None = None) -> pd.DataFrame:
    """Leaders' scores (withdrawn ones left out), with the evaluator, oldest period first."""
    clauses, params = ["e.withdrawn = 0"], []
    if cadre_id:
        clauses.append("e.cadre_id = ?")
        params.append(cadre_id)
    if period:
        clauses.append("e.period = ?")
        params.append(period)
    return pd.DataFrame(ledger.query(
        "SELECT e.id, e.cadre_id, c.name, d.name AS department, e.period, e.period_start, e.period_end, e.evaluator, "
        "e.ideology, e.proficiency, e.conduct, e.fairness, e.average, e.comment, e.occurred_on, e.version "
        "FROM four_strong_scores e JOIN cadres c ON c.id = e.cadre_id JOIN departments d ON d.id = c.department_id "
        f"WHERE {' AND '.join(clauses)} ORDER BY e.period_end, c.name, e.evaluator", params),
        columns=["id", "cadre_id", "name", "department", "period", "period_start", "period_end", "evaluator",
                 "ideology", "proficiency", "conduct", "fairness", "average", "comment", "occurred_on", "version"])


def self_assessments(ledger: "Ledger", cadre_id: str) -> list[dict[str, Any]]:
    return ledger.query("SELECT period, text, ideology, proficiency, conduct, fairness, average, occurred_on "
                        "FROM self_assessments WHERE cadre_id = ? AND withdrawn = 0 ORDER BY period", (cadre_id,))


def evaluation_periods(ledger: "Ledger") -> list[str]:
    return [r["period"] for r in ledger.query(
        "SELECT DISTINCT period, period_end FROM four_strong_scores WHERE withdrawn = 0 ORDER BY period_end DESC, period")]


def department_dimensions(ledger: "Ledger", period: str) -> pd.DataFrame:
    """Mean score per department and dimension for a period (long form, for a grouped bar chart)."""
    table = evaluations(ledger, period=period)
    if table.empty:
        return pd.DataFrame(columns=["department", "dimension", "score"])
    means = table.groupby("department")[["ideology", "proficiency", "conduct", "fairness"]].mean().reset_index()
    return means.melt(id_vars="department", var_name="dimension", value_name="score").round({"score": 1})


# --- 日学一时 on the profile ---------------------------------------------------------

def study_streak(ledger: "Ledger", cadre_id: str, today: date | None = None, rules: RuleBook | None = None) -> int:
    """Working days in a row, up to the latest, on which the cadre met the target in force that day.

    Today counts once met; until then the streak runs to the previous working day.
    """
    today = today or date.today()
    rules = rules or RuleBook.load(ledger)
    since = today - timedelta(days=400)
    minutes = {r["occurred_on"]: r["minutes"] for r in ledger.query(
        "SELECT occurred_on, SUM(minutes) AS minutes FROM study_entries WHERE cadre_id = ? AND withdrawn = 0 "
        "AND occurred_on BETWEEN ? AND ? GROUP BY occurred_on", (cadre_id, since.isoformat(), today.isoformat()))}
    streak, day = 0, today
    while day >= since:
        if day.weekday() < 5:
            met = minutes.get(day.isoformat(), 0) >= rules.target_for(day)
            if met:
                streak += 1
            elif day != today:
                break
        day -= timedelta(days=1)
    return streak


def study_minutes(ledger: "Ledger", cadre_id: str, start: date, end: date) -> int:
    return int(ledger.scalar("SELECT COALESCE(SUM(minutes), 0) FROM study_entries WHERE cadre_id = ? AND withdrawn = 0 "
                             "AND occurred_on BETWEEN ? AND ?", (cadre_id, start.isoformat(), end.isoformat())) or 0)


def daily_minutes(ledger: "Ledger", cadre_id: str, start: date, end: date) -> pd.DataFrame:
    rules = RuleBook.load(ledger)
    rows = ledger.query("SELECT occurred_on, SUM(minutes) AS minutes FROM study_entries WHERE cadre_id = ? "
                        "AND withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY occurred_on ORDER BY occurred_on",
                        (cadre_id, start.isoformat(), end.isoformat()))
    frame = pd.DataFrame(rows, columns=["occurred_on", "minutes"])
    frame["target"] = [rules.target_for(d) for d in frame["occurred_on"]]
    return frame


def profile(ledger: "Ledger", cadre_id: str, today: date | None = None) -> dict[str, Any]:
    """Everything on a cadre's profile page, in one place: the page only draws it."""
    today = today or date.today()
    year = today.year
    month_start = today.replace(day=1)
    return {
        "cadre": cadre(ledger, cadre_id),
        "streak": study_streak(ledger, cadre_id, today),
        "minutes_month": study_minutes(ledger, cadre_id, month_start, today),
        "minutes_year": study_minutes(ledger, cadre_id, date(year, 1, 1), today),
        "daily": daily_minutes(ledger, cadre_id, today - timedelta(days=41), today),
        "notebook": notebook(ledger, cadre_id),
        "paper": paper_of(ledger, cadre_id, year),
        "training": cadre_training(ledger, cadre_id, year),
        "training_hours": sum(float(t["hours"]) for t in cadre_training(ledger, cadre_id, year)),
        "tours": study_tours(ledger, cadre_id),
        "evaluations": evaluations(ledger, cadre_id=cadre_id),
        "self_assessments": self_assessments(ledger, cadre_id),
    }


# --- indicators for the overview ------------------------------------------------------

def notebook_per_cadre(ledger: "Ledger", scope: "Scope") -> float | None:
    """Notebook entries written in the scope per active cadre."""
    table = notebook_summary(ledger, scope.start, scope.end, scope.department_id)
    return float(table["entries"].mean()) if len(table) else None


def notebook_records(ledger: "Ledger", scope: "Scope") -> list[dict[str, Any]]:
    where, params = ("AND n.cadre_id IN (SELECT id FROM cadres WHERE department_id = ?)", (scope.department_id,)) \
        if scope.department_id else ("", ())
    return ledger.query(
        "SELECT n.id, n.occurred_on, c.name, n.kind, n.title, n.length FROM notebook_entries n "
        f"JOIN cadres c ON c.id = n.cadre_id WHERE n.withdrawn = 0 AND n.occurred_on BETWEEN ? AND ? {where} "
        "ORDER BY n.occurred_on", (scope.start.isoformat(), scope.end.isoformat(), *params))


def paper_submission_rate(ledger: "Ledger", scope: "Scope") -> float | None:
    """Share of the cadres on the roll that year who have submitted the year's paper (year of the scope's end)."""
    table = papers_of_year(ledger, scope.end.year, scope.department_id)
    return float((~table["missing"]).mean()) if len(table) else None


def paper_records(ledger: "Ledger", scope: "Scope") -> list[dict[str, Any]]:
    table = papers_of_year(ledger, scope.end.year, scope.department_id)
    text = lambda v: v if isinstance(v, str) else None  # noqa: E731 (pandas gives NaN for no paper)
    return [{"id": text(r["paper_id"]) or r["cadre_id"], "name": r["name"], "department": r["department"],
             "title": text(r["title"]), "state": text(r["state"]) or "none", "grade": text(r["grade"]),
             "missing": bool(r["missing"])} for r in table.to_dict("records")]


def training_hours_per_cadre(ledger: "Ledger", scope: "Scope") -> float | None:
    """Training hours (sessions starting in the scope) per active cadre."""
    table = training_hours(ledger, scope.start, scope.end, scope.department_id)
    return float(table["hours"].mean()) if len(table) else None


def training_records(ledger: "Ledger", scope: "Scope") -> list[dict[str, Any]]:
    where, params = ("AND a.cadre_id IN (SELECT id FROM cadres WHERE department_id = ?)", (scope.department_id,)) \
        if scope.department_id else ("", ())
    return ledger.query(
        "SELECT t.id, t.title, t.level, t.occurred_on, t.hours, COUNT(a.cadre_id) AS attendees FROM training_sessions t "
        "JOIN training_attendance a ON a.session_id = t.id "
        f"WHERE t.withdrawn = 0 AND t.occurred_on BETWEEN ? AND ? {where} "
        "GROUP BY t.id, t.title, t.level, t.occurred_on, t.hours ORDER BY t.occurred_on",
        (scope.start.isoformat(), scope.end.isoformat(), *params))


def _scoped_evaluations(ledger: "Ledger", scope: "Scope") -> list[dict[str, Any]]:
    where, params = ("AND c.department_id = ?", (scope.department_id,)) if scope.department_id else ("", ())
    return ledger.query(
        "SELECT e.id, c.name, e.period, e.evaluator, e.ideology, e.proficiency, e.conduct, e.fairness, e.average "
        "FROM four_strong_scores e JOIN cadres c ON c.id = e.cadre_id "
        f"WHERE e.withdrawn = 0 AND e.period_start <= ? AND e.period_end >= ? {where} ORDER BY e.period_end, c.name",
        (scope.end.isoformat(), scope.start.isoformat(), *params))


def four_strong_average(ledger: "Ledger", scope: "Scope") -> float | None:
    """Mean of the four-strong scores (0-100) of evaluations whose period overlaps the scope."""
    rows = _scoped_evaluations(ledger, scope)
    return round(sum(float(r["average"]) for r in rows) / len(rows), 1) if rows else None


def four_strong_records(ledger: "Ledger", scope: "Scope") -> list[dict[str, Any]]:
    return _scoped_evaluations(ledger, scope)
