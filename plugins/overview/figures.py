"""The leaders' overview, without Streamlit: every indicator the plugins contribute, for a
period and its filters, with its trend and the period before; coverage of carriers by
department and of ideas by carrier; rankings; the gaps plugins contribute; and the records
and events behind any figure.

Everything here reads read models (and, for one record's provenance, that record's own
events), never the whole log. A plugin's new indicator or gap appears without a change here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pandas as pd
from eventsourcing.utils import get_topic

from culture_ledger import memo, timefmt
from culture_ledger.i18n import DEFAULT_LANGUAGE
from culture_ledger.periods import Period, Scope
from culture_ledger.registry import Gap, Indicator
from domain import clock
from domain.vocabulary import IDEAS

if TYPE_CHECKING:
    from culture_ledger.ledger import Ledger

PERIOD_KINDS = ("day", "week", "month", "quarter", "year", "custom")
"""The periods a leader may choose."""
TREND_PERIODS = 6
"""How many periods a trend shows, the current one last."""

COUNTED = "review = 'confirmed' AND withdrawn = 0"
"""Only confirmed activities that were not withdrawn count."""


# --- indicators ----------------------------------------------------------------------


def applies(indicator: Indicator, scope: Scope) -> bool:
    """A carrier filter keeps that carrier's indicators and those of no carrier (the team's)."""
    return scope.carrier is None or indicator.carrier in (None, scope.carrier)


def indicators(ledger: Ledger, scope: Scope) -> list[Indicator]:
    return [i for i in ledger.registry.indicators if applies(i, scope)]


def indicator(ledger: Ledger, key: str) -> Indicator:
    for i in ledger.registry.indicators:
        if i.key == key:
            return i
    raise KeyError(key)


@dataclass(frozen=True)
class Figure:
    """One indicator for the chosen period: its value, what it is compared with, and its trend.

    Like with like: a period in progress (it ends after today) is compared with the same span of
    the period before (1-6 December with 1-6 November, `Period.same_span_before`), a period that
    is over with the whole one before; `compared` is the span `previous` was computed over. The
    trend keeps whole periods for the ones before (a trend shows how whole months went), the
    current one as far as it has gone (`in_progress`): the report labels that point so, and no
    delta is ever taken between a part and a whole. A value of None means no data (a period
    without a working day, or nothing recorded): it is shown as such, never as 0.
    """

    key: str
    title: str
    definition: str
    unit: str
    carrier: str | None
    value: float | int | None
    previous: float | int | None
    trend: tuple[tuple[str, float | int | None], ...] = ()
    period: Period | None = None
    compared: Period | None = None
    in_progress: bool = False

    @property
    def change(self) -> float | int | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


Earlier = Callable[[Indicator, Scope], "float | int | None"]
"""How a page may supply an indicator's value for an earlier period (e.g. from a cache)."""


def compared_with(period: Period, today: date | None = None) -> Period:
    """The span a figure for `period` is compared with on `today` (see `Figure`)."""
    return period.same_span_before(today or clock.today())


def earlier_periods(period: Period, periods: int = TREND_PERIODS, today: date | None = None) -> list[Period]:
    """Every period before `period` that its figure needs: the trend's, and the span it is compared with."""
    return list(dict.fromkeys([*period.back(max(periods, 2))[:-1], compared_with(period, today)]))


def trend_span(period: Period, periods: int = TREND_PERIODS, today: date | None = None) -> tuple[date, date]:
    """The first and last day a figure for `period` reads: its trend's, and the span it is compared with
    (what `memo.computation(span=...)` is told, so the store is asked once for all of them)."""
    return (min(p.start for p in [*earlier_periods(period, periods, today), period]), period.end)


def figure(
    ledger: Ledger,
    ind: Indicator,
    scope: Scope,
    periods: int = TREND_PERIODS,
    earlier: Earlier | None = None,
    today: date | None = None,
) -> Figure:
    """One indicator: computed for the chosen period; for the periods before it, by `earlier` when given."""
    today = today or clock.today()
    shown = scope.period.back(max(periods, 2))
    before = earlier or (lambda i, earlier_scope: i.compute(ledger, earlier_scope))
    values = [before(ind, scope.over(p)) for p in shown[:-1]] + [ind.compute(ledger, scope)]
    compared = compared_with(scope.period, today)
    previous = values[-2] if compared == shown[-2] else before(ind, scope.over(compared))
    return Figure(
        ind.key,
        ind.title,
        ind.definition,
        ind.unit,
        ind.carrier,
        values[-1],
        previous,
        tuple((p.label, v) for p, v in zip(shown, values)),
        scope.period,
        compared,
        scope.period.in_progress(today),
    )


def figures(
    ledger: Ledger,
    scope: Scope,
    periods: int = TREND_PERIODS,
    earlier: Earlier | None = None,
    today: date | None = None,
) -> list[Figure]:
    """Every applicable indicator any plugin contributes, for the period, with trend and comparison."""
    return [figure(ledger, i, scope, periods, earlier, today) for i in indicators(ledger, scope)]


# --- coverage ------------------------------------------------------------------------


def _activity_filter(scope: Scope, period: Period | None = None) -> tuple[str, list[Any]]:
    p = period or scope.period
    where, params = [COUNTED, "occurred_on BETWEEN ? AND ?"], [p.start.isoformat(), p.end.isoformat()]
    if scope.department_id:
        where.append("department_id = ?")
        params.append(scope.department_id)
    if scope.carrier:
        where.append("carrier = ?")
        params.append(scope.carrier)
    if scope.idea:
        where.append("(',' || ideas || ',') LIKE ?")
        params.append(f"%,{scope.idea},%")
    return " AND ".join(where), params


def departments(ledger: Ledger, department_id: str | None = None) -> list[dict[str, Any]]:
    if department_id:
        return ledger.query("SELECT id, name FROM departments WHERE id = ?", (department_id,))
    return ledger.query("SELECT id, name FROM departments ORDER BY name")


def carriers(ledger: Ledger, scope: Scope | None = None) -> list[str]:
    """The carriers' ids in registry order (only the chosen one when the filters name one)."""
    if scope is not None and scope.carrier:
        return [scope.carrier]
    return [p.id for p in ledger.registry.carriers]


def carrier_names(ledger: Ledger) -> dict[str, str]:
    """Each carrier's id -> the catalog key of its name (its plugin's title), in registry order."""
    return {p.id: p.title for p in ledger.registry.carriers}


def coverage_by_department(ledger: Ledger, scope: Scope, period: Period | None = None) -> pd.DataFrame:
    """Confirmed activities per carrier and department, every pair present (zero where nothing was done)."""
    where, params = _activity_filter(scope, period)
    counts = {
        (r["carrier"], r["department_id"]): int(r["activities"])
        for r in ledger.query(
            f"SELECT carrier, department_id, COUNT(*) AS activities FROM activities WHERE {where} "
            "GROUP BY carrier, department_id",
            params,
        )
    }
    shown = carriers(ledger, scope)
    rows = [
        {"carrier": c, "department_id": d["id"], "department": d["name"], "activities": counts.get((c, d["id"]), 0)}
        for d in departments(ledger, scope.department_id)
        for c in shown
    ]
    return pd.DataFrame(rows, columns=["carrier", "department_id", "department", "activities"])


def coverage_by_idea(ledger: Ledger, scope: Scope) -> pd.DataFrame:
    """Confirmed activities serving each idea, per carrier (an activity may serve several ideas)."""
    where, params = _activity_filter(scope)
    ideas = [scope.idea] if scope.idea else list(IDEAS)
    sums = ", ".join(
        f"SUM(CASE WHEN (',' || ideas || ',') LIKE ? THEN 1 ELSE 0 END) AS i{n}" for n in range(len(ideas))
    )
    rows = ledger.query(
        f"SELECT carrier, {sums} FROM activities WHERE {where} GROUP BY carrier", [f"%,{i},%" for i in ideas] + params
    )
    counts = {(r["carrier"], idea): int(r[f"i{n}"] or 0) for r in rows for n, idea in enumerate(ideas)}
    shown = carriers(ledger, scope)
    out = [{"idea": i, "carrier": c, "activities": counts.get((c, i), 0)} for i in ideas for c in shown]
    return pd.DataFrame(out, columns=["idea", "carrier", "activities"])


def activities_behind(
    ledger: Ledger,
    scope: Scope,
    *,
    carrier: str | None = None,
    department_id: str | None = None,
    idea: str | None = None,
) -> list[dict[str, Any]]:
    """The confirmed activities behind one cell of a coverage heatmap."""
    narrowed = replace(
        scope,
        carrier=carrier or scope.carrier,
        department_id=department_id or scope.department_id,
        idea=idea or scope.idea,
    )
    where, params = _activity_filter(narrowed)
    return ledger.query(
        "SELECT a.id, a.occurred_on, a.carrier, a.kind, a.title, d.name AS department, a.expected, a.present, a.ideas "
        f"FROM activities a JOIN departments d ON d.id = a.department_id WHERE {where} "
        "ORDER BY a.occurred_on DESC, a.title",
        params,
    )


# --- rankings ------------------------------------------------------------------------
# Each indicator says how it ranks (`Indicator.rank`, a `registry.Ranking`): the unit, the
# aggregate over that unit's rows in the period and the measure. Nothing here guesses a number.

UNIT_RANKINGS = ("person", "institution")
"""The units listed one by one, each in its own ranking (departments are ranked by `compute`)."""

RANKING_COLUMNS = ["indicator", "unit", "rank", "id", "name", "department", "value"]
"""One row per ranked unit: its id (cadre, institution), its name, a cadre's department, its value."""


def ranked_indicators(ledger: Ledger, scope: Scope, unit: str | None = None) -> list[Indicator]:
    """The applicable indicators that declare a ranking (by `unit` when given)."""
    return [i for i in indicators(ledger, scope) if i.rank is not None and unit in (None, i.rank.unit)]


def team_indicators(ledger: Ledger, scope: Scope) -> list[Indicator]:
    """The indicators that compare the office's departments: those ranked by person or by department."""
    return [i for i in ranked_indicators(ledger, scope) if i.rank.unit in ("person", "department")]


def _places(values: list[float]) -> list[int]:
    """Places of values already sorted highest first; equal values share a place (1, 1, 3)."""
    places: list[int] = []
    for n, v in enumerate(values):
        places.append(places[-1] if n and round(v, 9) == round(values[n - 1], 9) else n + 1)
    return places


def department_ranking(ledger: Ledger, scope: Scope) -> pd.DataFrame:
    """Each department's value of each indicator ranked by person or department (its own `compute` for
    that department), for the period, highest first."""
    rows = []
    for ind in team_indicators(ledger, scope):
        values = [
            (d, ind.compute(ledger, replace(scope, department_id=d["id"])))
            for d in departments(ledger, scope.department_id)
        ]
        values = [(d, v) for d, v in values if v is not None]
        values.sort(key=lambda dv: (-dv[1], dv[0]["name"]))
        places = _places([float(v) for _, v in values])
        rows += [
            {"indicator": ind.key, "rank": n, "department_id": d["id"], "department": d["name"], "value": v}
            for n, (d, v) in zip(places, values)
        ]
    return pd.DataFrame(rows, columns=["indicator", "rank", "department_id", "department", "value"])


def units_of(ind: Indicator, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """An indicator's ranked rows by the unit each names (its id as text), in the rows' order."""
    field = ind.rank.key_field if ind.rank else ""
    units: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get(field) is not None:
            units.setdefault(str(row[field]), []).append(row)
    return units


def ranking(ledger: Ledger, ind: Indicator, scope: Scope) -> list[dict[str, Any]]:
    """One row per unit the indicator ranks, highest first by its declared aggregate of its measure."""
    rank = ind.rank
    if rank is None:
        return []
    valued = []
    for unit_id, rows in units_of(ind, ind.ranked_rows(ledger, scope)).items():
        value = rank.value(rows)
        if value is not None:
            last = rows[-1]
            valued.append((unit_id, str(last.get(rank.name_field) or ""), str(last.get("department") or ""), value))
    valued.sort(key=lambda u: (-float(u[3]), u[1]))
    places = _places([float(u[3]) for u in valued])
    return [
        {
            "indicator": ind.key,
            "unit": rank.unit,
            "rank": place,
            "id": unit_id,
            "name": name,
            "department": department if rank.unit == "person" else "",
            "value": value,
        }
        for place, (unit_id, name, department, value) in zip(places, valued)
    ]


def unit_ranking(ledger: Ledger, scope: Scope, unit: str) -> pd.DataFrame:
    """Every indicator ranked by `unit` (person, institution), each unit once with its ranked value."""
    rows = [row for ind in ranked_indicators(ledger, scope, unit) for row in ranking(ledger, ind, scope)]
    return pd.DataFrame(rows, columns=RANKING_COLUMNS)


def people_ranking(ledger: Ledger, scope: Scope) -> pd.DataFrame:
    """People ranked by each indicator that ranks people, by its own measure (四强: each one's average)."""
    return unit_ranking(ledger, scope, "person")


def institution_ranking(ledger: Ledger, scope: Scope) -> pd.DataFrame:
    """Institutions ranked by each indicator that ranks institutions (the staffing ledger's)."""
    return unit_ranking(ledger, scope, "institution")


def rows_of_unit(ledger: Ledger, key: str, scope: Scope, unit_id: str) -> list[dict[str, Any]]:
    """The rows behind one unit's place in an indicator's ranking (a cadre's evaluations in the period)."""
    ind = indicator(ledger, key)
    return units_of(ind, ind.ranked_rows(ledger, scope)).get(str(unit_id), [])


def events_behind_unit(
    ledger: Ledger, key: str, scope: Scope, unit_id: str, language: str = DEFAULT_LANGUAGE
) -> list[dict[str, Any]]:
    """The events behind one unit's place in a ranking: those behind each of its rows, in log order,
    each naming its record (`record`; `record_id` keeps its id)."""
    from plugins.audit.words import EventWords

    seen: set[tuple[Any, Any]] = set()
    found = []
    for row in rows_of_unit(ledger, key, scope, unit_id):
        for event in events_behind_row(ledger, key, scope, row["id"], language):
            mark = (event["record_id"], event["version"])
            if mark not in seen:
                seen.add(mark)
                found.append(event)
    names = EventWords(ledger, language).records(e["record_id"] for e in found)
    out = [{"record": names.get(e["record_id"], ""), **{k: v for k, v in e.items() if k != "record"}} for e in found]
    return sorted(out, key=lambda r: (r["position"] is None, r["position"] or 0))


# --- gaps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GapList:
    """One contributed gap, computed: its period and the rows that make it."""

    key: str
    title: str
    period: Period
    rows: list[dict[str, Any]] = field(default_factory=list)


def gap_period(gap: Gap, scope: Scope, today: date | None = None) -> Period:
    if gap.period is None:
        return scope.period
    return Period.containing(gap.period, min(scope.end, today or clock.today()))


def gaps(ledger: Ledger, scope: Scope, today: date | None = None) -> list[GapList]:
    """Every gap any plugin contributes, each over its own period (this week, this quarter…)."""
    out = []
    for gap in ledger.registry.gaps:
        period = gap_period(gap, scope, today)
        out.append(GapList(gap.key, gap.title, period, list(gap.compute(ledger, scope.over(period)))))
    return out


def departments_without_activity(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """Departments that held no confirmed activity in a carrier over the scope (the empty heatmap cells)."""
    cells = coverage_by_department(ledger, scope)
    empty = cells[cells["activities"] == 0]
    return [
        {"department": r.department, "carrier": r.carrier, "department_id": r.department_id} for r in empty.itertuples()
    ]


# --- provenance ----------------------------------------------------------------------


def records_behind(ledger: Ledger, key: str, scope: Scope) -> list[dict[str, Any]]:
    """The records behind an indicator's figure for the period (each with an `id`)."""
    ind = indicator(ledger, key)
    return list(ind.records(ledger, scope)) if ind.records else []


def _positions(ledger: Ledger, originator_id: UUID) -> dict[int, int]:
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
                cursor.execute(
                    f"SELECT notification_id AS position, originator_version AS version "
                    f'FROM "{datastore.schema}"."{table}" WHERE originator_id = %s',
                    (originator_id,),
                )
            else:
                cursor.execute(
                    f"SELECT rowid AS position, originator_version AS version FROM {table} WHERE originator_id = ?",
                    (originator_id.hex,),
                )
            rows = [
                dict(r) if not isinstance(r, (tuple, list)) else {"position": r[0], "version": r[1]}
                for r in cursor.fetchall()
            ]
            return {int(r["version"]): int(r["position"]) for r in rows}
    except Exception:  # noqa: BLE001 - a position is a convenience; the events themselves still show
        return {}


def events_behind(ledger: Ledger, record_id: str | UUID, language: str = DEFAULT_LANGUAGE) -> list[dict[str, Any]]:
    """The events of one record, oldest first, in words (`language`): the event's name, its log
    position, when (on the office's clock), who (by name, role and channel) and what it holds
    (its fields labelled, coded values in words). `record_id` keeps the record's id for the caller."""
    from plugins.audit.words import EventWords

    try:
        originator = record_id if isinstance(record_id, UUID) else UUID(str(record_id))
    except ValueError:
        return []
    positions = _positions(ledger, originator)
    words = EventWords(ledger, language)
    rows, carrier = [], None
    for event in ledger.app.events.get(originator):
        by = getattr(event, "by", None)
        topic = get_topic(type(event))
        carrier = carrier or getattr(event, "carrier", None)
        fields = words.fields(event, topic, carrier)
        rows.append(
            {
                "version": event.originator_version,
                "position": positions.get(event.originator_version),
                "type": words.event(topic, carrier),
                "at": timefmt.shown(event.timestamp),
                "actor": words.who(by.account, by.role, by.channel) if by is not None else "",
                "payload": "；".join(f"{label}：{value}" for label, value in fields),
                "record_id": originator.hex,
            }
        )
    return rows


def events_behind_row(
    ledger: Ledger, key: str, scope: Scope, record_id: str | UUID, language: str = DEFAULT_LANGUAGE
) -> list[dict[str, Any]]:
    """The events behind one row of a figure's records, in log order: those of the records the
    indicator names for the row (a cadre's study entries in the period), else the row's own record's.
    Each names its record (`record`, what it is and its date; `record_id` keeps its id)."""
    from plugins.audit.words import EventWords

    ind = indicator(ledger, key)
    if ind.events is None:
        return events_behind(ledger, record_id, language)
    behind = [str(b) for b in ind.events(ledger, scope, str(record_id))]
    names = EventWords(ledger, language).records(behind)
    rows = [
        {"record": names.get(UUID(b).hex, ""), **event} for b in behind for event in events_behind(ledger, b, language)
    ]
    return sorted(rows, key=lambda r: (r["position"] is None, r["position"] or 0))


# --- everything at once ------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """The whole overview for one scope (a period and its filters), as plain data: what the page and reports draw."""

    scope: Scope
    head: int
    figures: list[Figure]
    coverage: pd.DataFrame
    ideas: pd.DataFrame
    departments: pd.DataFrame
    people: pd.DataFrame
    institutions: pd.DataFrame
    gaps: list[GapList]
    carriers: dict[str, str] = field(default_factory=dict)
    """Each carrier's id -> the catalog key of its name, in registry order (to label the heatmaps)."""


PARTS = ("figures", "coverage", "ideas", "departments", "people", "institutions", "gaps")
RANKINGS = ("departments", "people", "institutions")
"""The parts that compute an indicator once per department or person: the page refreshes them less often."""


def overview(
    ledger: Ledger,
    scope: Scope,
    periods: int = TREND_PERIODS,
    today: date | None = None,
    progress: Any = None,
    parts: Sequence[str] = PARTS,
    earlier: Earlier | None = None,
) -> Overview:
    """Compute the overview's `parts` (the others are left empty); `progress(fraction, step)` is told as each is done."""
    steps: dict[str, Any] = {
        "figures": lambda: figures(ledger, scope, periods, earlier, today),
        "coverage": lambda: coverage_by_department(ledger, scope),
        "ideas": lambda: coverage_by_idea(ledger, scope),
        "departments": lambda: department_ranking(ledger, scope),
        "people": lambda: people_ranking(ledger, scope),
        "institutions": lambda: institution_ranking(ledger, scope),
        "gaps": lambda: gaps(ledger, scope, today),
    }
    empty = {
        "figures": [],
        "coverage": pd.DataFrame(columns=["carrier", "department_id", "department", "activities"]),
        "ideas": pd.DataFrame(columns=["idea", "carrier", "activities"]),
        "departments": pd.DataFrame(columns=["indicator", "rank", "department_id", "department", "value"]),
        "people": pd.DataFrame(columns=RANKING_COLUMNS),
        "institutions": pd.DataFrame(columns=RANKING_COLUMNS),
        "gaps": [],
    }
    done: dict[str, Any] = {}
    head = ledger.app.head()
    wanted = [name for name in PARTS if name in parts]
    # The parts ask the read models many same questions: each is answered once, for every period at once.
    # With the earlier periods given (a page's cache), only the chosen one is read, unless the
    # computation said it reads more (memo.span).
    trend = "figures" in wanted and earlier is None
    with memo.computation(span=trend_span(scope.period, periods, today) if trend else (scope.start, scope.end)):
        for n, name in enumerate(wanted, start=1):
            done[name] = steps[name]()
            if progress is not None:
                progress(n / len(wanted), name)
    return Overview(
        scope, head, **{name: done.get(name, empty[name]) for name in PARTS}, carriers=carrier_names(ledger)
    )
