"""截止时间: each deadline the plugins keep, when it falls this period and whether the office set
it or it keeps its default; an admin sets a new version of one, in force from a day."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.chrome import actor, ledger, run, t
from domain import clock
from plugins.desk.services import MONTHS_IN, ScheduleService

WORDS = "desk"


def _rule(period: str, month: int, day: int) -> str:
    return t(f"desk.deadlines.rule.{period}", month=month, day=day)


def deadlines_page() -> None:
    """The form first, so the tables under it show what it has just set."""
    led, today = ledger(), clock.today()
    schedule = led.service(ScheduleService)
    st.title(t("desk.deadlines.title"))
    st.caption(t("desk.deadlines.caption"))
    declared = led.registry.deadlines
    if not declared:
        st.info(t("ui.none_yet"))
        return

    if schedule.may(actor().role, "admin"):
        st.subheader(t("desk.deadlines.set"))
        kinds = {d.key: d for d in declared}
        kind = st.selectbox(
            t("desk.field.kind"),
            list(kinds),
            format_func=lambda k: t(kinds[k].title),
            key="dl_kind",
            placeholder=t("ui.choose"),
        )
        chosen = kinds[kind]
        current = schedule.due_on(kind, today)
        with st.form("set_deadline"):
            cols = st.columns(4)
            effective = cols[0].date_input(t("desk.field.effective_from"), value=today, key="dl_effective")
            month = cols[1].number_input(
                t("desk.field.month"),
                min_value=1,
                max_value=MONTHS_IN[chosen.period],
                value=min(current.due.month - current.period.start.month + 1, MONTHS_IN[chosen.period]),
                key="dl_month",
            )
            day = cols[2].number_input(
                t("desk.field.day"), min_value=1, max_value=31, value=current.due.day, key="dl_day"
            )
            opens = cols[3].number_input(
                t("desk.field.opens_days"),
                min_value=0,
                max_value=366,
                value=(current.due - current.opens).days if current.opens else 0,
                key="dl_opens",
            )
            note = st.text_input(t("desk.field.note"), key="dl_note")
            if st.form_submit_button(t("ui.submit"), type="primary"):
                run(
                    lambda: schedule.set_deadline(
                        {
                            "kind": kind,
                            "effective_from": effective,
                            "month": month,
                            "day": day,
                            "opens_days": opens,
                            "note": note,
                        },
                        actor(),
                    ),
                    words=WORDS,
                )

    st.subheader(t("desk.deadlines.current"))
    rows = []
    for d in declared:
        due = schedule.due_on(d.key, today)
        setting = next((v for v in reversed(schedule.versions(d.key)) if v["version"] == due.version), None)
        month, day, opens = (
            (setting["month"], setting["day"], setting["opens_days"]) if setting else (d.month, d.day, d.opens_days)
        )
        rows.append(
            {
                "title": t(d.title),
                "period": t(f"desk.period.{d.period}"),
                "rule": _rule(d.period, month, day)
                + "，"
                + (t("desk.deadlines.window", days=opens) if opens else t("desk.deadlines.no_window")),
                "source": t("desk.deadlines.default")
                if due.is_default
                else t("desk.deadlines.set_by", version=due.version),
                "due": due.due.isoformat(),
                "opens": due.opens.isoformat() if due.opens else "—",
            }
        )
    _table(rows, ["title", "period", "rule", "source", "due", "opens"])

    st.subheader(t("desk.deadlines.versions"))
    versions = schedule.versions()
    if not versions:
        st.info(t("desk.deadlines.none"))
        return
    titles = {d.key: t(d.title) for d in declared}
    periods = {d.key: d.period for d in declared}
    _table(
        [
            {
                "title": titles.get(v["kind"], v["kind"]),
                "version": v["version"],
                "effective_from": v["effective_from"],
                "rule": _rule(periods.get(v["kind"], "year"), v["month"], v["day"]),
                "note": v["note"] or "",
                "published_by": v["published_by"],
            }
            for v in reversed(versions)
        ],
        ["title", "version", "effective_from", "rule", "note", "published_by"],
    )


def _table(rows: list[dict], columns: list[str]) -> None:
    frame = pd.DataFrame(rows, columns=columns)
    st.dataframe(frame.rename(columns={c: t(f"desk.col.{c}") for c in columns}), hide_index=True, width="stretch")
