"""Departments and the cadre roll."""

import pandas as pd
import streamlit as st

from dashboard.chrome import actor, form, ledger, run, t
from domain import clock


def render() -> None:
    led = ledger()
    st.title(t("page.people"))
    departments = led.query("SELECT id, name FROM departments ORDER BY name")
    cadres = led.query(
        "SELECT c.name, d.name AS department, c.position, c.joined_on, c.retired_on FROM cadres c "
        "JOIN departments d ON d.id = c.department_id ORDER BY d.name, c.name"
    )
    st.subheader(t("people.cadres"))
    # A cadre still at work has no retirement date: an empty cell, not a code word.
    frame = pd.DataFrame(cadres, columns=["name", "department", "position", "joined_on", "retired_on"]).fillna("")
    st.dataframe(frame.rename(columns={c: t(f"people.col.{c}") for c in frame.columns}), hide_index=True)

    with st.expander(t("people.add_department")):
        with form("add_department", clear_on_submit=True):
            name = st.text_input(t("field.name"))
            if st.form_submit_button(t("ui.submit")):
                run(lambda: led.people.register_department({"name": name}, actor()), once="add_department")
    with st.expander(t("people.add_cadre")):
        with form("add_cadre", clear_on_submit=True):
            name = st.text_input(t("people.col.name"))
            names = {d["id"]: d["name"] for d in departments}
            department = st.selectbox(
                t("people.col.department"), list(names), format_func=names.get, placeholder=t("ui.choose")
            )
            position = st.text_input(t("people.col.position"))
            joined = st.date_input(t("people.col.joined_on"), value=clock.today())
            if st.form_submit_button(t("ui.submit")):
                run(
                    lambda: led.people.register_cadre(
                        {"name": name, "department_id": department, "position": position, "joined_on": joined}, actor()
                    ),
                    once="add_cadre",
                )
