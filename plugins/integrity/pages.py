"""The integrity carrier's page: five-type organ assessments, integrity education, culture and
sports events with participants and awards, and collective honours."""

from __future__ import annotations

from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from culture_ledger.periods import Period
from dashboard.chrome import actor, form, ledger, run, t
from domain import clock
from event_store.evidence import MAX_EVIDENCE_MB, Upload
from plugins.carrier.projections import record_history
from plugins.carrier.queries import activity_rows
from plugins.carrier.ui import (
    activity_chart,
    activity_form,
    activity_records,
    department_picker,
    departments,
    evidence_files,
    filters,
    gaps,
    history_table,
    is_reviewer,
    metrics,
    page_tabs,
    record_correction,
    record_tab,
    split_names,
)
from plugins.integrity.commands import FORMS, LEVELS
from plugins.integrity.domain import FIVE_ORGAN_TYPES
from plugins.integrity.projections import INDICATORS, assessments, participants


def _education_fields(key: str) -> dict:
    cols = st.columns(2)
    return {
        "form": cols[0].selectbox(
            t("integrity.field.form"),
            FORMS,
            key=f"{key}_form",
            format_func=lambda v: t(f"integrity.form.{v}"),
            placeholder=t("ui.choose"),
        ),
        "topic": cols[1].text_input(t("integrity.field.topic"), key=f"{key}_topic"),
    }


def _culture_fields(key: str) -> dict:
    event_type = st.selectbox(
        t("integrity.field.event_type"),
        ("competition", "fellowship"),
        key=f"{key}_type",
        format_func=lambda v: t(f"integrity.event_type.{v}"),
        placeholder=t("ui.choose"),
    )
    names = st.text_area(
        t("integrity.field.participants"), key=f"{key}_participants", height=68, help=t("integrity.ui.names_help")
    )
    awards = st.text_area(
        t("integrity.field.awards"), key=f"{key}_awards", height=68, help=t("integrity.ui.names_help")
    )
    return {"event_type": event_type, "participants": split_names(names), "awards": split_names(awards)}


def _honour_fields(key: str) -> dict:
    cols = st.columns(3)
    return {
        "honour": cols[0].text_input(t("integrity.field.honour"), key=f"{key}_honour"),
        "awarding_body": cols[1].text_input(t("integrity.field.awarding_body"), key=f"{key}_body"),
        "level": cols[2].selectbox(
            t("integrity.field.level"),
            LEVELS,
            key=f"{key}_level",
            format_func=lambda v: t(f"integrity.level.{v}"),
            placeholder=t("ui.choose"),
        ),
    }


KIND_FORMS = {
    "integrity_education": _education_fields,
    "culture_sports": _culture_fields,
    "collective_honour": _honour_fields,
}


def _describe(row: dict) -> str:
    d = row["details"]
    if row["kind"] == "integrity_education":
        return f"{t('integrity.form.' + d['form'])} · {d['topic']}"
    if row["kind"] == "culture_sports":
        return f"{t('integrity.event_type.' + d['event_type'])} · {len(d['participants'])} · {'、'.join(d['awards'])}"
    return f"{d['honour']} · {d['awarding_body']} · {t('integrity.level.' + d['level'])}"


def carrier_page() -> None:
    st.title(t("plugin.integrity"))
    st.caption(t("integrity.holds"))
    f = filters("integrity")
    metrics(INDICATORS, f)
    page_tabs(
        (
            t("carrier.ui.tab.records"),
            lambda: activity_records("integrity", f, "integrity_records", describe=_describe),
        ),
        record_tab(t("carrier.ui.tab.record"), lambda: activity_form("integrity", KIND_FORMS, "integrity_new")),
        (t("integrity.tab.assessments"), lambda: _assessments(f)),
        (t("carrier.ui.tab.gaps"), lambda: gaps("integrity", f, kinds=("integrity_education", "culture_sports"))),
        (t("carrier.ui.tab.charts"), lambda: _charts(f)),
    )


def _assessments(f) -> None:
    led = ledger()
    rows = assessments(led, start=f.start, end=f.end, department_id=f.department_id)
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "period": r["period"],
                    "department": r["department"],
                    **{f"type_{k}": r[f"score_{k}"] for k in FIVE_ORGAN_TYPES},
                    "mean": round(r["mean"], 1),
                    "comment": r["comment"] or "",
                    "evidence": len(r["evidence"]),
                    "status": t("carrier.status.withdrawn") if r["withdrawn"] else t("integrity.status.standing"),
                }
                for r in rows
            ]
        )
        names = {f"type_{k}": t(f"integrity.type.{k}") for k in FIVE_ORGAN_TYPES}
        st.dataframe(frame.rename(columns=lambda c: names.get(c) or t(f"integrity.col.{c}")), hide_index=True)
    else:
        st.info(t("ui.none_yet"))

    this_quarter = Period.containing("quarter", clock.today())
    done = {
        r["department_id"]
        for r in assessments(led, start=this_quarter.start, end=clock.today(), include_withdrawn=False)
        if r["period"] == this_quarter.code
    }
    missing = [name for dept_id, name in departments().items() if dept_id not in done]
    st.caption(t("integrity.assessment.missing"))
    if missing:
        st.dataframe(pd.DataFrame({t("ui.department"): missing}), hide_index=True)
    elif departments():
        st.success(t("integrity.assessment.all_done"))

    if is_reviewer():
        with st.expander(t("integrity.assessment.new")):
            with form("integrity_assess_form"):
                cols = st.columns(3)
                with cols[0]:
                    department = department_picker(t("field.department_id"), "integrity_assess_department")
                quarters = [this_quarter.code, this_quarter.previous().code]
                period = cols[1].selectbox(
                    t("integrity.assessment.period"),
                    quarters,
                    key="integrity_assess_period",
                    placeholder=t("ui.choose"),
                )
                on = cols[2].date_input(t("field.occurred_on"), value=clock.today(), key="integrity_assess_on")
                cols = st.columns(5)
                scores = {
                    k: int(cols[i].number_input(t(f"integrity.type.{k}"), 0, 100, 85, key=f"integrity_assess_{k}"))
                    for i, k in enumerate(FIVE_ORGAN_TYPES)
                }
                comment = st.text_area(t("integrity.assessment.comment"), key="integrity_assess_comment", height=68)
                files = st.file_uploader(
                    t("integrity.assessment.evidence"),
                    accept_multiple_files=True,
                    max_upload_size=MAX_EVIDENCE_MB,
                    key="integrity_assess_files",
                )
                if st.form_submit_button(t("ui.submit"), type="primary"):

                    def assess() -> None:
                        led.integrity.assess(
                            {
                                "department_id": department,
                                "period": period,
                                **scores,
                                "comment": comment,
                                "occurred_on": on,
                            },
                            actor(),
                            uploads=[Upload(f.name, f.getvalue()) for f in files or []],
                        )

                    run(assess, once="integrity_assess_form")
    if not rows:
        return
    labels = {r["id"]: f"{r['period']} · {r['department']} · {r['mean']:.1f}" for r in rows}
    chosen = st.selectbox(
        t("carrier.ui.choose"),
        list(labels),
        format_func=labels.get,
        key="integrity_assess_open",
        placeholder=t("ui.choose"),
    )
    row = next(r for r in rows if r["id"] == chosen)
    st.text(row["comment"] or "")
    evidence_files(row["evidence"], f"integrity_assess_{chosen}")
    st.caption(t("carrier.ui.record_history"))
    history_table(record_history(led, "integrity_history", chosen))
    if row["withdrawn"] or not is_reviewer():
        return
    aid, version, k = UUID(chosen), row["version"], f"integrity_fix_{chosen}"

    def inputs() -> None:
        cols = st.columns(5)
        for i, key in enumerate(FIVE_ORGAN_TYPES):
            cols[i].number_input(t(f"integrity.type.{key}"), 0, 100, int(row[f"score_{key}"]), key=f"{k}_{key}")

    def amend(reason: str) -> None:
        changed = {
            key: int(st.session_state[f"{k}_{key}"])
            for key in FIVE_ORGAN_TYPES
            if int(st.session_state[f"{k}_{key}"]) != row[f"score_{key}"]
        }
        led.integrity.amend(aid, {**changed, "reason": reason}, actor(), version=version)

    record_correction(
        k,
        lambda reason: led.integrity.withdraw(aid, {"reason": reason}, actor(), version=version),
        amend,
        inputs,
        version=version,
    )


def _charts(f) -> None:
    led = ledger()
    rows = [r for r in assessments(led, start=f.start, end=f.end, department_id=f.department_id) if not r["withdrawn"]]
    if rows:
        st.subheader(t("integrity.chart.types"))
        data = pd.DataFrame(
            [
                {
                    "department": r["department"],
                    "type": t(f"integrity.type.{k}"),
                    "score": r[f"score_{k}"],
                    "period": r["period"],
                }
                for r in rows
                for k in FIVE_ORGAN_TYPES
            ]
        )
        st.altair_chart(
            alt.Chart(data)
            .mark_rect()
            .encode(
                x=alt.X(
                    "type:N",
                    title=None,
                    sort=[t(f"integrity.type.{k}") for k in FIVE_ORGAN_TYPES],
                    axis=alt.Axis(labelAngle=0),
                ),
                y=alt.Y("department:N", title=None),
                color=alt.Color("mean(score):Q", title=t("integrity.chart.score"), scale=alt.Scale(scheme="greens")),
                tooltip=["department:N", "type:N", "period:N", "score:Q"],
            ),
            width="stretch",
        )
    counted = activity_rows(
        led, "integrity", start=f.start, end=f.end, department_id=f.department_id, counted_only=True
    )
    activity_chart("integrity", counted)
    people = sorted(participants(counted))
    if people:
        st.caption(t("integrity.metric.participants"))
        st.text("、".join(people))
