"""Daily study pages: the staff form, and the leaders' compliance view."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from plugins.people.ui import cadre_picker
from dashboard.chrome import actor, ledger, period_picker, show_error, t
from domain.errors import LedgerError
from plugins.study.projections import Period, cadre_compliance, daily_trend, department_compliance, recent_entries
from plugins.study.scoring import RuleBook


def record_page() -> None:
    led = ledger()
    st.title(t("study.record.title"))
    target = RuleBook.load(led).target_for(date.today())
    st.caption(t("study.record.caption", target=target))
    with st.form("record_study", clear_on_submit=False):
        cadre = cadre_picker(t("field.cadre_id"), key="study_cadre")
        cols = st.columns(3)
        occurred_on = cols[0].date_input(t("field.occurred_on"), value=date.today(), key="study_date")
        minutes = cols[1].number_input(t("study.field.minutes"), value=target, step=10, key="study_minutes")
        mode = cols[2].radio(t("study.field.mode"), ("self", "group"), format_func=lambda m: t(f"study.mode.{m}"),
                             horizontal=True, key="study_mode")
        material = st.text_input(t("study.field.material"), key="study_material")
        place = st.text_input(t("study.field.place"), key="study_place")
        if st.form_submit_button(t("ui.submit"), type="primary"):
            try:
                led.study.record_study({"cadre_id": cadre, "occurred_on": occurred_on, "minutes": minutes,
                                        "material": material, "mode": mode, "place": place}, actor())
                st.success(t("ui.saved"))
            except LedgerError as exc:
                show_error(exc)

    st.subheader(t("study.recent"))
    entries = recent_entries(led, st.session_state.get("study_cadre"))
    if not entries:
        st.info(t("ui.none_yet"))
        return
    frame = pd.DataFrame(entries)
    frame["status"] = frame["withdrawn"].map(lambda w: t("study.status.withdrawn") if w else t("study.status.counted"))
    frame["mode"] = frame["mode"].map(lambda m: t(f"study.mode.{m}"))
    shown = frame[["occurred_on", "name", "minutes", "material", "mode", "place", "status"]]
    st.dataframe(shown.rename(columns={c: t(f"study.col.{c}") for c in shown.columns}), hide_index=True)

    with st.expander(t("study.correct")):
        live = [e for e in entries if not e["withdrawn"]]
        labels = {e["id"]: f"{e['occurred_on']} · {e['name']} · {e['minutes']}′ · {e['material'][:20]}" for e in live}
        chosen = st.selectbox(t("study.correct.which"), list(labels), format_func=labels.get, key="study_correct_id")
        if chosen:
            entry = next(e for e in live if e["id"] == chosen)
            new_minutes = st.number_input(t("study.field.minutes"), value=int(entry["minutes"]), step=10, key="study_amend_minutes")
            reason = st.text_input(t("ui.reason"), key="study_correct_reason")
            cols = st.columns(2)
            if cols[0].button(t("ui.amend"), key="study_amend"):
                _correct(lambda: led.study.amend_study(UUID(chosen), {"minutes": new_minutes, "reason": reason}, actor(),
                                                       version=entry["version"]))
            if cols[1].button(t("ui.withdraw"), key="study_withdraw"):
                _correct(lambda: led.study.withdraw_study(UUID(chosen), {"reason": reason}, actor(), version=entry["version"]))


def _correct(action) -> None:
    try:
        action()
        st.success(t("ui.saved"))
    except LedgerError as exc:
        show_error(exc)


def compliance_page() -> None:
    led = ledger()
    st.title(t("study.compliance.title"))
    kind, anchor = period_picker("study")
    period = Period.containing(kind, anchor)
    table = cadre_compliance(led, period)
    st.caption(t("study.compliance.caption", start=period.start, end=period.end, days=len(period.rule_days()),
                 target=RuleBook.load(led).target_for(min(period.end, date.today()))))
    cols = st.columns(3)
    cols[0].metric(t("study.metric.share"), f"{table['meets'].mean():.0%}" if len(table) else "–")
    cols[1].metric(t("study.metric.meeting"), f"{int(table['meets'].sum())} / {len(table)}")
    cols[2].metric(t("study.metric.minutes"), int(table["minutes"].sum()) if len(table) else 0)

    by_department = department_compliance(table)
    if not by_department.empty:
        st.subheader(t("study.by_department"))
        chart = alt.Chart(by_department).mark_bar().encode(
            x=alt.X("share:Q", title=t("study.metric.share"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("department:N", title=None, sort="-x"),
            tooltip=[alt.Tooltip("department:N", title=t("ui.department")),
                     alt.Tooltip("meeting:Q", title=t("study.metric.meeting")),
                     alt.Tooltip("cadres:Q", title=t("home.cadres"))],
        )
        st.altair_chart(chart, use_container_width=True)

    trend = daily_trend(led, min(period.end, date.today()))
    if not trend.empty:
        st.subheader(t("study.trend"))
        st.altair_chart(alt.Chart(trend).mark_line(point=True).encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("share:Q", title=t("study.metric.share"), axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        ), use_container_width=True)

    st.subheader(t("study.per_cadre"))
    shown = table[["name", "department", "minutes", "target", "days_met", "rule_days", "meets"]]
    st.dataframe(shown.rename(columns={c: t(f"study.col.{c}") for c in shown.columns}), hide_index=True)

    st.subheader(t("study.short"))
    short = table[~table["meets"]][["name", "department", "minutes", "shortfall", "days_met", "rule_days"]]
    if short.empty:
        st.success(t("study.nobody_short"))
    else:
        st.dataframe(short.rename(columns={c: t(f"study.col.{c}") for c in short.columns}), hide_index=True)
