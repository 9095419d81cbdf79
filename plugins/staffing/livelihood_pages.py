"""The staffing dashboard's livelihood and staff-growth sections, and the form that classes an
education institution (中小学 / 教研)."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from culture_ledger.periods import Scope
from dashboard.chrome import actor, announce, as_text, form, run, t
from plugins.overview import drill
from plugins.staffing.livelihood import (
    growth,
    headcount_by_field_over_time,
    headcount_growth,
    livelihood_share,
    subfield_quota_over_time,
    subfields,
)
from plugins.staffing.projections import key_share_over_time
from plugins.staffing.rules import (
    GROWTH_ALERT_MIN_PEOPLE,
    GROWTH_ALERT_RATE,
    KEY_FIELDS,
    LIVELIHOOD_FIELDS,
    SUBFIELDS,
)


def _field(v: str) -> str:
    return t(f"staffing.field_name.{v}")


def _subfield(v: str) -> str:
    return t(f"staffing.subfield_name.{v}")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _step_chart(frame: pd.DataFrame, value: str, series: str, value_title: str, series_title: str, fmt: str = "d"):
    return (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", point=True)
        .encode(
            x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m-%d")),
            y=alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(format="%" if fmt == "%" else "d")),
            color=alt.Color(f"{series}:N", title=series_title),
            tooltip=[
                alt.Tooltip("day:T", title=t("staffing.col.decided_on"), format="%Y-%m-%d"),
                alt.Tooltip(f"{series}:N", title=series_title),
                alt.Tooltip(f"{value}:Q", title=value_title, format=".1%" if fmt == "%" else "d"),
            ],
        )
    )


def livelihood_section(led, as_of: date, since: date | None) -> None:
    """民生领域 beside the key fields, the schools' and teaching research's quota, and staff growth."""
    scope = Scope.between(as_of, as_of)
    cols = st.columns(2)
    drill.indicator(
        "staffing_livelihood_share",
        scope,
        _pct(livelihood_share(led, scope)),
        key="stf_figure_livelihood_share",
        where=cols[0],
        border=True,
    )
    drill.indicator(
        "staffing_headcount_growth",
        scope,
        _pct(headcount_growth(led, scope)),
        key="stf_figure_headcount_growth",
        where=cols[1],
        border=True,
    )

    st.subheader(t("staffing.livelihood"))
    st.caption(t("staffing.livelihood.caption", fields="、".join(_field(f) for f in LIVELIHOOD_FIELDS)))
    both = []
    for series, fields in (("key", KEY_FIELDS), ("livelihood", LIVELIHOOD_FIELDS)):
        share = key_share_over_time(led, since, fields)
        if not share.empty:
            share["series"] = t(f"staffing.livelihood.series.{series}")
            both.append(share[["day", "series", "share"]])
    if both:
        st.altair_chart(
            _step_chart(pd.concat(both), "share", "series", t("staffing.col.share"), t("staffing.col.series"), fmt="%"),
            width="stretch",
        )
    else:
        st.info(t("ui.none_yet"))

    st.subheader(t("staffing.subfields"))
    st.caption(t("staffing.subfields.caption"))
    by_subfield = subfield_quota_over_time(led, since)
    if by_subfield.empty:
        st.info(t("staffing.subfields.none"))
    else:
        by_subfield["subfield_label"] = by_subfield["subfield"].map(_subfield)
        st.altair_chart(
            _step_chart(by_subfield, "quota", "subfield_label", t("staffing.col.quota"), t("staffing.col.subfield")),
            width="stretch",
        )

    growth_section(led, as_of, since)


def growth_section(led, as_of: date, since: date | None) -> None:
    """人员膨胀: people on board per field over time, and the institutions that grew in twelve months."""
    st.subheader(t("staffing.growth"))
    st.caption(t("staffing.growth.caption", min_people=GROWTH_ALERT_MIN_PEOPLE, rate=f"{GROWTH_ALERT_RATE:.0%}"))
    rows = growth(led, as_of)
    flagged = [r for r in rows if r["alert"]]
    if flagged:
        st.warning(t("staffing.alert.growth", n=len(flagged)))
    else:
        st.success(t("staffing.alert.no_growth"))
    changed = sorted((r for r in rows if r["growth"]), key=lambda r: (not r["alert"], -r["growth"]))  # flagged first
    if changed:
        shown_rows = [
            {
                **r,
                "field": _field(r["field"]),
                "growth_rate": _pct(r["growth_rate"]),
                "alert": "⚠" if r["alert"] else "",
            }
            for r in changed
        ]
        frame = pd.DataFrame(shown_rows)
        columns = ["name", "field", "people_then", "people_now", "growth", "growth_rate", "quota_then", "quota_now"]
        shown = frame[[*columns, "alert"]]
        st.dataframe(
            shown.rename(columns={c: t(f"staffing.col.{'institution' if c == 'name' else c}") for c in shown.columns}),
            hide_index=True,
        )
    by_field = headcount_by_field_over_time(led, since)
    if not by_field.empty:
        st.markdown(f"**{t('staffing.growth.by_field')}**")
        by_field["field_label"] = by_field["field"].map(_field)
        st.altair_chart(
            _step_chart(by_field, "people", "field_label", t("staffing.col.headcount"), t("staffing.col.field")),
            width="stretch",
        )


def subfield_form(led, rows: list[dict[str, Any]]) -> None:
    """Class an education institution as 中小学 or 教研 (or clear its class)."""
    classable = [r for r in rows if r["field"] in SUBFIELDS]
    if not classable:
        return
    classed = subfields(led)
    names = {r["id"]: r["name"] for r in classable}
    with form("staffing_subfield"):
        st.markdown(f"**{t('staffing.settings.subfield')}**")
        if classed:
            st.caption(
                t(
                    "staffing.subfield.current",
                    list="；".join(f"{as_text(names[i])}：{_subfield(s)}" for i, s in classed.items() if i in names),
                )
            )
        institution = st.selectbox(
            t("staffing.field.institution_id"),
            list(names),
            format_func=lambda i: names[i],
            index=None,
            key="stf_sub_inst",
            placeholder=t("ui.choose"),
        )
        choices = ("", *SUBFIELDS["education"])
        subfield = st.radio(
            t("staffing.field.subfield"), choices, format_func=_subfield, horizontal=True, key="stf_sub_subfield"
        )
        if st.form_submit_button(t("staffing.settings.subfield")):
            run(
                lambda: led.staffing_subfields.class_institution(
                    {"institution_id": institution, "subfield": subfield}, actor()
                ),
                done=None,
                once="staffing_subfield",
                then=lambda _: announce(
                    "staffing.subfield.saved", name=names.get(institution, ""), subfield=_subfield(subfield)
                ),
            )
