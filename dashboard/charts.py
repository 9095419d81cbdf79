"""Every chart in the user's language: Chinese dates, weekday and month names on the axes and in the
tooltips (12月9日, 周一), or English ones.

Streamlit passes vega-embed only a chart's theme, renderer and padding (its frontend drops the
`formatLocale`/`timeFormatLocale` embed options), so the locale travels in the chart's own Vega-Lite
`config.locale`, with the axis formats that read naturally in that language. An Altair theme
(`culture-ledger`, enabled when this module is imported; `dashboard.chrome` imports it) adds this
config to every chart when it is turned into a specification, so no page has to remember it: the
charts drawn with `st.altair_chart`, the specs the overview caches (`to_dict`) and the pictures in
the Word report (`in_language`). The theme also asks for the SVG renderer: chart text is then text
on the page (readable by the browser tests and by screen readers), not pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import altair as alt

THEME = "culture-ledger"

TIME_LOCALES: dict[str, dict[str, Any]] = {
    # d3-time-format's zh-CN, with short months as an office writes them (12月, not 十二月)
    "zh": {
        "dateTime": "%Y年%-m月%-d日 %A %X",
        "date": "%Y年%-m月%-d日",
        "time": "%H:%M:%S",
        "periods": ["上午", "下午"],
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
        "shortMonths": [f"{m}月" for m in range(1, 13)],
    },
    "en": {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    },
}

NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "zh": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["¥", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}

AXIS_DATES: dict[str, dict[str, str]] = {
    # what a time axis writes at each tick, by the tick's grain (Vega's multi-format)
    "zh": {
        "year": "%Y年",
        "quarter": "%Y年%-m月",
        "month": "%-m月",
        "week": "%-m月%-d日",
        "date": "%-m月%-d日",
        "hours": "%-H时",
        "minutes": "%H:%M",
        "seconds": "%H:%M:%S",
        "milliseconds": "%H:%M:%S.%L",
    },
    "en": {
        "year": "%Y",
        "quarter": "%b %Y",
        "month": "%b",
        "week": "%b %-d",
        "date": "%b %-d",
        "hours": "%-I %p",
        "minutes": "%H:%M",
        "seconds": "%H:%M:%S",
        "milliseconds": "%H:%M:%S.%L",
    },
}

DATE_FORMAT = {"zh": "%Y年%-m月%-d日", "en": "%b %-d, %Y"}
"""A date in a tooltip, a legend or a text mark."""


def chart_config(lang: str) -> dict[str, Any]:
    """The Vega-Lite config that writes a chart's numbers and dates in `lang` ("zh" or "en")."""
    lang = lang if lang in TIME_LOCALES else "zh"
    return {
        "locale": {"number": NUMBER_LOCALES[lang], "time": TIME_LOCALES[lang]},
        "axisTemporal": {"format": AXIS_DATES[lang]},
        "timeFormat": DATE_FORMAT[lang],
    }


_language: ContextVar[str | None] = ContextVar("chart_language", default=None)


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Charts made into specifications here are in `lang`, whatever the user reads (a report in its
    own language)."""
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    """The language charts are made in now: `in_language`'s, else the user's, else the default."""
    chosen = _language.get()
    if chosen:
        return chosen
    from culture_ledger.i18n import DEFAULT_LANGUAGE

    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover - streamlit is a dependency
        return DEFAULT_LANGUAGE
    if get_script_run_ctx(suppress_warning=True) is None:  # the command line, a worker thread
        return DEFAULT_LANGUAGE
    import streamlit as st

    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def theme() -> dict[str, Any]:
    """The project's Altair theme: the current language's locale, drawn as SVG."""
    return {"config": chart_config(current_language()), "usermeta": {"embedOptions": {"renderer": "svg"}}}


def localised(spec: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    """A Vega-Lite specification written by hand (not through Altair) with the locale of `lang`
    (the current language by default) under its own config."""
    config = chart_config(lang or current_language())
    merged = {**spec, "config": {**config, **spec.get("config", {})}}
    usermeta = spec.get("usermeta", {})
    merged["usermeta"] = {**usermeta, "embedOptions": {"renderer": "svg", **usermeta.get("embedOptions", {})}}
    return merged


def use() -> None:
    """Register and enable the project's theme (once per process; altair keeps it globally, and the
    theme reads each session's language when a chart is made)."""
    if alt.theme.active != THEME:
        alt.theme.register(THEME, enable=True)(theme)


use()
