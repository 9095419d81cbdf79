"""The leaders' overview, without Streamlit: every indicator the plugins contribute, for a
period and its filters, with its trend and the period before; coverage of carriers by
department and of ideas by carrier; rankings; the gaps plugins contribute; and the records
and events behind any figure.

Everything here reads read models (and, for one record's provenance, that record's own
events), never the whole log. A plugin's new indicator or gap appears without a change here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pandas as pd

from culture_ledger import memo
from culture_ledger.registry import Gap, Indicator, Scope
from culture_ledger.periods import calendar_span, next_month
from domain.vocabulary import IDEAS

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

PERIOD_KINDS = ("day", "week", "month", "quarter", "year", "custom")
TREND_PERIODS = 6
"""How many periods a trend shows, the current one last."""

COUNTED = "review = 'confirmed' AND withdrawn = 0"
"""Only confirmed activities that were not withdrawn count."""


# --- periods -------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """A period of days: a calendar day, week, month, quarter or year, or a custom span."""

    kind: str
    start: date
    end: date

    @classmethod
    def containing(cls, kind: str, day: date) -> "Window":
        return cls(kind, *calendar_span(kind, day))

    @classmethod
    def custom(cls, start: date, end: date) -> "Window":
        if end < start:
            start, end = end, start
        return cls("custom", start, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Window":
        """The period just before: the calendar one, or a custom span of the same length."""
        if self.kind == "custom":
            return Window("custom", self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        return Window.containing(self.kind, self.start - timedelta(days=1))

    def back(self, count: int) -> list["Window"]:
        """This period and the `count - 1` before it, oldest first."""
        windows = [self]
        while len(windows) < count:
            windows.append(windows[-1].previous())
        return windows[::-1]

    @property
    def label(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}~{self.end.isoformat()}"


@dataclass(frozen=True)
class Filters:
    """What the leader chose: one period, and optionally a department, a carrier, an idea."""

    window: Window
    department_id: str | None = None
    carrier: str | None = None
    idea: str | None = None

    def scope(self, window: Window | None = None) -> Scope:
        w = window or self.window
        return Scope(w.start, w.end, department_id=self.department_id, idea=self.idea, carrier=self.carrier)


# --- indicators ----------------------------------------------------------------------

def applies(indicator: Indicator, filters: Filters) -> bool:
    """A carrier filter keeps that carrier's indicators and those of no carrier (the team's)."""
    return filters.carrier is None or indicator.carrier in (None, filters.carrier)


def indicators(ledger: "Ledger", filters: Filters) -> list[Indicator]:
    return [i for i in ledger.registry.indicators if applies(i, filters)]


def indicator(ledger: "Ledger", key: str) -> Indicator:
    for i in ledger.registry.indicators:
        if i.key == key:
            return i
    raise KeyError(key)


@dataclass(frozen=True)
class Figure:
    """One indicator for the chosen period: its value, the period before, and its trend."""

    key: str
    title: str
    definition: str
    unit: str
    carrier: str | None
    value: float | int | None
    previous: float | int | None
    trend: tuple[tuple[str, float | int | None], ...] = ()

    @property
    def change(self) -> float | int | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


Earlier = Callable[[Indicator, Scope], "float | int | None"]
"""How a page may supply an indicator's value for an earlier period (e.g. from a cache)."""


def figure(ledger: "Ledger", ind: Indicator, filters: Filters, periods: int = TREND_PERIODS,
           earlier: Earlier | None = None) -> Figure:
    """One indicator: computed for the chosen period; for the periods before it, by `earlier` when given."""
    windows = filters.window.back(max(periods, 2))
    before = earlier or (lambda i, scope: i.compute(ledger, scope))
    values = [before(ind, filters.scope(w)) for w in windows[:-1]] + [ind.compute(ledger, filters.scope())]
    return Figure(ind.key, ind.title, ind.definition, ind.unit, ind.carrier, values[-1], values[-2],
                  tuple((w.label, v) for w, v in zip(windows, values)))


def figures(ledger: "Ledger", filters: Filters, periods: int = TREND_PERIODS, earlier: Earlier | None = None) -> list[Figure]:
    """Every applicable indicator any plugin contributes, for the period, with trend and comparison."""
    return [figure(ledger, i, filters, periods, earlier) for i in indicators(ledger, filters)]


# --- coverage ------------------------------------------------------------------------

def _activity_filter(filters: Filters, window: Window | None = None) -> tuple[str, list[Any]]:
    w = window or filters.window
    where, params = [COUNTED, "occurred_on BETWEEN ? AND ?"], [w.start.isoformat(), w.end.isoformat()]
    if filters.department_id:
        where.append("department_id = ?")
        params.append(filters.department_id)
    if filters.carrier:
        where.append("carrier = ?")
        params.append(filters.carrier)
    if filters.idea:
        where.append("(',' || ideas || ',') LIKE ?")
        params.append(f"%,{filters.idea},%")
    return " AND ".join(where), params


def departments(ledger: "Ledger", department_id: str | None = None) -> list[dict[str, Any]]:
    if department_id:
        return ledger.query("SELECT id, name FROM departments WHERE id = ?", (department_id,))
    return ledger.query("SELECT id, name FROM departments ORDER BY name")


def carriers(ledger: "Ledger", filters: Filters | None = None) -> list[str]:
    """The carriers' ids in registry order (only the chosen one when the filters name one)."""
    if filters is not None and filters.carrier:
        return [filters.carrier]
    return [p.id for p in ledger.registry.carriers]


def carrier_names(ledger: "Ledger") -> dict[str, str]:
    """Each carrier's id -> the catalog key of its name (its plugin's title), in registry order."""
    return {p.id: p.title for p in ledger.registry.carriers}


def coverage_by_department(ledger: "Ledger", filters: Filters, window: Window | None = None) -> pd.DataFrame:
    """Confirmed activities per carrier and department, every pair present (zero where nothing was done)."""
    where, params = _activity_filter(filters, window)
    counts = {(r["carrier"], r["department_id"]): int(r["activities"]) for r in ledger.query(
        f"SELECT carrier, department_id, COUNT(*) AS activities FROM activities WHERE {where} "
        "GROUP BY carrier, department_id", params)}
    shown = carriers(ledger, filters)
    rows = [{"carrier": c, "department_id": d["id"], "department": d["name"], "activities": counts.get((c, d["id"]), 0)}
            for d in departments(ledger, filters.department_id) for c in shown]
    return pd.DataFrame(rows, columns=["carrier", "department_id", "department", "activities"])


def coverage_by_idea(ledger: "Ledger", filters: Filters) -> pd.DataFrame:
    """Confirmed activities serving each idea, per carrier (an activity may serve several ideas)."""
    where, params = _activity_filter(filters)
    ideas = [filters.idea] if filters.idea else list(IDEAS)
    sums = ", ".join(f"SUM(CASE WHEN (',' || ideas || ',') LIKE ? THEN 1 ELSE 0 END) AS i{n}" for n in range(len(ideas)))
    rows = ledger.query(f"SELECT carrier, {sums} FROM activities WHERE {where} GROUP BY carrier",
                        [f"%,{i},%" for i in ideas] + params)
    counts = {(r["carrier"], idea): int(r[f"i{n}"] or 0) for r in rows for n, idea in enumerate(ideas)}
    shown = carriers(ledger, filters)
    out = [{"idea": i, "carrier": c, "activities": counts.get((c, i), 0)} for i in ideas for c in shown]
    return pd.DataFrame(out, columns=["idea", "carrier", "activities"])


def activities_behind(ledger: "Ledger", filters: Filters, *, carrier: str | None = None,
                      department_id: str | None = None, idea: str | None = None) -> list[dict[str, Any]]:
    """The confirmed activities behind one cell of a coverage heatmap."""
    narrowed = replace(filters, carrier=carrier or filters.carrier, department_id=department_id or filters.department_id,
                       idea=idea or filters.idea)
    where, params = _activity_filter(narrowed)
    return ledger.query(
        "SELECT a.id, a.occurred_on, a.carrier, a.kind, a.title, d.name AS department, a.expected, a.present, a.ideas "
        f"FROM activities a JOIN departments d ON d.id = a.department_id WHERE {where} "
        "ORDER BY a.occurred_on DESC, a.title", params)


# --- rankings ------------------------------------------------------------------------

def team_indicators(ledger: "Ledger", filters: Filters) -> list[Indicator]:
    """The indicators of no carrier: the four-strong team's (and other office-wide ones)."""
    return [i for i in indicators(ledger, filters) if i.carrier is None]


def department_ranking(ledger: "Ledger", filters: Filters) -> pd.DataFrame:
    """Each department's value of each team indicator for the period, ranked best first."""
    rows = []
    for ind in team_indicators(ledger, filters):
        values = [(d, ind.compute(ledger, replace(filters, department_id=d["id"]).scope()))
                  for d in departments(ledger, filters.department_id)]
        values = [(d, v) for d, v in values if v is not None]
        values.sort(key=lambda dv: (-dv[1], dv[0]["name"]))
        rows += [{"indicator": ind.key, "rank": n, "department_id": d["id"], "department": d["name"], "value": v}
                 for n, (d, v) in enumerate(values, start=1)]
    return pd.DataFrame(rows, columns=["indicator", "rank", "department_id", "department", "value"])


def _ranked_value(row: dict[str, Any]) -> tuple[str, float] | None:
    """Which number of a per-person record to rank by: `value` if the plugin gave one, else its first number."""
    if isinstance(row.get("value"), (int, float)) and not isinstance(row.get("value"), bool):
        return "value", row["value"]
    for key, value in row.items():
        if key != "id" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return key, value
    return None


def people_ranking(ledger: "Ledger", filters: Filters) -> pd.DataFrame:
    """People ranked by each team indicator whose records are per person (rows with a `name`)."""
    rows = []
    for ind in team_indicators(ledger, filters):
        if ind.records is None:
            continue
        people = [r for r in ind.records(ledger, filters.scope()) if "name" in r]
        ranked = [(r, _ranked_value(r)) for r in people]
        ranked = [(r, kv) for r, kv in ranked if kv is not None]
        ranked.sort(key=lambda rk: (-float(rk[1][1]), str(rk[0]["name"])))
        rows += [{"indicator": ind.key, "rank": n, "id": r["id"], "name": r["name"], "department": r.get("department", ""),
                  "measure": kv[0], "value": kv[1]} for n, (r, kv) in enumerate(ranked, start=1)]
    return pd.DataFrame(rows, columns=["indicator", "rank", "id", "name", "department", "measure", "value"])


# --- gaps ----------------------------------------------------------------------------

@dataclass(frozen=True)
class GapList:
    """One contributed gap, computed: its period and the rows that make it."""

    key: str
    title: str
    window: Window
    rows: list[dict[str, Any]] = field(default_factory=list)


def gap_window(gap: Gap, filters: Filters, today: date | None = None) -> Window:
    if gap.period is None:
        return filters.window
    return Window.containing(gap.period, min(filters.window.end, today or date.today()))


def gaps(ledger: "Ledger", filters: Filters, today: date | None = None) -> list[GapList]:
    """Every gap any plugin contributes, each over its own period (this week, this quarter…)."""
    out = []
    for gap in ledger.registry.gaps:
        window = gap_window(gap, filters, today)
        out.append(GapList(gap.key, gap.title, window, list(gap.compute(ledger, filters.scope(window)))))
    return out


def departments_without_activity(ledger: "Ledger", scope: Scope) -> list[dict[str, Any]]:
    """Departments that held no confirmed activity in a carrier over the scope (the empty heatmap cells)."""
    filters = Filters(Window.custom(scope.start, scope.end), scope.department_id, scope.carrier, scope.idea)
    cells = coverage_by_department(ledger, filters)
    empty = cells[cells["activities"] == 0]
    return [{"department": r.department, "carrier": r.carrier, "department_id": r.department_id}
            for r in empty.itertuples()]


# --- provenance ----------------------------------------------------------------------

def records_behind(ledger: "Ledger", key: str, filters: Filters) -> list[dict[str, Any]]:
    """The records behind an indicator's figure for the period (each with an `id`)."""
    ind = indicator(ledger, key)
    return list(ind.records(ledger, filters.scope())) if ind.records else []


def _positions(ledger: "Ledger", originator_id: UUID) -> dict[int, int]:
    """Log position of each version of one aggregate, where the store tells it."""
    recorder = ledger.app.recorder
    table = getattr(recorder, "events_table_name", None)
    datastore = getattr(recorder, "datastore", None)
    if not table or datastore is None:
        return {}
    try:
        with datastore.transaction(commit=False) as cursor:
            from eventsourcing.postgres import PostgresAggregateRecorder

            if isinstance(recorder, PostgresAggregateRecorder):  # the chained recorder is a subclass
                cursor.execute(f'SELECT notification_id AS position, originator_version AS version '
                               f'FROM "{datastore.schema}"."{table}" WHERE originator_id = %s', (originator_id,))
            else:
                cursor.execute(f"SELECT rowid AS position, originator_version AS version FROM {table} "
                               "WHERE originator_id = ?", (originator_id.hex,))
            rows = [dict(r) if not isinstance(r, (tuple, list)) else {"position": r[0], "version": r[1]}
                    for r in cursor.fetchall()]
            return {int(r["version"]): int(r["position"]) for r in rows}
    except Exception:  # noqa: BLE001 - a position is a convenience; the events themselves still show
        return {}


_META = {"originator_id", "originator_version", "originator_topic", "timestamp", "by"}


def events_behind(ledger: "Ledger", record_id: str | UUID) -> list[dict[str, Any]]:
    """The events of one record, oldest first: type, log position, time, actor and payload as text."""
    try:
        originator = record_id if isinstance(record_id, UUID) else UUID(str(record_id))
    except ValueError:
        return []
    positions = _positions(ledger, originator)
    rows = []
    for event in ledger.app.events.get(originator):
        by = getattr(event, "by", None)
        payload = {k: v for k, v in vars(event).items() if k not in _META}
        rows.append({
            "version": event.originator_version,
            "position": positions.get(event.originator_version),
            "type": f"{type(event).__qualname__}",
            "at": event.timestamp.isoformat(timespec="seconds"),
            "actor": f"{by.account} ({by.role}, {by.channel})" if by is not None else "",
            "payload": json.dumps(payload, ensure_ascii=False, default=str, sort_keys=True),
        })
    return rows


def events_behind_row(ledger: "Ledger", key: str, filters: Filters, record_id: str | UUID) -> list[dict[str, Any]]:
    """The events behind one row of a figure's records, in log order: those of the records the
    indicator names for the row (a cadre's study entries in the period), else the row's own record's."""
    ind = indicator(ledger, key)
    if ind.events is None:
        return events_behind(ledger, record_id)
    rows = [{"record": str(behind), **event} for behind in ind.events(ledger, filters.scope(), str(record_id))
            for event in events_behind(ledger, behind)]
    return sorted(rows, key=lambda r: (r["position"] is None, r["position"] or 0))


# --- everything at once ------------------------------------------------------------------

@dataclass(frozen=True)
class Overview:
    """The whole overview for one set of filters, as plain data (what the page and reports draw)."""

    filters: Filters
    head: int
    figures: list[Figure]
    coverage: pd.DataFrame
    ideas: pd.DataFrame
    departments: pd.DataFrame
    people: pd.DataFrame
    gaps: list[GapList]
    carriers: dict[str, str] = field(default_factory=dict)
    """Each carrier's id -> the catalog key of its name, in registry order (to label the heatmaps)."""


PARTS = ("figures", "coverage", "ideas", "departments", "people", "gaps")
RANKINGS = ("departments", "people")
"""The parts that compute an indicator once per department or person: the page refreshes them less often."""


def overview(ledger: "Ledger", filters: Filters, periods: int = TREND_PERIODS, today: date | None = None,
             progress: Any = None, parts: Sequence[str] = PARTS, earlier: Earlier | None = None) -> Overview:
    """Compute the overview's `parts` (the others are left empty); `progress(fraction, step)` is told as each is done."""
    steps: dict[str, Any] = {
        "figures": lambda: figures(ledger, filters, periods, earlier),
        "coverage": lambda: coverage_by_department(ledger, filters),
        "ideas": lambda: coverage_by_idea(ledger, filters),
        "departments": lambda: department_ranking(ledger, filters),
        "people": lambda: people_ranking(ledger, filters),
        "gaps": lambda: gaps(ledger, filters, today),
    }
    empty = {"figures": [], "coverage": pd.DataFrame(columns=["carrier", "department_id", "department", "activities"]),
             "ideas": pd.DataFrame(columns=["idea", "carrier", "activities"]),
             "departments": pd.DataFrame(columns=["indicator", "rank", "department_id", "department", "value"]),
             "people": pd.DataFrame(columns=["indicator", "rank", "id", "name", "department", "measure", "value"]),
             "gaps": []}
    done: dict[str, Any] = {}
    head = ledger.app.head()
    wanted = [name for name in PARTS if name in parts]
    with memo.computation():  # the parts ask the read models many same questions: each is answered once
        for n, name in enumerate(wanted, start=1):
            done[name] = steps[name]()
            if progress is not None:
                progress(n / len(wanted), name)
    return Overview(filters, head, **{name: done.get(name, empty[name]) for name in PARTS},
                    carriers=carrier_names(ledger))
