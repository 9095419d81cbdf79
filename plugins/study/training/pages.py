"""The training page: sessions held this year and hours per cadre; study tours with their members and report."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import altair as alt
import streamlit as st

from dashboard.chrome import actor, drawn_tabs, form, ledger, run, t
from domain import clock
from plugins.carrier import ui as carrier_ui
from plugins.carrier.files import files_by_record
from plugins.people.ui import cadre_names
from plugins.study.domain import TRAINING_LEVELS
from plugins.study.training.commands import trainee_lines
from plugins.study.training.queries import session_trainees, study_tours, training_hours, training_sessions
from plugins.study.ui import is_writer, table

WORDS = "study.training"
TOUR_WORDS = "study.training.tour"


TABS = "training_tab"
"""The session-state key of the training page's open tab (its label)."""


def training_page() -> None:
    led = ledger()
    st.title(t("study.training.title"))
    names = cadre_names()
    writer = is_writer()
    drawn_tabs(  # only the open tab is drawn
        [
            (t("study.training.sessions"), lambda: _sessions(led, names, writer)),
            (t("study.training.tours"), lambda: _tours(led, names, writer)),
        ],
        TABS,
    )


def _sessions(led, names: dict, writer: bool) -> None:
    if writer:
        with st.expander(t("study.training.record"), expanded=False):
            with form("record_training"):
                title = st.text_input(t("study.training.field.title"), key="training_title")
                cols = st.columns(3)
                organiser = cols[0].text_input(t("study.training.field.organiser"), key="training_organiser")
                level = cols[1].selectbox(
                    t("field.level"),
                    TRAINING_LEVELS,
                    format_func=lambda lv: t(f"study.training.level.{lv}"),
                    key="training_level",
                    placeholder=t("ui.choose"),
                )
                hours = cols[2].number_input(t("field.hours"), value=8.0, min_value=0.0, step=0.5, key="training_hours")
                cols = st.columns(3)
                start = cols[0].date_input(
                    t("study.training.field.occurred_on"), value=clock.today(), key="training_start"
                )
                end = cols[1].date_input(t("study.training.field.end_on"), value=clock.today(), key="training_end")
                audience = cols[2].text_input(t("study.training.field.audience"), key="training_audience")
                attendees = st.multiselect(
                    t("field.attendees"),
                    list(names),
                    format_func=names.get,
                    key="training_attendees",
                    placeholder=t("ui.choose"),
                )
                trainees = st.text_area(
                    t("study.training.field.trainees"),
                    key="training_trainees",
                    help=t("study.training.trainees.help"),
                )
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.training.record_session(
                            {
                                "title": title,
                                "organiser": organiser,
                                "level": level,
                                "occurred_on": start,
                                "end_on": end,
                                "hours": hours,
                                "audience": audience,
                                "attendees": attendees,
                                "trainees": trainee_lines(trainees),
                            },
                            actor(),
                        ),
                        words=WORDS,
                        once="record_training",
                    )
    year = clock.today().year
    sessions = training_sessions(led, date(year, 1, 1), date(year, 12, 31))
    for s in sessions:
        s["level"] = t(f"study.training.level.{s['level']}")
    st.subheader(t("study.training.held", year=year))
    if sessions:
        table(
            sessions,
            ["occurred_on", "end_on", "title", "organiser", "level", "hours", "attendees", "trainees"],
            WORDS,
        )
    else:
        st.info(t("ui.none_yet"))
    _trainees(led, sessions, year, writer)
    hours = training_hours(led, date(year, 1, 1), clock.today())
    st.subheader(t("study.training.hours_per_cadre", year=year))
    if len(hours):
        st.altair_chart(
            alt.Chart(hours)
            .mark_bar()
            .encode(
                x=alt.X("hours:Q", title=t("study.training.col.hours")),
                y=alt.Y("name:N", title=None, sort="-x"),
                color=alt.Color("department:N", title=t("ui.department")),
                tooltip=[
                    alt.Tooltip("name:N", title=t("study.training.col.name")),
                    alt.Tooltip("hours:Q", title=t("study.training.col.hours")),
                    alt.Tooltip("sessions:Q", title=t("study.training.col.sessions")),
                ],
            ),
            width="stretch",
        )


def _tours(led, names: dict, writer: bool) -> None:
    if writer:
        with st.expander(t("study.training.tour.record")):
            with form("record_tour"):
                destination = st.text_input(t("study.training.tour.field.destination"), key="tour_destination")
                purpose = st.text_area(t("study.training.tour.field.purpose"), key="tour_purpose")
                cols = st.columns(2)
                start = cols[0].date_input(
                    t("study.training.tour.field.occurred_on"), value=clock.today(), key="tour_start"
                )
                end = cols[1].date_input(t("study.training.tour.field.end_on"), value=clock.today(), key="tour_end")
                members = st.multiselect(
                    t("study.training.tour.field.members"),
                    list(names),
                    format_func=names.get,
                    key="tour_members",
                    placeholder=t("ui.choose"),
                )
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    run(
                        lambda: led.training.record_tour(
                            {
                                "destination": destination,
                                "purpose": purpose,
                                "occurred_on": start,
                                "end_on": end,
                                "members": members,
                            },
                            actor(),
                        ),
                        words=TOUR_WORDS,
                        once="record_tour",
                    )
    tours = study_tours(led)
    if not tours:
        st.info(t("ui.none_yet"))
    attached = files_by_record(led, [tour["id"] for tour in tours])
    for tour in tours:
        with st.container(border=True):
            st.caption(t("study.training.tour.caption", start=tour["occurred_on"], end=tour["end_on"]))
            st.text(tour["destination"])
            st.text(t("study.training.tour.members", members=tour["members"]))
            if tour["purpose"]:
                st.text(tour["purpose"])
            if tour["report"]:
                with st.expander(t("study.training.tour.report", length=tour["report_length"])):
                    st.text(tour["report_title"])
                    st.text(tour["report"])
            if attached.get(tour["id"]):
                carrier_ui.record_files(attached[tour["id"]], f"tour_files_{tour['id']}")
            if tour["report"] and writer:
                with st.expander(t("study.training.tour.add_files")):
                    carrier_ui.attach_form(
                        f"tour_attach_{tour['id']}",
                        lambda uploads, tour=tour: led.training.attach_tour_files(
                            UUID(tour["id"]), actor(), uploads=uploads, version=tour["version"]
                        ),
                        label=t("study.training.tour.field.files"),
                    )
            elif writer:
                with st.form(f"report_{tour['id']}"):
                    title = st.text_input(t("study.training.tour.field.title"), key=f"report_title_{tour['id']}")
                    text = st.text_area(t("study.training.tour.field.text"), key=f"report_text_{tour['id']}")
                    report_files = carrier_ui.file_field(
                        f"report_files_{tour['id']}", t("study.training.tour.field.files")
                    )
                    if st.form_submit_button(t("study.training.tour.file_report")):
                        run(
                            lambda tour=tour, title=title, text=text, report_files=report_files: (
                                led.training.file_report(
                                    UUID(tour["id"]),
                                    {"title": title, "text": text},
                                    actor(),
                                    version=tour["version"],
                                    uploads=report_files,
                                )
                            ),
                            words=TOUR_WORDS,
                        )


def _trainees(led, sessions: list[dict], year: int, writer: bool) -> None:
    """Trainees from other offices (a region-wide training's county trainees), by office and name."""
    rows = session_trainees(led, start=date(year, 1, 1))
    if rows:
        st.subheader(t("study.training.trainees.title", year=year))
        per_office: dict[str, int] = {}
        for r in rows:
            per_office[r["office"]] = per_office.get(r["office"], 0) + 1
        st.caption(t("study.training.trainees.by_office"))
        table([{"office": k, "people": v} for k, v in per_office.items()], ["office", "people"], WORDS)
        table(rows, ["occurred_on", "title", "office", "name"], WORDS)
    if writer and sessions:
        with st.expander(t("study.training.trainees.add")):
            with form("enrol_trainees"):
                options = {s["id"]: f"{s['occurred_on']} · {s['title']}" for s in sessions}
                chosen = st.selectbox(
                    t("study.training.trainees.session"),
                    list(options),
                    format_func=options.get,
                    key="trainees_session",
                    placeholder=t("ui.choose"),
                )
                text = st.text_area(t("study.training.field.trainees"), key="trainees_text")
                if st.form_submit_button(t("ui.submit"), type="primary"):
                    version = next((s["version"] for s in sessions if s["id"] == chosen), None)
                    run(
                        lambda: led.training.enrol_trainees(
                            UUID(chosen), {"trainees": trainee_lines(text)}, actor(), version=version
                        ),
                        words=WORDS,
                        once="enrol_trainees",
                    )
