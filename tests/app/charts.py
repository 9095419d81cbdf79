"""The charts on an AppTest page, as the browser receives them (Vega-Lite specifications)."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard.charts import TIME_LOCALES


def chart_specs(at: AppTest, *, data: bool = False) -> list[dict[str, Any]]:
    """Each chart's specification; with `data`, with the rows Streamlit sends beside it put back in,
    so that it can be drawn (vl_convert)."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if data:
            for named in chart.proto.datasets:
                spec.setdefault("datasets", {})[named.name] = _rows(named.data.data)
            if chart.proto.data.data:
                spec["data"] = {"values": _rows(chart.proto.data.data)}
        specs.append(spec)
    return specs


def _rows(arrow: bytes) -> list[dict[str, Any]]:
    import pyarrow as pa

    frame = pa.ipc.open_stream(arrow).read_pandas()
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def charts_not_in(at: AppTest, lang: str) -> list[str]:
    """The titles (or descriptions) of the page's charts whose dates and numbers are not written in
    `lang`, or that draw on a canvas (their text then cannot be read off the page)."""
    wrong = []
    for spec in chart_specs(at):
        locale = spec.get("config", {}).get("locale", {})
        renderer = spec.get("usermeta", {}).get("embedOptions", {}).get("renderer")
        if locale.get("time") != TIME_LOCALES[lang] or renderer != "svg":
            wrong.append(str(spec.get("title") or spec.get("description") or spec.get("mark")))
    return wrong
