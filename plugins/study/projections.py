"""The study read model, and the compliance figures leaders read from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from event_store.projection import Db, Projection, handles
from plugins.study.domain import StudyEntry
from plugins.study.rules import DAILY_TARGET_MINUTES

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger


class StudyProjection(Projection):
    """Every study entry as it stands now (withdrawn ones flagged, not removed)."""

    name = "study"
    tables = {
        "study_entries": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, occurred_on TEXT NOT NULL, "
                         "minutes INTEGER NOT NULL, material TEXT, mode TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
                         "recorded_at TEXT, recorded_by TEXT, version INTEGER, position INTEGER",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS study_entries_day ON study_entries (occurred_on, cadre_id)",)

    @handles(StudyEntry.Recorded)
    def recorded(self, db: Db, e: StudyEntry.Recorded, position: int) -> None:
        db.execute("INSERT INTO study_entries VALUES (?,?,?,?,?,?,0,?,?,?,?)",
                   (e.originator_id.hex, e.cadre_id.hex, e.occurred_on.isoformat(), e.minutes, e.material, e.mode,
                    e.timestamp.isoformat(), e.by.account, e.originator_version, position))

    @handles(StudyEntry.Amended)
    def amended(self, db: Db, e: StudyEntry.Amended, position: int) -> None:
        changes = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in e.changes.items()
                   if k in ("occurred_on", "minutes", "material", "mode")}
        sets = "".join(f"{k}=?, " for k in changes)
        db.execute(f"UPDATE study_entries SET {sets}version=?, position=? WHERE id=?",
                   (*changes.values(), e.originator_version, position, e.originator_id.hex))

    @handles(StudyEntry.Withdrawn)
    def withdrawn(self, db: Db, e: StudyEntry.Withdrawn, position: int) -> None:
        db.execute("UPDATE study_entries SET withdrawn=1, version=?, position=? WHERE id=?",
                   (e.originator_version, position, e.originator_id.hex))


# --- queries -------------------------------------------------------------------------

PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class Period:
    """A span of days a figure is computed over."""

    kind: str
    start: date
    end: date

    @classmethod
    def containing(cls, kind: str, day: date) -> "Period":
        if kind == "day":
            return cls(kind, day, day)
        if kind == "week":
            start = day - timedelta(days=day.weekday())
            return cls(kind, start, start + timedelta(days=6))
        if kind == "month":
            start = day.replace(day=1)
            following = (start + timedelta(days=32)).replace(day=1)
            return cls(kind, start, following - timedelta(days=1))
        raise ValueError(f"unknown period {kind!r}")

    def rule_days(self, today: date | None = None) -> list[date]:
        """The days the daily rule applies to: working days, not past today."""
        today = today or date.today()
        days = [self.start + timedelta(days=i) for i in range((min(self.end, today) - self.start).days + 1)]
        workdays = [d for d in days if d.weekday() < 5]
        return workdays or days


def cadre_compliance(ledger: "Ledger", period: Period, today: date | None = None) -> pd.DataFrame:
    """Each active cadre's minutes in the period against the daily rule.

    A cadre meets the rule when every working day of the period so far has at least
    60 minutes of (not withdrawn) study.
    """
    days = period.rule_days(today)
    cadres = pd.DataFrame(ledger.query(
        "SELECT c.id AS cadre_id, c.name, c.department_id, d.name AS department FROM cadres c "
        "JOIN departments d ON d.id = c.department_id "
        "WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?) ORDER BY d.name, c.name",
        (period.end.isoformat(), period.start.isoformat())),
        columns=["cadre_id", "name", "department_id", "department"])
    daily = pd.DataFrame(ledger.query(
        "SELECT cadre_id, occurred_on, SUM(minutes) AS minutes FROM study_entries "
        "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY cadre_id, occurred_on",
        (period.start.isoformat(), period.end.isoformat())), columns=["cadre_id", "occurred_on", "minutes"])
    rule_days = {d.isoformat() for d in days}
    daily["met"] = (daily["minutes"] >= DAILY_TARGET_MINUTES) & daily["occurred_on"].isin(rule_days)
    per_cadre = daily.groupby("cadre_id").agg(minutes=("minutes", "sum"), days_met=("met", "sum")).reset_index()
    out = cadres.merge(per_cadre, on="cadre_id", how="left").fillna({"minutes": 0, "days_met": 0})
    out["minutes"] = out["minutes"].astype(int)
    out["days_met"] = out["days_met"].astype(int)
    out["rule_days"] = len(days)
    out["target"] = DAILY_TARGET_MINUTES * len(days)
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


def daily_trend(ledger: "Ledger", end: date, days: int = 28) -> pd.DataFrame:
    """For each working day up to `end`, the share of active cadres with 60 minutes or more."""
    start = end - timedelta(days=days - 1)
    active = ledger.scalar("SELECT COUNT(*) FROM cadres WHERE joined_on <= ? AND (retired_on IS NULL OR retired_on >= ?)",
                           (end.isoformat(), start.isoformat())) or 0
    rows = ledger.query(
        "SELECT occurred_on, COUNT(*) AS meeting FROM ("
        " SELECT cadre_id, occurred_on FROM study_entries WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ?"
        " GROUP BY cadre_id, occurred_on HAVING SUM(minutes) >= ?) AS met GROUP BY occurred_on",
        (start.isoformat(), end.isoformat(), DAILY_TARGET_MINUTES))
    met = {r["occurred_on"]: r["meeting"] for r in rows}
    out = [{"day": d, "share": (met.get(d.isoformat(), 0) / active) if active else 0.0}
           for d in (start + timedelta(days=i) for i in range(days)) if d.weekday() < 5]
    return pd.DataFrame(out, columns=["day", "share"])


def recent_entries(ledger: "Ledger", cadre_id: str | None = None, limit: int = 20) -> list[dict]:
    where, params = ("WHERE s.cadre_id = ?", (cadre_id,)) if cadre_id else ("", ())
    return ledger.query(
        "SELECT s.id, s.occurred_on, s.minutes, s.material, s.mode, s.withdrawn, s.version, c.name "
        f"FROM study_entries s JOIN cadres c ON c.id = s.cadre_id {where} "
        "ORDER BY s.occurred_on DESC, s.recorded_at DESC LIMIT ?", (*params, limit))


# --- indicators ----------------------------------------------------------------------

def _scoped(ledger: "Ledger", scope) -> pd.DataFrame:
    table = cadre_compliance(ledger, Period("custom", scope.start, scope.end))
    if scope.department_id:
        table = table[table["department_id"] == scope.department_id]
    return table


def compliance_share(ledger: "Ledger", scope) -> float | None:
    """Share of active cadres who studied 60 minutes on every working day of the scope."""
    table = _scoped(ledger, scope)
    return float(table["meets"].mean()) if len(table) else None


def compliance_records(ledger: "Ledger", scope) -> list[dict]:
    """The cadres behind the compliance figure, with their minutes and days met."""
    table = _scoped(ledger, scope)
    return table.rename(columns={"cadre_id": "id"})[["id", "name", "department", "minutes", "days_met", "rule_days", "meets"]].to_dict("records")
