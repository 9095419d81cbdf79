"""The evaluation page: leaders score cadres per period, cadres assess themselves, and the results show
per cadre over time and per department. The per-cadre chart shows on the profile too."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from culture_ledger.periods import Period
from dashboard.chrome import actor, form, ledger, run, t
from domain import clock
from domain.vocabulary import FOUR_STRONG
from plugins.people.ui import cadre_picker
from plugins.study.evaluation.commands import recent_periods
from plugins.study.evaluation.queries import department_dimensions, evaluation_periods, evaluations
from plugins.study.ui import is_leader, is_writer, reads, reads_everyones, table

WORDS = "study.evaluation"


def evaluation_page() -> None:
    led = ledger()
    st.title(t("study.evaluation.title"))
    st.caption(t("study.evaluation.caption"))
    periods = recent_periods()
    this_quarter = Period.containing("quarter", clock.today()).code
    if is_leader():
        with st.expander(t("study.evaluation.score"), expanded=True):
            with form("score_cadre"):
                cols = st.columns(2)
                with cols[0]:
                    cadre = cadre_picker(t("field.cadre_id"), key="eval_cadre", action="evaluate")
                period = cols[1].selectbox(
                    t("study.evaluation.field.period"),
                    periods,
                    index=periods.index(this_quarter),
                    key="eval_period",
                    placeholder=t("ui.choose"),
                )
                cols = st.columns(4)
                scores = {
                    d: col.number_input(t(f"strong.{d}"), min_value=0, max_value=100, value=85, step=1, key=f"eval_{d}")
                    for d, col in zip(FOUR_STRONG, cols)
                }
                comment = st.text_area(t("field.comment"), key="eval_comment")
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.four_strong.score(
                            {"cadre_id": cadre, "period": period, **scores, "comment": comment}, actor()
                        ),
                        words=WORDS,
                        once="score_cadre",
                    )
    if is_writer():
        with st.expander(t("study.evaluation.self")):
            with form("self_assess"):
                cols = st.columns(2)
                with cols[0]:
                    cadre = cadre_picker(t("field.cadre_id"), key="self_cadre")
                period = cols[1].selectbox(
                    t("study.evaluation.field.period"), periods, key="self_period", placeholder=t("ui.choose")
                )
                text = st.text_area(t("study.evaluation.field.text"), key="self_text")
                if st.form_submit_button(t("ui.submit")):
                    run(
                        lambda: led.four_strong.self_assess(
                            {"cadre_id": cadre, "period": period, "text": text}, actor()
                        ),
                        words=WORDS,
                        once="self_assess",
                    )

    if not reads_everyones("evaluation"):  # staff read their own evaluations only
        cadre = cadre_picker(t("field.cadre_id"), key="eval_view_cadre", action="record")
        history = evaluations(led, cadre_id=cadre) if cadre and reads("evaluation", cadre) else pd.DataFrame()
        if history.empty:
            st.info(t("ui.none_yet"))
        else:
            evaluation_chart(history)
            table(history, ["period", "evaluator", *FOUR_STRONG, "average", "comment", "occurred_on"], WORDS)
        return
    by_cadre, by_department = st.tabs([t("study.evaluation.by_cadre"), t("study.evaluation.by_department")])
    with by_cadre:
        cadre = cadre_picker(t("field.cadre_id"), key="eval_view_cadre", action=None)
        history = evaluations(led, cadre_id=cadre) if cadre else pd.DataFrame()
        if history.empty:
            st.info(t("ui.none_yet"))
        else:
            evaluation_chart(history)
            table(history, ["period", "evaluator", *FOUR_STRONG, "average", "comment", "occurred_on"], WORDS)
    with by_department:
        scored = evaluation_periods(led)
        if not scored:
            st.info(t("ui.none_yet"))
        else:
            period = st.selectbox(
                t("study.evaluation.field.period"), scored, key="eval_dept_period", placeholder=t("ui.choose")
            )
            means = department_dimensions(led, period)
            means["dimension"] = means["dimension"].map(lambda d: t(f"strong.{d}"))
            st.altair_chart(
                alt.Chart(means)
                .mark_bar()
                .encode(
                    x=alt.X("department:N", title=None),
                    xOffset=alt.XOffset("dimension:N", sort=_dimension_order()),
                    y=alt.Y("score:Q", title=t("study.evaluation.score_axis"), scale=alt.Scale(domain=[0, 100])),
                    color=alt.Color("dimension:N", title=t("study.evaluation.dimension"), sort=_dimension_order()),
                    tooltip=[
                        alt.Tooltip("department:N", title=t("ui.department")),
                        alt.Tooltip("dimension:N", title=t("study.evaluation.dimension")),
                        alt.Tooltip("score:Q", title=t("study.evaluation.score_axis")),
                    ],
                ),
                width="stretch",
            )
            table(evaluations(led, period=period), ["name", "department", "evaluator", *FOUR_STRONG, "average"], WORDS)


def evaluation_chart(history: pd.DataFrame) -> None:
    """One cadre's mean score per dimension, period by period."""
    long = (
        history.groupby("period", sort=False)[list(FOUR_STRONG)]
        .mean()
        .reset_index()
        .melt(id_vars="period", var_name="dimension", value_name="score")
    )
    long["dimension"] = long["dimension"].map(lambda d: t(f"strong.{d}"))
    st.altair_chart(
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("period:N", title=t("study.evaluation.field.period"), sort=list(dict.fromkeys(history["period"]))),
            xOffset=alt.XOffset("dimension:N", sort=_dimension_order()),
            y=alt.Y("score:Q", title=t("study.evaluation.score_axis"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("dimension:N", title=t("study.evaluation.dimension"), sort=_dimension_order()),
            tooltip=[
                alt.Tooltip("period:N", title=t("study.evaluation.field.period")),
                alt.Tooltip("dimension:N", title=t("study.evaluation.dimension")),
                alt.Tooltip("score:Q", title=t("study.evaluation.score_axis"), format=".1f"),
            ],
        ),
        width="stretch",
    )


def _dimension_order() -> list[str]:
    return [t(f"strong.{d}") for d in FOUR_STRONG]
