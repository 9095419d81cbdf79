"""Home (工作台): the signed-in person's day first (我的待办, from every plugin's to-do sources),
then the office at a glance and a way into each carrier."""

from __future__ import annotations

import streamlit as st

from culture_ledger.periods import Period, Scope
from culture_ledger.registry import Task
from culture_ledger.rights import may
from dashboard.chrome import actor, ledger, open_record, t
from domain import clock

HEADLINE = "study_compliance"
"""The indicator shown beside the counts, when a plugin contributes it (the study plugin does)."""

ROWS_PER_SOURCE = 5
"""A source's first tasks shown (open ones first); the rest are counted (a leader's inbox lists them all)."""

STATE_COLOURS = {"overdue": "red", "returned": "orange", "review": "blue", "done": "green", "due": "gray"}


def render() -> None:
    led, me, today = ledger(), actor(), clock.today()
    st.title(t("app.title"))
    zone = clock.office_zone().key
    zone = t("desk.zone.beijing") if zone == "Asia/Shanghai" else zone  # the office's clock, named
    st.caption(f"{t('desk.caption')} · {t('desk.today', day=today.isoformat(), zone=zone)}")
    todo_list(led, me, today)
    office(led, me, today)


def todo_list(led, me, today) -> None:
    """我的待办: each source's tasks under its title, open ones first."""
    st.subheader(t("desk.todo.title"))
    found = led.registry.tasks(led, me, today)
    if not found:
        st.success(t("desk.todo.none"))
        return
    titles = {todo.key: todo.title for todo in led.registry.todos}
    for key, tasks in found.items():
        with st.container(border=True):
            st.markdown(f"**{t(titles[key])}**")
            ordered = sorted(tasks, key=lambda task: not task.is_open())
            for i, task in enumerate(ordered[:ROWS_PER_SOURCE]):
                _task_row(task, f"{key}.{i}")
            if len(ordered) > ROWS_PER_SOURCE:
                st.caption(t("desk.todo.more", n=len(ordered) - ROWS_PER_SOURCE))


def _task_row(task: Task, key: str) -> None:
    cols = st.columns([6, 2, 3, 2], vertical_alignment="center")
    cols[0].text(t(task.title, **task.params))
    if task.who:
        cols[0].text(t("desk.todo.who", who=task.who))
    if task.note:
        # The user's own words: text, never markdown; a returned record's note is the leader's reason.
        cols[0].text(t("desk.todo.reason" if task.state == "returned" else "desk.todo.note", note=task.note))
    cols[1].markdown(f":{STATE_COLOURS[task.state]}-badge[{t(f'desk.state.{task.state}')}]")
    due = t("desk.todo.due", day=task.due.isoformat()) if task.due else t("desk.todo.no_due")
    if task.state == "overdue":
        cols[2].markdown(f":red[{due}]")
    else:
        cols[2].text(due)
    pages = st.session_state.get("_pages", {})
    if task.page in pages and cols[3].button(t("desk.todo.open"), key=f"open.{key}"):
        open_record(task.page, task.record)


def office(led, me, today) -> None:
    """The office at a glance: cadres, departments, this week's study, the log (for those who audit it)."""
    st.subheader(t("desk.office"))
    from plugins.overview import drill  # each figure opens the records it counts, and each record its events

    headline = next((i for i in led.registry.indicators if i.key == HEADLINE), None)
    cols = iter(st.columns(2 + (headline is not None) + may(me.role, "audit")))
    cadres = led.query(
        "SELECT c.id, c.name, d.name AS department, c.position FROM cadres c "
        "JOIN departments d ON d.id = c.department_id WHERE c.retired_on IS NULL ORDER BY d.name, c.name"
    )
    departments = led.query("SELECT id, name FROM departments ORDER BY name")
    drill.rows(t("home.cadres"), len(cadres), lambda: cadres, key="desk_cadres", where=next(cols))
    drill.rows(t("home.departments"), len(departments), lambda: departments, key="desk_departments", where=next(cols))
    if headline is not None:
        week = Scope(Period.containing("week", today))
        share = headline.compute(led, week)
        drill.indicator(
            headline,
            week,
            t("overview.no_data") if share is None else f"{share:.0%}",
            key="desk_study_week",
            label=t("desk.study_week"),
            where=next(cols),
        )
    if may(me.role, "audit"):
        next(cols).metric(t("desk.events"), led.app.head(), help=t("desk.events.help"))
    carriers = led.registry.carriers
    if not carriers:
        return
    st.subheader(t("desk.carriers"))
    pages = st.session_state.get("_pages", {})
    for col, carrier in zip(st.columns(len(carriers)), carriers):
        page = next((pages[pg.path] for pg in carrier.pages if pg.path in pages), None)
        if page is not None:
            col.page_link(page, label=t(carrier.title))
        else:
            col.markdown(f"**{t(carrier.title)}**")
