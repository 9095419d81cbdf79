"""The study read model, and the compliance figures leaders read from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from culture_ledger.memo import shared
from culture_ledger.periods import calendar_span
from event_store.projection import Db, Projection, handles
from plugins.study.domain import StudyEntry

if TYPE_CHECKING:
    import pandas as pd

    from culture_ledger.ledger import Ledger
    from plugins.study.scoring import RuleBook


class StudyProjection(Projection):
    """Every study entry as it stands now (withdrawn ones flagged, not removed)."""

    name = "study"
    tables = {
        "study_entries": "id TEXT PRIMARY KEY, cadre_id TEXT NOT NULL, occurred_on TEXT NOT NULL, "
                         "minutes INTEGER NOT NULL, material TEXT, mode TEXT, withdrawn INTEGER NOT NULL DEFAULT 0, "
                         "recorded_at TEXT, recorded_by TEXT, version INTEGER, position INTEGER, place TEXT NOT NULL DEFAULT ''",
    }
    indexes = ("CREATE INDEX IF NOT EXISTS study_entries_day ON study_entries (occurred_on, cadre_id)",
               # covers the compliance count: day, cadre, minutes, withdrawn, without touching the table
               "CREATE INDEX IF NOT EXISTS study_entries_compliance ON study_entries (occurred_on, cadre_id, withdrawn, minutes)")

    def create(self, db: Db, *, indexes: bool = True) -> None:
        super().create(db, indexes=indexes)
        # Read models built before StudyEntry.Recorded v2 have no place column: add it ("" as upcasting gives).
        db.execute("SELECT * FROM study_entries LIMIT 0")
        columns = getattr(db.cursor, "sqlite_cursor", db.cursor).description
        if "place" not in [column[0] for column in columns]:
            db.execute("ALTER TABLE study_entries ADD COLUMN place TEXT NOT NULL DEFAULT ''")

    @handles(StudyEntry.Recorded)
    def recorded(self, db: Db, e: StudyEntry.Recorded, position: int) -> None:
        db.execute("INSERT INTO study_entries VALUES (?,?,?,?,?,?,0,?,?,?,?,?)",
                   (e.originator_id.hex, e.cadre_id.hex, e.occurred_on.isoformat(), e.minutes, e.material, e.mode,
                    e.timestamp.isoformat(), e.by.account, e.originator_version, position, e.place))

    @handles(StudyEntry.Amended)
    def amended(self, db: Db, e: StudyEntry.Amended, position: int) -> None:
        changes = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in e.changes.items()
                   if k in ("occurred_on", "minutes", "material", "mode", "place")}
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
        if kind not in PERIODS:
            raise ValueError(f"unknown period {kind!r}")
        return cls(kind, *calendar_span(kind, day))

    def rule_days(self, today: date | None = None) -> list[date]:
        """The days the daily rule applies to: working days, not past today."""
        today = today or date.today()
        days = [self.start + timedelta(days=i) for i in range((min(self.end, today) - self.start).days + 1)]
        workdays = [d for d in days if d.weekday() < 5]
        return workdays or days


@shared
def cadre_compliance(ledger: "Ledger", period: Period, today: date | None = None,
                     rules: "RuleBook | None" = None) -> pd.DataFrame:
    """Each active cadre's minutes in the period against the daily rule.

    A cadre meets the rule when every working day of the period so far has at least the
    daily target of (not withdrawn) study: the target of the rule in force on that day
    (60 minutes until a rule set says otherwise), or of `rules` when given.
    """
    import pandas as pd  # here, not at the top: `culture-ledger` loads StudyProjection without pandas

    from plugins.study.scoring import RuleBook

    rules = rules or RuleBook.load(ledger)
    days = period.rule_days(today)
    cadres = pd.DataFrame(ledger.query(
        "SELECT c.id AS cadre_id, c.name, c.department_id, d.name AS department FROM cadres c "
        "JOIN departments d ON d.id = c.department_id "
        "WHERE c.joined_on <= ? AND (c.retired_on IS NULL OR c.retired_on >= ?) ORDER BY d.name, c.name",
        (period.end.isoformat(), period.start.isoformat())),
        columns=["cadre_id", "name", "department_id", "department"])
    # Counted in SQL, one row per cadre, so the database never ships a row per cadre and day.
    # The rule days are grouped by their target (one group, unless a rule set changed it in the
    # period): a day meets when it is in a group's list and reaches that group's target. The
    # days are summed in the covering index's order (day, cadre), without sorting them first.
    by_target: dict[int, list[str]] = {}
    for d in days:
        by_target.setdefault(rules.target_for(d), []).append(d.isoformat())
    met = " OR ".join(f"(s.minutes >= ? AND s.occurred_on IN ({','.join('?' for _ in group)}))"
                      for group in by_target.values()) or "1 = 0"
    per_cadre = pd.DataFrame(ledger.query(
        f"SELECT s.cadre_id, SUM(s.minutes) AS minutes, SUM(CASE WHEN {met} THEN 1 ELSE 0 END) AS days_met FROM ("
        " SELECT occurred_on, cadre_id, SUM(minutes) AS minutes FROM study_entries"
        " WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY occurred_on, cadre_id) AS s "
        "GROUP BY s.cadre_id",
        (*[v for target, group in by_target.items() for v in (target, *group)],
         period.start.isoformat(), period.end.isoformat())),
        columns=["cadre_id", "minutes", "days_met"])
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
    import pandas as pd

    if table.empty:
        return pd.DataFrame(columns=["department", "cadres", "meeting", "share"])
    g = table.groupby("department").agg(cadres=("cadre_id", "count"), meeting=("meets", "sum")).reset_index()
    g["share"] = g["meeting"] / g["cadres"]
    return g


def daily_trend(ledger: "Ledger", end: date, days: int = 28) -> pd.DataFrame:
    """For each working day up to `end`, the share of active cadres who met that day's target."""
    import pandas as pd

    from plugins.study.scoring import RuleBook

    rules = RuleBook.load(ledger)
    start = end - timedelta(days=days - 1)
    active = ledger.scalar("SELECT COUNT(*) FROM cadres WHERE joined_on <= ? AND (retired_on IS NULL OR retired_on >= ?)",
                           (end.isoformat(), start.isoformat())) or 0
    rows = ledger.query(
        "SELECT cadre_id, occurred_on, SUM(minutes) AS minutes FROM study_entries "
        "WHERE withdrawn = 0 AND occurred_on BETWEEN ? AND ? GROUP BY cadre_id, occurred_on",
        (start.isoformat(), end.isoformat()))
    met: dict[str, int] = {}
    for r in rows:
        if r["minutes"] >= rules.target_for(r["occurred_on"]):
            met[r["occurred_on"]] = met.get(r["occurred_on"], 0) + 1
    out = [{"day": d, "share": (met.get(d.isoformat(), 0) / active) if active else 0.0}
           for d in (start + timedelta(days=i) for i in range(days)) if d.weekday() < 5]
    return pd.DataFrame(out, columns=["day", "share"])


def recent_entries(ledger: "Ledger", cadre_id: str | None = None, limit: int = 20) -> list[dict]:
    where, params = ("WHERE s.cadre_id = ?", (cadre_id,)) if cadre_id else ("", ())
    return ledger.query(
        "SELECT s.id, s.occurred_on, s.minutes, s.material, s.mode, s.place, s.withdrawn, s.version, c.name "
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


def compliance_entries(ledger: "Ledger", scope, cadre_id: str) -> list[str]:
    """The study entries behind one cadre's compliance row: theirs in the scope, withdrawn ones too (in log order)."""
    rows = ledger.query("SELECT id FROM study_entries WHERE cadre_id = ? AND occurred_on BETWEEN ? AND ? ORDER BY position",
                        (UUID(str(cadre_id)).hex, scope.start.isoformat(), scope.end.isoformat()))
    return [r["id"] for r in rows]


def compliance_records(ledger: "Ledger", scope) -> list[dict]:
    """The cadres behind the compliance figure, with their minutes and days met."""
    table = _scoped(ledger, scope)
    return table.rename(columns={"cadre_id": "id"})[["id", "name", "department", "minutes", "days_met", "rule_days", "meets"]].to_dict("records")
