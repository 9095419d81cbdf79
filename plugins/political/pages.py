"""The political carrier's page: education and 三争做 sessions, pledges and ratings, attendance."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.chrome import actor, form, ledger, preselect, run, t
from domain import clock
from plugins.carrier.projections import record_history
from plugins.carrier.queries import activity_rows
from plugins.carrier.ui import (
    activity_chart,
    activity_form,
    activity_records,
    can_record,
    filters,
    gaps,
    history_table,
    is_reviewer,
    metrics,
    page_tabs,
    record_correction,
    record_tab,
)
from plugins.people.ui import cadre_picker, me
from plugins.political.domain import AIMS, CLEAR, PLEDGED, RATED, SCORES, STRANDS, THEMES
from plugins.political.projections import INDICATORS, pledge_coverage, pledges, rating_means


def _education_fields(key: str) -> dict:
    return {
        "theme": st.selectbox(
            t("political.field.theme"),
            THEMES,
            key=f"{key}_theme",
            format_func=lambda v: t(f"political.theme.{v}"),
            placeholder=t("ui.choose"),
        )
    }


def _sanzhengzuo_fields(key: str) -> dict:
    cols = st.columns([3, 1])
    strand = cols[0].selectbox(
        t("political.field.strand"),
        STRANDS,
        key=f"{key}_strand",
        format_func=lambda v: t(f"political.strand.{v}"),
        placeholder=t("ui.choose"),
    )
    speakers = cols[1].number_input(t("political.field.speakers"), min_value=0, value=0, key=f"{key}_speakers")
    return {"strand": strand, "speakers": int(speakers)}


KIND_FORMS = {"education_session": _education_fields, "sanzhengzuo_session": _sanzhengzuo_fields}


def _describe(row: dict) -> str:
    d = row["details"]
    return t(f"political.theme.{d['theme']}") if "theme" in d else t(f"political.strand.{d.get('strand')}")


def carrier_page() -> None:
    st.title(t("plugin.political"))
    st.caption(t("political.holds"))
    f = filters("political")
    metrics(INDICATORS, f)
    page_tabs(
        (
            t("carrier.ui.tab.records"),
            lambda: activity_records("political", f, "political_records", describe=_describe),
        ),
        record_tab(t("carrier.ui.tab.record"), lambda: activity_form("political", KIND_FORMS, "political_new")),
        (t("political.tab.pledges"), lambda: _pledges(f)),
        (t("carrier.ui.tab.gaps"), lambda: gaps("political", f)),
        (t("carrier.ui.tab.charts"), lambda: _charts(f)),
    )


def _charts(f) -> None:
    led = ledger()
    rows = activity_rows(led, "political", start=f.start, end=f.end, department_id=f.department_id, counted_only=True)
    activity_chart("political", rows)
    attended = pd.DataFrame(
        [r for r in rows if r["expected"]], columns=["department", "present", "expected", "details"]
    )
    if not attended.empty:
        st.subheader(t("political.chart.attendance"))
        by_dept = attended.groupby("department")[["present", "expected"]].sum().reset_index()
        by_dept["rate"] = by_dept["present"] / by_dept["expected"]
        st.altair_chart(
            alt.Chart(by_dept)
            .mark_bar()
            .encode(
                x=alt.X(
                    "rate:Q", title=t("political.chart.rate"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
                ),
                y=alt.Y("department:N", title=None, sort="-x"),
                tooltip=["department:N", "present:Q", "expected:Q", alt.Tooltip("rate:Q", format=".0%")],
            ),
            width="stretch",
        )
    absences = pd.Series([name for r in rows for name in r["absentees"]], dtype="object").value_counts()
    if not absences.empty:
        st.subheader(t("political.chart.absences"))
        st.dataframe(
            pd.DataFrame({t("political.col.name"): absences.index, t("political.col.absences"): absences.values}),
            hide_index=True,
        )
    themes = pd.DataFrame(
        [{"theme": t(f"political.theme.{r['details']['theme']}")} for r in rows if r["kind"] == "education_session"],
        columns=["theme"],
    )
    if not themes.empty:
        st.subheader(t("political.chart.themes"))
        data = themes.groupby("theme").size().reset_index(name="n")
        st.altair_chart(
            alt.Chart(data)
            .mark_bar()
            .encode(x=alt.X("n:Q", title=t("political.chart.sessions")), y=alt.Y("theme:N", title=None, sort="-x")),
            width="stretch",
        )
    means = rating_means(led, f.end.year, f.department_id)
    if means:
        st.subheader(t("political.chart.ratings"))
        data = pd.DataFrame([{"dimension": t(f"political.aim.{d}"), "mean": v} for d, v in means.items()])
        st.altair_chart(
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("mean:Q", title=t("political.chart.mean"), scale=alt.Scale(domain=[0, 5])),
                y=alt.Y("dimension:N", title=None, sort=None),
            ),
            width="stretch",
        )


def _pledges(f) -> None:
    led = ledger()
    year = int(
        st.number_input(
            t("political.pledges.year"), min_value=2000, max_value=2100, value=f.end.year, key="political_year"
        )
    )
    rows = pledges(led, year, f.department_id)
    if not rows:
        st.info(t("political.pledges.none"))
    else:
        frame = pd.DataFrame(
            [
                {
                    "name": r["name"],
                    "department": r["department"],
                    "occurred_on": r["occurred_on"],
                    **{f"aim_{a}": r[a] for a in PLEDGED},
                    **{f"score_{d}": r[f"score_{d}"] for d in RATED},
                    "comment": r["rating_comment"] or "",
                    "rated_on": r["rated_on"] or "",
                    "status": t("carrier.status.withdrawn")
                    if r["withdrawn"]
                    else t("political.status.rated")
                    if r["rated_on"]
                    else t("political.status.pledged"),
                }
                for r in rows
            ]
        )
        names = {
            **{f"aim_{a}": t(f"political.aim.{a}") for a in PLEDGED},
            **{f"score_{d}": t(f"political.aim.{d}") + " ★" for d in RATED},
        }
        st.dataframe(frame.rename(columns=lambda c: names.get(c) or t(f"political.col.{c}")), hide_index=True)

    coverage = pledge_coverage(led, year, min(date(year, 12, 31), clock.today()).isoformat(), f.department_id)
    missing = [r for r in coverage if not r["pledged"]]
    st.caption(t("political.pledges.missing"))
    if missing:
        st.dataframe(
            pd.DataFrame(
                [{t("political.col.name"): r["name"], t("political.col.department"): r["department"]} for r in missing]
            ),
            hide_index=True,
        )
    elif coverage:
        st.success(t("political.pledges.all_pledged"))

    if can_record():
        with st.expander(t("political.pledge.record")):
            with form("political_pledge_form"):
                cadre = cadre_picker(t("field.cadre_id"), key="political_pledge_cadre")
                signed = st.date_input(t("political.col.occurred_on"), value=clock.today(), key="political_pledge_date")
                texts = {}
                for strand, aims in (("three_best", AIMS), ("clear_headed", CLEAR)):
                    st.caption(t(f"political.strand.{strand}"))  # the third strand is pledged like the first
                    for a in aims:
                        texts[a] = st.text_area(t(f"political.aim.{a}"), key=f"political_pledge_{a}", height=68)
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.political.record_pledge(
                            {"cadre_id": cadre, "year": signed.year, "occurred_on": signed, **texts}, actor()
                        ),
                        once="political_pledge_form",
                    )

    standing = {r["id"]: f"{r['name']} · {r['department']} · {r['year']}" for r in rows}
    if not standing:
        return
    preselect("political_pledge_open", standing)
    chosen = st.selectbox(
        t("carrier.ui.choose"),
        list(standing),
        format_func=standing.get,
        key="political_pledge_open",
        placeholder=t("ui.choose"),
    )
    pledge = next(r for r in rows if r["id"] == chosen)
    st.caption(t("carrier.ui.record_history"))
    history_table(record_history(led, "political_history", chosen))
    if pledge["withdrawn"]:
        return
    pid, version = UUID(chosen), pledge["version"]
    own = me().cadre_id
    if is_reviewer() and own is not None and pledge.get("cadre_id") == own.hex:
        st.caption(t("political.pledge.own_for_another"))  # no one rates his own pledge
    elif is_reviewer():
        with st.expander(t("political.pledge.rate"), expanded=False):
            with st.form("political_rate_form"):
                cols = st.columns(3)
                scores = {
                    d: cols[i % 3].select_slider(
                        t(f"political.aim.{d}"),
                        sorted(SCORES, reverse=True),  # best first, as an office's rating form reads
                        value=pledge[f"score_{d}"] or 4,
                        key=f"political_rate_{chosen}_{d}",
                        format_func=lambda s: t(f"political.score.{s}"),
                    )
                    for i, d in enumerate(RATED)
                }
                comment = st.text_input(
                    t("field.comment"), value=pledge["rating_comment"] or "", key=f"political_rate_comment_{chosen}"
                )
                rated_on = st.date_input(t("field.rated_on"), value=clock.today(), key="political_rate_on")
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.political.rate_pledge(
                            pid, {**scores, "comment": comment, "rated_on": rated_on}, actor(), version=version
                        ),
                        "ui.done.graded",
                    )

    k = f"political_fix_{chosen}"

    def amend_inputs() -> None:
        st.caption(t("political.pledge.amend_hint"))
        for a in PLEDGED:
            st.text_area(t(f"political.aim.{a}"), value=pledge[a] or "", key=f"{k}_{a}", height=68)

    def amend(reason: str) -> None:
        changes = {
            a: st.session_state[f"{k}_{a}"]
            for a in PLEDGED
            if st.session_state[f"{k}_{a}"] != (pledge[a] or "") and st.session_state[f"{k}_{a}"]
        }
        led.political.amend_pledge(pid, {**changes, "reason": reason}, actor(), version=version)

    record_correction(
        k,
        lambda reason: led.political.withdraw_pledge(pid, {"reason": reason}, actor(), version=version),
        amend,
        amend_inputs,
        version=version,
    )
