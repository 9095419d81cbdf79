"""The administrators' 工作日历 page: a year's holidays and make-up working days, the days marked
by hand (who and when), and a form to mark one more."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from culture_ledger import timefmt
from dashboard.chrome import actor, ledger, run, t
from domain import clock
from plugins.calendar.domain import DAY_KINDS
from plugins.calendar.queries import WorkCalendar, marked_days, national


def _holiday(name: str | None, marked: bool) -> str:
    if not name:
        return ""
    return name if marked else t(f"calendar.holiday.{name}")


def calendar_page() -> None:
    led = ledger()
    st.title(t("page.work_calendar"))
    st.caption(t("calendar.caption"))
    this_year = clock.today().year
    year = st.selectbox(
        t("calendar.year"),
        range(this_year - 1, this_year + 3),
        index=1,
        key="calendar_year",
        placeholder=t("ui.choose"),
    )
    calendar = WorkCalendar.load(led)
    days = calendar.between(date(year, 1, 1), date(year, 12, 31))
    if not any(d.holiday and not d.marked for d in days):
        st.warning(t("calendar.unknown_year", year=year))

    # The days that differ from Monday-to-Friday: holidays on weekdays, working weekends, and every marked day.
    special = [d for d in days if d.marked or d.working != (d.day.weekday() < 5)]
    st.subheader(t("calendar.special", year=year))
    if special:
        frame = pd.DataFrame(
            [
                {
                    "day": d.day.isoformat(),
                    "weekday": t(f"calendar.weekday.{d.day.weekday()}"),
                    "kind": t("calendar.kind.workday" if d.working else "calendar.kind.holiday"),
                    "name": _holiday(d.holiday or national(d.day).holiday, d.marked and bool(d.holiday)),
                    "source": t("calendar.source.marked" if d.marked else "calendar.source.national"),
                }
                for d in special
            ]
        )
        st.dataframe(frame.rename(columns={c: t(f"calendar.col.{c}") for c in frame.columns}), hide_index=True)
    else:
        st.info(t("ui.none_yet"))

    st.subheader(t("calendar.marked"))
    rows = marked_days(led, year)
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "day": r["day"],
                    "kind": t(f"calendar.kind.{r['kind']}"),
                    "name": r["name"],
                    "marked_by": r["marked_by"],
                    "marked_at": timefmt.shown(r["marked_at"]),
                }
                for r in rows
            ]
        )
        headers = {c: t(f"calendar.col.{c}") for c in frame.columns}
        headers["marked_at"] = timefmt.labelled(t, headers["marked_at"])
        st.dataframe(frame.rename(columns=headers), hide_index=True)
    else:
        st.info(t("ui.none_yet"))

    with st.form("calendar_mark", clear_on_submit=True):
        st.markdown(f"**{t('calendar.mark')}**")
        cols = st.columns(3)
        day = cols[0].date_input(t("calendar.col.day"), value=None, key="calendar_day")
        kind = cols[1].selectbox(
            t("calendar.col.kind"),
            DAY_KINDS,
            format_func=lambda k: t(f"calendar.kind.{k}"),
            key="calendar_kind",
            placeholder=t("ui.choose"),
        )
        name = cols[2].text_input(t("calendar.col.name"), key="calendar_name", placeholder=t("calendar.name_hint"))
        if st.form_submit_button(t("ui.submit"), type="primary"):
            run(lambda: led.calendar.mark_day({"day": day, "kind": kind, "name": name}, actor()), words="calendar")
