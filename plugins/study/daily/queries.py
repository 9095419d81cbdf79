"""What leaders, the profile and the overview read about daily study: compliance with the daily
rule per cadre and department, the daily trend, recent entries, a cadre's streak and minutes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pandas as pd

from culture_ledger import memo
from culture_ledger.memo import shared
from culture_ledger.periods import Period
from domain import clock
from plugins.calendar.queries import WorkCalendar
from plugins.study.daily.days import rule_days
from plugins.study.daily.projections import EPOCH, WEEKS_KEPT_PG, WEEKS_KEPT_SQLITE
from plugins.study.kit import roll
from plugins.study.rules.book import RuleBook

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger
    from culture_ledger.registry import Scope


@shared
def cadre_compliance(
    ledger: Ledger,
    period: Period,
    today: date | None = None,
    rules: RuleBook | None = None,
    cadre_id: str | None = None,
) -> pd.DataFrame:
    """Each active cadre's minutes in the period against the daily rule (with `cadre_id`, that
    cadre's row alone, and only their entries read).

    A cadre meets the rule when every working day of the period so far (plugins.calendar) has at
    least the daily target of (not withdrawn) study: the target of the rule in force on that day
    (60 minutes until a rule set says otherwise), or of `rules` when given.
    """
    one, of = (" AND cadre_id = ?", (cadre_id,)) if cadre_id is not None else ("", ())
    rules = rules or RuleBook.load(ledger)
    days = rule_days(period, WorkCalendar.load(ledger), today)
    cadres = pd.DataFrame(
        ledger.query(
            "SELECT c.id AS cadre_id, c.name, c.department_id, d.name AS department FROM cadres c "
            "JOIN departments d ON d.id = c.department_id "
            "WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?)"
            f"{one.replace('cadre_id', 'c.id')} ORDER BY d.name, c.name",
            (period.end.isoformat(), period.start.isoformat(), *of),
        ),
        columns=["cadre_id", "name", "department_id", "department"],
    )
    # Counted in SQL, one row per cadre, so the database never ships a row per cadre and day.
    # The rule days are grouped by their target (one group, unless a rule set changed it in the
    # period): a day meets when it is in a group's list and reaches that group's target. The
    # days are summed in the covering index's order (day, cadre), without sorting them first.
    by_target: dict[int, list[str]] = {}
    for d in days:
        by_target.setdefault(rules.target_for(d), []).append(d.isoformat())
    met = (
        " OR ".join(
            f"(s.minutes >= ? AND s.occurred_on IN ({','.join('?' for _ in group)}))" for group in by_target.values()
        )
        or "1 = 0"
    )
    per_cadre = pd.DataFrame(
        ledger.query(
            f"SELECT s.cadre_id, SUM(s.minutes) AS minutes, SUM(CASE WHEN {met} THEN 1 ELSE 0 END) AS days_met FROM ("
            " SELECT occurred_on, cadre_id, SUM(minutes) AS minutes FROM study_entries"
            f" WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ?{one} GROUP BY occurred_on, cadre_id) AS s "
            "GROUP BY s.cadre_id",
            (
                *[v for target, group in by_target.items() for v in (target, *group)],
                period.start.isoformat(),
                period.end.isoformat(),
                *of,
            ),
        ),
        columns=["cadre_id", "minutes", "days_met"],
    )
    out = cadres.merge(per_cadre, on="cadre_id", how="left").fillna({"minutes": 0, "days_met": 0})
    out["minutes"] = out["minutes"].astype(int)
    out["days_met"] = out["days_met"].astype(int)
    out["rule_days"] = len(days)
    out["target"] = sum(rules.target_for(d) for d in days)
    out["meets"] = out["days_met"] >= out["rule_days"]
    out["shortfall"] = (out["target"] - out["minutes"]).clip(lower=0)
    return out


def department_compliance(table: pd.DataFrame) -> pd.DataFrame:
    """Share of each department's cadres meeting the rule."""
    if table.empty:
        return pd.DataFrame(columns=["department", "cadres", "meeting", "share"])
    g = table.groupby("department").agg(cadres=("cadre_id", "count"), meeting=("meets", "sum")).reset_index()
    g["share"] = g["meeting"] / g["cadres"]
    return g


def daily_trend(ledger: Ledger, end: date, days: int = 28) -> pd.DataFrame:
    """For each working day up to `end`, the share of active cadres who met that day's target."""
    rules = RuleBook.load(ledger)
    calendar = WorkCalendar.load(ledger)
    start = end - timedelta(days=days - 1)
    active = (
        ledger.scalar(
            "SELECT COUNT(*) FROM cadres WHERE joined_on <= ? AND (retired_on IS NULL OR retired_on >= ?)",
            (end.isoformat(), start.isoformat()),
        )
        or 0
    )
    rows = ledger.query(
        "SELECT cadre_id, occurred_on, SUM(minutes) AS minutes FROM study_entries "
        "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY cadre_id, occurred_on",
        (start.isoformat(), end.isoformat()),
    )
    met: dict[str, int] = {}
    for r in rows:
        if r["minutes"] >= rules.target_for(r["occurred_on"]):
            met[r["occurred_on"]] = met.get(r["occurred_on"], 0) + 1
    out = [
        {"day": d, "share": (met.get(d.isoformat(), 0) / active) if active else 0.0}
        for d in (start + timedelta(days=i) for i in range(days))
        if calendar.is_working_day(d)
    ]
    return pd.DataFrame(out, columns=["day", "share"])


def recent_entries(ledger: Ledger, cadre_id: str | None = None, limit: int = 20) -> list[dict]:
    where, params = ("WHERE s.cadre_id = ?", (cadre_id,)) if cadre_id else ("", ())
    return ledger.query(
        "SELECT s.id, s.cadre_id, s.occurred_on, s.minutes, s.material, s.mode, s.place, s.withdrawn, s.version, c.name "
        f"FROM study_entries s JOIN cadres c ON c.id = s.cadre_id {where} "
        "ORDER BY s.occurred_on DESC, s.recorded_at DESC LIMIT ?",
        (*params, limit),
    )


# --- one cadre's study, for the profile ---------------------------------------------------


def study_streak(ledger: Ledger, cadre_id: str, today: date | None = None, rules: RuleBook | None = None) -> int:
    """Working days in a row, up to the latest, on which the cadre met the target in force that day.

    Today counts once met; until then the streak runs to the previous working day.
    """
    today = today or clock.today()
    rules = rules or RuleBook.load(ledger)
    calendar = WorkCalendar.load(ledger)
    since = today - timedelta(days=400)
    minutes = {
        r["occurred_on"]: r["minutes"]
        for r in ledger.query(
            "SELECT occurred_on, SUM(minutes) AS minutes FROM study_entries WHERE cadre_id = ? AND withdrawn = 0 "
            "AND occurred_on BETWEEN ? AND ? GROUP BY occurred_on",
            (cadre_id, since.isoformat(), today.isoformat()),
        )
    }
    streak, day = 0, today
    while day >= since:
        if calendar.is_working_day(day):
            met = minutes.get(day.isoformat(), 0) >= rules.target_for(day)
            if met:
                streak += 1
            elif day != today:
                break
        day -= timedelta(days=1)
    return streak


def study_minutes(ledger: Ledger, cadre_id: str, start: date, end: date) -> int:
    return int(
        ledger.scalar(
            "SELECT COALESCE(SUM(minutes), 0) FROM study_entries WHERE cadre_id = ? AND withdrawn = 0 "
            "AND occurred_on BETWEEN ? AND ?",
            (cadre_id, start.isoformat(), end.isoformat()),
        )
        or 0
    )


def daily_minutes(ledger: Ledger, cadre_id: str, start: date, end: date) -> pd.DataFrame:
    rules = RuleBook.load(ledger)
    rows = ledger.query(
        "SELECT occurred_on, SUM(minutes) AS minutes FROM study_entries WHERE cadre_id = ? "
        "AND withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY occurred_on ORDER BY occurred_on",
        (cadre_id, start.isoformat(), end.isoformat()),
    )
    frame = pd.DataFrame(rows, columns=["occurred_on", "minutes"])
    frame["target"] = [rules.target_for(d) for d in frame["occurred_on"]]
    return frame


# --- for the overview: the indicator and the gap --------------------------------------------


def _weeks(period: Period) -> list[Period]:
    """The calendar weeks of a period, each cut to the period (a month starting on a Tuesday opens with Tuesday-Sunday)."""
    weeks, day = [], period.start
    while day <= period.end:
        week = Period.containing("week", day)
        weeks.append(Period.custom(day, min(week.end, period.end)))
        day = week.end + timedelta(days=1)
    return weeks


def _span_of(period: Period) -> tuple[date, date]:
    """The days to read study for: the running computation's span when it holds the period (every
    period of a trend then reads the store once), else the period's own."""
    span = memo.span()
    if span is not None and span[0] <= period.start and period.end <= span[1]:
        return span
    return (period.start, period.end)


WEEKS_PER_ROW = 8
"""Weeks per bit mask the store sums (`_days_met`): 7 × 8 = 56 bits stay within a signed 64-bit integer."""


@shared
def _days_met(ledger: Ledger, start: date, end: date, rules: RuleBook | None = None) -> dict[str, int]:
    """Each cadre's days between `start` and `end` with at least the daily target of (not withdrawn)
    study, the target in force that day (one entry reaching it, or several added up), as one bit mask
    (`1 << n`: the nth day after `start`).

    Read from the study minutes kept per cadre and week (`study_weeks`, one row for up to seven days
    of entries, kept by the study read model): when one target holds over the span (no rule set
    changed it), the store turns each week into its seven bits and joins eight weeks into one
    integer, so a few integers per cadre come back; else the week rows come back and each day is
    held against its own target here."""
    rules = rules or RuleBook.load(ledger)
    # Each answer says whether the weeks are kept (a row of chunk or week -1 when they are not: tables
    # made without them, as a day's version in time travel), in the statement that reads them.
    unkept = f" UNION ALL SELECT NULL, -1, {{zeros}} WHERE NOT EXISTS ({WEEKS_KEPT_PG if ledger.postgres else WEEKS_KEPT_SQLITE})"
    monday = start - timedelta(days=start.weekday())
    origin = (monday - EPOCH).days  # `study_weeks.week` of the first week
    targets = {rules.target_for(day) for day in (start + timedelta(days=n) for n in range((end - start).days + 1))}
    span = (origin, (end - EPOCH).days)
    masks: dict[str, int] = {}
    if len(targets) == 1:
        bits = " + ".join(f"CASE WHEN d{n} >= ? THEN {1 << n} ELSE 0 END" for n in range(7))
        # PostgreSQL ORs the weeks' bits, SQLite adds them up (no two weeks share one).
        total = (
            "bit_or(w.bits::bigint << (7 * mod(w.n, {rows})))"
            if ledger.postgres
            else "SUM(w.bits << (7 * (w.n % {rows})))"
        )
        rows = ledger.query(
            f"SELECT w.cadre_id, w.n / {WEEKS_PER_ROW} AS chunk, {total.format(rows=WEEKS_PER_ROW)} AS bits FROM ("
            f" SELECT cadre_id, (week - ?) / 7 AS n, {bits} AS bits FROM study_weeks WHERE week BETWEEN ? AND ?) AS w "
            f"GROUP BY w.cadre_id, w.n / {WEEKS_PER_ROW}{unkept.format(zeros='0')}",
            (origin, *([targets.pop()] * 7), *span),
        )
        if any(int(r["chunk"]) < 0 for r in rows):
            return _days_met_of_entries(ledger, start, end, rules)
        for r in rows:
            chunk = 7 * WEEKS_PER_ROW * int(r["chunk"])
            masks[r["cadre_id"]] = masks.get(r["cadre_id"], 0) | (int(r["bits"]) << chunk)
    else:  # a rule set changed the target within the span: each day against its own, here
        rows = ledger.query(
            f"SELECT cadre_id, week, {', '.join(f'd{n}' for n in range(7))} FROM study_weeks WHERE week BETWEEN ? AND ?"
            + unkept.format(zeros=", ".join("0" * 7)),
            span,
        )
        if any(int(r["week"]) < 0 for r in rows):
            return _days_met_of_entries(ledger, start, end, rules)
        for r in rows:
            first = EPOCH + timedelta(days=int(r["week"]))
            met = sum(1 << n for n in range(7) if r[f"d{n}"] >= rules.target_for(first + timedelta(days=n)))
            if met:
                masks[r["cadre_id"]] = masks.get(r["cadre_id"], 0) | (met << (first - monday).days)
    skipped, kept = (start - monday).days, (1 << ((end - start).days + 1)) - 1
    met_days = {cadre: (mask >> skipped) & kept for cadre, mask in masks.items()}
    return {cadre: mask for cadre, mask in met_days.items() if mask}


CHUNK = 60
"""Days per bit mask the store sums (`_days_met_of_entries`): 2**60 stays within a signed 64-bit integer."""


def _days_met_of_entries(ledger: Ledger, start: date, end: date, rules: RuleBook) -> dict[str, int]:
    """`_days_met` read from the entries themselves (where the weeks are not kept: tables made without
    them, as a day's version in time travel).

    Counted in SQL: a few integers per cadre come back (one per CHUNK days), never one row per
    cadre and day, and a week is met when its days' mask is within the cadre's."""
    ranges: list[list] = []  # [target, first day, last day], consecutive days under one target
    day = start
    while day <= end:
        target = rules.target_for(day)
        if ranges and ranges[-1][0] == target:
            ranges[-1][2] = day
        else:
            ranges.append([target, day, day])
        day += timedelta(days=1)
    met = " OR ".join("(s.minutes >= ? AND s.occurred_on BETWEEN ? AND ?)" for _ in ranges) or "1 = 0"
    targets = [v for target, first, last in ranges for v in (target, first.isoformat(), last.isoformat())]
    if ledger.postgres:  # the day's number after `start`; PostgreSQL ORs the bits, SQLite sums each day's once
        nth, bits = "(s.occurred_on::date - ?::date)", f"bit_or(1::bigint << (m.n % {CHUNK}))"
        origin: Any = start.isoformat()
    else:
        nth, bits = "CAST(julianday(s.occurred_on) - ? AS INTEGER)", f"SUM(DISTINCT 1 << (m.n % {CHUNK}))"
        origin = start.toordinal() + 1721424.5  # the Julian day of `start`
    # A day is met by an entry that reaches its target alone (read straight off the index, no grouping
    # by day), or else by its smaller entries added up (those alone are grouped by day: a few).
    days = (
        f"SELECT s.cadre_id, {nth} AS n FROM study_entries s "
        f"WHERE s.withdrawn = 0 AND s.occurred_on BETWEEN ? AND ? AND ({met})"
        f" UNION ALL SELECT s.cadre_id, {nth} AS n FROM ("
        " SELECT occurred_on, cadre_id, SUM(minutes) AS minutes FROM study_entries s"
        f" WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? AND NOT ({met}) GROUP BY occurred_on, cadre_id) AS s "
        f"WHERE {met}"
    )
    period = (start.isoformat(), end.isoformat())
    rows = ledger.query(
        f"SELECT m.cadre_id, m.n / {CHUNK} AS chunk, {bits} AS bits FROM ({days}) AS m GROUP BY m.cadre_id, m.n / {CHUNK}",
        (origin, *period, *targets, origin, *period, *targets, *targets),
    )
    masks: dict[str, int] = {}
    for r in rows:
        masks[r["cadre_id"]] = masks.get(r["cadre_id"], 0) | (int(r["bits"]) << (CHUNK * int(r["chunk"])))
    return masks


def _mask(days: Iterable[date], start: date) -> int:
    """The bit mask of these days (`1 << n`: the nth day after `start`), as `_days_met` counts them."""
    origin = start.toordinal()
    return sum(1 << (d.toordinal() - origin) for d in set(days))


@shared
def _active_cadres(ledger: Ledger, start: date, end: date) -> list[dict[str, Any]]:
    """The cadres on the roll at some point between `start` and `end`, by department and name."""
    return [
        {"cadre_id": c["id"], "name": c["name"], "department_id": c["department_id"], "department": c["department"]}
        for c in roll(ledger, start, end)
    ]


@shared
def _calendar(ledger: Ledger) -> WorkCalendar:
    return WorkCalendar.load(ledger)


@shared
def _rule_days(ledger: Ledger, start: date, end: date, today: date | None = None) -> tuple[date, ...]:
    return tuple(rule_days(Period.custom(start, end), _calendar(ledger), today))


WEEKLY_COLUMNS = ["cadre_id", "name", "department_id", "department", "weeks_met", "weeks"]


@shared
def weekly_compliance_rows(
    ledger: Ledger, period: Period, today: date | None = None, rules: RuleBook | None = None
) -> list[dict[str, Any]]:
    """Each active cadre's weeks of the period in which they met the daily rule (the daily target on
    every working day of that week so far), against the period's weeks that count (`WEEKLY_COLUMNS`).

    The rule is kept week by week: a quarter is not lost for good on its first missed day, so a
    quarter's (or a month's) compliance is the share of cadre-weeks met, and a week's is the share of
    cadres who met it. A week counts when it holds a working day (a holiday week asks nothing) and
    someone in the office recorded study in it (before the ledger was kept there is no data, not 0%).
    """
    first, last = _span_of(period)
    recorded = _days_recorded(ledger, first, last)
    weeks = [
        _mask(days, first)
        for week in _weeks(period)
        if any(d.isoformat() in recorded for d in week.dates())
        for days in [_rule_days(ledger, week.start, week.end, today)]
        if days
    ]
    met = _days_met(ledger, first, last, rules) if weeks else {}
    counted = len(weeks)
    return [
        {**cadre, "weeks_met": _weeks_within(met.get(cadre["cadre_id"], 0), weeks), "weeks": counted}
        for cadre in _active_cadres(ledger, period.start, period.end)
    ]


def _weeks_within(days: int, weeks: list[int]) -> int:
    """How many of the weeks (bit masks of their rule days) lie wholly within `days` (a cadre's days met)."""
    return sum(1 for week in weeks if days & week == week) if days else 0


def weekly_compliance(
    ledger: Ledger, period: Period, today: date | None = None, rules: RuleBook | None = None
) -> pd.DataFrame:
    """`weekly_compliance_rows` as one table."""
    return pd.DataFrame(weekly_compliance_rows(ledger, period, today, rules), columns=WEEKLY_COLUMNS)


def _scoped(ledger: Ledger, scope: Scope) -> pd.DataFrame:
    table = cadre_compliance(ledger, Period("custom", scope.start, scope.end))
    if scope.department_id:
        table = table[table["department_id"] == scope.department_id]
    return table


def _weekly(ledger: Ledger, scope: Scope) -> pd.DataFrame:
    """Each cadre of the scope: minutes and days met over the period, and the weeks met (the figure's measure)."""
    period = Period("custom", scope.start, scope.end)
    days = cadre_compliance(ledger, period)
    weeks = weekly_compliance(ledger, period)
    table = days.merge(weeks[["cadre_id", "weeks_met", "weeks"]], on="cadre_id", how="left")
    if scope.department_id:
        table = table[table["department_id"] == scope.department_id]
    return table


@shared
def _days_recorded(ledger: Ledger, start: date, end: date) -> set[str]:
    """The days between `start` and `end` on which anyone in the office recorded study: each day looked
    up in the index (a few hundred look-ups), not every entry of the span read to find its days."""
    days = [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    if not days:
        return set()
    rows = ledger.query(
        f"SELECT v.column1 AS day FROM (VALUES {', '.join('(?)' for _ in days)}) AS v WHERE EXISTS "
        "(SELECT 1 FROM study_entries s WHERE s.occurred_on = v.column1 AND s.withdrawn = 0)",
        days,
    )
    return {str(r["day"]) for r in rows}


def compliance_share(ledger: Ledger, scope: Scope) -> float | None:
    """Share of active cadres' weeks of the scope in which they studied the daily target on every working day
    (for a week or a day: the share of cadres). None (no data) when no week of the scope counts: no working
    day so far, or nobody in the office recorded any study in it."""
    rows = weekly_compliance_rows(ledger, Period("custom", scope.start, scope.end))
    if scope.department_id:
        rows = [r for r in rows if r["department_id"] == scope.department_id]
    if not rows or not rows[0]["weeks"]:
        return None
    return sum(r["weeks_met"] for r in rows) / sum(r["weeks"] for r in rows)


def compliance_entries(ledger: Ledger, scope: Scope, cadre_id: str) -> list[str]:
    """The study entries behind one cadre's compliance row: theirs in the scope, withdrawn ones too (in log order)."""
    rows = ledger.query(
        "SELECT id FROM study_entries WHERE cadre_id = ? AND occurred_on BETWEEN ? AND ? ORDER BY position",
        (UUID(str(cadre_id)).hex, scope.start.isoformat(), scope.end.isoformat()),
    )
    return [r["id"] for r in rows]


def compliance_records(ledger: Ledger, scope: Scope) -> list[dict]:
    """The cadres behind the compliance figure, with their minutes and days met."""
    table = _weekly(ledger, scope)
    return table.assign(id=table["cadre_id"])[
        ["id", "cadre_id", "name", "department", "minutes", "days_met", "rule_days", "weeks_met", "weeks", "meets"]
    ].to_dict("records")


def not_meeting_daily_rule(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """Cadres who have not studied the daily target on every working day of the scope so far."""
    short = _scoped(ledger, scope)
    short = short[~short["meets"]].rename(columns={"cadre_id": "id"})
    return short[["id", "name", "department", "minutes", "shortfall", "days_met", "rule_days"]].to_dict("records")
