"""The overview's charts as altair specifications: drawn by the page and rendered to PNG
for the Word report, so both show the same picture."""

from __future__ import annotations

import calendar
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
from altair.utils import schemapi

from culture_ledger.periods import Period
from plugins.overview.figures import Figure

EMPTY = "#d7301f"
"""Zero cells are painted in a strong red: the work not done is what the eye finds first."""

Translate = Callable[..., str]


def format_value(value: float | int | None, unit: str, t: Translate | None = None) -> str:
    """A figure as a reader sees it; with `t`, no data reads as the catalog's 无数据 and a score as 86.5 分."""
    if value is None:
        return t("overview.no_data") if t else "–"
    if unit == "percent":
        return f"{value:.0%}"
    if unit == "score":
        return t("overview.score", value=f"{value:.1f}") if t else f"{value:.1f}"
    if unit == "hours":
        return f"{value:,.1f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def format_change(change: float | int | None, unit: str, points: str = "pp") -> str | None:
    """The change from the previous period; a share changes by percentage `points` (个百分点), a score by points."""
    if change is None:
        return None
    if unit == "percent":
        return f"{change * 100:+.0f} {points}"
    if unit == "score":
        return f"{change:+.1f}"
    if isinstance(change, float) and not change.is_integer():
        return f"{change:+,.1f}"
    return f"{int(change):+,}"


def span_text(period: Period, t: Translate, year: int | None = None) -> str:
    """A span of days as an office writes it: 11月1日—6日, 11月30日—12月2日, 2025年1月1日—12月6日 (the
    year said once, where it is not `year`, the year being read about)."""

    def day(d: date, shown_year: int, with_month: bool = True) -> str:
        params = {"year": d.year, "month": d.month, "mon": calendar.month_abbr[d.month], "day": d.day}
        if d.year != shown_year:
            return t("overview.date.day_year", **params)
        return t("overview.date.day" if with_month else "overview.date.day_only", **params)

    start, end = period.start, period.end
    first = day(start, year or start.year)
    if start == end:
        return first
    same_month = (start.year, start.month) == (end.year, end.month)
    return t("overview.date.span", start=first, end=day(end, start.year, with_month=not same_month))


def compared_text(fig: Figure, t: Translate) -> str:
    """What a figure's change is against, in words: 较上月同期（11月1日—6日）, 较上周（11月30日—12月6日）."""
    if fig.period is None or fig.compared is None:
        return t("overview.vs_previous")
    kind = fig.period.kind
    span = span_text(fig.compared, t, year=fig.period.end.year)
    if fig.in_progress and kind != "day":
        return t(f"overview.vs_same.{kind}", span=span)
    return t(f"overview.vs.{kind}", span=span, days=fig.compared.days)


def excel_number(value: float | int | None, unit: str, t: Translate | None = None) -> tuple[Any, str]:
    """A figure for a workbook cell: rounded as `format_value` rounds it, with the number format that
    shows it as the screen does (0.45 per cadre: 0.5 under 0.0; a share: 50% under 0%; a score 86.5 分);
    with `t`, no data is the catalog's 无数据 (never an empty cell a reader takes for 0)."""
    if value is None:
        return (t("overview.no_data") if t else None), "General"
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if unit == "percent":
        return round(value, 2), "0%"
    if unit == "score":
        return round(value, 1), _worded("#,##0.0", t("overview.score", value="\0") if t else "\0")
    if unit == "hours" or isinstance(value, float) and not value.is_integer():
        return round(value, 1), "#,##0.0"
    return int(value), "#,##0"


def _worded(number_format: str, words: str) -> str:
    """A number format inside its words: "\0 分" around 0.0 is 0.0" 分"."""
    before, _, after = words.partition("\0")
    return "".join((f'"{before}"' if before else "", number_format, f'"{after}"' if after else ""))


def excel_change(change: float | int | None, unit: str, points: str = "pp") -> tuple[float | int | None, str]:
    """A change for a workbook cell, signed as `format_change` writes it: a share's change in percentage points."""
    if change is None:
        return "–", "General"
    if hasattr(change, "item"):
        change = change.item()
    if unit == "percent":
        value, body = round(change * 100), f'0" {points}"'
    elif unit == "score" or isinstance(change, float) and not change.is_integer():
        value, body = round(change, 1), "#,##0.0"
    else:
        value, body = int(change), "#,##0"
    return value, f"+{body};-{body};+{body}"


def excel_ranked(value: float | int | None, unit: str) -> tuple[float | int | None, str]:
    """A ranked value for a workbook cell, shown as `format_ranked` shows it."""
    if value is None:
        return None, "General"
    if hasattr(value, "item"):
        value = value.item()
    if unit == "percent":
        return round(value, 3), "0.0%"
    if unit in ("score", "hours") or isinstance(value, float) and not value.is_integer():
        return round(value, 1), "#,##0.0"
    return int(value), "#,##0"


def trend_chart(fig: Figure, t: Translate) -> alt.Chart:
    """One indicator over the last periods, the current one last (labelled 至今 while in progress).

    A period without data has no point (its label stays on the axis, with 无数据 under it): a
    month nobody recorded in is not a month at 0%."""
    labels = [label for label, _ in fig.trend]
    if fig.in_progress and labels:
        labels[-1] = t("overview.trend.so_far", period=labels[-1])
    data = pd.DataFrame(
        [{"period": label, "order": n, "value": v} for n, (label, (_, v)) in enumerate(zip(labels, fig.trend))],
        columns=["period", "order", "value"],
    )
    data["value"] = pd.to_numeric(data["value"], errors="coerce")
    if fig.unit == "percent":
        y_axis = alt.Axis(format="%")
    else:
        y_axis = alt.Axis()
    x = alt.X("period:N", sort=labels, title=t("overview.col.period"), scale=alt.Scale(domain=labels))
    known = data.dropna(subset=["value"])
    line = (
        alt.Chart(known)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=t(f"overview.unit.{fig.unit}"), axis=y_axis),
            tooltip=[
                alt.Tooltip("period:N", title=t("overview.col.period")),
                alt.Tooltip("value:Q", title=t("overview.col.value"), format=".2f"),
            ],
        )
    )
    missing = data[data["value"].isna()].assign(note=t("overview.no_data"))
    layers = [line]
    if not missing.empty:
        layers.append(
            alt.Chart(missing)
            .mark_text(baseline="bottom", dy=-4, color="#888888")
            .encode(x=x, y=alt.value(220), text="note:N")
        )
    return alt.layer(*layers, title=t(fig.title)).properties(height=220, width=max(320, 70 * len(data)))


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    t: Translate,
    *,
    carriers: Mapping[str, str] | None = None,
    title: str = "",
    select: str | None = None,
) -> alt.Chart:
    """A count per cell; cells with nothing are red. `x`, `y` are carrier / department / idea;
    `carriers` names each carrier's id by its catalog key (`Overview.carriers`)."""
    data = frame.copy()
    for col in (x, y):
        data[f"{col}_label"] = data[col].map(lambda v, c=col: _label(c, v, t, carriers or {}))
    base = alt.Chart()  # the rows are the layer's (one copy of them, not one per mark)
    x_enc = alt.X(
        f"{x}_label:N",
        title=t(f"overview.col.{x}"),
        sort=list(dict.fromkeys(data[f"{x}_label"])),
        axis=alt.Axis(labelAngle=0),
    )
    y_enc = alt.Y(f"{y}_label:N", title=t(f"overview.col.{y}"), sort=list(dict.fromkeys(data[f"{y}_label"])))
    # Conditions written out (what `alt.when(...).then(...).otherwise(...)` makes, without its schema look-ups).
    empty = {"test": "(datum.activities === 0)"}
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x_enc,
        y=y_enc,
        color=alt.Color(
            "activities:Q",
            scale=alt.Scale(scheme="greens", domainMin=0),
            title=t("overview.col.activities"),
            condition={**empty, "value": EMPTY},
        ),
        tooltip=[
            alt.Tooltip(f"{y}_label:N", title=t(f"overview.col.{y}")),
            alt.Tooltip(f"{x}_label:N", title=t(f"overview.col.{x}")),
            alt.Tooltip("activities:Q", title=t("overview.col.activities")),
        ],
    )
    if select:
        fields = [c for c in dict.fromkeys((x, y, "department_id")) if c in data.columns]
        rect = rect.add_params(alt.selection_point(name=select, fields=fields, on="click"))
    text = base.mark_text(fontSize=14, fontWeight="bold").encode(
        x=x_enc,
        y=y_enc,
        text=alt.Text("activities:Q"),
        color=alt.ColorValue("black", condition=[{**empty, "value": "white"}]),
    )
    columns = max(1, data[x].nunique())
    # A step per row (not a fixed height), so the rows keep their size when the page stretches the chart.
    return _finished(alt.layer(rect, text), data, title, height=alt.Step(44), width=max(200, 96 * columns))


def _finished(chart: alt.TopLevelMixin, data: pd.DataFrame, title: str, **properties: Any) -> alt.TopLevelMixin:
    """The chart given its rows, title and size last, in place: Altair's `properties()` would copy the
    chart (its rows too) and check each against the schema again (`to_dict()` checks the whole)."""
    chart.data = inline(data)
    if title:
        chart.title = title
    for name, value in properties.items():
        setattr(chart, name, value)
    return chart


def ranking_chart(
    frame: pd.DataFrame, unit: str, t: Translate, title: str = "", select: str | None = None
) -> alt.Chart:
    """Departments by one indicator, best at the top; with `select`, a click on a bar names its department."""
    percent = unit == "percent"
    # Every department at nought (no training hours yet this month): an axis from 0 to 1, not Vega's
    # lone tick "0.000000"; numbers without trailing zeros.
    nothing = not frame.empty and float(frame["value"].max()) == 0
    x = alt.X(
        "value:Q",
        title=t(f"overview.unit.{unit}"),
        axis=alt.Axis(format="%") if percent else alt.Axis(format="~g"),
        scale=alt.Scale(domain=[0, 1]) if percent or nothing else alt.Undefined,
    )
    chart = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y(
                "department:N",
                title=None,
                sort=list(frame.sort_values("rank")["department"]),
                axis=alt.Axis(labelOverlap=False),
            ),
            tooltip=[
                alt.Tooltip("department:N", title=t("overview.col.department")),
                alt.Tooltip("value:Q", title=t("overview.col.value"), format=".2f"),
            ],
        )
    )
    if select:
        chart = chart.add_params(alt.selection_point(name=select, fields=["department_id"], on="click"))
    return _finished(chart, frame, title, height=alt.Step(30), width=480)


def inline(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """A table of plain cells (counts, names, no missing values) as a chart's inline rows: Altair's
    data transformer would check and convert every cell of it again (a tenth of a second a chart)."""
    return {"values": frame.to_dict("records")}


@contextmanager
def unchecked() -> Iterator[None]:
    """Build charts without Altair checking each part against the Vega-Lite schema as it is made
    (its debug mode: a third of a second for the overview's charts). What `to_dict()` returns is
    checked as before unless asked not to; one thread at a time (the mode is Altair's, global)."""
    with _unchecked_lock, schemapi.debug_mode(False):
        yield


_unchecked_lock = threading.Lock()


def ranked_unit(aggregate: str, unit: str) -> str:
    """How a ranked value reads: a rate as a percent, an average as a score, else in the figure's own unit."""
    if aggregate == "rate":
        return "percent"
    if aggregate == "average":
        return "score"
    return unit if unit in ("hours", "minutes") else "count"


def format_ranked(value: float | int | None, unit: str) -> str:
    """A ranked value as a reader reads it: 92.5%, a score 86.3, 12.5 hours, 7 entries."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:.1%}"
    if unit in ("score", "hours"):
        return f"{value:,.1f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _label(column: str, value: Any, t: Translate, carriers: Mapping[str, str]) -> str:
    if column == "carrier":
        return t(carriers[value]) if value in carriers else str(value)
    if column == "idea":
        return t(f"idea.{value}")
    return str(value)


def to_png(chart: alt.TopLevelMixin, scale: float = 2.0, lang: str | None = None) -> bytes | None:
    """The chart as a PNG (for the Word report), its dates in `lang` (the report's language; the
    reader's by default); None when no renderer is installed."""
    try:
        import vl_convert
    except ImportError:  # pragma: no cover - vl-convert-python is in requirements.lock
        return None
    from dashboard.charts import current_language, in_language

    with in_language(lang or current_language()):
        spec = chart.to_dict()
    key = (json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str), scale)
    with _drawn_lock:
        png = _drawn.get(key)
        if png is not None:
            _drawn.move_to_end(key)
            return png
    png = vl_convert.vegalite_to_png(spec, scale=scale)
    with _drawn_lock:
        _drawn[key] = png
        while len(_drawn) > DRAWN_KEPT:
            _drawn.popitem(last=False)
    return png


DRAWN_KEPT = 128
"""How many rendered charts `to_png` keeps: the report's PDF after its Word file (or a second
request for the same period) draws none of its charts again (each takes a renderer a tenth of a second)."""
_drawn: OrderedDict[tuple[str, float], bytes] = OrderedDict()
_drawn_lock = threading.Lock()
