"""Daily study pages: the staff form with the recent entries, and the leaders' compliance view."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import altair as alt
import pandas as pd
import streamlit as st

from culture_ledger.periods import Scope
from dashboard.chrome import actor, announce, forget, form, lang, ledger, period_picker, printable_ledger, run, t
from domain import clock
from plugins.calendar.queries import WorkCalendar
from plugins.overview import drill
from plugins.people.ui import cadre_picker, me
from plugins.study.daily.ledger import study_ledger
from plugins.study.daily.queries import (
    cadre_compliance,
    compliance_share,
    daily_trend,
    department_compliance,
    recent_entries,
    rule_days,
)
from plugins.study.rules.book import RuleBook

WORDS = "study.daily"


def warn_past_daily_maximum(cadre: UUID | str, day: date) -> None:
    """After saving: say so (on the page's next run, with the success) when the cadre's day now
    passes the scoring rule's daily maximum."""
    led = ledger()
    cadre_id = cadre if isinstance(cadre, UUID) else UUID(str(cadre))
    total = led.study.day_total(cadre_id, day)
    maximum = RuleBook.load(led).in_force(day).daily_maximum_minutes
    if total > maximum:
        announce("study.daily.over_maximum", kind="warning", day=day.isoformat(), total=total, maximum=maximum)


def record_page() -> None:
    led = ledger()
    st.title(t("study.daily.record.title"))
    target = RuleBook.load(led).target_for(clock.today())
    st.caption(t("study.daily.record.caption", target=target))
    with form("record_study", clear_on_submit=False):
        cadre = cadre_picker(t("field.cadre_id"), key="study_cadre")
        cols = st.columns(3)
        occurred_on = cols[0].date_input(t("field.occurred_on"), value=clock.today(), key="study_date")
        minutes = cols[1].number_input(t("study.daily.field.minutes"), value=target, step=10, key="study_minutes")
        mode = cols[2].radio(
            t("study.daily.field.mode"),
            ("self", "group"),
            format_func=lambda m: t(f"study.daily.mode.{m}"),
            horizontal=True,
            key="study_mode",
        )
        material = st.text_input(t("study.daily.field.material"), key="study_material")
        place = st.text_input(t("study.daily.field.place"), key="study_place")
        if st.form_submit_button(t("ui.submit"), type="primary"):
            run(
                lambda: led.study.record_study(
                    {
                        "cadre_id": cadre,
                        "occurred_on": occurred_on,
                        "minutes": minutes,
                        "material": material,
                        "mode": mode,
                        "place": place,
                    },
                    actor(),
                ),
                words=WORDS,
                once="record_study",
                then=lambda _: (
                    forget("study_material", "study_place"),  # the next sitting starts blank
                    warn_past_daily_maximum(cadre, occurred_on),
                ),
            )

    st.subheader(t("study.daily.recent"))
    if cadre:  # a staff member's own entries, or the chosen cadre's
        entries = recent_entries(led, cadre)
    else:  # before a leader chooses: their own newest entries, then everyone's
        own = me().cadre_id
        mine = recent_entries(led, own.hex) if own else []
        entries = mine + [e for e in recent_entries(led) if e["id"] not in {m["id"] for m in mine}]
    if not entries:
        st.info(t("ui.none_yet"))
        return
    frame = pd.DataFrame(entries)
    frame["status"] = frame["withdrawn"].map(
        lambda w: t("study.daily.status.withdrawn") if w else t("study.daily.status.counted")
    )
    frame["mode"] = frame["mode"].map(lambda m: t(f"study.daily.mode.{m}"))
    # An entry appended later than the rule allows (补录 · 迟 N 个工作日): one query for the list.
    from plugins.late.queries import flag, late_records

    late = late_records(led, list(frame["id"]))
    frame["late"] = frame["id"].map(lambda i: flag(t, late.get(i)))
    shown = frame[["occurred_on", "name", "minutes", "material", "mode", "place", "status", "late"]]
    st.dataframe(shown.rename(columns={c: t(f"study.daily.col.{c}") for c in shown.columns}), hide_index=True)

    with st.expander(t("study.daily.correct")):
        live = [e for e in entries if not e["withdrawn"]]
        labels = {e["id"]: f"{e['occurred_on']} · {e['name']} · {e['minutes']}′ · {e['material'][:20]}" for e in live}
        chosen = st.selectbox(
            t("study.daily.correct.which"),
            list(labels),
            format_func=labels.get,
            key="study_correct_id",
            placeholder=t("ui.choose"),
        )
        if chosen:
            entry = next(e for e in live if e["id"] == chosen)
            new_minutes = st.number_input(
                t("study.daily.field.minutes"), value=int(entry["minutes"]), step=10, key="study_amend_minutes"
            )
            reason = st.text_input(t("ui.reason"), key="study_correct_reason")
            cols = st.columns(2)
            if cols[0].button(t("ui.amend"), key="study_amend"):
                run(
                    lambda: led.study.amend_study(
                        UUID(chosen), {"minutes": new_minutes, "reason": reason}, actor(), version=entry["version"]
                    ),
                    "ui.done.amended",
                    words=WORDS,
                    once="study_amend",
                    on=(chosen, entry["version"]),
                )
            if cols[1].button(t("ui.withdraw"), key="study_withdraw"):
                run(
                    lambda: led.study.withdraw_study(
                        UUID(chosen), {"reason": reason}, actor(), version=entry["version"]
                    ),
                    "ui.done.withdrawn",
                    words=WORDS,
                    once="study_withdraw",
                    on=(chosen, entry["version"]),
                )


def compliance_page() -> None:
    led = ledger()
    st.title(t("study.daily.compliance.title"))
    period = period_picker("study")
    table = cadre_compliance(led, period)
    st.caption(
        t(
            "study.daily.compliance.caption",
            start=period.start,
            end=period.end,
            days=len(rule_days(period, WorkCalendar.load(led))),
            target=RuleBook.load(led).target_for(min(period.end, clock.today())),
        )
    )
    cols = st.columns(3)
    scope = Scope(period)  # each figure opens the cadres it counts, each cadre their study in the period
    share = compliance_share(led, scope)  # the overview's 达标率 (a longer period: the cadre-weeks met)
    drill.indicator(
        "study_compliance",
        scope,
        f"{share:.0%}" if share is not None else "–",
        key="study_figure_share",
        where=cols[0],
        border=True,
    )
    drill.indicator(
        "study_compliance",
        scope,
        f"{int(table['meets'].sum())} / {len(table)}",
        key="study_figure_meeting",
        where=cols[1],
        label=t("study.daily.metric.meeting"),
        only=lambda row: bool(row["meets"]),
        border=True,
    )
    drill.indicator(
        "study_compliance",
        scope,
        int(table["minutes"].sum()) if len(table) else 0,
        key="study_figure_minutes",
        where=cols[2],
        label=t("study.daily.metric.minutes"),
        only=lambda row: row["minutes"] > 0,
        border=True,
    )

    by_department = department_compliance(table)
    if not by_department.empty:
        st.subheader(t("study.daily.by_department"))
        chart = (
            alt.Chart(by_department)
            .mark_bar()
            .encode(
                x=alt.X(
                    "share:Q",
                    title=t("study.daily.metric.share"),
                    axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1]),
                ),
                y=alt.Y("department:N", title=None, sort="-x"),
                tooltip=[
                    alt.Tooltip("department:N", title=t("ui.department")),
                    alt.Tooltip("meeting:Q", title=t("study.daily.metric.meeting")),
                    alt.Tooltip("cadres:Q", title=t("home.cadres")),
                ],
            )
        )
        st.altair_chart(chart, use_container_width=True)

    trend = daily_trend(led, min(period.end, clock.today()))
    if not trend.empty:
        st.subheader(t("study.daily.trend"))
        st.altair_chart(
            alt.Chart(trend)
            .mark_line(point=True)
            .encode(
                x=alt.X("day:T", title=None),
                y=alt.Y(
                    "share:Q",
                    title=t("study.daily.metric.share"),
                    axis=alt.Axis(format="%"),
                    scale=alt.Scale(domain=[0, 1]),
                ),
            ),
            use_container_width=True,
        )

    st.subheader(t("study.daily.per_cadre"))
    shown = table[["name", "department", "minutes", "target", "days_met", "rule_days", "meets"]].assign(
        meets=table["meets"].map(lambda met: t("study.daily.met") if met else t("study.daily.not_met"))
    )
    st.dataframe(shown.rename(columns={c: t(f"study.daily.col.{c}") for c in shown.columns}), hide_index=True)

    printable_ledger(
        "study_ledger",
        lambda: study_ledger(led, period.start, period.end, lang=lang()),
        f"{t('study.daily.ledger.title')}-{period.label}",
        period=period.code,
    )

    st.subheader(t("study.daily.short"))
    short = table[~table["meets"]][["name", "department", "minutes", "shortfall", "days_met", "rule_days"]]
    if short.empty:
        st.success(t("study.daily.nobody_short"))
    else:
        st.dataframe(short.rename(columns={c: t(f"study.daily.col.{c}") for c in short.columns}), hide_index=True)
