"""The leaders' overview: filters above, live figures in a fragment, reports below.

The filters live in session state outside the fragment, so the figures refresh every few
seconds without a reload, without flicker and without losing what the leader chose. The
figures are cached by the log's head: an unchanged log costs one query per refresh.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from culture_ledger import access, memo
from culture_ledger.periods import Period, Scope
from culture_ledger.rights import may
from dashboard import chrome, drill
from dashboard.chrome import actor, lang, ledger
from domain import clock
from domain.vocabulary import IDEAS
from event_store.store import store_url
from plugins.overview import charts, reports
from plugins.overview import drill as overview_drill
from plugins.overview import figures as ov

LIVE_SECONDS = 3
_run = threading.local()
"""This run's ledger: `render` and each refresh look it up (and catch it up) once, then every string
and query of the run uses it (Streamlit runs each session's script in its own thread)."""


def _led():
    """The server's ledger as it is (the one this run caught up)."""
    led = getattr(_run, "ledger", None)
    return led if led is not None else chrome._open_ledger(store_url())


def _caught_up():
    """The server's ledger, caught up, for the rest of this run."""
    _run.ledger = ledger()
    return _run.ledger


def t(key: str, **params) -> str:
    """chrome.t on this run's ledger: its catalog in the user's language, without a cache look-up per
    string (the overview shows hundreds)."""
    return _led().catalog.t(lang(), key, **params)


def render() -> None:
    led = _caught_up()
    st.title(t("overview.title"))
    st.caption(t("overview.caption"))
    if "actor" in st.session_state and not may(actor().role, "oversee"):  # once someone is signed in, only these roles
        st.warning(t("error.forbidden"))
        return
    scope = _filters(led)
    _live(scope)
    _live_rankings(scope)
    _reports(scope)


# --- filters (outside the fragment: they survive every refresh) --------------------------------


def _filters(led) -> Scope:
    """Draw the filters; what the leader chose is the scope of the whole page."""
    top = st.columns([3, 2])
    kind = (
        top[0].segmented_control(
            t("overview.filter.period"),
            ov.PERIOD_KINDS,
            default="month",
            key="ov_period",
            format_func=lambda k: t(f"overview.period.{k}"),
        )
        or "month"
    )
    today = clock.today()
    if kind == "custom":
        picked = top[1].date_input(
            t("overview.filter.range"), value=(today - timedelta(days=29), today), key="ov_range"
        )
        start, end = (picked[0], picked[-1]) if isinstance(picked, (tuple, list)) and picked else (today, today)
        period = Period.custom(start, end)
    else:
        anchor = top[1].date_input(t("overview.filter.anchor"), value=today, key="ov_anchor")
        period = Period.containing(kind, anchor)
    names = {d["id"]: d["name"] for d in ov.departments(led)}
    cols = st.columns(3)
    department = cols[0].selectbox(
        t("overview.filter.department"),
        [None, *names],
        key="ov_department",
        format_func=lambda d: t("ui.all") if d is None else names.get(d, d),
        placeholder=t("ui.choose"),
    )
    carriers = ov.carrier_names(led)
    carrier = cols[1].selectbox(
        t("overview.filter.carrier"),
        [None, *carriers],
        key="ov_carrier",
        format_func=lambda c: t("ui.all") if c is None else t(carriers[c]),
        placeholder=t("ui.choose"),
    )
    idea = cols[2].selectbox(
        t("overview.filter.idea"),
        [None, *IDEAS],
        key="ov_idea",
        format_func=lambda i: t("ui.all") if i is None else t(f"idea.{i}"),
        placeholder=t("ui.choose"),
    )
    return Scope(period, department, carrier, idea)


# --- the cached computation ----------------------------------------------------------------
# Everything is cached by the log head (the newest event the overview counts: an access record
# appended changes nothing here, `NOT_COUNTED`): an unchanged log costs one look at the head. After a
# change only the chosen period is computed again at once; the periods before it (trend and
# comparison) are kept while the log stands still and up to EARLIER_SECONDS after it moves, and
# the rankings (one computation per department and person) refresh every RANKING_SECONDS, so a
# large log stays cheap to watch.

EARLIER_SECONDS = 60
RANKING_SECONDS = 30


NOT_COUNTED = access.TOPICS
"""What the log holds that no figure, trend, ranking or gap of the overview counts: the access
records (a sign-in, an auditor's visit to an audit page). Appended, they do not make the page
compute anything again (`memo.counted_head`): an auditor going from page to page appends them."""


def _earlier_values(
    today: date,
    kind: str,
    start: date,
    end: date,
    department: str | None,
    carrier: str | None,
    idea: str | None,
) -> dict[tuple[str, date, date], float | int | None]:
    """Every indicator for the periods before this one (trend and the span it is compared with), by
    (indicator, start, end): kept for as long as the log stands still, and after it moves served up
    to EARLIER_SECONDS old before they are computed again (a busy log does not make every view
    compute six periods again; a quiet one never expires them: a leader coming back after a minute
    does not wait for the whole trend). Late entries for past periods reach them within EARLIER_SECONDS."""
    led = _led()
    scope = Scope(Period(kind, start, end), department, carrier, idea)

    def computed() -> dict[tuple[str, date, date], float | int | None]:
        with memo.computation(span=ov.trend_span(scope.period, ov.TREND_PERIODS, today)):
            return {
                (i.key, p.start, p.end): i.compute(led, scope.over(p))
                for p in ov.earlier_periods(scope.period, ov.TREND_PERIODS, today)
                for i in ov.indicators(led, scope)
            }

    key = ("overview.earlier", today, kind, start, end, department, carrier, idea)
    return memo.while_unchanged(led, key, computed, stale_for=EARLIER_SECONDS, ignoring=NOT_COUNTED)


def _scope_of(key: tuple) -> Scope:
    _, _, _, kind, start, end, department, carrier, idea = key
    return Scope(Period(kind, start, end), department, carrier, idea)


# The snapshots are kept as objects (not copied per run as st.cache_data would): every session reads
# them and none changes them, so a warm run does not unpickle thousands of ranked rows.


@st.cache_resource(max_entries=64, show_spinner=False)
def _snapshot(*key) -> ov.Overview:
    """Figures, coverage and gaps for these filters at this log head (`_key` makes the key)."""
    led = _led()
    url, head, today, kind, start, end, department, carrier, idea = key
    # The earlier periods and this one ask the read models many same questions: each is asked once (and
    # when the earlier ones are computed now, for all the periods at once).
    with memo.computation():
        values = _earlier_values(today, kind, start, end, department, carrier, idea)
        return ov.overview(
            led,
            _scope_of(key),
            today=today,
            parts=[p for p in ov.PARTS if p not in ov.RANKINGS],
            earlier=lambda i, scope: (
                values[(i.key, scope.start, scope.end)]
                if (i.key, scope.start, scope.end) in values
                else i.compute(led, scope)
            ),
        )


@st.cache_resource(max_entries=64, show_spinner=False)
def _rankings_snapshot(*key) -> ov.Overview:
    """Departments and people ranked by the team indicators, for these filters at this log head."""
    return ov.overview(_led(), _scope_of(key), today=key[2], parts=ov.RANKINGS)


@st.cache_data(max_entries=64, show_spinner=False)
def _chart_specs(key: tuple, language: str) -> dict[str, dict]:
    """The heatmaps of one snapshot as Vega-Lite specs (not validated on every change: the tests render them)."""
    data = _snapshot(*key)
    tr = lambda k, **p: _led().catalog.t(language, k, **p)  # noqa: E731
    with charts.unchecked():
        return _heatmap_specs(data, tr)


def _heatmap_specs(data: ov.Overview, tr) -> dict[str, dict]:
    specs = {
        "ideas": charts.heatmap(data.ideas, "carrier", "idea", tr, carriers=data.carriers, select="idea_cell").to_dict(
            validate=False
        )
    }
    if not data.coverage.empty:
        specs["coverage"] = charts.heatmap(
            data.coverage, "carrier", "department", tr, carriers=data.carriers, select="cell"
        ).to_dict(validate=False)
    return specs


@st.cache_data(max_entries=64, show_spinner=False)
def _ranking_specs(key: tuple, language: str) -> dict[str, dict]:
    data = _rankings_snapshot(*key)
    tr = lambda k, **p: _led().catalog.t(language, k, **p)  # noqa: E731
    specs = {}
    with charts.unchecked():
        for indicator, frame in data.departments.groupby("indicator", sort=False):
            ind = ov.indicator(_led(), indicator)
            specs[indicator] = charts.ranking_chart(frame, ind.unit, tr, tr(ind.title), select="bar").to_dict(
                validate=False
            )
    return specs


# The tables a leader reads (people ranked, gaps, the records behind a figure) are made once per
# snapshot and language too: a warm run only hands them to Streamlit.

Table = tuple[list[str], "pa.Table | pd.DataFrame"]
"""A table as shown (codes translated, ids hidden) and the id of the record on each row."""


def _table_of(rows: list[dict], language: str, of: str | None = None) -> Table:
    frame = _frame(rows, language, of)
    try:  # handed to Streamlit as Arrow, converted once here rather than on every run
        shown = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):  # mixed cells: Streamlit converts the frame itself
        shown = frame
    return [str(r.get("id") or "") for r in rows], shown


@st.cache_data(max_entries=64, show_spinner=False)
def _gap_tables(key: tuple, language: str) -> dict[str, Table]:
    return {gap.key: _table_of(gap.rows, language, gap.key) for gap in _snapshot(*key).gaps if gap.rows}


def _ranking_table(frame: pd.DataFrame, language: str) -> Table:
    """One indicator's ranking as a reader reads it (`reports.ranking_table`), its values formatted."""
    headers, rows, shown = reports.ranking_table(reports.Words(_led(), language), frame)
    cells = [[*row[:-1], charts.format_ranked(row[-1], shown)] for row in rows]
    return [str(i) for i in frame["id"]], pd.DataFrame(cells, columns=headers)


@st.cache_data(max_entries=64, show_spinner=False)
def _unit_tables(key: tuple, language: str) -> dict[str, dict[str, Table]]:
    """Each listed unit's rankings (people, institutions), one table per indicator."""
    data = _rankings_snapshot(*key)
    frames = {"person": data.people, "institution": data.institutions}
    return {
        unit: {
            indicator: _ranking_table(frame, language)
            for indicator, frame in frames[unit].groupby("indicator", sort=False)
        }
        for unit in ov.UNIT_RANKINGS
    }


@st.cache_data(max_entries=256, show_spinner=False)
def _records_table(key: tuple, indicator: str, language: str) -> Table:
    """The records behind one figure of a snapshot."""
    return _table_of(ov.records_behind(_led(), indicator, _scope_of(key)), language, indicator)


def _key(scope: Scope) -> tuple:
    led = _led()
    p = scope.period
    return (
        led.url,
        memo.counted_head(led, NOT_COUNTED),  # an access record appended changes nothing shown here
        clock.today(),
        p.kind,
        p.start,
        p.end,
        scope.department_id,
        scope.carrier,
        scope.idea,
    )


def snapshot(scope: Scope) -> ov.Overview:
    return _snapshot(*_key(scope))


def forget() -> None:
    """Drop everything computed for the page (the ledger stays open): the next view computes afresh."""
    for cached in (
        _snapshot,
        _rankings_snapshot,
        _chart_specs,
        _ranking_specs,
        _gap_tables,
        _unit_tables,
        _records_table,
    ):
        cached.clear()
    memo.forget(_led())


# --- live parts -------------------------------------------------------------------------------


@st.fragment(run_every=LIVE_SECONDS)
def _live(scope: Scope) -> None:
    _caught_up()  # once per refresh: a record confirmed anywhere shows now
    key = _key(scope)
    data = _snapshot(*key)
    specs = _chart_specs(key, lang())
    st.caption(t("overview.live", seconds=LIVE_SECONDS, head=data.head, start=scope.start, end=scope.end))
    _figures(key, data)
    _coverage(scope, data, specs)
    _gaps(data, _gap_tables(key, lang()))


@st.fragment(run_every=RANKING_SECONDS)
def _live_rankings(scope: Scope) -> None:
    _run.ledger = chrome._open_ledger(store_url())  # as it is: the live figures catch it up
    key = _key(scope)
    _rankings(scope, _rankings_snapshot(*key), _ranking_specs(key, lang()), _unit_tables(key, lang()))


def _figures(key: tuple, data: ov.Overview) -> None:
    """Each figure a card that opens the records behind it, and each record its events (`dashboard.drill`)."""
    st.subheader(t("overview.figures"))
    if not data.figures:
        st.info(t("overview.no_indicators"))
        return
    scope = _scope_of(key)
    per_row = 4
    for i in range(0, len(data.figures), per_row):
        cols = st.columns(per_row)
        for col, fig in zip(cols, data.figures[i : i + per_row]):
            line = trend_line([v for _, v in fig.trend])
            drill.figure(
                t(fig.title),
                charts.format_value(fig.value, fig.unit, t),
                delta=charts.format_change(fig.change, fig.unit, t("overview.points")),
                help=t(fig.definition),
                border=True,
                below=t("overview.trend_line", line=line) if line else None,
                delta_description=charts.compared_text(fig, t) if fig.change is not None else None,
                where=col,
                key=f"ov_figure_{fig.key}",
                records=lambda fig=fig: _records_table(key, fig.key, lang()),
                events=lambda record_id, fig=fig: ov.events_behind_row(_led(), fig.key, scope, record_id, lang()),
                table=_frame,
                caption=t("overview.drill.period", start=scope.start, end=scope.end),
            )


TREND_BARS = "▁▂▃▄▅▆▇█"


def trend_line(values: list[float | int | None]) -> str:
    """A figure's trend in a line of bars (▂▃▅▆▇), from its lowest to its highest value; periods with
    no data left out, as a chart draws no point there; none for fewer than two values. Drawn as
    text: a chart per card (32 Vega views) took Chromium most of a second on every visit."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    if high == low:
        return TREND_BARS[3] * len(known)
    top = len(TREND_BARS) - 1
    return "".join(TREND_BARS[round((v - low) / (high - low) * top)] for v in known)


def _coverage(scope: Scope, data: ov.Overview, specs: dict[str, dict]) -> None:
    st.subheader(t("overview.coverage"))
    st.caption(t("overview.coverage.caption"))
    picked = None
    if not data.coverage.empty:
        event = st.vega_lite_chart(specs["coverage"], on_select="rerun", key="ov_coverage", width="stretch")
        picked = _picked(event, "cell")
    st.markdown(f"**{t('overview.coverage.ideas')}**")
    event = st.vega_lite_chart(specs["ideas"], on_select="rerun", key="ov_ideas", width="stretch")
    picked_idea = _picked(event, "idea_cell")
    if picked or picked_idea:
        cell = picked or picked_idea
        rows = ov.activities_behind(
            _led(), scope, carrier=cell.get("carrier"), department_id=cell.get("department_id"), idea=cell.get("idea")
        )
        st.markdown(f"**{t('overview.coverage.cell')}**")
        if not rows:
            st.info(t("overview.coverage.empty_cell"))
        else:
            _records_and_events(rows, key="ov_cell_records")


def _rankings(scope: Scope, data: ov.Overview, specs: dict[str, dict], units: dict[str, dict[str, Table]]) -> None:
    st.subheader(t("overview.ranking"))
    st.caption(t("overview.ranking.caption", seconds=RANKING_SECONDS))
    titles = {i.key: i.title for i in _led().registry.indicators}

    def departments() -> None:
        if data.departments.empty:
            st.info(t("overview.ranking.none"))
        for key in data.departments["indicator"].drop_duplicates():
            event = st.vega_lite_chart(specs[key], on_select="rerun", key=f"ov_rank_{key}", width="stretch")
            picked = _picked(event, "bar")
            if picked and picked.get("department_id"):
                scoped = replace(scope, department_id=picked["department_id"])
                rows = ov.records_behind(_led(), key, scoped)
                _records_and_events(
                    rows,
                    of=key,
                    key=f"ov_rank_records_{key}",
                    events=lambda record_id, key=key, scoped=scoped: ov.events_behind_row(
                        _led(), key, scoped, record_id, lang()
                    ),
                )

    def by_unit(unit: str) -> None:
        if not units[unit]:
            st.info(t("overview.ranking.none"))
        for key, table in units[unit].items():
            st.markdown(f"**{t(titles[key]) if key in titles else key}**")
            _shown_and_events(
                table,
                key=f"ov_{unit}_{key}",
                events=lambda unit_id, key=key: ov.events_behind_unit(_led(), key, scope, unit_id, lang()),
            )

    # Only the open tab is drawn (a ranking chart per indicator: the browser laid them all out on every visit).
    chrome.drawn_tabs(
        [
            (t("overview.ranking.departments"), departments),
            *((t(f"overview.ranking.by.{unit}"), partial(by_unit, unit)) for unit in ov.UNIT_RANKINGS),
        ],
        key="ov_ranking_tab",
    )


def _gaps(data: ov.Overview, tables: dict[str, Table]) -> None:
    """Each gap a closed list whose label counts its rows; its table is drawn once it is opened
    (`chrome.folded`): the five tables drawn open took Chromium half a second on every visit."""
    st.subheader(t("overview.gaps"))
    for gap in data.gaps:
        label = f"{t(gap.title)} · {gap.period.start} ~ {gap.period.end} · {t('overview.gap.count', n=len(gap.rows))}"
        if not gap.rows:
            with st.expander(label):
                st.success(t("overview.gap.none"))
        else:
            chrome.folded(label, f"ov_gap_box_{gap.key}", partial(_gap_table, gap, tables))


def _gap_table(gap, tables: dict[str, Table]) -> None:
    if all(row.get("id") for row in gap.rows):
        _shown_and_events(tables[gap.key], key=f"ov_gap_{gap.key}")
    else:
        st.dataframe(tables[gap.key][1], hide_index=True)


# --- provenance helpers ---------------------------------------------------------------------


def _frame(rows: list[dict], language: str | None = None, of: str | None = None) -> pd.DataFrame:
    """Rows as a table a reader understands: ids hidden, codes, names and yes/no worded, headers in
    their language (those the indicator or gap `of` declares for its records)."""
    return overview_drill.readable(rows, language or lang(), of)


def _records_and_events(rows: list[dict], key: str, events=None, of: str | None = None) -> None:
    """Records the leader can select (those behind the indicator `of`, worded by it); the selected
    one's events below them (`events(id)`: those behind a row)."""
    _shown_and_events(_table_of(rows, lang(), of), key, events)


def _shown_and_events(table: Table, key: str, events=None) -> None:
    """A table of records (made beforehand) the leader selects with one click; the selected one's events below it."""
    drill.records_and_events(
        table, key=key, events=events or (lambda record_id: ov.events_behind(_led(), record_id, lang())), table=_frame
    )


def _picked(event, name: str) -> dict | None:
    selection = getattr(event, "selection", None) or {}
    points = selection.get(name) if hasattr(selection, "get") else None
    if isinstance(points, list) and points:
        return dict(points[0])
    return None


# --- reports (outside the fragment: a download must not be redrawn under the leader's cursor) ---


def _reports(scope: Scope) -> None:
    led = _led()  # caught up by render
    st.subheader(t("overview.reports"))
    st.caption(t("overview.reports.caption"))
    label = scope.period.label
    if st.button(t("overview.reports.make"), key="ov_make_report", type="primary"):
        bar = st.progress(0.0, text=t("overview.step.figures"))
        data = ov.overview(led, scope, progress=lambda f, step: bar.progress(0.4 * f, text=t(f"overview.step.{step}")))
        bar.progress(0.4, text=t("overview.step.workbook"))
        xlsx = reports.workbook(
            led, data, progress=lambda f, _: bar.progress(0.4 + 0.2 * f, text=t("overview.step.workbook"))
        )
        docx = reports.document(
            led, data, progress=lambda f, _: bar.progress(0.6 + 0.4 * f, text=t("overview.step.document"))
        )
        bar.empty()
        chrome.record_access(  # first: a report the access record does not hold is not handed over
            "export:overview-report",
            period=label,
            department=scope.department_id,
            carrier=scope.carrier,
            idea=scope.idea,
        )
        st.session_state["ov_report"] = {"for": scope, "label": label, "xlsx": xlsx, "docx": docx}
    report = st.session_state.get("ov_report")
    if report and report["for"] == scope:
        st.success(t("overview.reports.ready", period=report["label"]))
        cols = st.columns(3)
        cols[0].download_button(
            t("overview.reports.xlsx"),
            report["xlsx"],
            file_name=f"机关文化建设-{report['label']}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="ov_download_xlsx",
        )
        cols[1].download_button(
            t("overview.reports.docx"),
            report["docx"],
            file_name=f"机关文化建设-{report['label']}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="ov_download_docx",
        )
        _pdf(cols[2], report)


def _pdf(col, report: dict) -> None:
    """The same report as PDF: the Word document converted by LibreOffice, on request (it takes seconds)."""
    from culture_ledger import paper

    if not paper.can_make_pdf():
        col.caption(t("paper.pdf_unavailable"))
        return
    if report.get("pdf") is None:
        if col.button(t("overview.reports.make_pdf"), key="ov_make_pdf"):
            with st.spinner(t("overview.step.pdf")):
                try:
                    pdf = paper.to_pdf(report["docx"])
                except paper.PdfUnavailable as failed:
                    col.error(t("paper.pdf_failed", reason=str(failed)))
                    return
            chrome.record_access("export:overview-report-pdf", period=report["label"])
            report["pdf"] = pdf
    if report.get("pdf") is not None:
        col.download_button(
            t("overview.reports.pdf"),
            report["pdf"],
            file_name=f"机关文化建设-{report['label']}.pdf",
            mime="application/pdf",
            key="ov_download_pdf",
        )
