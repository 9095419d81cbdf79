"""A cadre's profile: streak and minutes, notebook, the year's paper, training and tours, evaluations
and self-assessments, each shown in its record's words."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard.chrome import ledger, t
from domain import clock
from domain.vocabulary import FOUR_STRONG
from plugins.people.ui import cadre_picker
from plugins.study.evaluation.pages import evaluation_chart
from plugins.study.paper.pages import paper_card
from plugins.study.profile.queries import profile
from plugins.study.ui import table


def profile_page() -> None:
    led = ledger()
    st.title(t("study.profile.title"))
    cadre = cadre_picker(t("field.cadre_id"), key="profile_cadre", action=None)
    if not cadre:
        st.info(t("ui.none_yet"))
        return
    p = profile(led, cadre)
    st.caption(t("study.profile.caption", department=p["cadre"]["department"], position=p["cadre"]["position"] or "—"))
    paper = p["paper"]
    cols = st.columns(6)
    cols[0].metric(t("study.profile.streak"), t("study.profile.days", n=p["streak"]))
    cols[1].metric(t("study.profile.minutes_month"), p["minutes_month"])
    cols[2].metric(t("study.profile.minutes_year"), p["minutes_year"])
    cols[3].metric(t("study.notebook.metric.entries"), len(p["notebook"]))
    cols[4].metric(
        t("study.profile.paper"), t(f"study.paper.state.{paper['state']}") if paper else t("study.paper.state.none")
    )
    cols[5].metric(t("study.profile.training_hours"), f"{p['training_hours']:g}")

    daily = p["daily"]
    if not daily.empty:
        st.subheader(t("study.profile.daily"))
        base = alt.Chart(daily).encode(x=alt.X("occurred_on:T", title=None))
        st.altair_chart(
            base.mark_bar().encode(
                y=alt.Y("minutes:Q", title=t("study.daily.col.minutes")),
                tooltip=[
                    alt.Tooltip("occurred_on:T", title=t("study.daily.col.occurred_on")),
                    alt.Tooltip("minutes:Q", title=t("study.daily.col.minutes")),
                ],
            )
            + base.mark_line(color="red", interpolate="step-after").encode(y="target:Q"),
            width="stretch",
        )

    notebook_col, paper_col = st.columns(2)
    with notebook_col:
        st.subheader(t("study.profile.notebook"))
        if not p["notebook"]:
            st.info(t("ui.none_yet"))
        for entry in reversed(p["notebook"][-5:]):
            with st.expander(
                f"{entry['occurred_on']} · {t('study.notebook.kind.' + entry['kind'])} · {entry['length']}"
            ):
                st.text(entry["title"])
                st.text(entry["text"])
    with paper_col:
        st.subheader(t("study.profile.paper_year", year=clock.today().year))
        if paper:
            paper_card(paper, writer=False)
        else:
            st.warning(t("study.profile.no_paper"))

    st.subheader(t("study.profile.training"))
    if p["training"]:
        training = [{**s, "level": t(f"study.training.level.{s['level']}")} for s in p["training"]]
        table(training, ["occurred_on", "title", "organiser", "level", "hours"], "study.training")
    else:
        st.info(t("ui.none_yet"))
    for tour in p["tours"]:
        st.text(t("study.profile.tour", destination=tour["destination"], start=tour["occurred_on"], end=tour["end_on"]))

    st.subheader(t("study.profile.evaluations"))
    if p["evaluations"].empty:
        st.info(t("ui.none_yet"))
    else:
        evaluation_chart(p["evaluations"])
        table(p["evaluations"], ["period", "evaluator", *FOUR_STRONG, "average", "comment"], "study.evaluation")
    for own in p["self_assessments"]:
        with st.expander(t("study.profile.self", period=own["period"])):
            st.text(own["text"])
