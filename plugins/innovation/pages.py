"""The innovation carrier's page: proposals along their course, the funnel from proposals to
implemented improvements, and innovation seminars."""

from __future__ import annotations

from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.chrome import actor, form, ledger, pinned_record, preselect, run, t
from domain import clock
from domain.vocabulary import IDEAS
from plugins.carrier.projections import record_history
from plugins.carrier.ui import (
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
from plugins.innovation.domain import NEXT
from plugins.innovation.projections import INDICATORS, funnel, proposals
from plugins.people.ui import cadre_picker


def _seminar_fields(key: str) -> dict:
    cols = st.columns([3, 1])
    return {
        "topic": cols[0].text_input(t("innovation.field.topic"), key=f"{key}_topic"),
        "proposals_raised": int(
            cols[1].number_input(t("innovation.field.proposals_raised"), min_value=0, value=0, key=f"{key}_raised")
        ),
    }


def carrier_page() -> None:
    st.title(t("plugin.innovation"))
    st.caption(t("innovation.holds"))
    f = filters("innovation")
    metrics(INDICATORS, f)
    page_tabs(
        (t("innovation.tab.proposals"), lambda: _proposals(f)),
        (
            t("innovation.tab.funnel"),
            lambda: funnel_chart(
                proposals(ledger(), start=f.start, end=f.end, department_id=f.department_id, search=f.search or None)
            ),
        ),
        (
            t("carrier.ui.tab.records"),
            lambda: activity_records(
                "innovation", f, "innovation_records", describe=lambda r: r["details"].get("topic", "")
            ),
        ),
        record_tab(
            t("carrier.ui.tab.record"),
            lambda: activity_form("innovation", {"innovation_seminar": _seminar_fields}, "innovation_new"),
        ),
        (t("carrier.ui.tab.gaps"), lambda: gaps("innovation", f)),
    )


def funnel_chart(rows: list[dict]) -> None:
    """Proposals → evaluated → adopted → piloted → implemented, as a funnel."""
    data = pd.DataFrame(funnel(rows))
    if data.empty or not data["n"].iloc[0]:
        st.info(t("ui.none_yet"))
        return
    data["share"] = data["n"] / data["n"].iloc[0]
    data["order"] = range(len(data))
    data["label"] = [
        f"{t(f'innovation.stage.{s}')} · {n}（{share:.0%}）"
        for s, n, share in zip(data["stage"], data["n"], data["share"])
    ]
    st.subheader(t("innovation.chart.funnel"))
    st.altair_chart(
        alt.Chart(data)
        .mark_bar(height=30)
        .encode(
            x=alt.X("n:Q", stack="center", axis=None),
            y=alt.Y("label:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=300)),
            color=alt.Color("order:O", scale=alt.Scale(scheme="blues", reverse=True), legend=None),
            tooltip=[
                alt.Tooltip("label:N", title=t("innovation.col.stage")),
                alt.Tooltip("n:Q", title=t("innovation.chart.count")),
                alt.Tooltip("share:Q", title=t("innovation.chart.share"), format=".0%"),
            ],
        )
        .properties(height=44 * len(data)),
        width="stretch",
    )


def _stage(r: dict) -> str:
    return t("carrier.status.withdrawn") if r["withdrawn"] else t(f"innovation.stage.{r['stage']}")


def _proposals(f) -> None:
    led = ledger()
    rows = proposals(led, start=f.start, end=f.end, department_id=f.department_id, search=f.search or None)
    wanted = pinned_record("innovation_open")  # the proposal the page was opened on shows whatever the filters
    if wanted and all(r["id"] != wanted for r in rows):
        rows = [r for r in proposals(led) if r["id"] == wanted] + rows
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "submitted_on": r["submitted_on"],
                    "title": r["title"],
                    "proposer": r["proposer"],
                    "department": r["department"],
                    "stage": _stage(r),
                    "score": r["score"] or "",
                    "expected_effect": r["expected_effect"],
                    "observed_effect": r["observed_effect"] or "",
                }
                for r in rows
            ]
        )
        st.dataframe(frame.rename(columns={c: t(f"innovation.col.{c}") for c in frame.columns}), hide_index=True)
    else:
        st.info(t("ui.none_yet"))
    if can_record():
        with st.expander(t("innovation.proposal.new")):
            with form("innovation_proposal_form"):
                title = st.text_input(t("innovation.col.title"), key="innovation_p_title")
                cols = st.columns(2)
                with cols[0]:
                    proposer = cadre_picker(t("innovation.proposal.proposer"), key="innovation_p_proposer")
                submitted = cols[1].date_input(
                    t("innovation.col.submitted_on"), value=clock.today(), key="innovation_p_on"
                )
                problem = st.text_area(t("innovation.proposal.problem"), key="innovation_p_problem", height=68)
                idea = st.text_area(t("innovation.proposal.idea"), key="innovation_p_idea", height=68)
                expected = st.text_area(
                    t("innovation.proposal.expected_effect"), key="innovation_p_expected", height=68
                )
                ideas = st.multiselect(
                    t("field.ideas"),
                    IDEAS,
                    format_func=lambda i: t(f"idea.{i}"),
                    key="innovation_p_ideas",
                    placeholder=t("ui.choose"),
                )
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.innovation.submit_proposal(
                            {
                                "title": title,
                                "proposer_id": proposer,
                                "problem": problem,
                                "idea": idea,
                                "expected_effect": expected,
                                "ideas": ideas,
                                "occurred_on": submitted,
                            },
                            actor(),
                        ),
                        once="innovation_proposal_form",
                    )
    if not rows:
        return
    labels = {r["id"]: f"{r['submitted_on']} · {r['title'][:30]} · {_stage(r)}" for r in rows}
    preselect("innovation_open", labels)
    chosen = st.selectbox(
        t("carrier.ui.choose"), list(labels), format_func=labels.get, key="innovation_open", placeholder=t("ui.choose")
    )
    p = next(r for r in rows if r["id"] == chosen)
    for label, value in (
        ("innovation.proposal.problem", p["problem"]),
        ("innovation.proposal.idea", p["idea"]),
        ("innovation.proposal.expected_effect", p["expected_effect"]),
        ("innovation.proposal.observed_effect", p["observed_effect"]),
    ):
        if value:
            st.caption(t(label))
            st.text(value)
    st.caption(t("carrier.ui.record_history"))
    history_table(record_history(led, "innovation_history", chosen))
    if p["withdrawn"] or p["stage"] in ("implemented", "rejected") or not can_record():
        return
    pid, version = UUID(chosen), p["version"]
    steps = {"evaluated": "evaluate", "adopted": "adopt", "piloted": "pilot", "implemented": "implement"}
    step = steps[NEXT[p["stage"]]]
    leader_steps = {"evaluate", "adopt"}
    with st.expander(t("innovation.proposal.next")):
        options = [s for s in (step, "reject") if is_reviewer() or s not in leader_steps | {"reject"}]
        if not options:
            st.info(t("carrier.ui.only_leaders"))
        else:
            chosen_step = st.radio(
                t("innovation.proposal.next"),
                options,
                key=f"innovation_step_{chosen}",
                format_func=lambda s: t(f"innovation.step.{s}"),
                horizontal=True,
                label_visibility="collapsed",
            )
            with st.form(f"innovation_step_form_{chosen}_{chosen_step}"):
                on = st.date_input(
                    t("innovation.step.on"), value=clock.today(), key=f"innovation_on_{chosen}_{chosen_step}"
                )
                fields: dict = {"on": on}
                if chosen_step == "evaluate":
                    fields["score"] = st.select_slider(
                        t("innovation.step.score"), (1, 2, 3, 4, 5), value=4, key=f"innovation_score_{chosen}"
                    )
                    fields["opinion"] = st.text_area(
                        t("innovation.step.opinion"), key=f"innovation_op_{chosen}", height=68
                    )
                elif chosen_step == "adopt":
                    fields["opinion"] = st.text_area(
                        t("innovation.step.opinion"), key=f"innovation_aop_{chosen}", height=68
                    )
                elif chosen_step == "pilot":
                    fields["pilot_scope"] = st.text_input(
                        t("innovation.step.pilot_scope"), key=f"innovation_ps_{chosen}"
                    )
                elif chosen_step == "implement":
                    fields["observed_effect"] = st.text_area(
                        t("innovation.proposal.observed_effect"), key=f"innovation_oe_{chosen}", height=68
                    )
                else:
                    fields["reason"] = st.text_area(
                        t("innovation.step.reason"), key=f"innovation_rr_{chosen}", height=68
                    )
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    if run(lambda: getattr(led.innovation, chosen_step)(pid, fields, actor(), version=version)):
                        st.rerun()
    k = f"innovation_fix_{chosen}"
    record_correction(
        k,
        lambda reason: led.innovation.withdraw(pid, {"reason": reason}, actor(), version=version),
        lambda reason: led.innovation.amend(
            pid, {"expected_effect": st.session_state[f"{k}_expected"], "reason": reason}, actor(), version=version
        ),
        lambda: st.text_area(
            t("innovation.proposal.expected_effect"), value=p["expected_effect"], key=f"{k}_expected", height=68
        ),
        version=version,
    )
