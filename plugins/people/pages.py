"""Departments and the cadre roll: register, rename, move and retire."""

import pandas as pd
import streamlit as st

from dashboard.chrome import actor, announce, as_text, form, ledger, run, t
from domain import clock


def render() -> None:
    led = ledger()
    st.title(t("page.people"))
    departments = led.query("SELECT id, name FROM departments ORDER BY name")
    cadres = led.query(
        "SELECT c.id, c.name, d.name AS department, c.department_id, c.position, c.joined_on, c.retired_on "
        "FROM cadres c JOIN departments d ON d.id = c.department_id ORDER BY d.name, c.name"
    )
    st.subheader(t("people.cadres"))
    # A cadre still at work has no retirement date: an empty cell, not a code word.
    frame = pd.DataFrame(cadres, columns=["name", "department", "position", "joined_on", "retired_on"]).fillna("")
    st.dataframe(frame.rename(columns={c: t(f"people.col.{c}") for c in frame.columns}), hide_index=True)

    names = {d["id"]: d["name"] for d in departments}
    serving = {c["id"]: c for c in cadres if not c["retired_on"]}

    def pick_cadre(key: str) -> str | None:
        """A serving cadre, by name and department (two 张伟 in two departments read apart)."""
        return st.selectbox(
            t("people.col.name"),
            list(serving),
            format_func=lambda i: f"{serving[i]['name']}（{serving[i]['department']}）",
            index=None,
            placeholder=t("people.ui.choose_cadre"),
            key=key,
        )

    with st.expander(t("people.add_department")):
        with form("add_department", clear_on_submit=True):
            name = st.text_input(t("field.name"))
            if st.form_submit_button(t("ui.submit")):
                run(lambda: led.people.register_department({"name": name}, actor()), once="add_department")
    with st.expander(t("people.rename_department")):
        with form("rename_department", clear_on_submit=True):
            department = st.selectbox(
                t("people.col.department"),
                list(names),
                format_func=names.get,
                index=None,
                placeholder=t("people.ui.choose_department"),
                key="people_rename_department",
            )
            new_name = st.text_input(t("people.new_name"), key="people_rename_name")
            if st.form_submit_button(t("people.rename_department")):
                run(
                    lambda: (
                        _chosen(department, "department_id")
                        and led.people.rename_department(department, {"name": new_name}, actor())
                    ),
                    done=None,
                    once="rename_department",
                    then=lambda _: announce(
                        "people.renamed", before=names.get(department, ""), after=as_text(new_name.strip())
                    ),
                )
    with st.expander(t("people.add_cadre")):
        with form("add_cadre", clear_on_submit=True):
            name = st.text_input(t("people.col.name"))
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
    with st.expander(t("people.transfer")):
        with form("transfer_cadre", clear_on_submit=True):
            cadre = pick_cadre("people_transfer_cadre")
            department = st.selectbox(
                t("people.to_department"),
                list(names),
                format_func=names.get,
                index=None,
                placeholder=t("people.ui.choose_department"),
                key="people_transfer_department",
            )
            day = st.date_input(t("people.from_day"), value=clock.today(), key="people_transfer_day")
            if st.form_submit_button(t("people.transfer")):
                run(
                    lambda: (
                        _chosen(cadre, "cadre_id")
                        and _chosen(department, "department_id")
                        and led.people.transfer(cadre, department, day, actor())
                    ),
                    done=None,
                    once="transfer_cadre",
                    then=lambda _: announce(
                        "people.transferred", name=serving[cadre]["name"], department=names[department]
                    ),
                )
    with st.expander(t("people.retire")):
        with form("retire_cadre", clear_on_submit=True):
            cadre = pick_cadre("people_retire_cadre")
            day = st.date_input(t("people.col.retired_on"), value=clock.today(), key="people_retire_day")
            st.caption(t("people.retire.caption"))
            if st.form_submit_button(t("people.retire")):
                run(
                    lambda: _chosen(cadre, "cadre_id") and led.people.retire(cadre, day, actor()),
                    done=None,
                    once="retire_cadre",
                    then=lambda _: announce("people.retired", name=serving[cadre]["name"]),
                )


def _chosen(value, field: str) -> bool:
    """A picker left empty is refused as the forms refuse a missing field: in words, nothing written."""
    from domain.errors import InvalidCommand

    if value is None:
        raise InvalidCommand([(field, "validation.missing", {})])
    return True
